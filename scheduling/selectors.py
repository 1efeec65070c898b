"""Reads of the scheduling app: the solver's input and the schedule as clients see it."""

from dataclasses import dataclass, field

from calendars.calendar_selectors import busy_spans
from calendars.models import Availability, Calendar, Invitee
from scheduling.models import Meeting, Schedule
from scheduling.solver import Problem, Reason, Window, explain


@dataclass
class ScheduleData:
    """What ``GET /calendars/{id}/schedule/`` shows (see ``ScheduleSerializer``)."""

    meetings: list[Meeting] = field(default_factory=list)
    unscheduled: list[dict] = field(default_factory=list)  # {"user": User, "reason": Reason}
    score: dict = field(
        default_factory=lambda: {"scheduled": 0, "invitees": 0, "preference_total": 0}
    )
    source: str | None = None


def finalize_event_ids(calendar: Calendar):
    """Ids of the events this calendar's finalize created (a subquery)."""
    return Meeting.objects.filter(calendar=calendar, event__isnull=False).values("event_id")


def build_problem(calendar: Calendar, invitees: list[Invitee] | None = None) -> Problem:
    """The solver's input for ``calendar`` as it is now (3 or 5 queries).

    Busy intervals are the owner's and invitees' events overlapping the calendar's
    days, except those this calendar's own finalize created; they are loaded only when
    ``avoid_event_conflicts`` is on.
    """
    if invitees is None:
        invitees = list(Invitee.objects.filter(calendar=calendar).order_by("id"))
    invitee_windows: dict[int, list[Window]] = {inv.user_id: [] for inv in invitees}
    owner_windows: list[Window] = []
    rows = Availability.objects.filter(calendar=calendar).values_list(
        "user_id", "start", "end", "preference"
    )
    for user_id, start, end, preference in rows:
        window = Window(start, end, preference)
        if user_id == calendar.owner_id:
            owner_windows.append(window)
        elif user_id in invitee_windows:
            invitee_windows[user_id].append(window)
    owner_busy, invitee_busy = [], {}
    if calendar.avoid_event_conflicts:
        owner_busy, invitee_busy = busy_spans(
            calendar, exclude_event_ids=finalize_event_ids(calendar)
        )
    return Problem(
        start_date=calendar.start_date,
        end_date=calendar.end_date,
        meeting_minutes=calendar.meeting_minutes,
        timezone=calendar.timezone,
        owner_windows=owner_windows,
        invitee_windows=invitee_windows,
        owner_busy=owner_busy,
        invitee_busy=invitee_busy,
        avoid_event_conflicts=calendar.avoid_event_conflicts,
    )


def meetings_of(calendar: Calendar):
    return (
        Meeting.objects.filter(calendar=calendar)
        .select_related("invitee__user")
        .order_by("start", "id")
    )


def schedule_for(calendar: Calendar, viewer) -> ScheduleData:
    """The stored schedule as ``viewer`` may see it.

    The owner sees every meeting, every unscheduled invitee with the reason and the
    whole score. An invitee sees only their own meeting, their own unscheduled entry
    (if they have no meeting) and a score restricted to themselves
    (``invitees`` = 1). Reasons are worked out from the current availabilities and
    events: they depend on the invitee alone, not on who else got which slot.
    """
    schedule = Schedule.objects.filter(calendar=calendar).first()
    if schedule is None:
        return ScheduleData()
    meetings = list(meetings_of(calendar))
    invitees = list(Invitee.objects.filter(calendar=calendar).select_related("user").order_by("id"))
    scheduled = {m.invitee.user_id for m in meetings}
    is_owner = calendar.owner_id == viewer.pk
    if not is_owner:
        meetings = [m for m in meetings if m.invitee.user_id == viewer.pk]
        invitees = [inv for inv in invitees if inv.user_id == viewer.pk]
    reasons: dict[int, Reason] = {}
    if any(inv.user_id not in scheduled for inv in invitees):
        reasons = dict(explain(build_problem(calendar, invitees), scheduled))
    return ScheduleData(
        meetings=meetings,
        unscheduled=[
            {"user": inv.user, "reason": reasons[inv.user_id]}
            for inv in invitees
            if inv.user_id not in scheduled
        ],
        score={
            "scheduled": len(meetings),
            "invitees": len(invitees),
            "preference_total": sum(m.preference_score for m in meetings),
        },
        source=schedule.source,
    )
