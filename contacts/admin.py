"""Admin of the contacts app."""

from django.contrib import admin

from contacts.models import Contact


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    """Contacts of every user. Stories and group memberships show as inlines, which
    the stories and groups apps add (contacts must not import them)."""

    list_display = [
        "id",
        "full_name",
        "owner",
        "email",
        "phone",
        "company",
        "relationship",
        "birthday",
        "created_at",
    ]
    list_display_links = ["id", "full_name"]
    list_filter = ["relationship", "created_at"]
    search_fields = [
        "first_name",
        "last_name",
        "email",
        "company",
        "phone",
        "mobile",
        "owner__username",
        "owner__email",
    ]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "linked_user"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
    ordering = ["owner", "first_name", "last_name", "id"]
    inlines: list = []
