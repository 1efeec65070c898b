"""Admin of users and blocks."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Block, User


class _NormalisedEmailMixin:
    """Emails are stored lower-cased (unique case-insensitively), like the API does."""

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        users = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            users = users.exclude(pk=self.instance.pk)
        if email and users.exists():
            raise forms.ValidationError(_("This email address is already registered."))
        return email


class KithUserCreationForm(_NormalisedEmailMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class KithUserChangeForm(_NormalisedEmailMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = KithUserChangeForm
    add_form = KithUserCreationForm
    list_display = (
        "id",
        "username",
        "email",
        "first_name",
        "last_name",
        "email_verified",
        "is_active",
        "is_staff",
        "date_joined",
        "last_login",
    )
    list_display_links = ("id", "username")
    list_filter = ("is_staff", "is_superuser", "is_active", "email_verified", "date_joined")
    search_fields = ("username", "email", "first_name", "last_name", "patronymic")
    ordering = ("id",)
    readonly_fields = ("date_joined", "last_login", "token_version")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "patronymic",
                    "email",
                    "email_verified",
                    "birthday",
                    "phone_number",
                    "timezone",
                )
            },
        ),
        (_("Profile"), {"fields": ("description", "background_color", "avatar")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("Security"), {"fields": ("token_version",)}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("id", "blocker", "blocked", "created_at")
    list_select_related = ("blocker", "blocked")
    search_fields = ("blocker__username", "blocker__email", "blocked__username", "blocked__email")
    list_filter = ("created_at",)
    raw_id_fields = ("blocker", "blocked")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
