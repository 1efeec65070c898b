"""Admin of stored schedules and their meetings."""

from django.contrib import admin

from scheduling.models import Meeting, Schedule


class MeetingInline(admin.TabularInline):
    model = Meeting
    fk_name = "calendar"
    extra = 0
    fields = ["invitee", "start", "end", "preference_score", "event"]
    raw_id_fields = ["invitee", "event"]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["id", "calendar", "source", "created_at", "updated_at"]
    list_filter = ["source", "calendar__finalized"]
    search_fields = ["calendar__name", "calendar__owner__username"]
    list_select_related = ["calendar"]
    raw_id_fields = ["calendar"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["id", "calendar", "invitee_user", "start", "end", "preference_score", "event"]
    list_filter = ["preference_score", "calendar__finalized", "start"]
    search_fields = ["calendar__name", "invitee__user__username", "invitee__user__email"]
    list_select_related = ["calendar", "invitee__user", "event"]
    raw_id_fields = ["calendar", "invitee", "event"]
    date_hierarchy = "start"

    @admin.display(description="invitee", ordering="invitee__user__username")
    def invitee_user(self, obj: Meeting):
        return obj.invitee.user
