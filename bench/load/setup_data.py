"""Benchmark fixtures on top of ``load_demo --scale N``; prints them as JSON.

Run by ``bench/load/run.sh`` after ``load_demo``, with the server's environment. It

- (re)creates ``CALENDARS`` scheduling calendars of alice, each with 200 invitees (bulk
  friends of alice) who gave one to three availabilities, and alice's own availability
  on every working day, so ``POST /calendars/{id}/schedule/`` solves a 200-invitee
  problem; requests rotate over the calendars so concurrent connections rarely wait
  for the same calendar's row lock;
- mints an access token for alice;
- picks the parameters of the other endpoints from the data (the month with the
  events, the busiest job category, alice's largest conversation).
"""

import json
import os
import random
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.authentication import tokens_for  # noqa: E402
from accounts.demo import DEMO_PASSWORD  # noqa: E402
from accounts.models import User  # noqa: E402
from calendars.models import Availability, Calendar, Invitee  # noqa: E402
from contacts.models import Friendship  # noqa: E402
from jobs.models import Job  # noqa: E402
from support.models import Conversation  # noqa: E402

INVITEES = 200
CALENDARS = int(os.environ.get("BENCH_CALENDARS", "8"))
CALENDAR_PREFIX = "Bench one-on-ones #"
GUEST_PREFIX = "bench_guest_"


def guests() -> list[User]:
    """200 bench users, created once in bulk (no usable password: they never log in)."""
    names = [f"{GUEST_PREFIX}{i:03d}" for i in range(INVITEES)]
    User.objects.bulk_create(
        [
            User(username=name, email=f"{name}@example.com", first_name=f"Guest {i}")
            for i, name in enumerate(names)
        ],
        ignore_conflicts=True,
    )
    users = list(User.objects.filter(username__in=names).order_by("id"))
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_update(users, ["password"])
    return users


def befriend(owner: User, users: list[User]) -> None:
    Friendship.objects.bulk_create(
        [
            Friendship(user_low_id=low, user_high_id=high)
            for low, high in (Friendship.ordered(owner.pk, u.pk) for u in users)
        ],
        ignore_conflicts=True,
    )


def calendar_with_invitees(owner: User, users: list[User], number: int) -> Calendar:
    """A Monday-to-Friday calendar two weeks ahead: alice free 9-17 every day, each
    invitee free in one to three windows of one to three hours."""
    tz = ZoneInfo(owner.timezone or "UTC")
    today = timezone.now().astimezone(tz).date()
    monday = today + timedelta(days=14 - today.weekday())
    calendar = Calendar.objects.create(
        owner=owner,
        name=f"{CALENDAR_PREFIX}{number}",
        start_date=monday,
        end_date=monday + timedelta(days=4),
        meeting_minutes=30,
        timezone=tz.key,
    )
    deadline = timezone.now() + timedelta(days=30)
    Invitee.objects.bulk_create(
        Invitee(calendar=calendar, user=user, deadline=deadline) for user in users
    )

    def at(day: int, hour: int) -> datetime:
        return datetime.combine(monday + timedelta(days=day), time(hour), tzinfo=tz)

    rng = random.Random(number)
    rows = [
        Availability(calendar=calendar, user=owner, start=at(d, 9), end=at(d, 17), preference=2)
        for d in range(5)
    ]
    for user in users:
        days = rng.sample(range(5), rng.randint(1, 3))
        for day in days:
            start = rng.randint(9, 15)
            rows.append(
                Availability(
                    calendar=calendar,
                    user=user,
                    start=at(day, start),
                    end=at(day, min(start + rng.randint(1, 3), 17)),
                    preference=rng.randint(1, 3),
                )
            )
    Availability.objects.bulk_create(rows, batch_size=2000)
    return calendar


def busiest_category_id() -> int:
    row = (
        Job.objects.values("subcategory__category_id")
        .annotate(n=Count("id"))
        .order_by("-n", "subcategory__category_id")
        .first()
    )
    return row["subcategory__category_id"]


def largest_conversation_id(user: User) -> int:
    return (
        Conversation.objects.filter(memberships__user=user)
        .annotate(n=Count("messages"))
        .order_by("-n", "id")
        .values_list("id", flat=True)
        .first()
    )


def main() -> None:
    alice = User.objects.get(username="alice")
    with transaction.atomic():
        Calendar.objects.filter(owner=alice, name__startswith=CALENDAR_PREFIX).delete()
        users = guests()
        befriend(alice, users)
        calendars = [calendar_with_invitees(alice, users, n) for n in range(CALENDARS)]
    now = timezone.now().astimezone(ZoneInfo(alice.timezone or "UTC"))
    fixtures = {
        "token": tokens_for(alice)["access"],
        "login": {"email": alice.email, "password": DEMO_PASSWORD},
        "year": now.year,
        "month": now.month,
        "job_category": busiest_category_id(),
        "conversation": largest_conversation_id(alice),
        "calendars": [c.pk for c in calendars],
    }
    print(json.dumps(fixtures))


if __name__ == "__main__":
    main()
