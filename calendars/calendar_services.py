"""Writes of scheduling calendars, invitees and availabilities (API.md §5).

Every write that depends on the calendar's state (finalized, overlaps, invitees)
takes a row lock on the calendar first (:func:`lock_calendar`), so concurrent writes to
one calendar run one after the other and the checks below cannot race. The
``scheduling`` app takes the same lock before it reads the data it solves.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.selectors import is_blocked
from calendars.calendar_mails import send_invitation
from calendars.calendar_selectors import OWNER, calendar_range
from calendars.models import Availability, Calendar, Invitee
from common.codes import Code
from common.exceptions import Conflict, Forbidden, Gone, ValidationFailed
from contacts.selectors import are_friends


def lock_calendar(calendar: Calendar) -> Calendar:
    """Re-read the calendar under a row lock (inside a transaction)."""
    locked = Calendar.objects.select_for_update().get(pk=calendar.pk)
    for name in ("role", "my_deadline"):
        if hasattr(calendar, name):
            setattr(locked, name, getattr(calendar, name))
    return locked


def ensure_open(calendar: Calendar) -> None:
    """Finalized calendars refuse every change: 410."""
    if calendar.finalized:
        raise Gone(Code.CALENDAR_FINALIZED)


# --- calendars ------------------------------------------------------------------------


def calendar_create(*, owner, data: dict) -> Calendar:
    """Open a calendar; its timezone defaults to the owner's."""
    data = {**data}
    data.setdefault("timezone", owner.timezone or "UTC")
    calendar = Calendar.objects.create(owner=owner, **data)
    calendar.role, calendar.my_deadline = OWNER, None
    return calendar


def calendar_update(*, calendar: Calendar, data: dict) -> Calendar:
    """Change the editable settings (never the dates).

    A new timezone moves the calendar's range in real time, so it is refused (400)
    while an availability would fall outside the moved range. A stored schedule is
    left as it is; finalize re-checks it against the new settings.
    """
    with transaction.atomic():
        locked = lock_calendar(calendar)
        ensure_open(locked)
        new_tz = data.get("timezone", locked.timezone)
        if new_tz != locked.timezone:
            locked.timezone = new_tz
            start, end = calendar_range(locked)
            outside = Availability.objects.filter(calendar=locked).exclude(
                start__gte=start, end__lte=end
            )
            if outside.exists():
                raise ValidationFailed(
                    Code.CALENDAR_UPDATE_FAILED,
                    errors={
                        "timezone": [
                            "Some availabilities would fall outside the calendar's days "
                            "in this timezone."
                        ]
                    },
                )
        for name, value in data.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def calendar_delete(*, calendar: Calendar) -> None:
    """Delete a calendar with its invitees, availabilities and schedule. Events made at
    finalize stay: they belong to their members now."""
    calendar.delete()


# --- invitees -------------------------------------------------------------------------


def invitee_add(*, calendar: Calendar, user_id: int, deadline: datetime) -> Invitee:
    """Invite a friend of the owner; mails them once the invitation is stored.

    Self: 400. Blocked either way: 403. Already invited: 409. Not a friend (or no such
    user): 400.
    """
    owner_id = calendar.owner_id
    if user_id == owner_id:
        raise ValidationFailed(Code.INVITEE_SELF, errors={"user": [Code.INVITEE_SELF.msg]})
    if is_blocked(owner_id, user_id):
        raise Forbidden(Code.INVITEE_BLOCKED)
    with transaction.atomic():
        locked = lock_calendar(calendar)
        ensure_open(locked)
        if Invitee.objects.filter(calendar=locked, user_id=user_id).exists():
            raise Conflict(Code.INVITEE_DUPLICATE)
        if not are_friends(owner_id, user_id):
            raise ValidationFailed(
                Code.INVITEE_NOT_FRIEND, errors={"user": [Code.INVITEE_NOT_FRIEND.msg]}
            )
        try:
            with transaction.atomic():
                invitee = Invitee.objects.create(
                    calendar=locked, user_id=user_id, deadline=deadline
                )
        except IntegrityError:
            raise Conflict(Code.INVITEE_DUPLICATE) from None
        invitee = Invitee.objects.select_related("user", "calendar__owner").get(pk=invitee.pk)
        invitee.has_availability = False
        transaction.on_commit(lambda: send_invitation(invitee), robust=True)
    return invitee


def invitee_update(*, invitee: Invitee, deadline: datetime) -> Invitee:
    """Move an invitee's deadline (to a future moment, checked by the serializer)."""
    with transaction.atomic():
        ensure_open(lock_calendar(invitee.calendar))
        invitee.deadline = deadline
        invitee.save(update_fields=["deadline", "updated_at"])
    return invitee


def invitee_remove(*, invitee: Invitee) -> None:
    """Uninvite: their availabilities go too, and their meeting (which cascades)."""
    with transaction.atomic():
        ensure_open(lock_calendar(invitee.calendar))
        Availability.objects.filter(
            calendar_id=invitee.calendar_id, user_id=invitee.user_id
        ).delete()
        invitee.delete()


# --- availabilities -------------------------------------------------------------------


def _ensure_may_write(calendar: Calendar, user) -> None:
    """Finalized: 410 for everyone. An invitee past their deadline: 410."""
    ensure_open(calendar)
    if calendar.owner_id == user.pk:
        return
    deadline = (
        Invitee.objects.filter(calendar=calendar, user=user)
        .values_list("deadline", flat=True)
        .first()
    )
    if deadline is None or deadline <= timezone.now():
        raise Gone(Code.INVITEE_DEADLINE_PASSED)


def _validate_window(
    calendar: Calendar, user, start: datetime, end: datetime, *, code: Code, exclude_pk=None
) -> None:
    first, last = calendar_range(calendar)
    if start < first or end > last:
        raise ValidationFailed(
            code,
            errors={
                "start": [
                    f"Must lie inside the calendar's days: from {first.isoformat()} "
                    f"to {last.isoformat()} ({calendar.timezone})."
                ]
            },
        )
    clashes = Availability.objects.filter(
        calendar=calendar, user=user, start__lt=end, end__gt=start
    ).exclude(pk=exclude_pk)
    if clashes.exists():
        raise ValidationFailed(
            Code.AVAILABILITY_OVERLAP, errors={"start": [Code.AVAILABILITY_OVERLAP.msg]}
        )


def availability_guard(*, calendar: Calendar, user) -> None:
    """The checks that come before body validation (410s), for a friendlier order."""
    _ensure_may_write(calendar, user)


def availability_create(
    *, calendar: Calendar, user, start: datetime, end: datetime, preference: int
) -> Availability:
    """Add a window for ``user`` (the owner or an invitee before their deadline)."""
    with transaction.atomic():
        locked = lock_calendar(calendar)
        _ensure_may_write(locked, user)
        _validate_window(locked, user, start, end, code=Code.AVAILABILITY_ADD_FAILED)
        availability = Availability.objects.create(
            calendar=locked, user=user, start=start, end=end, preference=preference
        )
    return availability


def availability_update(*, availability: Availability, user, data: dict) -> Availability:
    """Change one's own window (same rules as adding it)."""
    with transaction.atomic():
        locked = lock_calendar(availability.calendar)
        _ensure_may_write(locked, user)
        start = data.get("start", availability.start)
        end = data.get("end", availability.end)
        _validate_window(
            locked,
            user,
            start,
            end,
            code=Code.AVAILABILITY_UPDATE_FAILED,
            exclude_pk=availability.pk,
        )
        for name, value in data.items():
            setattr(availability, name, value)
        availability.save()
    return availability


def availability_delete(*, availability: Availability, user) -> None:
    with transaction.atomic():
        _ensure_may_write(lock_calendar(availability.calendar), user)
        availability.delete()
