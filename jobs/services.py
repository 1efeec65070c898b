"""Writes of the marketplace: jobs, skills, pictures, reviews, timetables, categories.

Every write that touches a job's pictures, reviews or timetable first locks the job row
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite serialises writers with its IMMEDIATE
transactions), so concurrent requests on one job queue up and the derived state (the
one main picture, ``average_rating`` and ``review_count``) is always recomputed from
committed rows.
"""

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Lower

from common.codes import Code
from common.exceptions import Conflict, Forbidden, ValidationFailed
from jobs.models import Category, Job, JobPicture, Review, Skill, Subcategory, TimetableSlot

MAX_PICTURES_PER_JOB = 10
CATEGORIES_FILE = Path(__file__).resolve().parent / "data" / "categories.json"
TWO_PLACES = Decimal("0.01")


# --- skills ---------------------------------------------------------------------------


def skills_get_or_create(*, names: list[str]) -> list[Skill]:
    """The skills with these names, matched case-insensitively; missing ones are created.

    The first spelling wins for a new skill; an existing skill keeps its spelling.
    Concurrent creators of the same name meet at the unique ``Lower(title)`` index.
    (SQLite's LOWER() folds ASCII letters only, so there "Ä" and "ä" stay two skills;
    PostgreSQL folds every letter.)
    """
    wanted: dict[str, str] = {}
    for name in names:
        clean = " ".join(name.split())
        if clean:
            wanted.setdefault(clean.lower(), clean)
    if not wanted:
        return []
    Skill.objects.bulk_create(
        [Skill(title=title) for title in wanted.values()], ignore_conflicts=True
    )
    found = Skill.objects.annotate(key=Lower("title")).filter(
        Q(key__in=list(wanted)) | Q(title__in=list(wanted.values()))
    )
    by_key = {skill.title.lower(): skill for skill in found}
    return [by_key[key] for key in wanted if key in by_key]


# --- jobs -----------------------------------------------------------------------------


@transaction.atomic
def job_create(*, owner, data: dict) -> Job:
    """Create ``owner``'s job from validated data (``skills`` as a list of names)."""
    data = dict(data)
    names = data.pop("skills", None)
    job = Job.objects.create(owner=owner, **data)
    if names:
        job.skills.set(skills_get_or_create(names=names))
    return job


# Written by the review services only: a job edit must never write them back stale.
DERIVED_FIELDS = frozenset({"average_rating", "review_count"})


def job_editable_fields() -> list[str]:
    """Columns an edit of the job may write (everything but the id and derived fields)."""
    return [
        field.name
        for field in Job._meta.concrete_fields
        if not field.primary_key and field.name not in DERIVED_FIELDS | {"created_at"}
    ]


@transaction.atomic
def job_update(*, job: Job, data: dict) -> Job:
    """Apply a partial update; a given ``skills`` list replaces the job's skills.

    Only the edited columns (and ``updated_at``) are written, so a review landing
    between reading and saving the job keeps its effect on the aggregates.
    """
    data = dict(data)
    names = data.pop("skills", None)
    for field, value in data.items():
        setattr(job, field, value)
    job.save(update_fields=[*data, "updated_at"])
    if names is not None:
        job.skills.set(skills_get_or_create(names=names))
    return job


def job_delete(*, job: Job) -> None:
    """Delete a job with its pictures (files too, once the deletion is committed)."""
    with transaction.atomic():
        files = [p.image for p in job.pictures.all()]
        job.delete()
        transaction.on_commit(lambda: delete_files(files))


def delete_files(files) -> None:
    """Remove stored files; run it after the commit that removed their rows."""
    for field_file in files:
        field_file.storage.delete(field_file.name)


def _lock_job(job_id: int) -> None:
    """Take the row lock that serialises writes on one job's dependants."""
    Job.objects.select_for_update().filter(pk=job_id).values_list("pk", flat=True).first()


# --- pictures -------------------------------------------------------------------------


@transaction.atomic
def picture_add(*, job: Job, image: ContentFile, is_main: bool = False) -> JobPicture:
    """Add a picture; the first picture of a job, or one sent with ``is_main``, is main."""
    _lock_job(job.pk)
    pictures = JobPicture.objects.filter(job=job)
    if pictures.count() >= MAX_PICTURES_PER_JOB:
        raise ValidationFailed(
            Code.JOB_PICTURE_LIMIT,
            errors={"image": [f"A job has at most {MAX_PICTURES_PER_JOB} pictures."]},
        )
    has_main = pictures.filter(is_main=True).exists()
    if is_main and has_main:
        pictures.filter(is_main=True).update(is_main=False)
    return JobPicture.objects.create(job=job, image=image, is_main=is_main or not has_main)


@transaction.atomic
def picture_set_main(*, picture: JobPicture) -> JobPicture:
    """Make ``picture`` its job's main picture (the previous main one stops being main)."""
    _lock_job(picture.job_id)
    JobPicture.objects.filter(job_id=picture.job_id, is_main=True).exclude(pk=picture.pk).update(
        is_main=False
    )
    if not picture.is_main:
        picture.is_main = True
        picture.save(update_fields=["is_main"])
    return picture


def picture_delete(*, picture: JobPicture) -> None:
    """Delete a picture; when it was the main one, the oldest remaining one becomes main."""
    with transaction.atomic():
        _lock_job(picture.job_id)
        was_main = JobPicture.objects.filter(pk=picture.pk, is_main=True).exists()
        image = picture.image
        picture.delete()
        if was_main:
            heir = JobPicture.objects.filter(job_id=picture.job_id).order_by("id").first()
            if heir is not None:
                heir.is_main = True
                heir.save(update_fields=["is_main"])
        transaction.on_commit(lambda: delete_files([image]))


# --- reviews --------------------------------------------------------------------------


def job_rating_refresh(*, job_id: int) -> tuple[Decimal, int]:
    """Recompute a job's ``average_rating`` and ``review_count`` from its reviews.

    Call it inside the transaction that changed the reviews. It takes the job's row
    lock before aggregating, so the aggregate reads every review committed by the
    writers that held the lock before, plus this transaction's own change; a writer
    that comes later waits for this commit and then counts this change too.
    """
    _lock_job(job_id)  # already held by the review services; needed by the admin
    totals = Review.objects.filter(job_id=job_id).aggregate(total=Sum("rating"), n=Count("id"))
    count = totals["n"] or 0
    average = (
        (Decimal(totals["total"]) / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        if count
        else Decimal(0)
    )
    Job.objects.filter(pk=job_id).update(average_rating=average, review_count=count)
    return average, count


def review_create(*, job: Job, user, data: dict) -> Review:
    """``user`` reviews ``job``: not their own (403), once per job (409, a DB constraint)."""
    if job.owner_id == user.pk:
        raise Forbidden(Code.REVIEW_OWN_JOB)
    with transaction.atomic():
        _lock_job(job.pk)
        try:
            with transaction.atomic():
                review = Review.objects.create(job=job, user=user, **data)
        except IntegrityError:
            raise Conflict(Code.REVIEW_DUPLICATE) from None
        job_rating_refresh(job_id=job.pk)
    return review


@transaction.atomic
def review_update(*, review: Review, data: dict) -> Review:
    """Edit a review; a changed rating refreshes the job's aggregates."""
    _lock_job(review.job_id)
    for field, value in data.items():
        setattr(review, field, value)
    review.save()
    job_rating_refresh(job_id=review.job_id)
    return review


@transaction.atomic
def review_delete(*, review: Review) -> None:
    _lock_job(review.job_id)
    review.delete()
    job_rating_refresh(job_id=review.job_id)


# --- timetable ------------------------------------------------------------------------


@transaction.atomic
def timetable_replace(*, job: Job, days: list[dict]) -> list[TimetableSlot]:
    """Replace a job's whole weekly timetable with validated ``[{day_of_week, slots}]``."""
    _lock_job(job.pk)
    TimetableSlot.objects.filter(job=job).delete()
    return TimetableSlot.objects.bulk_create(
        [
            TimetableSlot(
                job=job,
                day_of_week=day["day_of_week"],
                start_time=slot["start_time"],
                end_time=slot["end_time"],
            )
            for day in days
            for slot in day["slots"]
        ]
    )


# --- reference data -------------------------------------------------------------------


def load_categories(*, path: Path = CATEGORIES_FILE) -> tuple[int, int]:
    """Load the bundled categories and subcategories; returns how many were created.

    Idempotent: rows are matched on their unique names, existing ones are kept.
    """
    with path.open(encoding="utf-8") as fh:
        tree: dict[str, list[str]] = json.load(fh)
    before = (Category.objects.count(), Subcategory.objects.count())
    with transaction.atomic():
        Category.objects.bulk_create([Category(name=name) for name in tree], ignore_conflicts=True)
        ids = dict(Category.objects.filter(name__in=list(tree)).values_list("name", "id"))
        Subcategory.objects.bulk_create(
            [
                Subcategory(category_id=ids[category], name=name)
                for category, names in tree.items()
                for name in names
            ],
            ignore_conflicts=True,
        )
    return Category.objects.count() - before[0], Subcategory.objects.count() - before[1]
