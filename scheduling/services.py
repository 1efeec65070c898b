"""Writes of the scheduling app: generate, save, clear and finalize a schedule.

Each runs in one transaction under the calendar's row lock (the lock the calendars
services take for invitee and availability writes), so the data the solver reads
cannot change under it and a schedule is always replaced whole.
"""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from calendars.calendar_services import ensure_open, lock_calendar
from calendars.event_services import event_create_group
from calendars.models import Calendar, Invitee
from common.codes import Code
from common.exceptions import ValidationFailed
from scheduling.mails import send_finalized
from scheduling.models import Meeting, Schedule
from scheduling.selectors import build_problem, meetings_of
from scheduling.solver import ScheduledMeeting, check_meetings, solve

EVENT_CATEGORY = "meeting"


def _store(calendar: Calendar, meetings: Sequence[ScheduledMeeting], source: str) -> None:
    """Replace the calendar's schedule with ``meetings``."""
    invitee_ids = dict(Invitee.objects.filter(calendar=calendar).values_list("user_id", "id"))
    Meeting.objects.filter(calendar=calendar).delete()
    Meeting.objects.bulk_create(
        Meeting(
            calendar=calendar,
            invitee_id=invitee_ids[m.invitee],
            start=m.start,
            end=m.end,
            preference_score=m.preference_score,
        )
        for m in meetings
    )
    Schedule.objects.update_or_create(calendar=calendar, defaults={"source": source})


def _errors(errors: dict[int, dict[str, list[str]]]) -> dict[str, list[str]]:
    return {
        f"meetings.{index}.{name}": messages
        for index, fields in sorted(errors.items())
        for name, messages in fields.items()
    }


def schedule_generate(*, calendar: Calendar) -> None:
    """Compute the optimal schedule (``scheduling.solver``) and store it, replacing any
    previous one."""
    with transaction.atomic():
        locked = lock_calendar(calendar)
        ensure_open(locked)
        solution = solve(build_problem(locked))
        _store(locked, solution.meetings, Schedule.Source.GENERATED)


def schedule_save(
    *, calendar: Calendar, proposed: Sequence[tuple[int, datetime, datetime]]
) -> None:
    """Store a schedule made by hand, after checking it by the generator's rules
    (grid, both availabilities, one meeting per invitee and per slot, events).

    Broken rules: 400 code 653 with errors keyed ``meetings.<index>.<field>``.
    """
    with transaction.atomic():
        locked = lock_calendar(calendar)
        ensure_open(locked)
        meetings, errors = check_meetings(build_problem(locked), proposed)
        if errors:
            raise ValidationFailed(Code.SCHEDULE_INVALID, errors=_errors(errors))
        _store(locked, meetings, Schedule.Source.MANUAL)


def schedule_clear(*, calendar: Calendar) -> None:
    """Remove the schedule: back to "no schedule yet"."""
    with transaction.atomic():
        locked = lock_calendar(calendar)
        ensure_open(locked)
        Meeting.objects.filter(calendar=locked).delete()
        Schedule.objects.filter(calendar=locked).delete()


def calendar_finalize(*, calendar: Calendar) -> Calendar:
    """Freeze the calendar and turn each meeting into a private group event of the
    owner and the invitee, with its chat (``event_create_group``); mail everyone once
    committed.

    Already finalized: 400 code 611. The stored schedule is re-checked first, since
    availabilities, events or settings may have changed since it was made: if a
    meeting no longer fits, 400 code 655 with the same errors as a PUT.
    """
    with transaction.atomic():
        locked = lock_calendar(calendar)
        if locked.finalized:
            raise ValidationFailed(Code.CALENDAR_ALREADY_FINALIZED)
        meetings = list(meetings_of(locked))
        if meetings:
            _, errors = check_meetings(
                build_problem(locked), [(m.invitee.user_id, m.start, m.end) for m in meetings]
            )
            if errors:
                raise ValidationFailed(Code.SCHEDULE_STALE, errors=_errors(errors))
        for meeting in meetings:
            meeting.event = event_create_group(
                owner=locked.owner,
                members=[meeting.invitee.user],
                name=locked.name,
                start=meeting.start,
                end=meeting.end,
                category=EVENT_CATEGORY,
                description=locked.description,
                is_private=True,
            )
        Meeting.objects.bulk_update(meetings, ["event"])
        locked.finalized = True
        locked.finalized_at = timezone.now()
        locked.save(update_fields=["finalized", "finalized_at", "updated_at"])
        calendar_id = locked.pk
        transaction.on_commit(lambda: send_finalized(calendar_id), robust=True)
    return locked
