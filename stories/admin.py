"""Admin of stories, and the stories inline of the contact admin."""

from django.contrib import admin

from contacts.admin import ContactAdmin
from stories.models import Story


class StoryInline(admin.StackedInline):
    model = Story
    extra = 0
    fields = ["title", "date", "location", "content", "created_at"]
    readonly_fields = ["created_at"]
    show_change_link = True


# The contact admin can't import stories (dependencies point from stories to contacts),
# so stories plugs its inline in here; the admin reads ``inlines`` per request.
ContactAdmin.inlines = [*ContactAdmin.inlines, StoryInline]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "contact", "owner", "date", "location", "created_at"]
    list_display_links = ["id", "title"]
    list_filter = ["date", "created_at"]
    search_fields = [
        "title",
        "content",
        "location",
        "contact__first_name",
        "contact__last_name",
        "contact__owner__username",
    ]
    list_select_related = ["contact", "contact__owner"]
    raw_id_fields = ["contact"]
    date_hierarchy = "created_at"
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="owner", ordering="contact__owner__username")
    def owner(self, story: Story):
        return story.contact.owner
