"""One-on-one scheduling calendars, their invitees and availabilities (API.md §5).

The schedule itself (meetings) lives in the ``scheduling`` app, which depends on these.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from common.models import TimeStamped

MEETING_MINUTES_MIN = 5
MEETING_MINUTES_MAX = 480
PREFERENCE_MIN = 1
PREFERENCE_MAX = 3


class Calendar(TimeStamped):
    """An owner's scheduling round: a date range, a meeting length and a timezone.

    The range covers whole days ``start_date`` .. ``end_date`` (inclusive) in
    ``timezone``; it never changes after creation. ``finalized`` freezes the calendar:
    its meetings have become events and nothing can change any more.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_calendars"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    start_date = models.DateField()
    end_date = models.DateField()
    meeting_minutes = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(MEETING_MINUTES_MIN), MaxValueValidator(MEETING_MINUTES_MAX)],
    )
    timezone = models.CharField(max_length=64, default="UTC")
    avoid_event_conflicts = models.BooleanField(default=True)
    finalized = models.BooleanField(default=False)
    finalized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="calendar_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(meeting_minutes__gte=MEETING_MINUTES_MIN)
                & Q(meeting_minutes__lte=MEETING_MINUTES_MAX),
                name="calendar_meeting_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Invitee(TimeStamped):
    """A friend of the owner invited to a calendar, who may add availabilities until
    ``deadline``."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="invitees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_invitations"
    )
    deadline = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "user"], name="invitee_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.calendar}"


class Availability(TimeStamped):
    """A time window ``[start, end)`` in which ``user`` (the owner or an invitee) can meet.

    ``preference``: 1 not preferred, 2 fine, 3 most preferred. A user's windows in one
    calendar never overlap (checked by the service under a lock on the calendar row).
    """

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="availabilities")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_availabilities",
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    preference = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(PREFERENCE_MIN), MaxValueValidator(PREFERENCE_MAX)],
    )

    class Meta:
        ordering = ["start", "id"]
        verbose_name_plural = "availabilities"
        indexes = [
            models.Index(fields=["calendar", "user", "start"], name="calendars_avail_user_idx"),
            models.Index(fields=["calendar", "start"], name="calendars_avail_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="availability_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(preference__gte=PREFERENCE_MIN) & Q(preference__lte=PREFERENCE_MAX),
                name="availability_preference_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.start:%Y-%m-%d %H:%M}-{self.end:%H:%M}"
