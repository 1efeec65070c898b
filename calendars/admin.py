"""Admin of events, their members and invitations, and iCal feeds."""

from django.contrib import admin

from calendars.event_services import event_chat_sync, event_member_times_sync
from calendars.models import CalendarFeed, Event, EventInvite, EventMember


class EventMemberInline(admin.TabularInline):
    model = EventMember
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["joined_at"]


class EventInviteInline(admin.TabularInline):
    model = EventInvite
    fk_name = "event"
    extra = 0
    raw_id_fields = ["from_user", "to_user"]
    readonly_fields = ["created_at"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "kind", "owner", "start", "end", "all_day", "is_private", "icon"]
    list_select_related = ["owner"]
    list_filter = ["kind", "is_private", "all_day", "icon", "start"]
    search_fields = ["name", "category", "location", "owner__username", "owner__email"]
    raw_id_fields = ["owner", "contacts"]
    # The chat follows the event through the events services: shown, never re-linked.
    readonly_fields = ["conversation", "sequence", "created_at", "updated_at"]
    date_hierarchy = "start"
    ordering = ["-start", "-id"]
    inlines = [EventMemberInline, EventInviteInline]

    def save_model(self, request, obj, form, change):
        if change:  # calendar apps only pick up changes with a higher SEQUENCE
            obj.sequence += 1
        super().save_model(request, obj, form, change)
        if change:
            event_member_times_sync(event=obj)

    def save_related(self, request, form, formsets, change):
        # The members inline and the name and kind bypass the events services: the
        # chat follows once everything is saved.
        super().save_related(request, form, formsets, change)
        event_chat_sync(event=form.instance)


@admin.register(EventMember)
class EventMemberAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "user", "joined_at"]
    list_select_related = ["event", "user"]
    list_filter = ["joined_at"]
    search_fields = ["event__name", "user__username", "user__email"]
    raw_id_fields = ["event", "user"]

    # Memberships changed here bypass the events services: the chats follow.
    def save_model(self, request, obj, form, change):
        old_event_id = form.initial.get("event") if change else None
        super().save_model(request, obj, form, change)
        for event in Event.objects.filter(pk__in={obj.event_id, old_event_id} - {None}):
            event_chat_sync(event=event)

    def delete_model(self, request, obj):
        event = obj.event
        super().delete_model(request, obj)
        event_chat_sync(event=event)

    def delete_queryset(self, request, queryset):
        event_ids = set(queryset.values_list("event_id", flat=True))
        super().delete_queryset(request, queryset)
        for event in Event.objects.filter(pk__in=event_ids):
            event_chat_sync(event=event)


@admin.register(EventInvite)
class EventInviteAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "from_user", "to_user", "created_at"]
    list_select_related = ["event", "from_user", "to_user"]
    list_filter = ["created_at"]
    search_fields = ["event__name", "from_user__username", "to_user__username"]
    raw_id_fields = ["event", "from_user", "to_user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """The secret is a credential: shown nowhere, only the dates."""

    list_display = ["id", "user", "created_at", "rotated_at"]
    list_select_related = ["user"]
    list_filter = ["rotated_at"]
    search_fields = ["user__username", "user__email"]
    exclude = ["secret"]
    readonly_fields = ["user", "created_at", "rotated_at"]

    def has_add_permission(self, request) -> bool:
        return False
