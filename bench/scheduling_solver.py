"""Benchmarks of the one-on-one schedule solver (scheduling/solver.py).

1. Solver time for 100, 500 and 1,000 invitees over a 30-day calendar with 30-minute
   meetings, each invitee giving several availabilities (median of several runs, grid
   cache cleared before each run so the grid is built every time).
2. On seeded random instances: invitees met and preference total of the optimal solver
   against the greedy baseline of the original one-on-one system (walk the owner's slots
   in time order and give each to the free invitee with the highest preference).
3. The whole ``POST /calendars/{id}/schedule/`` for 1,000 invitees through the test
   client on a throwaway SQLite database: time and SQL query count.

Run: ``.venv/bin/python bench/scheduling_solver.py [--quick]``
"""

import os
import random
import statistics
import sys
import tempfile
import time as clock
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduling import solver  # noqa: E402 - after the path tweak
from scheduling.solver import Problem, Window, solve  # noqa: E402

START = date(2031, 3, 3)  # a Monday
DAYS = 30
TZ = "Europe/Berlin"


def local(day: int, hour: float) -> datetime:
    """A Berlin wall-clock moment ``day`` days after START (CET in March: UTC+1)."""
    base = datetime(START.year, START.month, START.day, tzinfo=UTC) - timedelta(hours=1)
    return base + timedelta(days=day, minutes=round(hour * 60))


def instance(n_invitees: int, seed: int, *, owner_hours=(9, 17), windows=(3, 6)) -> Problem:
    """Owner free on weekdays in ``owner_hours`` (mornings preferred); each invitee
    gives ``windows`` availabilities of 1-3 hours, mostly at popular times."""
    rnd = random.Random(seed)
    lo, hi = owner_hours
    owner = []
    for day in range(DAYS):
        if (START + timedelta(days=day)).weekday() >= 5:
            continue
        mid = min(max(12, lo), hi)
        if lo < mid:
            owner.append(Window(local(day, lo), local(day, mid), 3 if day % 2 else 2))
        if mid < hi:
            owner.append(Window(local(day, mid + (0.5 if mid == 12 else 0)), local(day, hi), 1))
    invitees = {}
    for uid in range(1, n_invitees + 1):
        spans = []
        for _ in range(rnd.randint(*windows)):
            day = rnd.randrange(DAYS)
            start = rnd.choice([8, 9, 9, 10, 10, 11, 13, 14, 15, 16]) + rnd.choice([0, 0.5])
            length = rnd.choice([1, 1.5, 2, 3])
            spans.append((day, start, min(start + length, 20)))
        spans.sort()
        merged = []  # an invitee's windows never overlap (the API refuses that)
        for day, start, end in spans:
            if merged and merged[-1][0] == day and start < merged[-1][2]:
                continue
            merged.append((day, start, end))
        invitees[uid] = [Window(local(d, s), local(d, e), rnd.randint(1, 3)) for d, s, e in merged]
    return Problem(
        start_date=START,
        end_date=START + timedelta(days=DAYS - 1),
        meeting_minutes=30,
        timezone=TZ,
        owner_windows=owner,
        invitee_windows=invitees,
    )


def greedy(problem: Problem) -> tuple[int, int]:
    """The original system's pass: each owner slot in time order goes to the free
    invitee with the highest preference for it (ties: lowest id). Same candidates as
    the solver, so only the assignment differs."""
    cand = solver._candidates(problem)
    order = np.lexsort((cand.rows, -cand.invitee_pref, cand.slots))
    met, used_slots, total = set(), set(), 0
    for i in order:
        row, slot = int(cand.rows[i]), int(cand.slots[i])
        if row in met or slot in used_slots:
            continue
        met.add(row)
        used_slots.add(slot)
        total += int(cand.owner_pref[slot] + cand.invitee_pref[i])
    return len(met), total


def timing_table(sizes, runs: int) -> None:
    print("\n## 1. Solver time, 30-day calendar, 30-minute meetings (Europe/Berlin)\n")
    print(
        "| invitees | owner hours | availabilities | candidate edges | met | median ms | max ms |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, hours in [(n, hours) for hours in ((9, 17), (7, 21)) for n in sizes]:
        problem = instance(n, seed=n, owner_hours=hours)
        times, solution = [], None
        for _ in range(runs):
            solver._grid_us.cache_clear()
            started = clock.perf_counter()
            solution = solve(problem)
            times.append((clock.perf_counter() - started) * 1000)
        edges = len(solver._candidates(problem).rows)
        windows = sum(len(w) for w in problem.invitee_windows.values())
        print(
            f"| {n} | {hours[0]:02d}-{hours[1]:02d} weekdays | {windows} | {edges} | "
            f"{len(solution.meetings)} | "
            f"{statistics.median(times):.1f} | {max(times):.1f} |"
        )


def quality_table(seeds: int) -> None:
    print("\n## 2. Optimal solver vs the greedy baseline (mean over seeds)\n")
    print(
        "| scenario | invitees | owner hours | seeds | greedy met | optimal met | "
        "greedy pref. | optimal pref. | seeds where optimal meets more |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    scenarios = [
        ("light", 40, (9, 17), (2, 4)),
        ("tight", 100, (9, 11), (1, 3)),
        ("crowded", 300, (9, 13), (1, 3)),
        ("large", 1000, (9, 17), (2, 5)),
    ]
    for name, n, hours, windows in scenarios:
        rows = []
        for seed in range(seeds):
            problem = instance(n, seed=1000 * seed + n, owner_hours=hours, windows=windows)
            solution = solve(problem)
            g_met, g_pref = greedy(problem)
            rows.append((g_met, len(solution.meetings), g_pref, solution.preference_total))
            # the optimum never does worse on the lexicographic objective
            assert (len(solution.meetings), solution.preference_total) >= (g_met, g_pref)
        g_met, o_met, g_pref, o_pref = (statistics.mean(col) for col in zip(*rows, strict=True))
        better = sum(1 for r in rows if r[1] > r[0])
        print(
            f"| {name} | {n} | {hours[0]:02d}-{hours[1]:02d} | {seeds} | {g_met:.1f} | "
            f"{o_met:.1f} | {g_pref:.1f} | {o_pref:.1f} | {better} |"
        )


def api_table(n: int) -> None:
    """POST /schedule/ through the test client, on a throwaway SQLite file."""
    workdir = tempfile.mkdtemp(prefix="kith-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from rest_framework.test import APIClient

    from accounts.authentication import tokens_for
    from accounts.models import User
    from calendars.models import Availability, Calendar, Invitee

    call_command("migrate", verbosity=0)
    problem = instance(n, seed=7)
    owner = User.objects.create_user("owner", "owner@example.com", "x")
    users = User.objects.bulk_create(
        User(username=f"guest_{i:05d}", email=f"g{i}@example.com") for i in problem.invitee_windows
    )
    calendar = Calendar.objects.create(
        owner=owner,
        name="Bench",
        start_date=problem.start_date,
        end_date=problem.end_date,
        meeting_minutes=30,
        timezone=TZ,
    )
    deadline = datetime.now(UTC) + timedelta(days=30)
    Invitee.objects.bulk_create(
        Invitee(calendar=calendar, user=u, deadline=deadline) for u in users
    )

    def availability(user, window: Window) -> Availability:
        return Availability(
            calendar=calendar,
            user=user,
            start=window.start,
            end=window.end,
            preference=window.preference,
        )

    rows = [availability(owner, w) for w in problem.owner_windows]
    for user, uid in zip(users, problem.invitee_windows, strict=True):
        rows += [availability(user, w) for w in problem.invitee_windows[uid]]
    Availability.objects.bulk_create(rows)

    client = APIClient(HTTP_HOST="localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(owner)['access']}")
    url = reverse("api:calendar-schedule", args=[calendar.pk])
    print(f"\n## 3. The API on SQLite ({n} invitees, {len(rows)} availabilities)\n")
    print("| request | status | ms | SQL queries |")
    print("|---|---:|---:|---:|")
    for method in ("post", "get"):
        with CaptureQueriesContext(connection) as queries:
            started = clock.perf_counter()
            response = getattr(client, method)(url)
            elapsed = (clock.perf_counter() - started) * 1000
        status = response.status_code
        print(f"| {method.upper()} /schedule/ | {status} | {elapsed:.0f} | {len(queries)} |")


def main() -> None:
    quick = "--quick" in sys.argv
    print("# Kith one-on-one scheduling benchmark")
    timing_table([100, 500, 1000], runs=3 if quick else 7)
    quality_table(seeds=3 if quick else 10)
    api_table(1000)


if __name__ == "__main__":
    main()
