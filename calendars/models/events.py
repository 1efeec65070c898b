"""Personal and group events and their members (API.md §6)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from common.models import TimeStamped


class Icon(models.TextChoices):
    """The icons an event may show (``GET /events/icons/`` lists them)."""

    DEFAULT = "default", "Default"
    BIRTHDAY = "birthday", "Birthday"
    MEETING = "meeting", "Meeting"
    CALL = "call", "Call"
    TRAVEL = "travel", "Travel"
    SPORT = "sport", "Sport"
    MEAL = "meal", "Meal"
    PARTY = "party", "Party"
    WORK = "work", "Work"
    STUDY = "study", "Study"
    HEALTH = "health", "Health"
    HOLIDAY = "holiday", "Holiday"


class Event(TimeStamped):
    """An event owned by ``owner``; group events have several members.

    Times are instants in UTC, except for all-day events: those hold floating dates,
    stored as midnight UTC of their first and last day (both inclusive), so that an
    all-day event falls on the same days for every member whatever their timezone.
    ``contacts`` belong to the owner's address book. Visibility: members always; the
    owner's friends too when it is a public (``is_private=False``) group event.

    A group event has a chat (``conversation``, a ``support`` conversation of kind
    ``event``) whose members follow the event's members; the events services keep the
    two in step. Single events have none.

    Its memberships hold copies of ``start`` and of its length (``EventMember``): a
    change of the times is followed by ``event_services.event_member_times_sync``.
    """

    class Kind(models.TextChoices):
        SINGLE = "single", "Single"
        GROUP = "group", "Group"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_events"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    category = models.CharField(max_length=50, blank=True)
    location = models.CharField(max_length=255, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    description = models.TextField(max_length=5000, blank=True)
    related_people = models.CharField(max_length=500, blank=True)
    contacts = models.ManyToManyField("contacts.Contact", blank=True, related_name="events")
    icon = models.CharField(max_length=32, choices=Icon.choices, default=Icon.DEFAULT)
    is_private = models.BooleanField(default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="EventMember", related_name="events"
    )
    conversation = models.OneToOneField(
        "support.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event",
        help_text="The group event's chat; null for single events.",
    )
    # Bumped on every change; the iCal feed's SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["start", "end"], name="calendars_event_span_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="event_start_lte_end"),
            models.CheckConstraint(condition=Q(icon__in=Icon.values), name="event_icon_allowed"),
            models.CheckConstraint(
                condition=Q(kind__in=["single", "group"]), name="event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def member_users(self) -> list:
        """The members' users, by the time they joined.

        Reads the list ``calendars.event_selectors.with_details`` prefetches, if any.
        """
        memberships = getattr(self, "prefetched_memberships", None)
        if memberships is None:
            memberships = self.memberships.select_related("user")
        return [membership.user for membership in memberships]

    @property
    def contact_ids(self) -> list[int]:
        """Ids of the event's contacts, ascending (prefetched by ``with_details``)."""
        contacts = getattr(self, "prefetched_contacts", None)
        if contacts is None:
            return sorted(self.contacts.values_list("pk", flat=True))
        return sorted(contact.pk for contact in contacts)


class _CopiedFromEvent:
    """A column of a membership holding a copy of something of its event, taken from
    ``instance.event`` whenever the row is written by ``save()`` or ``bulk_create()``
    (as ``auto_now`` is). A change of the event's times is copied to its memberships by
    whoever makes it (``calendars.event_services.event_member_times_sync``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = self.copy(model_instance.event)
        setattr(model_instance, self.attname, value)
        return value


class EventStartCopy(_CopiedFromEvent, models.DateTimeField):
    """The event's ``start``."""

    @staticmethod
    def copy(event: Event):
        return event.start


class EventSpanCopy(_CopiedFromEvent, models.DurationField):
    """The event's length, ``end - start``."""

    @staticmethod
    def copy(event: Event):
        return event.end - event.start


class EventMember(models.Model):
    """A user taking part in an event; the owner is a member too.

    ``start`` and ``span`` copy the event's start and length, so that a user's events
    in a time window come from the index on (user, start): they start before the
    window's end and no earlier than its start minus the user's longest event
    (``calendars.event_selectors``).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="memberships")
    # Indexed as the first column of the two indexes below.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_memberships",
        db_index=False,
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    start = EventStartCopy()
    span = EventSpanCopy()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_member_unique"),
        ]
        indexes = [
            models.Index(fields=["user", "start"], name="calendars_member_start_idx"),
            models.Index(fields=["user", "span"], name="calendars_member_span_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.event}"
