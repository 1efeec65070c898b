"""Benchmark: the month view (and the iCal feed) for one user with 2,000 events.

Usage: .venv/bin/python bench/events_month.py [--events 2000] [--runs 20]

Builds a throwaway SQLite database under /tmp, fills one month (November 2026) of a
user in Europe/Berlin with events (a tenth of them group events with two more members,
some multi-day, some all-day, some with contacts), then times the requests through
Django's test client and counts their SQL queries. Prints a table.
"""

import argparse
import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_db_dir = tempfile.mkdtemp(prefix="kith-bench-events-", dir="/tmp")  # noqa: S108
atexit.register(shutil.rmtree, _db_dir, ignore_errors=True)
os.environ["DATABASE_URL"] = f"sqlite:///{_db_dir}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.authentication import tokens_for  # noqa: E402
from accounts.models import User  # noqa: E402
from calendars.models import CalendarFeed, Event, EventMember  # noqa: E402
from contacts.models import Contact  # noqa: E402

MONTH = "/api/v1/events/month/"
EVENTS = "/api/v1/events/"


def seed(count: int) -> User:
    user = User.objects.create_user(
        "bench_user", "bench@example.com", "x", timezone="Europe/Berlin"
    )
    friends = [
        User.objects.create_user(f"bench_friend_{i}", f"f{i}@example.com", "x") for i in range(5)
    ]
    contacts = Contact.objects.bulk_create(
        [Contact(owner=user, first_name=f"Contact {i}") for i in range(20)]
    )
    month_start = datetime(2026, 11, 1, tzinfo=UTC)
    events = []
    for i in range(count):
        start = month_start + timedelta(minutes=(i * 97) % (29 * 24 * 60))
        all_day = i % 20 == 0
        if all_day:
            start = start.replace(hour=0, minute=0)
        length = timedelta(days=2) if i % 25 == 0 else timedelta(minutes=30 + i % 90)
        events.append(
            Event(
                owner=user,
                name=f"Event {i}",
                kind=Event.Kind.GROUP if i % 10 == 0 else Event.Kind.SINGLE,
                start=start,
                end=start if all_day else start + length,
                all_day=all_day,
                description="Something to remember, with details. " * 3,
                location="Somewhere",
            )
        )
    events = Event.objects.bulk_create(events, batch_size=500)
    members = [EventMember(event=e, user=user) for e in events]
    for n, event in enumerate(e for e in events if e.kind == Event.Kind.GROUP):
        members += [EventMember(event=event, user=friends[(n + k) % 5]) for k in range(2)]
    EventMember.objects.bulk_create(members, batch_size=1000)
    through = Event.contacts.through
    through.objects.bulk_create(
        [
            through(event_id=e.pk, contact_id=contacts[i % 20].pk)
            for i, e in enumerate(events)
            if i % 3 == 0
        ],
        batch_size=1000,
    )
    return user


def measure(client: APIClient, path: str, params: dict, runs: int) -> dict:
    client.get(path, params)  # warm-up
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content[:300]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[max(0, round(0.95 * len(timings)) - 1)],
        "min": timings[0],
        "queries": len(queries),
        "bytes": len(response.content),
        "response": response,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    user = seed(args.events)
    seeded = time.perf_counter() - began
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(user)['access']}")
    feed = CalendarFeed.objects.create(user=user)
    anonymous = APIClient()

    month = {"year": 2026, "month": 11}
    day = {"date": "2026-11-15", "page_size": 100}
    november = {"start": "2026-11-01", "end": "2026-11-30", "page_size": 100}
    rows = [
        ("month view  GET /events/month/?year=2026&month=11", client, MONTH, month),
        ("day view    GET /events/?date=2026-11-15", client, EVENTS, day),
        (
            "range view  GET /events/?start=2026-11-01&end=2026-11-30 (page of 100)",
            client,
            EVENTS,
            november,
        ),
        ("iCal feed   GET /ical/<secret>.ics", anonymous, f"/api/v1/ical/{feed.secret}.ics", {}),
    ]
    print(f"Kith events benchmark: {args.events} events of one user (Europe/Berlin), "
          f"SQLite, {args.runs} timed runs each; seeded in {seeded:.1f} s")  # fmt: skip
    print(
        f"{'request':<75} {'median ms':>10} {'p95 ms':>8} {'min ms':>8} {'queries':>8} {'KiB':>8}"
    )
    for label, who, path, params in rows:
        result = measure(who, path, params, args.runs)
        print(
            f"{label:<75} {result['median']:>10.1f} {result['p95']:>8.1f} {result['min']:>8.1f} "
            f"{result['queries']:>8} {result['bytes'] / 1024:>8.0f}"
        )
        if path.endswith("month/"):
            data = result["response"].json()["data"]
            listed = sum(len(v) for v in data.values())
            print(f"{'':<4}month view: {len(data)} days with events, {listed} event entries "
                  f"(multi-day events count once per day)")  # fmt: skip


if __name__ == "__main__":
    main()
