"""Refresh (rotation and blacklist), logout and bearer authentication errors."""

from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.authentication import tokens_for
from common.codes import Code
from tests.accounts.utils import assert_error, assert_success

pytestmark = pytest.mark.django_db

REFRESH = reverse("api:auth-refresh")
LOGOUT = reverse("api:auth-logout")
ME = reverse("api:me")


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


# --- refresh ------------------------------------------------------------------------


def test_refresh_answers_a_new_pair_and_blacklists_the_used_token(api_client, alice):
    pair = tokens_for(alice)

    data = assert_success(
        api_client.post(REFRESH, {"refresh": pair["refresh"]}, format="json"),
        200,
        Code.TOKENS_REFRESHED,
    )

    assert set(data) == {"access", "refresh"}
    assert data["refresh"] != pair["refresh"]
    used = RefreshToken(data["refresh"], verify=False)
    assert used["user_id"] == str(alice.pk)
    assert used["ver"] == alice.token_version
    assert BlacklistedToken.objects.filter(
        token__jti=RefreshToken(pair["refresh"], verify=False)["jti"]
    ).exists()
    assert OutstandingToken.objects.filter(jti=used["jti"], user=alice).exists()
    assert_success(bearer(data["access"]).get(ME), 200, Code.USER_RETRIEVED)


def test_the_rotated_refresh_token_works_again(api_client, alice):
    first = tokens_for(alice)["refresh"]
    second = api_client.post(REFRESH, {"refresh": first}, format="json").json()["data"]

    response = api_client.post(REFRESH, {"refresh": second["refresh"]}, format="json")

    assert_success(response, 200, Code.TOKENS_REFRESHED)


def test_reusing_a_used_refresh_token_answers_401_code_120(api_client, alice):
    refresh = tokens_for(alice)["refresh"]
    api_client.post(REFRESH, {"refresh": refresh}, format="json")

    response = api_client.post(REFRESH, {"refresh": refresh}, format="json")

    assert_error(response, 401, Code.TOKEN_INVALID)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("refresh", ["garbage", "a.b.c", "x" * 500])
def test_a_garbage_refresh_token_answers_401_code_120(api_client, refresh):
    response = api_client.post(REFRESH, {"refresh": refresh}, format="json")

    assert_error(response, 401, Code.TOKEN_INVALID)


@pytest.mark.parametrize("refresh", ["", None, 42, ["x"], "x" * 5000])
def test_a_malformed_refresh_field_answers_400(api_client, refresh):
    response = api_client.post(REFRESH, {"refresh": refresh}, format="json")

    assert "refresh" in assert_error(response, 400, Code.VALIDATION_ERROR)["errors"]


def test_an_access_token_is_no_refresh_token(api_client, alice):
    access = tokens_for(alice)["access"]

    assert_error(api_client.post(REFRESH, {"refresh": access}, format="json"), 401, 120)


def test_an_expired_refresh_token_answers_401_code_120(api_client, alice):
    token = RefreshToken.for_user(alice)
    token["ver"] = alice.token_version
    token.set_exp(lifetime=timedelta(seconds=-1))

    assert_error(api_client.post(REFRESH, {"refresh": str(token)}, format="json"), 401, 120)


def test_a_missing_refresh_token_answers_400(api_client):
    body = assert_error(api_client.post(REFRESH, {}, format="json"), 400, Code.VALIDATION_ERROR)

    assert "refresh" in body["errors"]


def test_a_refresh_token_of_a_revoked_token_version_answers_401(api_client, alice):
    refresh = tokens_for(alice)["refresh"]
    alice.token_version += 1
    alice.save(update_fields=["token_version"])

    assert_error(api_client.post(REFRESH, {"refresh": refresh}, format="json"), 401, 120)


def test_a_refresh_token_of_a_deleted_user_answers_401(api_client, alice):
    refresh = tokens_for(alice)["refresh"]
    alice.delete()

    assert_error(api_client.post(REFRESH, {"refresh": refresh}, format="json"), 401, 120)


def test_a_refresh_token_of_an_inactive_user_answers_401(api_client, alice):
    refresh = tokens_for(alice)["refresh"]
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert_error(api_client.post(REFRESH, {"refresh": refresh}, format="json"), 401, 120)


def test_refresh_ignores_a_stale_bearer_header(api_client, alice):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer garbage")

    response = api_client.post(REFRESH, {"refresh": tokens_for(alice)["refresh"]}, format="json")

    assert_success(response, 200, Code.TOKENS_REFRESHED)


# --- logout --------------------------------------------------------------------------


def test_logout_blacklists_the_refresh_token(alice, make_client, api_client):
    pair = tokens_for(alice)
    client = bearer(pair["access"])

    response = client.post(LOGOUT, {"refresh": pair["refresh"]}, format="json")

    assert assert_success(response, 200, Code.LOGGED_OUT) is None
    jti = RefreshToken(pair["refresh"], verify=False)["jti"]
    assert BlacklistedToken.objects.filter(token__jti=jti).exists()
    refreshed = api_client.post(REFRESH, {"refresh": pair["refresh"]}, format="json")
    assert_error(refreshed, 401, Code.TOKEN_INVALID)


def test_logout_with_another_users_refresh_token_answers_400(alice_client, bob):
    bobs = tokens_for(bob)["refresh"]

    response = alice_client.post(LOGOUT, {"refresh": bobs}, format="json")

    assert_error(response, 400, Code.LOGOUT_TOKEN_INVALID)
    assert not BlacklistedToken.objects.exists()


@pytest.mark.parametrize("refresh", ["garbage", "a.b.c", 42, None])
def test_logout_with_a_garbage_token_answers_400(alice_client, refresh):
    response = alice_client.post(LOGOUT, {"refresh": refresh}, format="json")

    assert_error(response, 400, Code.LOGOUT_TOKEN_INVALID)


def test_logout_twice_answers_400_the_second_time(alice, alice_client):
    refresh = tokens_for(alice)["refresh"]
    alice_client.post(LOGOUT, {"refresh": refresh}, format="json")

    response = alice_client.post(LOGOUT, {"refresh": refresh}, format="json")

    assert_error(response, 400, Code.LOGOUT_TOKEN_INVALID)


def test_logout_needs_a_bearer_token(api_client, alice):
    response = api_client.post(LOGOUT, {"refresh": tokens_for(alice)["refresh"]}, format="json")

    assert_error(response, 401, Code.TOKEN_INVALID)
    assert not BlacklistedToken.objects.exists()


# --- bearer authentication errors (common exception handler mapping) --------------


def test_no_token_answers_401_code_120(api_client):
    body = assert_error(api_client.get(ME), 401, Code.TOKEN_INVALID)

    assert body["errors"] is None


@pytest.mark.parametrize(
    "header",
    ["Bearer garbage", "Bearer a.b.c", "Token abc", "Bearer", "Bearer two tokens"],
)
def test_a_bad_authorization_header_answers_401_code_120(api_client, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)

    response = api_client.get(ME)

    assert_error(response, 401, Code.TOKEN_INVALID)


def test_the_401_message_is_plain_text(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer garbage")

    body = assert_error(api_client.get(ME), 401, Code.TOKEN_INVALID)

    assert "{" not in body["msg"]


def test_a_refresh_token_is_no_access_token(alice):
    assert_error(bearer(tokens_for(alice)["refresh"]).get(ME), 401, Code.TOKEN_INVALID)


def test_an_expired_access_token_answers_401(alice):
    token = AccessToken.for_user(alice)
    token["ver"] = alice.token_version
    token.set_exp(lifetime=timedelta(seconds=-1))

    assert_error(bearer(str(token)).get(ME), 401, Code.TOKEN_INVALID)


def test_an_access_token_of_an_older_token_version_answers_401(alice):
    access = tokens_for(alice)["access"]
    alice.token_version += 1
    alice.save(update_fields=["token_version"])

    assert_error(bearer(access).get(ME), 401, Code.TOKEN_INVALID)


def test_an_access_token_of_a_deleted_user_answers_401(alice):
    access = tokens_for(alice)["access"]
    alice.delete()

    assert_error(bearer(access).get(ME), 401, Code.TOKEN_INVALID)
