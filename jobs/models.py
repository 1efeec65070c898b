"""The skills marketplace: categories, skills, jobs, pictures, reviews, timetables (§7)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from common.models import TimeStamped

MONEY = {"max_digits": 10, "decimal_places": 2}


class Category(models.Model):
    """A main job category (e.g. "Home services"); reference data (``load_categories``)."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Subcategory(models.Model):
    """A subcategory of a main category; jobs are filed under one."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="subcategories")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "subcategories"
        constraints = [
            models.UniqueConstraint(
                fields=["category", "name"], name="jobs_subcategory_category_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A skill a job names; unique case-insensitively, created on first use."""

    title = models.CharField(max_length=50)

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(Lower("title"), name="jobs_skill_title_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Job(TimeStamped):
    """A service a user offers. Public: anyone may read, only the owner may change it.

    ``average_rating`` and ``review_count`` are denormalised from the reviews so lists
    can filter and order on them cheaply; :mod:`jobs.services` recomputes both in the
    same transaction as every review write, under a lock on the job row.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    subcategory = models.ForeignKey(Subcategory, on_delete=models.PROTECT, related_name="jobs")
    # The subcategory's category, for the list's category filter: one index range (with
    # the rating order, ``jobs_job_cat_rating_idx``) instead of a walk through every
    # subcategory's jobs. Written by database triggers only (migration 0007), from the
    # subcategory on every insert and change of subcategory, and on every job of a
    # subcategory moved to another category; null only inside an insert on SQLite.
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        db_index=False,
    )
    city = models.ForeignKey("locations.City", on_delete=models.PROTECT, related_name="jobs")
    skills = models.ManyToManyField(Skill, blank=True, related_name="jobs")
    experiences = models.TextField(max_length=5000, blank=True)
    hourly_rate = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    initial_cost = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    average_rating = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal(0))
    review_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_at", "id"], name="jobs_job_created_idx"),
            # The rating order; the subcategory too, so a category filter walking it
            # (best rated first) reads each job's subcategory from the index, not the row.
            models.Index(
                fields=["average_rating", "id", "subcategory"], name="jobs_job_rating_subcat_idx"
            ),
            models.Index(fields=["hourly_rate", "id"], name="jobs_job_rate_idx"),
            models.Index(fields=["title", "id"], name="jobs_job_title_idx"),
            # ?owner= in the default order (newest first, then the id).
            models.Index(fields=["owner", "created_at", "id"], name="jobs_job_owner_newest_idx"),
            # Category and subcategory filters (with ?min_rating= and the rating order):
            # the jobs of a few subcategories without reading the whole table.
            models.Index(
                fields=["subcategory", "average_rating", "id"], name="jobs_job_subcat_rating_idx"
            ),
            # ?category= (with ?min_rating= and the rating order): one range of the index.
            models.Index(
                fields=["category", "average_rating", "id"], name="jobs_job_cat_rating_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__isnull=True) | Q(hourly_rate__gte=0),
                name="jobs_job_hourly_rate_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(initial_cost__isnull=True) | Q(initial_cost__gte=0),
                name="jobs_job_initial_cost_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(average_rating__gte=0) & Q(average_rating__lte=5),
                name="jobs_job_average_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class JobListing(models.Model):
    """What the job list shows of a job's related rows, as one JSON text written by the
    database: ``[place, skills, pictures, slots]``, where ``place`` is
    ``[city name, province id, province name]``, ``skills`` ``[[id, title], ...]`` by
    title, ``pictures`` ``[[id, stored image name, is_main], ...]`` oldest first and
    ``slots`` ``[[day_of_week, start_time, end_time], ...]`` by day and start.

    Triggers (migration 0006) keep it exact in the statement's transaction, whatever
    writes the rows: a job's insert and change of city, its skills, pictures and slots,
    and the renaming of a skill, a city or a province. The list then reads one text
    column per job instead of four subqueries. Nothing in Python writes it.
    """

    job = models.OneToOneField(
        Job, on_delete=models.CASCADE, primary_key=True, related_name="listing"
    )
    children = models.TextField()

    def __str__(self) -> str:
        return f"Listing of job {self.job_id}"


class JobPicture(models.Model):
    """A picture of a job; at most one per job is the main one (a partial unique index)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="pictures")
    image = models.ImageField(upload_to="jobs/")
    is_main = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["job"], condition=Q(is_main=True), name="jobs_picture_one_main_per_job"
            ),
        ]

    def __str__(self) -> str:
        return f"Picture {self.pk} of job {self.job_id}"


class Review(TimeStamped):
    """A user's rating (1..5) and comment on someone else's job; one per user per job."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="reviews")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_reviews"
    )
    title = models.CharField(max_length=200, blank=True)
    comment = models.TextField(max_length=5000, blank=True)
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["job", "-created_at", "-id"], name="jobs_review_job_newest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["job", "user"], name="jobs_review_one_per_user"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="jobs_review_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 by {self.user_id} on job {self.job_id}"


class Weekday(models.IntegerChoices):
    """Days of the week, Monday first (ISO 8601 order, 0-based)."""

    MONDAY = 0, "monday"
    TUESDAY = 1, "tuesday"
    WEDNESDAY = 2, "wednesday"
    THURSDAY = 3, "thursday"
    FRIDAY = 4, "friday"
    SATURDAY = 5, "saturday"
    SUNDAY = 6, "sunday"


class TimetableSlot(models.Model):
    """One weekly opening of a job: a day and a time span (``start_time < end_time``).

    Slots of one day never overlap; the timetable service checks that before it
    replaces a job's slots.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="timetable_slots")
    day_of_week = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering = ["day_of_week", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="jobs_slot_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(day_of_week__gte=0) & Q(day_of_week__lte=6),
                name="jobs_slot_day_of_week_range",
            ),
            models.UniqueConstraint(
                fields=["job", "day_of_week", "start_time"], name="jobs_slot_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_day_of_week_display()} {self.start_time}-{self.end_time}"
