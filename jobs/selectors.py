"""Reads of the marketplace with everything their serializers need, in constant queries."""

from functools import partial

from django.db.models import F, Func, Prefetch, QuerySet

from accounts.selectors import PUBLIC_PROFILE_FIELDS, private_columns
from common.compiled import BoundPage, CompiledPage, word_param
from common.filters import ListQuery, filter_q, ordered_by
from common.rows import values_rows
from common.serializers import in_utc
from jobs.filters import JobFilter, JobSearchFilter, StableOrderingFilter
from jobs.models import Category, Job, JobPicture, Review, Skill, Subcategory, TimetableSlot


def jobs_for_display() -> QuerySet[Job]:
    """Jobs ready for :class:`jobs.serializers.JobSerializer` (the detail and write
    answers; the list reads rows, see :func:`job_rows`).

    One query for the jobs (owner, subcategory with its category and city with its
    province joined), plus one each for the skills, the pictures and the timetable
    slots of the whole page, whatever its size; those land in the lists ``skill_list``,
    ``picture_list`` and ``slot_list`` of each job.
    """
    return (
        Job.objects.select_related("owner", "subcategory__category", "city__province")
        .defer(*private_columns("owner"))
        .prefetch_related(
            # ``to_attr`` lists: Django then skips building a queryset per job.
            Prefetch(
                "skills", queryset=Skill.objects.order_by("title", "id"), to_attr="skill_list"
            ),
            Prefetch(
                "pictures", queryset=JobPicture.objects.order_by("id"), to_attr="picture_list"
            ),
            Prefetch(
                "timetable_slots",
                queryset=TimetableSlot.objects.order_by("day_of_week", "start_time", "id"),
                to_attr="slot_list",
            ),
        )
    )


# The columns of a job list row, in the order ``jobs.rows.job_rows_representation``
# unpacks them: the job's own, its names through joins, its owner's public profile, and
# its place, skills, pictures and timetable slots (one JSON text, ``JobListing.children``).
# ``job_rows`` reads the amounts, the rating and the datetimes as ``JOB_AS_SENT`` and
# ``JOB_UTC_TEXT`` give them.
JOB_ROW_FIELDS = (
    "id",
    "title",
    "description",
    "subcategory_id",
    "subcategory__name",
    "subcategory__category_id",
    "subcategory__category__name",
    "city_id",
    *(f"owner__{name}" for name in PUBLIC_PROFILE_FIELDS),
    "experiences",
    "hourly_rate_sent",
    "initial_cost_sent",
    "average_rating_sent",
    "review_count",
    "created_at",
    "updated_at",
    "children",
)


class _AsSent(Func):
    """A column cast on PostgreSQL to the type whose value the row shows, which psycopg
    reads in C and no converter touches: an amount as its text (``12.50``: a numeric
    keeps its column's two places, as ``jobs.rows._money_text`` writes it), the rating
    as a float (``4.67``: numeric to float8 rounds as Python's ``float(Decimal)``
    does). Other databases: the column as Django reads it (a ``Decimal``)."""

    template = "%(expressions)s"

    def __init__(self, column: str, cast: str):
        super().__init__(column)
        self.cast = cast

    def as_postgresql(self, compiler, connection, **extra_context):
        template = f"(%(expressions)s)::{self.cast}"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def get_db_converters(self, connection):
        if connection.vendor == "postgresql":
            return []
        return super().get_db_converters(connection)


JOB_AS_SENT = {
    "hourly_rate_sent": _AsSent("hourly_rate", "text"),
    "initial_cost_sent": _AsSent("initial_cost", "text"),
    "average_rating_sent": _AsSent("average_rating", "float8"),
}

# The datetimes as DRF's text in UTC (when the API answers in UTC, see ``job_rows``).
JOB_UTC_TEXT = ("created_at", "updated_at")


def job_rows(jobs: QuerySet[Job], *, utc_text: bool = False) -> QuerySet:
    """``jobs`` (filtered and ordered) as ``JOB_ROW_FIELDS`` tuples for the list; with
    ``utc_text``, ``created_at`` and ``updated_at`` as DRF's text in UTC, else datetimes.

    One query for a whole page: the joins to owner, subcategory and category, and each
    job's place, skills, pictures and slots as the JSON text the database keeps for it
    (``JobListing``, a primary-key join), instead of a subquery each per job.
    """
    rows = jobs.annotate(**JOB_AS_SENT, children=F("listing__children"))
    return values_rows(rows, JOB_ROW_FIELDS, utc_text, JOB_UTC_TEXT)


def _job_list(shape: tuple) -> QuerySet[Job]:
    """Jobs as a list of this shape (``ListQuery.shape``) shows them: filtered,
    searched (every word) and ordered."""
    filters, words, ordering = shape
    jobs = Job.objects.filter(filter_q(JobFilter, filters))
    for index in range(words):
        jobs = jobs.filter(JobSearchFilter.word_q(word_param(index)))
    return jobs.order_by(*ordered_by(ordering, StableOrderingFilter.NULLABLE))


# Pages of the job list (filtered, searched, ordered, counted, as job_rows), with the
# datetimes as text (True: the API answers in UTC) or as datetimes (False).
_JOB_PAGES = {
    utc_text: CompiledPage(_job_list, partial(job_rows, utc_text=utc_text))
    for utc_text in (False, True)
}


def job_pages(*, query: ListQuery) -> BoundPage:
    """Pages of the jobs ``query`` asks for, as ``job_rows`` (their datetimes as text
    while the API answers in UTC)."""
    return _JOB_PAGES[in_utc()].bind(query.shape, query.values)


def job_slots(*, job_id: int) -> QuerySet[TimetableSlot]:
    return TimetableSlot.objects.filter(job_id=job_id).order_by("day_of_week", "start_time", "id")


def job_reviews(*, job_id: int) -> QuerySet[Review]:
    """A job's reviews, newest first, with their authors."""
    return (
        Review.objects.filter(job_id=job_id).select_related("user").order_by("-created_at", "-id")
    )


def categories_with_subcategories() -> QuerySet[Category]:
    return Category.objects.order_by("name", "id").prefetch_related(
        Prefetch("subcategories", queryset=Subcategory.objects.order_by("name", "id"))
    )
