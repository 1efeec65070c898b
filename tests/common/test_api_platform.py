from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from common.codes import Code

pytestmark = pytest.mark.django_db


def test_codes_lists_every_code_unpaged(api_client):
    response = api_client.get(reverse("api:codes"))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CODES_LISTED
    assert len(body["data"]) == len(Code)
    assert {"code": 120, "name": "TOKEN_INVALID", "msg": Code.TOKEN_INVALID.msg} in body["data"]
    assert {"code": 999, "name": "SERVER_ERROR", "msg": Code.SERVER_ERROR.msg} in body["data"]


def test_code_numbers_are_unique():
    assert len({int(c) for c in Code}) == len(Code)


def test_the_fixed_codes_keep_their_numbers():
    fixed = {
        "LOGIN_SUCCEEDED": 100, "LOGIN_FAILED": 101, "ACCOUNT_CREATED": 105,
        "TOKEN_INVALID": 120, "CONTACT_NOT_FOUND": 212, "CONTACTS_LISTED": 215,
        "STORY_NOT_FOUND": 421, "GROUP_CREATED": 500, "UPCOMING_BIRTHDAYS_LISTED": 509,
        "EVENT_CREATED": 513, "EVENT_UPDATED": 519,
    }  # fmt: skip
    assert {name: int(Code[name]) for name in fixed} == fixed


def test_health_answers_ok_when_the_database_answers(api_client):
    response = api_client.get(reverse("api:health"))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.HEALTHY,
        "msg": Code.HEALTHY.msg,
        "data": {"database": "ok"},
    }


def test_health_answers_503_when_the_database_is_down(api_client):
    with mock.patch("common.views.connection.cursor", side_effect=OperationalError("down")):
        response = api_client.get(reverse("api:health"))

    assert response.status_code == 503
    assert response.json()["code"] == Code.SERVICE_UNAVAILABLE


def test_unknown_api_url_is_a_404_envelope(api_client):
    response = api_client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json() == {"code": Code.NOT_FOUND, "msg": Code.NOT_FOUND.msg, "errors": None}


def test_wrong_method_is_a_405_envelope(api_client):
    response = api_client.post(reverse("api:codes"))

    assert response.status_code == 405
    assert response.json()["code"] == Code.METHOD_NOT_ALLOWED


def test_schema_and_docs_are_served_offline(api_client):
    assert api_client.get("/api/schema/").status_code == 200
    docs = api_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"static/drf_spectacular_sidecar" in docs.content
    assert api_client.get("/api/redoc/").status_code == 200
