import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from common.codes import Code
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.accounts.utils import assert_error, assert_success

pytestmark = pytest.mark.django_db

URL = reverse("api:auth-login")


def test_it_logs_in_by_email_and_answers_tokens_and_the_private_profile(api_client, alice):
    response = api_client.post(
        URL, {"email": "alice@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )

    data = assert_success(response, 200, Code.LOGIN_SUCCEEDED)
    assert set(data) == {"access", "refresh", "user"}
    assert data["user"]["id"] == alice.pk
    assert data["user"]["email"] == "alice@example.com"
    assert "email_verified" in data["user"]
    alice.refresh_from_db()
    assert alice.last_login is not None


def test_the_access_token_works_on_me(api_client, alice):
    data = api_client.post(
        URL, {"email": "alice@example.com", "password": DEFAULT_PASSWORD}, format="json"
    ).json()["data"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {data['access']}")

    me = assert_success(client.get(reverse("api:me")), 200, Code.USER_RETRIEVED)

    assert me["id"] == alice.pk


@pytest.mark.parametrize("email", ["ALICE@example.com", " Alice@Example.COM "])
def test_the_email_is_case_insensitive(api_client, alice, email):
    response = api_client.post(URL, {"email": email, "password": DEFAULT_PASSWORD}, format="json")

    assert_success(response, 200, Code.LOGIN_SUCCEEDED)


@pytest.mark.parametrize("username", ["alice", "ALICE", " alice "])
def test_it_logs_in_by_username(api_client, alice, username):
    response = api_client.post(
        URL, {"username": username, "password": DEFAULT_PASSWORD}, format="json"
    )

    assert assert_success(response, 200, Code.LOGIN_SUCCEEDED)["user"]["id"] == alice.pk


@pytest.mark.parametrize(
    "body",
    [
        {"email": "alice@example.com", "password": "Wrong!Pass1"},
        {"email": "nobody@example.com", "password": DEFAULT_PASSWORD},
        {"username": "alice", "password": "Wrong!Pass1"},
        {"username": "nobody_here", "password": DEFAULT_PASSWORD},
        {"username": "alice@example.com", "password": DEFAULT_PASSWORD},
        {"email": "alice@example.com", "password": DEFAULT_PASSWORD.lower()},
    ],
)
def test_wrong_credentials_answer_401_code_101(api_client, alice, body):
    body = assert_error(api_client.post(URL, body, format="json"), 401, Code.LOGIN_FAILED)

    assert body["errors"] is None


def test_an_inactive_account_cannot_log_in(api_client):
    UserFactory(username="gone_user", email="gone@example.com", is_active=False)

    response = api_client.post(
        URL, {"email": "gone@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )

    assert_error(response, 401, Code.LOGIN_FAILED)


@pytest.mark.parametrize("email", ["not-an-email", 42, None, "x" * 300 + "@example.com"])
def test_a_malformed_email_answers_102(api_client, alice, email):
    response = api_client.post(URL, {"email": email, "password": DEFAULT_PASSWORD}, format="json")

    assert "email" in assert_error(response, 400, Code.LOGIN_EMAIL_INVALID)["errors"]


@pytest.mark.parametrize(
    "login", [{}, {"email": ""}, {"username": " "}, {"email": "", "username": ""}]
)
def test_no_email_nor_username_answers_102(api_client, login):
    response = api_client.post(URL, {**login, "password": DEFAULT_PASSWORD}, format="json")

    assert "email" in assert_error(response, 400, Code.LOGIN_EMAIL_INVALID)["errors"]


def test_a_blank_email_beside_a_username_logs_in_by_username(api_client, alice):
    body = {"email": "", "username": "alice", "password": DEFAULT_PASSWORD}

    assert_success(api_client.post(URL, body, format="json"), 200, Code.LOGIN_SUCCEEDED)


@pytest.mark.parametrize("password", [..., "", None, 12345678, ["x"], {"a": 1}, True, "x" * 5000])
def test_a_missing_or_malformed_password_answers_103(api_client, alice, password):
    body = {"email": "alice@example.com"}
    if password is not ...:
        body["password"] = password

    response = api_client.post(URL, body, format="json")

    assert "password" in assert_error(response, 400, Code.LOGIN_PASSWORD_INVALID)["errors"]


def test_malformed_json_answers_911(api_client):
    response = api_client.post(URL, data='{"email": ', content_type="application/json")

    assert_error(response, 400, Code.MALFORMED_REQUEST)


def test_unverified_accounts_log_in_when_verification_is_not_required(api_client, settings):
    settings.ACCOUNTS_REQUIRE_EMAIL_VERIFICATION = False
    UserFactory(username="fresh", email="fresh@example.com", email_verified=False)

    response = api_client.post(
        URL, {"email": "fresh@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )

    assert_success(response, 200, Code.LOGIN_SUCCEEDED)


def test_unverified_accounts_get_403_code_104_when_verification_is_required(api_client, settings):
    settings.ACCOUNTS_REQUIRE_EMAIL_VERIFICATION = True
    UserFactory(username="fresh", email="fresh@example.com", email_verified=False)

    response = api_client.post(
        URL, {"email": "fresh@example.com", "password": DEFAULT_PASSWORD}, format="json"
    )

    assert_error(response, 403, Code.LOGIN_EMAIL_UNVERIFIED)
    assert User.objects.get(username="fresh").last_login is None


def test_a_wrong_password_of_an_unverified_account_is_still_101(api_client, settings):
    # The 104 answer must not tell a stranger that the account exists.
    settings.ACCOUNTS_REQUIRE_EMAIL_VERIFICATION = True
    UserFactory(username="fresh", email="fresh@example.com", email_verified=False)

    response = api_client.post(
        URL, {"email": "fresh@example.com", "password": "Wrong!Pass1"}, format="json"
    )

    assert_error(response, 401, Code.LOGIN_FAILED)


def test_verified_accounts_log_in_when_verification_is_required(api_client, alice, settings):
    settings.ACCOUNTS_REQUIRE_EMAIL_VERIFICATION = True

    response = api_client.post(
        URL, {"username": "alice", "password": DEFAULT_PASSWORD}, format="json"
    )

    assert_success(response, 200, Code.LOGIN_SUCCEEDED)


def test_a_stale_bearer_token_does_not_break_login(api_client, alice):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer expired.or.garbage")

    response = api_client.post(
        URL, {"username": "alice", "password": DEFAULT_PASSWORD}, format="json"
    )

    assert_success(response, 200, Code.LOGIN_SUCCEEDED)
