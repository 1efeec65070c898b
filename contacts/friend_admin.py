"""Admin of friend requests and friendships.

``contacts/admin.py`` is the address book's; this module registers the friends' models
and is imported from :meth:`contacts.apps.ContactsConfig.ready`.
"""

from django import forms
from django.contrib import admin

from contacts.models import FriendRequest, Friendship


@admin.register(FriendRequest)
class FriendRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "from_user", "to_user", "created_at"]
    list_select_related = ["from_user", "to_user"]
    search_fields = [
        "from_user__username",
        "from_user__email",
        "to_user__username",
        "to_user__email",
    ]
    list_filter = ["created_at"]
    raw_id_fields = ["from_user", "to_user"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]


class FriendshipForm(forms.ModelForm):
    """Accepts the two users in any order and stores them as the ordered pair."""

    class Meta:
        model = Friendship
        fields = ["user_low", "user_high"]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("user_low"), cleaned.get("user_high")
        if low is not None and high is not None:
            if low.pk == high.pk:
                raise forms.ValidationError("A user cannot be their own friend.")
            if low.pk > high.pk:
                cleaned["user_low"], cleaned["user_high"] = high, low
        return cleaned


@admin.register(Friendship)
class FriendshipAdmin(admin.ModelAdmin):
    form = FriendshipForm
    list_display = ["id", "user_low", "user_high", "created_at"]
    list_select_related = ["user_low", "user_high"]
    search_fields = [
        "user_low__username",
        "user_low__email",
        "user_high__username",
        "user_high__email",
    ]
    list_filter = ["created_at"]
    raw_id_fields = ["user_low", "user_high"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
