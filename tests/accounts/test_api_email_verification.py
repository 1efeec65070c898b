import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from accounts.tokens import EMAIL_VERIFICATION_SALT, email_verification_token
from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.accounts.utils import assert_error, assert_success, link_params

pytestmark = pytest.mark.django_db

VERIFY = reverse("api:auth-verify-email")
RESEND = reverse("api:auth-verify-email-resend")


@pytest.fixture
def fresh(db):
    return UserFactory(username="fresh", email="fresh@example.com", email_verified=False)


@pytest.fixture
def resend(api_client, django_capture_on_commit_callbacks):
    def _resend(email):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post(RESEND, {"email": email}, format="json")

    return _resend


def token_from(message) -> str:
    path, query = link_params(message)
    assert path == "/verify-email"
    return query["token"]


def test_the_mailed_token_verifies_the_email(api_client, fresh, resend, mailoutbox):
    resend("fresh@example.com")
    token = token_from(mailoutbox[0])

    response = api_client.post(VERIFY, {"token": token}, format="json")

    assert assert_success(response, 200, Code.EMAIL_VERIFIED) is None
    fresh.refresh_from_db()
    assert fresh.email_verified is True


def test_verifying_twice_is_fine(api_client, fresh):
    token = email_verification_token(fresh)
    api_client.post(VERIFY, {"token": token}, format="json")

    assert_success(api_client.post(VERIFY, {"token": token}, format="json"), 200, 116)


def test_registration_mail_token_verifies(
    api_client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        api_client.post(
            reverse("api:auth-register"),
            {
                "email": "reg@example.com",
                "password": "Kith!Pass42",
                "first_name": "Reg",
                "last_name": "Istered",
            },
            format="json",
        )

    response = api_client.post(VERIFY, {"token": token_from(mailoutbox[0])}, format="json")

    assert_success(response, 200, Code.EMAIL_VERIFIED)
    me = api_client.post(
        reverse("api:auth-login"),
        {"email": "reg@example.com", "password": "Kith!Pass42"},
        format="json",
    ).json()["data"]["user"]
    assert me["email_verified"] is True


@pytest.mark.parametrize("token", ["garbage", "a:b:c", "x" * 1024])
def test_an_invalid_token_answers_117(api_client, fresh, token):
    assert_error(api_client.post(VERIFY, {"token": token}, format="json"), 400, 117)
    fresh.refresh_from_db()
    assert fresh.email_verified is False


@pytest.mark.parametrize("token", ["", None, 5, "x" * 1025])
def test_a_malformed_token_field_answers_117(api_client, token):
    assert_error(api_client.post(VERIFY, {"token": token}, format="json"), 400, 117)


def test_a_tampered_token_answers_117(api_client, fresh):
    token = email_verification_token(fresh)

    response = api_client.post(VERIFY, {"token": token[:-2] + "xx"}, format="json")

    assert_error(response, 400, Code.VERIFICATION_TOKEN_INVALID)


def test_an_expired_token_answers_117(api_client, fresh, settings):
    token = email_verification_token(fresh)
    later = time.time() + settings.EMAIL_VERIFICATION_MAX_AGE + 60

    with mock.patch("django.core.signing.time.time", return_value=later):
        response = api_client.post(VERIFY, {"token": token}, format="json")

    assert_error(response, 400, Code.VERIFICATION_TOKEN_INVALID)
    fresh.refresh_from_db()
    assert fresh.email_verified is False


def test_a_token_of_an_old_email_answers_117(api_client, fresh):
    token = email_verification_token(fresh)
    fresh.email = "changed@example.com"
    fresh.save(update_fields=["email"])

    assert_error(api_client.post(VERIFY, {"token": token}, format="json"), 400, 117)


def test_a_token_of_a_deleted_user_answers_117(api_client, fresh):
    token = email_verification_token(fresh)
    fresh.delete()

    assert_error(api_client.post(VERIFY, {"token": token}, format="json"), 400, 117)


def test_a_token_signed_for_something_else_answers_117(api_client, fresh):
    # Same payload, other salt: e.g. a token of another feature.
    token = signing.dumps({"uid": fresh.pk, "email": fresh.email}, salt="other")
    assert EMAIL_VERIFICATION_SALT != "other"

    assert_error(api_client.post(VERIFY, {"token": token}, format="json"), 400, 117)


# --- resend ---------------------------------------------------------------------------


def test_resend_mails_an_unverified_account(fresh, resend, mailoutbox):
    response = resend("FRESH@example.com")

    assert assert_success(response, 200, Code.VERIFICATION_SENT) is None
    assert [m.to for m in mailoutbox] == [["fresh@example.com"]]


@pytest.mark.parametrize("email", ["nobody@example.com", "alice@example.com"])
def test_resend_answers_the_same_for_unknown_or_verified_addresses(
    alice, fresh, resend, mailoutbox, email
):
    known = resend("fresh@example.com")
    other = resend(email)

    assert other.status_code == known.status_code == 200
    assert other.json() == known.json()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("email", ["not-an-email", "", None, 3])
def test_resend_with_a_malformed_email_answers_400(resend, email, mailoutbox):
    body = assert_error(resend(email), 400, Code.VALIDATION_ERROR)

    assert "email" in body["errors"]
    assert mailoutbox == []


def test_verify_and_resend_ignore_a_stale_bearer_token(api_client, fresh, resend):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer garbage")

    assert resend("fresh@example.com").status_code == 200
    token = email_verification_token(fresh)
    assert api_client.post(VERIFY, {"token": token}, format="json").status_code == 200
