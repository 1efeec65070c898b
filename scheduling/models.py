"""The stored schedule of a calendar: a marker row and its one-on-one meetings."""

from django.db import models
from django.db.models import F, Q

from common.models import TimeStamped

SCORE_MIN = 2  # owner preference 1 + invitee preference 1
SCORE_MAX = 6


class Schedule(TimeStamped):
    """Marks that a calendar has a schedule (generated or saved by hand).

    Before one exists ``GET /schedule/`` answers empty lists and a zero score; once it
    does, invitees without a meeting are listed as unscheduled with their reason.
    """

    class Source(models.TextChoices):
        GENERATED = "generated", "Generated"
        MANUAL = "manual", "Manual"

    calendar = models.OneToOneField(
        "calendars.Calendar", on_delete=models.CASCADE, related_name="schedule"
    )
    source = models.CharField(max_length=10, choices=Source.choices)

    def __str__(self) -> str:
        return f"{self.get_source_display()} schedule of {self.calendar}"


class Meeting(TimeStamped):
    """A one-on-one meeting of the calendar's owner with an invitee.

    It points at the :class:`calendars.Invitee` row, so removing the invitee removes
    the meeting (API.md §5) without the calendars app knowing about meetings.
    ``preference_score`` is owner preference + invitee preference for the slot.
    ``event`` is the group event created for both at finalize (null before, or once
    that event is deleted).
    """

    calendar = models.ForeignKey(
        "calendars.Calendar", on_delete=models.CASCADE, related_name="meetings"
    )
    invitee = models.ForeignKey(
        "calendars.Invitee", on_delete=models.CASCADE, related_name="meetings"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    preference_score = models.PositiveSmallIntegerField()
    event = models.ForeignKey(
        "calendars.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scheduled_meetings",
    )

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["invitee"], name="meeting_one_per_invitee"),
            models.UniqueConstraint(fields=["calendar", "start"], name="meeting_one_per_slot"),
            models.CheckConstraint(
                condition=Q(start__lt=F("end")), name="meeting_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(preference_score__gte=SCORE_MIN) & Q(preference_score__lte=SCORE_MAX),
                name="meeting_preference_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.calendar}: {self.invitee.user} at {self.start:%Y-%m-%d %H:%M}"
