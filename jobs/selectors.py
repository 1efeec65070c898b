"""Reads of the marketplace with everything their serializers need, in constant queries."""

from django.db.models import Prefetch, QuerySet

from accounts.selectors import private_columns
from jobs.models import Category, Job, JobPicture, Review, Skill, Subcategory, TimetableSlot


def jobs_for_display() -> QuerySet[Job]:
    """Jobs ready for :class:`jobs.serializers.JobSerializer`.

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


def jobs_by_ids(ids: list[int]) -> list[Job]:
    """The jobs of ``ids`` ready for display, in that order (ids gone meanwhile skipped)."""
    jobs = jobs_for_display().order_by().in_bulk(ids)
    return [jobs[pk] for pk in ids if pk in jobs]


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
