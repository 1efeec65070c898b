"""Demo data of the marketplace: categories, jobs with generated pictures, reviews and
timetables for the demo users; ``--scale N`` adds N bulk jobs per demo user.

Idempotent: the hand-made jobs are created once (when alice has none), and the bulk
jobs ("Demo listing #i") are topped up to N per demo user.
"""

import io
import random
import uuid
from datetime import time
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from accounts.demo import demo_users
from jobs.models import Category, Job, JobPicture, Review, Subcategory, TimetableSlot
from jobs.services import job_rating_refresh, load_categories, skills_get_or_create
from locations.models import City

BULK_PREFIX = "Demo listing #"
SKILL_NAMES = [
    "Python", "Django", "Plumbing", "Tiling", "Photoshop", "Photography", "Persian",
    "English", "Accounting", "Carpentry", "Wiring", "Yoga", "Cooking", "Driving",
]  # fmt: skip
JOBS = [
    ("Friendly house cleaning", "Cleaning", ["Cooking"]),
    ("Emergency plumber, day and night", "Plumbing", ["Plumbing", "Tiling"]),
    ("Django and Python web apps", "Software development", ["Python", "Django"]),
    ("Wedding and portrait photography", "Photography", ["Photography", "Photoshop"]),
    ("Persian and English translation", "Translation", ["Persian", "English"]),
    ("Small business bookkeeping", "Accounting and bookkeeping", ["Accounting"]),
    ("Custom furniture and repairs", "Carpentry", ["Carpentry"]),
    ("Home electrics and lighting", "Electrical work", ["Wiring"]),
    ("Morning yoga classes", "Yoga and pilates", ["Yoga"]),
    ("Driving lessons for beginners", "Driving lessons", ["Driving"]),
    ("Logo and brand design", "Graphic design", ["Photoshop"]),
    ("Maths tutoring for high school", "Mathematics", ["English"]),
]
CITY_NAMES = ["Tehran", "Isfahan", "Shiraz", "Tabriz", "Mashhad", "Karaj", "Rasht", "Yazd"]
REVIEWS = [
    (5, "Excellent", "On time, careful and friendly. Would book again."),
    (4, "Very good", "Good work at a fair price."),
    (3, "Fine", "The job got done, communication could be better."),
    (5, "Top", "Exactly what I needed."),
    (2, "Not great", "Arrived late and had to come back twice."),
]
WEEK = (
    [(day, time(9), time(12)) for day in range(5)]
    + [(day, time(13), time(17)) for day in range(5)]
    + [(5, time(10), time(14))]
)
COLORS = ["#e76f51", "#2a9d8f", "#e9c46a", "#264653", "#8ab17d", "#6d597a", "#b56576"]


def picture_bytes(seed: int, size: tuple[int, int] = (480, 320)) -> bytes:
    """A small generated PNG: two colour bands and a circle, different for each seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, rng.choice(COLORS))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle([0, height * 2 // 3, width, height], fill=rng.choice(COLORS))
    radius = rng.randint(height // 8, height // 4)
    cx, cy = rng.randint(radius, width - radius), rng.randint(radius, height * 2 // 3)
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill="#ffffff")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _cities() -> list[City]:
    cities = list(City.objects.filter(name__in=CITY_NAMES).order_by("id"))
    return cities or list(City.objects.order_by("id")[:8])


def _subcategories() -> dict[str, Subcategory]:
    return {s.name: s for s in Subcategory.objects.order_by("id")}


def _seed_showcase(users, rng: random.Random) -> None:
    """A few hand-written jobs per demo user, with pictures, reviews and timetables."""
    cities, subcategories = _cities(), _subcategories()
    fallback = next(iter(subcategories.values()))
    for index, (title, subcategory, skills) in enumerate(JOBS):
        owner = users[index % len(users)]
        job = Job.objects.create(
            owner=owner,
            title=title,
            description=f"{title}. Experienced, insured and happy to help.",
            experiences=f"{rng.randint(2, 20)} years of experience.",
            subcategory=subcategories.get(subcategory, fallback),
            city=cities[index % len(cities)],
            hourly_rate=Decimal(rng.randint(10, 80)),
            initial_cost=Decimal(rng.choice([0, 10, 25])) if index % 3 else None,
        )
        job.skills.set(skills_get_or_create(names=skills))
        for n in range(2):
            JobPicture.objects.create(
                job=job,
                is_main=n == 0,
                image=ContentFile(picture_bytes(index * 10 + n), name=f"{uuid.uuid4().hex}.png"),
            )
        TimetableSlot.objects.bulk_create(
            TimetableSlot(job=job, day_of_week=d, start_time=s, end_time=e)
            for d, s, e in WEEK[: 6 + index % 6]
        )
        reviewers = [u for u in users if u.pk != owner.pk]
        Review.objects.bulk_create(
            Review(job=job, user=user, rating=r, title=t, comment=c)
            for user, (r, t, c) in zip(reviewers, rng.sample(REVIEWS, len(reviewers)), strict=False)
        )
        job_rating_refresh(job_id=job.pk)


def create_bulk_jobs(
    owners, per_owner: int, *, rng: random.Random, reviewers=None, start: int = 0
) -> int:
    """Bulk-create ``per_owner`` plain jobs for each owner (benchmarks and ``--scale``).

    Jobs get a skill or two, a timetable day and up to three reviews from
    ``reviewers`` (default: the owners) other than the owner; their aggregates are
    computed here, in bulk. Returns how many jobs were created.
    """
    reviewers = list(reviewers if reviewers is not None else owners)
    cities = list(City.objects.order_by("id").values_list("id", flat=True))
    subcategories = list(Subcategory.objects.order_by("id").values_list("id", flat=True))
    skills = skills_get_or_create(names=SKILL_NAMES)
    jobs = [
        Job(
            owner=owner,
            title=f"{BULK_PREFIX}{start + i} {rng.choice(SKILL_NAMES)} services",
            description=f"Bulk demo job {start + i} of {owner.username}.",
            subcategory_id=rng.choice(subcategories),
            city_id=rng.choice(cities),
            hourly_rate=Decimal(rng.randint(5, 150)) if i % 10 else None,
        )
        for owner in owners
        for i in range(per_owner)
    ]
    Job.objects.bulk_create(jobs, batch_size=2000)
    through = Job.skills.through
    links = {(job.pk, skill.pk) for job in jobs for skill in rng.sample(skills, rng.randint(1, 2))}
    through.objects.bulk_create(
        [through(job_id=j, skill_id=s) for j, s in links], batch_size=5000, ignore_conflicts=True
    )
    TimetableSlot.objects.bulk_create(
        [
            TimetableSlot(
                job=job, day_of_week=rng.randint(0, 6), start_time=time(9), end_time=time(17)
            )
            for job in jobs
        ],
        batch_size=5000,
    )
    reviews, updated = [], []
    for job in jobs:
        others = [u for u in reviewers if u.pk != job.owner_id]
        raters = rng.sample(others, min(len(others), rng.randint(0, 3)))
        ratings = [rng.randint(1, 5) for _ in raters]
        reviews += [Review(job=job, user=u, rating=r) for u, r in zip(raters, ratings, strict=True)]
        if ratings:
            job.review_count = len(ratings)
            job.average_rating = (Decimal(sum(ratings)) / len(ratings)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            updated.append(job)
    Review.objects.bulk_create(reviews, batch_size=5000)
    Job.objects.bulk_update(updated, ["average_rating", "review_count"], batch_size=2000)
    return len(jobs)


def seed(*, scale: int) -> None:
    if not Category.objects.exists():
        load_categories()
    users = demo_users()
    if len(users) < 2 or not City.objects.exists():
        return
    rng = random.Random(20261122)
    if not Job.objects.filter(owner=users[0]).exclude(title__startswith=BULK_PREFIX).exists():
        _seed_showcase(users, rng)
    if scale > 0:
        for user in users:
            have = Job.objects.filter(owner=user, title__startswith=BULK_PREFIX).count()
            if have < scale:
                create_bulk_jobs([user], scale - have, rng=rng, reviewers=users, start=have)
