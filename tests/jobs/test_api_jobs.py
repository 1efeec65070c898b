from decimal import Decimal

import pytest
from django.urls import reverse

from common.codes import Code
from jobs.models import Job, Skill
from tests.jobs.factories import JobFactory, JobPictureFactory, SkillFactory, TimetableSlotFactory

pytestmark = pytest.mark.django_db

LIST = "api:job-list"
DETAIL = "api:job-detail"
JOB_FIELDS = {
    "id", "title", "description", "subcategory", "subcategory_name", "category",
    "category_name", "city", "city_name", "province", "province_name", "owner", "skills",
    "experiences", "hourly_rate", "initial_cost", "main_picture", "pictures",
    "average_rating", "review_count", "timetable", "created_at", "updated_at",
}  # fmt: skip
PUBLIC_PROFILE_FIELDS = {
    "id", "username", "first_name", "last_name", "avatar", "description", "background_color",
}  # fmt: skip


def _payload(subcategory, city, **extra):
    return {"title": "Tiler", "subcategory": subcategory.id, "city": city.id, **extra}


def test_anonymous_lists_jobs_with_every_field(api_client, alice_job):
    response = api_client.get(reverse(LIST))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.JOBS_LISTED
    assert body["data"]["count"] == 1
    item = body["data"]["results"][0]
    assert set(item) == JOB_FIELDS
    assert set(item["owner"]) == PUBLIC_PROFILE_FIELDS
    assert item["owner"]["username"] == "alice"
    assert item["skills"] == [{"id": alice_job.skills.get().id, "title": "Plumbing"}]
    assert item["average_rating"] == 0
    assert item["review_count"] == 0
    assert item["main_picture"] is None
    assert item["pictures"] == []
    assert item["timetable"] == []


def test_anonymous_retrieves_a_job_with_everything(api_client, alice_job, city, subcategory):
    picture = JobPictureFactory(job=alice_job, is_main=True)
    TimetableSlotFactory(job=alice_job, day_of_week=2, start_time="14:00", end_time="18:00")
    TimetableSlotFactory(job=alice_job, day_of_week=0, start_time="09:00", end_time="12:00")

    response = api_client.get(reverse(DETAIL, args=[alice_job.id]))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.JOB_RETRIEVED
    data = body["data"]
    assert data["title"] == "Emergency plumber"
    assert (data["subcategory"], data["subcategory_name"]) == (subcategory.id, "Plumbing")
    assert (data["category"], data["category_name"]) == (subcategory.category_id, "Home services")
    assert (data["city"], data["city_name"]) == (city.id, "Shiraz")
    assert (data["province"], data["province_name"]) == (city.province_id, "Fars")
    assert data["hourly_rate"] == "20.00"
    assert data["initial_cost"] is None
    assert data["main_picture"].startswith("http://testserver/media/")
    assert data["main_picture"].endswith(picture.image.name)
    assert data["pictures"] == [{"id": picture.id, "image": data["main_picture"], "is_main": True}]
    assert data["timetable"] == [
        {"day_of_week": "monday", "slots": [{"start_time": "09:00:00", "end_time": "12:00:00"}]},
        {"day_of_week": "wednesday", "slots": [{"start_time": "14:00:00", "end_time": "18:00:00"}]},
    ]


def test_an_unknown_job_is_a_404(api_client):
    for pk in (999999, 99999999999999999999999):
        response = api_client.get(reverse(DETAIL, args=[pk]))

        assert response.status_code == 404
        assert response.json()["code"] == Code.JOB_NOT_FOUND


def test_bob_creates_a_job_with_new_and_existing_skills(bob_client, bob, subcategory, city):
    existing = SkillFactory(title="Plumbing")

    response = bob_client.post(
        reverse(LIST),
        _payload(
            subcategory,
            city,
            description="Bathrooms and kitchens.",
            skills=["plumbing", "Tiling", "  tiling ", "Grout  work"],
            experiences="Ten years.",
            hourly_rate="25.50",
            initial_cost=10,
        ),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.JOB_CREATED
    data = body["data"]
    assert set(data) == JOB_FIELDS
    assert data["owner"]["id"] == bob.id
    assert [s["title"] for s in data["skills"]] == ["Grout work", "Plumbing", "Tiling"]
    assert data["hourly_rate"] == "25.50"
    assert data["initial_cost"] == "10.00"
    job = Job.objects.get(pk=data["id"])
    assert job.owner == bob
    assert job.hourly_rate == Decimal("25.50")
    assert existing in job.skills.all()
    assert Skill.objects.count() == 3


def test_skills_match_case_insensitively_across_jobs(alice_client, bob_client, subcategory, city):
    alice_client.post(reverse(LIST), _payload(subcategory, city, skills=["Python"]), format="json")
    response = bob_client.post(
        reverse(LIST), _payload(subcategory, city, skills=["PYTHON"]), format="json"
    )

    assert response.json()["data"]["skills"][0]["title"] == "Python"
    assert Skill.objects.count() == 1


def test_only_title_subcategory_and_city_are_required(alice_client, subcategory, city):
    response = alice_client.post(reverse(LIST), _payload(subcategory, city))

    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["description"], data["experiences"], data["skills"]) == ("", "", [])
    assert (data["hourly_rate"], data["initial_cost"]) == (None, None)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"subcategory": None}, "subcategory"),
        ({"subcategory": 999999}, "subcategory"),
        ({"subcategory": "plumbing"}, "subcategory"),
        ({"city": 999999}, "city"),
        ({"city": [1]}, "city"),
        ({"description": "x" * 5001}, "description"),
        ({"experiences": "x" * 5001}, "experiences"),
        ({"hourly_rate": "-1"}, "hourly_rate"),
        ({"hourly_rate": "abc"}, "hourly_rate"),
        ({"hourly_rate": "1.234"}, "hourly_rate"),
        ({"hourly_rate": "123456789"}, "hourly_rate"),
        ({"hourly_rate": "NaN"}, "hourly_rate"),
        ({"initial_cost": -5}, "initial_cost"),
        ({"skills": "Python"}, "skills"),
        ({"skills": [""]}, "skills"),
        ({"skills": ["x" * 51]}, "skills"),
        ({"skills": [f"skill {i}" for i in range(21)]}, "skills"),
        ({"skills": [{"title": "x"}]}, "skills"),
    ],
)
def test_invalid_jobs_are_refused(alice_client, subcategory, city, change, field):
    payload = {**_payload(subcategory, city), **change}
    payload = {k: v for k, v in payload.items() if v is not None}

    response = alice_client.post(reverse(LIST), payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.JOB_CREATE_FAILED
    assert any(key.split(".")[0] == field for key in body["errors"])
    assert not Job.objects.exists()
    assert not Skill.objects.exists()


def test_malformed_json_is_a_400(alice_client):
    response = alice_client.generic("POST", reverse(LIST), "[{", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST


def test_anonymous_cannot_create(api_client, subcategory, city):
    response = api_client.post(reverse(LIST), _payload(subcategory, city))

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert not Job.objects.exists()


def test_the_owner_edits_a_job_and_replaces_its_skills(alice_client, alice_job):
    response = alice_client.patch(
        reverse(DETAIL, args=[alice_job.id]),
        {"title": "Plumber", "skills": ["Heating"], "hourly_rate": None},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.JOB_UPDATED
    assert body["data"]["title"] == "Plumber"
    assert [s["title"] for s in body["data"]["skills"]] == ["Heating"]
    assert body["data"]["hourly_rate"] is None
    alice_job.refresh_from_db()
    assert alice_job.title == "Plumber"
    assert list(alice_job.skills.values_list("title", flat=True)) == ["Heating"]


def test_a_patch_without_skills_keeps_them(alice_client, alice_job):
    alice_client.patch(reverse(DETAIL, args=[alice_job.id]), {"description": "New"})

    assert list(alice_job.skills.values_list("title", flat=True)) == ["Plumbing"]


def test_the_owner_cannot_fake_the_rating(alice_client, alice_job):
    alice_client.patch(
        reverse(DETAIL, args=[alice_job.id]), {"average_rating": 5, "review_count": 9}
    )

    alice_job.refresh_from_db()
    assert (alice_job.average_rating, alice_job.review_count) == (0, 0)


def test_an_invalid_edit_changes_nothing(alice_client, alice_job):
    response = alice_client.patch(
        reverse(DETAIL, args=[alice_job.id]), {"title": "", "skills": ["New"]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == Code.JOB_UPDATE_FAILED
    alice_job.refresh_from_db()
    assert alice_job.title == "Emergency plumber"
    assert not Skill.objects.filter(title="New").exists()


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_bob_may_not_change_alice_job(bob_client, alice_job, method):
    response = getattr(bob_client, method)(reverse(DETAIL, args=[alice_job.id]), {"title": "x"})

    assert response.status_code == 403
    assert response.json()["code"] == Code.JOB_NOT_OWNER
    alice_job.refresh_from_db()
    assert alice_job.title == "Emergency plumber"


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_anonymous_may_not_change_a_job(api_client, alice_job, method):
    response = getattr(api_client, method)(reverse(DETAIL, args=[alice_job.id]), {"title": "x"})

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert Job.objects.filter(pk=alice_job.id, title="Emergency plumber").exists()


def test_put_on_a_job_is_not_allowed(alice_client, alice_job):
    response = alice_client.put(reverse(DETAIL, args=[alice_job.id]), {"title": "x"})

    assert response.status_code == 405
    assert response.json()["code"] == Code.METHOD_NOT_ALLOWED


def test_the_owner_deletes_a_job_with_everything_it_has(
    alice_client, alice_job, django_capture_on_commit_callbacks
):
    picture = JobPictureFactory(job=alice_job, is_main=True)
    storage, name = picture.image.storage, picture.image.name
    TimetableSlotFactory(job=alice_job)

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.delete(reverse(DETAIL, args=[alice_job.id]))

    assert response.status_code == 200
    assert response.json() == {"code": Code.JOB_DELETED, "msg": Code.JOB_DELETED.msg, "data": None}
    assert not Job.objects.filter(pk=alice_job.id).exists()
    assert not storage.exists(name)


def test_the_default_order_is_newest_first(api_client, alice):
    first, second, third = JobFactory.create_batch(3, owner=alice)

    response = api_client.get(reverse(LIST))

    assert [row["id"] for row in response.json()["data"]["results"]] == [
        third.id,
        second.id,
        first.id,
    ]


@pytest.mark.parametrize(
    "raw",
    [
        '{"title": "x", "subcategory": SUB, "city": 1e400}',
        '{"title": "x", "subcategory": true, "city": CITY}',
        '{"title": "x", "subcategory": SUB, "city": 1.0}',
        '{"title": "x", "subcategory": "1 ", "city": CITY}',
        '{"title": "\\ud800", "subcategory": SUB, "city": CITY}',
        '{"title": "a\\u0000b", "subcategory": SUB, "city": CITY}',
        '{"title": "x", "subcategory": SUB, "city": CITY, "hourly_rate": 1e400}',
    ],
)
def test_odd_json_values_are_a_400_not_a_crash(alice_client, subcategory, city, raw):
    body = raw.replace("SUB", str(subcategory.id)).replace("CITY", str(city.id))

    response = alice_client.generic("POST", reverse(LIST), body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.JOB_CREATE_FAILED
    assert not Job.objects.exists()
