"""Admin of groups with their members, and the groups inline of the contact admin."""

from django.contrib import admin
from django.db.models import Count

from contacts.admin import ContactAdmin
from groups.models import Group, Membership


class MemberInline(admin.TabularInline):
    """The contacts of a group (each must belong to the group's owner)."""

    model = Membership
    extra = 0
    raw_id_fields = ["contact"]
    readonly_fields = ["created_at"]
    verbose_name = "member"
    verbose_name_plural = "members"


class ContactGroupInline(admin.TabularInline):
    """The groups a contact belongs to, on the contact's page."""

    model = Membership
    fk_name = "contact"
    extra = 0
    raw_id_fields = ["group"]
    readonly_fields = ["created_at"]
    verbose_name = "group membership"
    verbose_name_plural = "group memberships"


# See stories.admin: groups plugs its inline into the contact admin from here.
ContactAdmin.inlines = [*ContactAdmin.inlines, ContactGroupInline]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "owner", "member_count", "created_at"]
    list_display_links = ["id", "name"]
    list_filter = ["created_at"]
    search_fields = ["name", "owner__username", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description="members", ordering="member_count")
    def member_count(self, group: Group) -> int:
        return group.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["id", "group", "contact", "owner", "created_at"]
    list_filter = ["created_at"]
    search_fields = [
        "group__name",
        "contact__first_name",
        "contact__last_name",
        "group__owner__username",
    ]
    list_select_related = ["group", "group__owner", "contact"]
    raw_id_fields = ["group", "contact"]

    @admin.display(description="owner", ordering="group__owner__username")
    def owner(self, membership: Membership):
        return membership.group.owner
