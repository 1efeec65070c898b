from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count, F

from jobs.demo import BULK_PREFIX
from jobs.models import Category, Job, JobPicture, Review, TimetableSlot
from locations.models import City

pytestmark = pytest.mark.django_db


def _state():
    return (
        Job.objects.count(),
        JobPicture.objects.count(),
        Review.objects.count(),
        TimetableSlot.objects.count(),
    )


def test_load_demo_fills_the_marketplace_idempotently(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)

    call_command("load_demo", "--scale", "3", verbosity=0)
    first = _state()
    call_command("load_demo", "--scale", "3", verbosity=0)

    assert _state() == first
    assert City.objects.count() >= 1132
    assert Category.objects.exists()
    jobs, pictures, reviews, slots = first
    assert Job.objects.filter(title__startswith=BULK_PREFIX).count() == 4 * 3
    assert jobs > 12 and pictures >= 12 and reviews > 0 and slots > 0
    assert JobPicture.objects.filter(is_main=True).count() == 12
    assert not Review.objects.filter(job__owner=F("user")).exists()
    for job in Job.objects.annotate(n=Count("reviews"), avg=Avg("reviews__rating")):
        assert job.review_count == job.n
        expected = Decimal(str(job.avg or 0)).quantize(Decimal("0.01"))
        assert abs(job.average_rating - expected) <= Decimal("0.01")


def test_load_demo_scales_up_without_duplicating(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)

    call_command("load_demo", "--scale", "2", verbosity=0)
    call_command("load_demo", "--scale", "5", verbosity=0)

    assert Job.objects.filter(title__startswith=BULK_PREFIX).count() == 4 * 5
