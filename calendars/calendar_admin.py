"""Admin of scheduling calendars, invitees and availabilities.

Registered from ``CalendarsConfig.ready()`` (``calendars/admin.py`` holds the events'
admin and is autodiscovered on its own).
"""

from django.contrib import admin

from calendars.models import Availability, Calendar, Invitee


class InviteeInline(admin.TabularInline):
    model = Invitee
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "deadline", "created_at"]
    readonly_fields = ["created_at"]


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "start", "end", "preference"]


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "name",
        "owner",
        "start_date",
        "end_date",
        "meeting_minutes",
        "timezone",
        "avoid_event_conflicts",
        "finalized",
        "created_at",
    ]
    list_display_links = ["id", "name"]
    list_filter = ["finalized", "avoid_event_conflicts", "meeting_minutes", "start_date"]
    search_fields = ["name", "description", "owner__username", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    readonly_fields = ["finalized_at", "created_at", "updated_at"]
    date_hierarchy = "start_date"
    inlines = [InviteeInline, AvailabilityInline]


@admin.register(Invitee)
class InviteeAdmin(admin.ModelAdmin):
    list_display = ["id", "calendar", "user", "deadline", "created_at"]
    list_filter = ["calendar__finalized", "deadline"]
    search_fields = ["calendar__name", "user__username", "user__email"]
    list_select_related = ["calendar", "user"]
    raw_id_fields = ["calendar", "user"]


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ["id", "calendar", "user", "start", "end", "preference"]
    list_filter = ["preference", "calendar__finalized"]
    search_fields = ["calendar__name", "user__username", "user__email"]
    list_select_related = ["calendar", "user"]
    raw_id_fields = ["calendar", "user"]
