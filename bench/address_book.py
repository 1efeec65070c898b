"""Address book benchmark: one user with N contacts, the read endpoints timed.

Fills N contacts (with groups and memberships) for one user in a throwaway database,
then requests the contact list, searches and upcoming birthdays through the test client
with a real bearer token, and prints the median and 95th-percentile latency and the SQL
query count of each request.

    .venv/bin/python bench/address_book.py --contacts 10000
    .venv/bin/python bench/address_book.py --contacts 10000 \
        --database-url postgres://postgres@127.0.0.1:5432/kith_bench

SQLite (the default) uses a fresh file under /tmp, removed at the end; PostgreSQL gets a
``test_``-prefixed database created and dropped by Django's test machinery.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST_NAMES = [
    "Ann", "Ben", "Cara", "Dan", "Eva", "Farid", "Gita", "Hugo", "Ines", "Jonas", "Kira",
    "Leo", "Mina", "Nils", "Omar", "Pia", "Quinn", "Ravi", "Sara", "Timo", "Uma", "Vera",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Weber", "Karimi", "Lindqvist", "Haddad", "Vogel", "Patel", "Rossi", "Novak",
    "Silva", "Tanaka", "Okafor", "Jensen", "Moreau", "Kowalski", "Ahmadi", "Brown", "Chen",
]  # fmt: skip
COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", ""]
RELATIONSHIPS = ["friend", "family", "colleague", "neighbour", ""]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000, help="contacts of the user")
    parser.add_argument("--groups", type=int, default=20, help="groups of the user")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per request")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--seed", type=int, default=20261122)
    return parser.parse_args()


def setup_django(database_url: str) -> str | None:
    """Configure Django; returns the SQLite file to remove afterwards, if any."""
    sqlite_file = None
    if not database_url:
        handle, sqlite_file = tempfile.mkstemp(prefix="kith-bench-", suffix=".sqlite3")
        os.close(handle)
        database_url = f"sqlite:///{sqlite_file}"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # allows the test client's host, keeps mail in memory
    return sqlite_file


def fill(user, *, contacts: int, groups: int, rng: random.Random) -> list[int]:
    """Bulk-insert the user's address book; returns the group ids."""
    from contacts.models import Contact
    from groups.models import Group, Membership

    rows = []
    for i in range(contacts):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        birthday = None
        if rng.random() < 0.9:  # most contacts have a birthday, some don't
            birthday = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 65))
        rows.append(
            Contact(
                owner=user,
                first_name=first,
                last_name=f"{last}{i % 7 or ''}",
                email=f"{first.lower()}.{last.lower()}{i}@example.com",
                phone=f"+1 555 {rng.randrange(10_000):04d}",
                company=rng.choice(COMPANIES),
                relationship=rng.choice(RELATIONSHIPS),
                birthday=birthday,
            )
        )
    Contact.objects.bulk_create(rows, batch_size=2000)
    group_rows = Group.objects.bulk_create(
        [Group(owner=user, name=f"Group {i:02d}") for i in range(groups)]
    )
    contact_ids = list(Contact.objects.filter(owner=user).values_list("id", flat=True))
    memberships = [
        Membership(group=group, contact_id=contact_id)
        for contact_id in contact_ids
        for group in rng.sample(group_rows, rng.randrange(4))
    ]
    Membership.objects.bulk_create(memberships, batch_size=5000)
    return [g.pk for g in group_rows]


def measure(client, url: str, params: dict, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)  # also the warm-up
    if response.status_code != 200:
        raise SystemExit(f"{url} {params}: HTTP {response.status_code} {response.content[:300]}")
    query_count = len(queries)  # read now: the next request resets the query log
    data = response.json()["data"]
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url, params)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[max(0, round(0.95 * len(timings)) - 1)],
        "queries": query_count,
        "count": data["count"],
        "rows": len(data["results"]),
    }


def main() -> None:
    args = parse_args()
    sqlite_file = setup_django(args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from rest_framework.test import APIClient

    from accounts.authentication import tokens_for
    from accounts.models import User

    test_db = None
    if connection.vendor == "sqlite":
        call_command("migrate", verbosity=0)
    else:
        test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(args.seed)
        user = User.objects.create_user("bench_user", "bench@example.com", "Bench!Pass1")
        other = User.objects.create_user("bench_other", "other@example.com", "Bench!Pass1")
        start = time.perf_counter()
        group_ids = fill(user, contacts=args.contacts, groups=args.groups, rng=rng)
        fill(other, contacts=min(args.contacts, 1000), groups=3, rng=rng)  # noise
        fill_seconds = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh planner statistics, as autovacuum would give

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(user)['access']}")
        contacts_url = reverse("api:contacts-list")
        upcoming_url = reverse("api:contacts-upcoming-birthdays")
        cases = [
            ("list, page 1 (20 rows)", contacts_url, {}),
            ("list, page_size=100", contacts_url, {"page_size": 100}),
            ("list, last page", contacts_url, {"page": (args.contacts + 19) // 20}),
            ("list, ordering=-birthday", contacts_url, {"ordering": "-birthday"}),
            ("list, ?group=", contacts_url, {"group": group_ids[0]}),
            ("list, ?relationship=family", contacts_url, {"relationship": "family"}),
            ("search 'ann' (many hits)", contacts_url, {"search": "ann"}),
            ("search 'mina karimi'", contacts_url, {"search": "mina karimi"}),
            ("search 'zzz' (no hit)", contacts_url, {"search": "zzz"}),
            ("upcoming birthdays, days=30", upcoming_url, {}),
            ("upcoming birthdays, days=366", upcoming_url, {"days": 366}),
            ("upcoming, days=366, page_size=100", upcoming_url, {"days": 366, "page_size": 100}),
        ]
        results = [(label, measure(client, url, p, args.repeat)) for label, url, p in cases]
    finally:
        if test_db is not None:
            connection.creation.destroy_test_db(test_db, verbosity=0)
        if sqlite_file:
            for suffix in ("", "-wal", "-shm"):
                Path(sqlite_file + suffix).unlink(missing_ok=True)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Kith address book benchmark: {args.contacts} contacts, {args.groups} groups, "
        f"{connection.vendor}, {args.repeat} runs per request (fill: {fill_seconds:.1f} s, "
        f"load average {load} on {os.cpu_count()} cores)"
    )
    print()
    print(f"| {'request':<36} | median ms | p95 ms | queries | count | rows |")
    print(f"|{'-' * 38}|-----------|--------|---------|-------|------|")
    for label, r in results:
        print(
            f"| {label:<36} | {r['median']:9.1f} | {r['p95']:6.1f} | {r['queries']:7d} "
            f"| {r['count']:5d} | {r['rows']:4d} |"
        )


if __name__ == "__main__":
    main()
