"""Demo data: alice's scheduling calendar in progress (``load_demo``; idempotent).

Next week, Monday to Friday in alice's timezone: bob, carol and dave are invited (made
friends of alice if they are not), alice, bob and carol gave availabilities, dave did
not yet, and a generated schedule is stored; the calendar is not finalized.
``--scale N`` adds N empty calendars per demo user.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.demo import demo_users
from calendars.models import Availability, Calendar, Invitee
from contacts.models import Friendship
from scheduling.services import schedule_generate

CALENDAR_NAME = "Team one-on-ones"

# (weekday offset from Monday, start hour, end hour, preference)
AVAILABILITY = {
    "alice": [(0, 9, 12, 2), (0, 14, 17, 1), (1, 9, 12, 3), (2, 13, 16, 2), (3, 9, 11, 2)],
    "bob_b": [(0, 10, 11, 3), (1, 14, 16, 2), (3, 9, 10, 1)],
    "carol": [(0, 10, 12, 2), (2, 9, 10, 3), (2, 13, 14, 1)],
}


def _next_monday(today):
    return today + timedelta(days=7 - today.weekday())


def _calendar_in_progress(owner, guests) -> None:
    if Calendar.objects.filter(owner=owner, name=CALENDAR_NAME).exists():
        return
    tz = ZoneInfo(owner.timezone or "UTC")
    monday = _next_monday(timezone.now().astimezone(tz).date())
    calendar = Calendar.objects.create(
        owner=owner,
        name=CALENDAR_NAME,
        description="Thirty minutes with each of you before the planning week.",
        start_date=monday,
        end_date=monday + timedelta(days=4),
        meeting_minutes=30,
        timezone=tz.key,
    )
    deadline = timezone.now() + timedelta(days=30)
    Invitee.objects.bulk_create(
        Invitee(calendar=calendar, user=guest, deadline=deadline) for guest in guests
    )
    people = {owner.username: owner, **{g.username: g for g in guests}}

    def local(day: int, hour: int) -> datetime:
        return datetime.combine(monday + timedelta(days=day), time(hour), tzinfo=tz)

    Availability.objects.bulk_create(
        Availability(
            calendar=calendar,
            user=people[name],
            start=local(day, start),
            end=local(day, end),
            preference=preference,
        )
        for name, windows in AVAILABILITY.items()
        if name in people
        for day, start, end, preference in windows
    )
    schedule_generate(calendar=calendar)


def seed(*, scale: int) -> None:
    users = demo_users()
    by_name = {u.username: u for u in users}
    owner = by_name.get("alice")
    if owner is None:
        return
    guests = [by_name[name] for name in ("bob_b", "carol", "dave_d") if name in by_name]
    for guest in guests:
        low, high = Friendship.ordered(owner.pk, guest.pk)
        Friendship.objects.get_or_create(user_low_id=low, user_high_id=high)
    _calendar_in_progress(owner, guests)

    if scale <= 0:
        return
    first = _next_monday(timezone.now().date())
    names = [f"Demo calendar {i:05d}" for i in range(scale)]
    for user in users:
        existing = set(
            Calendar.objects.filter(owner=user, name__in=names).values_list("name", flat=True)
        )
        Calendar.objects.bulk_create(
            Calendar(
                owner=user,
                name=name,
                start_date=first + timedelta(days=7 * (i % 50)),
                end_date=first + timedelta(days=7 * (i % 50) + 4),
                timezone=user.timezone or "UTC",
            )
            for i, name in enumerate(names)
            if name not in existing
        )
