"""The hand-built job and public-profile representations equal DRF's generic ones."""

from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from accounts.models import User
from accounts.selectors import PUBLIC_PROFILE_FIELDS
from accounts.serializers import PublicProfileSerializer, public_profile, public_profile_from_row
from jobs.models import Job
from jobs.rows import job_rows_representation
from jobs.selectors import job_rows, jobs_for_display
from jobs.serializers import JobSerializer
from tests.accounts.factories import UserFactory
from tests.common.representation import (
    assert_rows_same_as_generic,
    assert_same_as_generic,
    request_context,
)
from tests.jobs.factories import (
    JobFactory,
    JobPictureFactory,
    SkillFactory,
    TimetableSlotFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db


def _varied_jobs(alice_job) -> list[int]:
    bare = JobFactory(hourly_rate=None, initial_cost=None, description="", experiences="")
    rich = JobFactory(
        owner=UserFactory(avatar=image_upload(), description="Hi", background_color="#112233"),
        title="Tiles “and” ünïcödé",
        hourly_rate=Decimal("12.5"),
        initial_cost=Decimal("0"),
        average_rating=Decimal("3.67"),
        review_count=3,
        skills=[SkillFactory(title=title) for title in ("Zeta", "alpha", "Beta")],
    )
    JobPictureFactory(job=rich, is_main=False)
    JobPictureFactory(job=rich, is_main=True)
    JobPictureFactory(job=rich, is_main=False)
    TimetableSlotFactory(job=rich, day_of_week=4, start_time=time(13), end_time=time(17, 30))
    TimetableSlotFactory(job=rich, day_of_week=0, start_time=time(9, 15, 5), end_time=time(12))
    TimetableSlotFactory(job=rich, day_of_week=0, start_time=time(7), end_time=time(8))
    TimetableSlotFactory(
        job=rich, day_of_week=6, start_time=time(6, 0, 0, 500000), end_time=time(7, 0, 0, 123456)
    )
    pictures_only = JobFactory()
    JobPictureFactory(job=pictures_only, is_main=False)
    # Datetimes without a fraction and with trailing zeros in it, as DRF writes them.
    Job.objects.filter(pk=bare.pk).update(
        created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        updated_at=datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC),
    )
    return [alice_job.pk, bare.pk, rich.pk, pictures_only.pk]


def test_job_output_equals_drf_generic_rendering(alice, alice_job, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ids = _varied_jobs(alice_job)
    jobs = list(jobs_for_display().filter(pk__in=ids).order_by("id"))

    assert_same_as_generic(JobSerializer, jobs, **request_context(alice))
    assert_same_as_generic(JobSerializer, jobs)


@pytest.mark.parametrize("utc_text", [False, True])
def test_job_list_rows_render_as_drf_renders_the_job(
    alice, alice_job, settings, tmp_path, utc_text
):
    settings.MEDIA_ROOT = tmp_path
    ids = _varied_jobs(alice_job)
    jobs = list(jobs_for_display().filter(pk__in=ids).order_by("id"))
    rows = list(job_rows(Job.objects.filter(pk__in=ids).order_by("id"), utc_text=utc_text))
    assert (rows[0][-3].__class__ is str) == utc_text  # created_at

    for context in (request_context(alice), {}):
        assert_rows_same_as_generic(JobSerializer, jobs, rows, job_rows_representation, **context)
    # Skills in the database's title order (its collation), as the prefetch gives them.
    rich = job_rows_representation(rows, None)[2]
    assert [skill["title"] for skill in rich["skills"]] == [s.title for s in jobs[2].skill_list]
    assert len(rich["skills"]) == 3


def test_public_profile_function_equals_the_serializer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = [UserFactory(), UserFactory(avatar=image_upload(), description="“Hi”")]
    for context in (request_context(), {}):
        for user in users:
            expected = PublicProfileSerializer(user, context=context).data
            assert list(public_profile(user, context.get("request")).items()) == list(
                expected.items()
            )


def test_public_profile_row_equals_the_serializer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = [UserFactory(), UserFactory(avatar=image_upload(), description="“Hi”")]
    for context in (request_context(), {}):
        for user in users:
            row = User.objects.filter(pk=user.pk).values_list(*PUBLIC_PROFILE_FIELDS).get()
            expected = PublicProfileSerializer(user, context=context).data
            assert list(public_profile_from_row(row, context.get("request")).items()) == list(
                expected.items()
            )
