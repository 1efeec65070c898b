from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from accounts.authentication import tokens_for
from accounts.tokens import password_reset_token, password_reset_uid
from common.codes import Code
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.utils import assert_error, assert_success, link_params

pytestmark = pytest.mark.django_db

RESET = reverse("api:auth-password-reset")
CONFIRM = reverse("api:auth-password-reset-confirm")
NEW_PASSWORD = "Brand!New42pw"


@pytest.fixture
def request_reset(api_client, django_capture_on_commit_callbacks):
    def _request(email):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post(RESET, {"email": email}, format="json")

    return _request


def reset_link(message) -> dict:
    path, query = link_params(message)
    assert path == "/reset-password"
    assert set(query) == {"uid", "token"}
    return query


def test_a_reset_mail_links_to_the_frontend(alice, request_reset, mailoutbox):
    response = request_reset("Alice@Example.com")

    assert assert_success(response, 200, Code.PASSWORD_RESET_SENT) is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]
    assert "http://localhost:3000/reset-password?uid=" in mailoutbox[0].body
    reset_link(mailoutbox[0])


def test_the_link_base_is_the_frontend_url_setting(alice, request_reset, mailoutbox, settings):
    settings.FRONTEND_URL = "https://app.kith.test"

    request_reset("alice@example.com")

    assert "https://app.kith.test/reset-password?uid=" in mailoutbox[0].body


@pytest.mark.parametrize("email", ["nobody@example.com", "NOBODY@example.com"])
def test_unknown_addresses_get_the_same_answer_and_no_mail(alice, request_reset, mailoutbox, email):
    known = request_reset("alice@example.com")
    unknown = request_reset(email)

    assert unknown.status_code == known.status_code == 200
    assert unknown.json() == known.json()
    assert len(mailoutbox) == 1


def test_inactive_accounts_get_no_mail(alice, request_reset, mailoutbox):
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert_success(request_reset("alice@example.com"), 200, Code.PASSWORD_RESET_SENT)
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["not-an-email", "", None, 7])
def test_a_malformed_email_answers_400(request_reset, email, mailoutbox):
    assert "email" in assert_error(request_reset(email), 400, Code.VALIDATION_ERROR)["errors"]
    assert mailoutbox == []


def test_the_mailed_link_sets_a_new_password(alice, api_client, request_reset, mailoutbox):
    request_reset("alice@example.com")
    link = reset_link(mailoutbox[0])

    response = api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")

    assert assert_success(response, 200, Code.PASSWORD_RESET_DONE) is None
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    login = api_client.post(
        reverse("api:auth-login"),
        {"email": "alice@example.com", "password": NEW_PASSWORD},
        format="json",
    )
    assert_success(login, 200, Code.LOGIN_SUCCEEDED)


def test_a_reset_verifies_the_email(alice, api_client):
    alice.email_verified = False
    alice.save(update_fields=["email_verified"])
    link = {"uid": password_reset_uid(alice), "token": password_reset_token(alice)}

    api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")

    alice.refresh_from_db()
    assert alice.email_verified is True


def test_the_link_works_once(alice, api_client):
    link = {"uid": password_reset_uid(alice), "token": password_reset_token(alice)}
    api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")

    again = api_client.post(CONFIRM, {**link, "new_password": "Other!Pass42"}, format="json")

    assert_error(again, 400, Code.PASSWORD_RESET_TOKEN_INVALID)
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_the_link_expires(alice, api_client, settings):
    link = {"uid": password_reset_uid(alice), "token": password_reset_token(alice)}
    later = timezone.now().replace(tzinfo=None) + timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )

    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=later):
        response = api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")

    assert_error(response, 400, Code.PASSWORD_RESET_TOKEN_INVALID)
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)


def test_a_changed_email_invalidates_the_link(alice, api_client):
    link = {"uid": password_reset_uid(alice), "token": password_reset_token(alice)}
    alice.email = "new.alice@example.com"
    alice.save(update_fields=["email"])

    response = api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")

    assert_error(response, 400, Code.PASSWORD_RESET_TOKEN_INVALID)


@pytest.mark.parametrize(
    "link",
    [
        {"uid": "garbage", "token": "garbage"},
        {"uid": "MQ", "token": "abc-def"},
        {"uid": "!!!", "token": "abc"},
        {"uid": "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk", "token": "abc"},  # 99999...: too big
        {"uid": "", "token": "abc"},
        {"uid": "MQ", "token": ""},
        {"uid": 1, "token": "abc"},
        {"token": "abc"},
        {"uid": "MQ"},
    ],
)
def test_an_invalid_link_answers_122(alice, api_client, link):
    response = api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")

    assert_error(response, 400, Code.PASSWORD_RESET_TOKEN_INVALID)
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)


def test_another_users_uid_with_my_token_answers_122(alice, bob, api_client):
    link = {"uid": password_reset_uid(bob), "token": password_reset_token(alice)}

    response = api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")

    assert_error(response, 400, Code.PASSWORD_RESET_TOKEN_INVALID)


@pytest.mark.parametrize("password", ["weak", "nouppercase1!", "Password1!", "Alice!Example1", 42])
def test_a_weak_new_password_answers_109(alice, api_client, password):
    link = {"uid": password_reset_uid(alice), "token": password_reset_token(alice)}

    response = api_client.post(CONFIRM, {**link, "new_password": password}, format="json")

    body = assert_error(response, 400, Code.UPDATE_PASSWORD_WEAK)
    assert "new_password" in body["errors"]
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)
    # The link was not used up by the failed attempt.
    retry = api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")
    assert_success(retry, 200, Code.PASSWORD_RESET_DONE)


def test_a_reset_revokes_earlier_access_and_refresh_tokens(alice, api_client):
    old = tokens_for(alice)
    link = {"uid": password_reset_uid(alice), "token": password_reset_token(alice)}

    api_client.post(CONFIRM, {**link, "new_password": NEW_PASSWORD}, format="json")

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {old['access']}")
    assert_error(client.get(reverse("api:me")), 401, Code.TOKEN_INVALID)
    refreshed = api_client.post(reverse("api:auth-refresh"), {"refresh": old["refresh"]})
    assert_error(refreshed, 401, Code.TOKEN_INVALID)
    assert BlacklistedToken.objects.filter(token__user=alice).count() == 1
