from datetime import time

import pytest
from django.urls import reverse

from common.codes import Code
from jobs.models import TimetableSlot
from tests.jobs.factories import TimetableSlotFactory

pytestmark = pytest.mark.django_db

URL = "api:job-timetable"


def _stored(job) -> list[tuple[int, time, time]]:
    return list(
        TimetableSlot.objects.filter(job=job)
        .order_by("day_of_week", "start_time")
        .values_list("day_of_week", "start_time", "end_time")
    )


@pytest.fixture
def stored_slot(alice_job):
    return TimetableSlotFactory(job=alice_job, day_of_week=6, start_time="10:00", end_time="11:00")


def test_anonymous_reads_the_timetable(api_client, alice_job, stored_slot):
    response = api_client.get(reverse(URL, args=[alice_job.id]))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.TIMETABLE_RETRIEVED,
        "msg": Code.TIMETABLE_RETRIEVED.msg,
        "data": [
            {"day_of_week": "sunday", "slots": [{"start_time": "10:00:00", "end_time": "11:00:00"}]}
        ],
    }


def test_the_owner_replaces_the_whole_timetable(alice_client, alice_job, stored_slot):
    body = [
        {"day_of_week": "friday", "slots": [{"start_time": "09:00", "end_time": "12:00"}]},
        {
            "day_of_week": "monday",
            "slots": [
                {"start_time": "13:00", "end_time": "17:30"},
                {"start_time": "08:00", "end_time": "13:00"},
            ],
        },
        {"day_of_week": "tuesday", "slots": []},
    ]

    response = alice_client.put(reverse(URL, args=[alice_job.id]), body, format="json")

    assert response.status_code == 200
    assert response.json()["code"] == Code.TIMETABLE_REPLACED
    assert response.json()["data"] == [
        {
            "day_of_week": "monday",
            "slots": [
                {"start_time": "08:00:00", "end_time": "13:00:00"},
                {"start_time": "13:00:00", "end_time": "17:30:00"},
            ],
        },
        {"day_of_week": "friday", "slots": [{"start_time": "09:00:00", "end_time": "12:00:00"}]},
    ]
    assert _stored(alice_job) == [
        (0, time(8), time(13)),
        (0, time(13), time(17, 30)),
        (4, time(9), time(12)),
    ]
    got = alice_client.get(reverse(URL, args=[alice_job.id])).json()["data"]
    assert got == response.json()["data"]


def test_an_empty_list_clears_the_timetable(alice_client, alice_job, stored_slot):
    response = alice_client.put(reverse(URL, args=[alice_job.id]), [], format="json")

    assert response.status_code == 200
    assert response.json()["data"] == []
    assert _stored(alice_job) == []


@pytest.mark.parametrize(
    ("body", "error_key"),
    [
        ([{"day_of_week": "funday", "slots": []}], "0.day_of_week"),
        ([{"day_of_week": 1, "slots": []}], "0.day_of_week"),
        ([{"day_of_week": "Monday", "slots": []}], "0.day_of_week"),
        ([{"slots": []}], "0.day_of_week"),
        ([{"day_of_week": "monday"}], "0.slots"),
        (
            [{"day_of_week": "monday", "slots": [{"start_time": "12:00", "end_time": "12:00"}]}],
            "0.slots.0.end_time",
        ),
        (
            [{"day_of_week": "monday", "slots": [{"start_time": "13:00", "end_time": "12:00"}]}],
            "0.slots.0.end_time",
        ),
        (
            [
                {
                    "day_of_week": "monday",
                    "slots": [
                        {"start_time": "09:00", "end_time": "12:00"},
                        {"start_time": "11:59", "end_time": "14:00"},
                    ],
                }
            ],
            "0.slots",
        ),
        (
            [
                {"day_of_week": "monday", "slots": []},
                {"day_of_week": "monday", "slots": []},
            ],
            "1.day_of_week",
        ),
        (
            [{"day_of_week": "monday", "slots": [{"start_time": "25:00", "end_time": "26:00"}]}],
            "0.slots.0.start_time",
        ),
        (
            [{"day_of_week": "monday", "slots": [{"start_time": "09:00"}]}],
            "0.slots.0.end_time",
        ),
        ([{"day_of_week": "monday", "slots": "09:00-10:00"}], "0.slots"),
        (
            [
                {
                    "day_of_week": "monday",
                    "slots": [
                        {"start_time": f"{h:02d}:00", "end_time": f"{h:02d}:30"} for h in range(24)
                    ]
                    + [{"start_time": "23:40", "end_time": "23:50"}],
                }
            ],
            "0.slots",
        ),
        ({"day_of_week": "monday", "slots": []}, "non_field_errors"),
        ("monday", "non_field_errors"),
    ],
)
def test_an_invalid_timetable_is_refused_and_changes_nothing(
    alice_client, alice_job, stored_slot, body, error_key
):
    response = alice_client.put(reverse(URL, args=[alice_job.id]), body, format="json")

    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == Code.TIMETABLE_INVALID
    assert any(key.startswith(error_key) for key in payload["errors"]), payload["errors"]
    assert _stored(alice_job) == [(6, time(10), time(11))]


def test_touching_slots_are_fine(alice_client, alice_job):
    body = [
        {
            "day_of_week": "saturday",
            "slots": [
                {"start_time": "09:00", "end_time": "10:00"},
                {"start_time": "10:00", "end_time": "11:00:30"},
            ],
        }
    ]

    response = alice_client.put(reverse(URL, args=[alice_job.id]), body, format="json")

    assert response.status_code == 200
    assert len(_stored(alice_job)) == 2


def test_bob_may_not_replace_alice_timetable(bob_client, alice_job, stored_slot):
    response = bob_client.put(reverse(URL, args=[alice_job.id]), [], format="json")

    assert response.status_code == 403
    assert response.json()["code"] == Code.JOB_NOT_OWNER
    assert _stored(alice_job) == [(6, time(10), time(11))]


def test_anonymous_may_not_replace_a_timetable(api_client, alice_job, stored_slot):
    response = api_client.put(reverse(URL, args=[alice_job.id]), [], format="json")

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert len(_stored(alice_job)) == 1


def test_the_timetable_of_an_unknown_job_is_a_404(api_client, alice_client):
    got = api_client.get(reverse(URL, args=[999999]))
    put = alice_client.put(reverse(URL, args=[999999]), [], format="json")

    assert (got.status_code, got.json()["code"]) == (404, Code.JOB_NOT_FOUND)
    assert (put.status_code, put.json()["code"]) == (404, Code.JOB_NOT_FOUND)


def test_a_multipart_timetable_is_a_415(alice_client, alice_job):
    response = alice_client.put(
        reverse(URL, args=[alice_job.id]), {"day_of_week": "monday"}, format="multipart"
    )

    assert response.status_code == 415
    assert response.json()["code"] == Code.UNSUPPORTED_MEDIA_TYPE
