import pytest
from django.contrib.auth import get_user_model

from common.codes import Code

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.common.urls")]


def test_success_is_wrapped_in_the_envelope_with_the_declared_code(api_client):
    response = api_client.post("/echo/", {"name": "abc"}, format="json")

    assert response.status_code == 201
    assert response.json() == {
        "code": Code.CREATED,
        "msg": Code.CREATED.msg,
        "data": {"name": "abc"},
    }


def test_validation_errors_are_field_lists_with_the_views_code(api_client):
    response = api_client.post("/echo/", {"name": "too long", "tags": ["x"]}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.CONTACT_ADD_FAILED
    assert set(body["errors"]) == {"name", "tags.0"}
    assert all(isinstance(m, str) for msgs in body["errors"].values() for m in msgs)


def test_malformed_json_is_a_400_with_its_code(api_client):
    response = api_client.post("/echo/", data='{"name": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST


def test_unsupported_media_type_is_a_415(api_client):
    response = api_client.post("/echo/", data="name=x", content_type="text/plain")

    assert response.status_code == 415
    assert response.json()["code"] == Code.UNSUPPORTED_MEDIA_TYPE


def test_unhandled_errors_answer_500_without_leaking_and_are_logged(api_client, caplog):
    api_client.raise_request_exception = False

    response = api_client.get("/crash/")

    assert response.status_code == 500
    assert response.json() == {
        "code": Code.SERVER_ERROR,
        "msg": Code.SERVER_ERROR.msg,
        "errors": None,
    }
    assert b"hunter2" not in response.content
    assert any("Unhandled error" in r.message for r in caplog.records)


def test_a_lost_race_on_a_constraint_is_a_409(api_client):
    response = api_client.post("/race/")

    assert response.status_code == 409
    assert response.json()["code"] == Code.CONFLICT


def test_domain_errors_carry_their_code_and_field_errors(api_client):
    response = api_client.get("/domain/")

    assert response.status_code == 409
    assert response.json() == {
        "code": Code.CONFLICT,
        "msg": Code.CONFLICT.msg,
        "errors": {"user": ["Already there."]},
    }


def test_no_token_is_a_401_with_code_120(api_client):
    response = api_client.get("/private/")

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_garbage_token_is_a_401_with_code_120(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")

    response = api_client.get("/private/")

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


def test_a_token_of_an_older_version_is_refused(alice, make_client):
    client = make_client(alice)
    get_user_model().objects.filter(pk=alice.pk).update(token_version=1)

    response = client.get("/private/")

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
