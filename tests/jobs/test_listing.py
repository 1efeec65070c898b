"""Each job's list children (``JobListing``), kept by database triggers through every
write path, and the job list reading them."""

from datetime import time

import pytest
from django.db import connection
from django.urls import reverse

from jobs.models import Job, JobListing, JobPicture, Skill, TimetableSlot
from jobs.rows import job_rows_representation
from jobs.selectors import job_rows, jobs_for_display
from jobs.serializers import JobSerializer
from locations.models import City, Province
from tests.accounts.factories import UserFactory
from tests.jobs.factories import (
    JobFactory,
    JobPictureFactory,
    SkillFactory,
    TimetableSlotFactory,
    image_upload,
)
from tests.locations.factories import CityFactory, ProvinceFactory
from tests.races import run_together

pytestmark = pytest.mark.django_db

JOB = "api:job-detail"
TIMETABLE = "api:job-timetable"
PICTURES = "api:job-picture-list"
PICTURE = "api:job-picture-detail"


def listed(job_id: int) -> dict:
    """The job as the list shows it (its children from its ``JobListing``)."""
    rows = job_rows(Job.objects.filter(pk=job_id))
    return job_rows_representation(rows, None)[0]


def displayed(job_id: int) -> dict:
    """The job as the detail shows it (its children read through the ORM)."""
    return dict(JobSerializer(jobs_for_display().get(pk=job_id)).data)


def assert_listings_exact() -> None:
    """Every job has one listing and the list shows what the detail shows."""
    jobs = set(Job.objects.values_list("pk", flat=True))
    assert set(JobListing.objects.values_list("job_id", flat=True)) == jobs
    for job_id in jobs:
        assert listed(job_id) == displayed(job_id)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_new_job_is_listed_with_its_place_and_no_children(alice_client, subcategory, city):
    body = {"title": "Tiler", "subcategory": subcategory.id, "city": city.id}
    job = alice_client.post(reverse("api:job-list"), body, format="json").json()["data"]

    item = listed(job["id"])
    assert (item["city_name"], item["province_name"]) == ("Shiraz", "Fars")
    assert (item["skills"], item["pictures"], item["timetable"]) == ([], [], [])
    assert_listings_exact()


def test_the_api_s_writes_keep_the_listing(alice_client, alice_job, media):
    other_city = CityFactory(name="Tabriz")
    detail = reverse(JOB, args=[alice_job.pk])
    changed = {"city": other_city.pk, "skills": ["Tiling", "grout"]}
    assert alice_client.patch(detail, changed, format="json").status_code == 200
    week = [
        {"day_of_week": "friday", "slots": [{"start_time": "13:00", "end_time": "17:30"}]},
        {"day_of_week": "monday", "slots": [{"start_time": "09:00", "end_time": "12:00"}]},
    ]
    timetable = reverse(TIMETABLE, args=[alice_job.pk])
    assert alice_client.put(timetable, week, format="json").status_code == 200
    pictures = reverse(PICTURES, args=[alice_job.pk])
    first, second = (
        alice_client.post(pictures, {"image": image_upload()}, format="multipart").json()["data"]
        for _ in range(2)
    )
    second_url = reverse(PICTURE, args=[alice_job.pk, second["id"]])
    assert alice_client.patch(second_url, {"is_main": True}, format="json").status_code == 200

    item = listed(alice_job.pk)
    assert item["city_name"] == "Tabriz"
    assert {skill["title"] for skill in item["skills"]} == {"grout", "Tiling"}
    assert [day["day_of_week"] for day in item["timetable"]] == ["monday", "friday"]
    assert [p["id"] for p in item["pictures"]] == [first["id"], second["id"]]
    assert item["main_picture"] == item["pictures"][1]["image"]
    assert_listings_exact()

    assert alice_client.delete(second_url).status_code == 200
    assert alice_client.put(timetable, [], format="json").status_code == 200
    assert [p["id"] for p in listed(alice_job.pk)["pictures"]] == [first["id"]]
    assert listed(alice_job.pk)["timetable"] == []
    assert_listings_exact()

    assert alice_client.delete(detail).status_code == 200
    assert not JobListing.objects.filter(job_id=alice_job.pk).exists()
    assert_listings_exact()


def test_orm_bulk_and_queryset_writes_keep_the_listing(alice_job, media):
    jobs = Job.objects.bulk_create(
        [Job(owner=alice_job.owner, title=f"Bulk {i}", subcategory=alice_job.subcategory,
             city=alice_job.city) for i in range(3)]
    )  # fmt: skip
    skills = [SkillFactory(title=title) for title in ("Zeta", "alpha", "Beta")]
    jobs[0].skills.set(skills)
    jobs[1].skills.add(skills[0])
    alice_job.skills.add(*skills[1:])
    JobPicture.objects.bulk_create(
        [JobPicture(job=jobs[0], image=f"jobs/p{i}.png", is_main=i == 1) for i in range(3)]
    )
    TimetableSlot.objects.bulk_create(
        [
            TimetableSlot(job=jobs[0], day_of_week=day, start_time=time(9), end_time=time(10))
            for day in (6, 0, 3)
        ]
        + [TimetableSlot(job=jobs[1], day_of_week=2, start_time=time(6, 0, 0, 500000),
                         end_time=time(7))]
    )  # fmt: skip
    assert_listings_exact()

    TimetableSlot.objects.filter(job=jobs[0], day_of_week=3).update(end_time=time(11, 15))
    TimetableSlot.objects.filter(job=jobs[1]).update(job=jobs[2])  # moved between jobs
    JobPicture.objects.filter(job=jobs[0], is_main=True).update(is_main=False)
    JobPicture.objects.filter(job=jobs[0]).order_by("id")[:1].get().delete()
    jobs[0].skills.remove(skills[0])
    alice_job.skills.clear()
    Job.objects.filter(pk=jobs[1].pk).update(city=CityFactory())
    assert_listings_exact()

    skills[1].delete()  # the skill's links go with it
    Job.objects.filter(pk__in=[jobs[0].pk, jobs[2].pk]).delete()
    assert_listings_exact()


def test_renamed_skills_cities_and_provinces_are_relisted(alice_job):
    other = JobFactory(city=alice_job.city, skills=[alice_job.skills.get()])
    apart = JobFactory()
    apart_before = JobListing.objects.get(pk=apart.pk).children

    skill = alice_job.skills.get()
    skill.title = "Pipes"
    skill.save()
    assert [s["title"] for s in listed(other.pk)["skills"]] == ["Pipes"]
    Skill.objects.filter(pk=skill.pk).update(title="Drains")
    City.objects.filter(pk=alice_job.city_id).update(name="Shiraz city")
    Province.objects.filter(pk=alice_job.city.province_id).update(name="Pars")
    assert (listed(other.pk)["city_name"], listed(other.pk)["province_name"]) == (
        "Shiraz city",
        "Pars",
    )
    moved_to = ProvinceFactory(name="Bushehr")
    City.objects.filter(pk=alice_job.city_id).update(province=moved_to)
    assert listed(alice_job.pk)["province"] == moved_to.pk
    assert_listings_exact()
    assert JobListing.objects.get(pk=apart.pk).children == apart_before


def test_rows_written_in_raw_sql_are_listed_too(alice_job):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO jobs_timetableslot (job_id, day_of_week, start_time, end_time)"
            " VALUES (%s, 1, '08:00:00', '09:30:00')",
            [alice_job.pk],
        )
    assert listed(alice_job.pk)["timetable"] == [
        {"day_of_week": "tuesday", "slots": [{"start_time": "08:00:00", "end_time": "09:30:00"}]}
    ]
    assert_listings_exact()


def test_account_deletion_takes_the_listings_with_the_jobs(alice, alice_job, media):
    JobPictureFactory(job=alice_job)
    TimetableSlotFactory(job=alice_job)
    kept = JobFactory(owner=UserFactory())
    alice.delete()
    assert list(JobListing.objects.values_list("job_id", flat=True)) == [kept.pk]
    assert_listings_exact()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_to_one_job_leave_out_none_of_each_other_s_rows():
    job = JobFactory()
    threads_count = 8

    def write(index: int) -> None:
        JobPicture.objects.create(job=job, image=f"jobs/race{index}.png")
        TimetableSlot.objects.create(
            job=job, day_of_week=index % 7, start_time=time(index), end_time=time(index + 1)
        )

    run_together(threads_count, write)

    item = listed(job.pk)
    assert len(item["pictures"]) == threads_count
    assert sum(len(day["slots"]) for day in item["timetable"]) == threads_count
    assert_listings_exact()
