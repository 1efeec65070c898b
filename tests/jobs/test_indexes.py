"""The job list's orderings are served by indexes (SQLite's own query plan says so)."""

import pytest
from django.db import connection

from jobs.models import Job
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return "\n".join(
            str(row[-1] if connection.vendor == "sqlite" else row[0]) for row in cursor
        )


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL reads a 3-row table sequentially whatever the indexes",
)
@pytest.mark.parametrize(
    ("ordering", "index"),
    [
        (["-created_at", "-id"], "jobs_job_created"),
        (["-average_rating", "-id"], "jobs_job_rating_subcat_idx"),
        (["title", "id"], "jobs_job_title_idx"),
    ],
)
def test_orderings_walk_an_index(ordering, index):
    JobFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    queryset = Job.objects.order_by(*ordering).values_list("pk", flat=True)[:20]

    plan = _plan(queryset)

    assert index in plan, plan


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL reads a 3-row table sequentially whatever the indexes",
)
def test_one_owners_jobs_newest_first_walk_the_owner_index(alice):
    JobFactory.create_batch(3, owner=alice)
    JobFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    queryset = Job.objects.filter(owner=alice).order_by("-created_at", "-id").values("pk")[:20]

    plan = _plan(queryset)

    assert "jobs_job_owner_newest_idx" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # no sort step


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL-only index")
def test_postgres_has_the_descending_hourly_rate_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'jobs_job_rate_desc_nl_idx'"
        )
        (definition,) = cursor.fetchone()

    assert "hourly_rate DESC NULLS LAST, id DESC" in definition
