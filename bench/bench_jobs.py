"""Benchmark of the job list (GET /api/v1/jobs/) with 100,000 jobs.

Builds (once, then reuses) a throwaway database with the reference places and
categories, 200 owners and 100,000 jobs with skills, a main picture, a timetable slot
and up to three reviews each, then times the list with every filter, search and
ordering through the test client, and counts its SQL queries.

    .venv/bin/python bench/bench_jobs.py                # SQLite file under /tmp
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kith_bench \\
        .venv/bin/python bench/bench_jobs.py            # a throwaway PostgreSQL database

Options (environment): BENCH_JOBS (default 100000), BENCH_RUNS (default 7: the median
of that many runs after one warm-up run is printed).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL",
    "sqlite:////tmp/kith-bench-jobs.sqlite3",
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.authentication import tokens_for  # noqa: E402
from accounts.models import User  # noqa: E402
from jobs.demo import create_bulk_jobs  # noqa: E402
from jobs.models import Job, JobPicture, Subcategory  # noqa: E402
from jobs.services import load_categories  # noqa: E402
from locations.models import City, Province  # noqa: E402
from locations.services import load_locations  # noqa: E402

JOBS = int(os.environ.get("BENCH_JOBS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
OWNERS = 200
URL = "/api/v1/jobs/"


def build() -> None:
    """Create the data set unless the database already holds it."""
    call_command("migrate", verbosity=0)
    if Job.objects.count() >= JOBS:
        return
    started = time.perf_counter()
    load_locations()
    load_categories()
    # Spread the jobs over Iran's cities (the ones with data) and every subcategory.
    existing = set(
        User.objects.filter(username__startswith="bench_").values_list("username", flat=True)
    )
    User.objects.bulk_create(
        [
            User(username=f"bench_{i:04d}", email=f"bench_{i:04d}@example.com", first_name=f"B{i}")
            for i in range(OWNERS)
            if f"bench_{i:04d}" not in existing
        ]
    )
    owners = list(User.objects.filter(username__startswith="bench_").order_by("id"))
    rng = random.Random(7)
    per_owner = (JOBS - Job.objects.count()) // len(owners)
    for chunk in range(0, len(owners), 20):
        create_bulk_jobs(owners[chunk : chunk + 20], per_owner, rng=rng, reviewers=owners)
    JobPicture.objects.bulk_create(
        [
            JobPicture(job_id=pk, image=f"jobs/bench-{pk}.png", is_main=True)
            for pk in Job.objects.values_list("pk", flat=True).iterator()
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        # Fresh planner statistics; on PostgreSQL also the visibility map that lets
        # COUNT(*) use index-only scans (autovacuum does both in a live database).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"built {Job.objects.count()} jobs in {time.perf_counter() - started:.0f} s\n")


def cases() -> list[tuple[str, dict, bool]]:
    """(label, query parameters, authenticated) of every measured request."""
    job = Job.objects.select_related("owner").order_by("id")[Job.objects.count() // 2]
    subcategory = Subcategory.objects.get(pk=job.subcategory_id)
    city = City.objects.get(pk=job.city_id)
    province = Province.objects.get(pk=city.province_id)
    skill = job.skills.order_by("id").first()
    title_word = job.title.split()[-2]  # the skill name in "Demo listing #n <Skill> services"
    # A combination the middle job itself matches, so the answer is never empty.
    all_filters = {
        "category": subcategory.category_id,
        "province": province.id,
        "skill": skill.id,
        "min_rating": str(int(job.average_rating)),
        "search": title_word,
        "ordering": "-average_rating",
    }
    last_page = max(1, min(500, Job.objects.count() // 20))
    return [
        ("default (newest first)", {}, False),
        ("category", {"category": subcategory.category_id}, False),
        ("subcategory", {"subcategory": subcategory.id}, False),
        ("province", {"province": province.id}, False),
        ("city", {"city": city.id}, False),
        ("skill", {"skill": skill.id}, False),
        ("owner=<id>", {"owner": job.owner_id}, False),
        ("owner=me (bearer)", {"owner": "me"}, True),
        ("min_rating=4", {"min_rating": "4"}, False),
        ("search=python (title, skills)", {"search": "python"}, False),
        ("search=<username> (description)", {"search": job.owner.username}, False),
        ("search=two words", {"search": f"{title_word} {job.owner.username}"}, False),
        ("search=no match", {"search": "zzzzqqq"}, False),
        ("ordering=-average_rating", {"ordering": "-average_rating"}, False),
        ("ordering=average_rating", {"ordering": "average_rating"}, False),
        ("ordering=hourly_rate", {"ordering": "hourly_rate"}, False),
        ("ordering=-hourly_rate", {"ordering": "-hourly_rate"}, False),
        ("ordering=title", {"ordering": "title"}, False),
        ("ordering=created_at", {"ordering": "created_at"}, False),
        ("category+min_rating, -rating", {**all_filters, "search": "", "skill": ""}, False),
        ("every filter + search + order", all_filters, False),
        (f"page {last_page} (default order)", {"page": last_page}, False),
        ("page_size=100", {"page_size": 100}, False),
    ]


def measure(client: APIClient, params: dict) -> tuple[float, int, int]:
    """Median milliseconds over RUNS (after a warm-up), queries and result count."""
    params = {k: v for k, v in params.items() if v != ""}
    response = client.get(URL, params)
    assert response.status_code == 200, response.content[:300]
    count = response.json()["data"]["count"]
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(URL, params)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), len(queries.captured_queries), count


def main() -> None:
    build()
    anonymous = APIClient()
    owner = User.objects.get(pk=Job.objects.order_by("id")[Job.objects.count() // 2].owner_id)
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(owner)['access']}")
    print(
        f"GET {URL} on {connection.vendor}, {Job.objects.count():,} jobs, page_size 20 unless "
        f"said, median of {RUNS} runs\n"
    )
    print(f"| {'request':<32} | {'ms':>8} | {'queries':>7} | {'matches':>8} |")
    print(f"|{'-' * 34}|{'-' * 9}:|{'-' * 8}:|{'-' * 9}:|")
    for label, params, authenticated in cases():
        ms, queries, count = measure(bearer if authenticated else anonymous, params)
        print(f"| {label:<32} | {ms:>8.1f} | {queries:>7} | {count:>8,} |")


if __name__ == "__main__":
    main()
