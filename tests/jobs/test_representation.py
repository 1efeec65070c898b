"""The hand-built job and public-profile representations equal DRF's generic ones."""

from datetime import time
from decimal import Decimal

import pytest

from accounts.serializers import PublicProfileSerializer, public_profile
from jobs.selectors import jobs_by_ids
from jobs.serializers import JobSerializer
from tests.accounts.factories import UserFactory
from tests.common.representation import assert_same_as_generic, request_context
from tests.jobs.factories import (
    JobFactory,
    JobPictureFactory,
    SkillFactory,
    TimetableSlotFactory,
    image_upload,
)

pytestmark = pytest.mark.django_db


def test_job_output_equals_drf_generic_rendering(alice, alice_job, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bare = JobFactory(hourly_rate=None, initial_cost=None, description="", experiences="")
    rich = JobFactory(
        owner=UserFactory(avatar=image_upload(), description="Hi", background_color="#112233"),
        hourly_rate=Decimal("12.5"),
        initial_cost=Decimal("0"),
        average_rating=Decimal("3.67"),
        review_count=3,
        skills=[SkillFactory(title="Zeta"), SkillFactory(title="alpha")],
    )
    JobPictureFactory(job=rich, is_main=False)
    JobPictureFactory(job=rich, is_main=True)
    TimetableSlotFactory(job=rich, day_of_week=4, start_time=time(13), end_time=time(17, 30))
    TimetableSlotFactory(job=rich, day_of_week=0, start_time=time(9, 15, 5), end_time=time(12))
    TimetableSlotFactory(job=rich, day_of_week=0, start_time=time(7), end_time=time(8))
    jobs = jobs_by_ids([alice_job.pk, bare.pk, rich.pk])

    assert_same_as_generic(JobSerializer, jobs, **request_context(alice))
    assert_same_as_generic(JobSerializer, jobs)


def test_public_profile_function_equals_the_serializer(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = [UserFactory(), UserFactory(avatar=image_upload(), description="“Hi”")]
    for context in (request_context(), {}):
        for user in users:
            expected = PublicProfileSerializer(user, context=context).data
            assert list(public_profile(user, context.get("request")).items()) == list(
                expected.items()
            )
