import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.authentication import tokens_for
from common.codes import Code
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.utils import assert_error, assert_success

pytestmark = pytest.mark.django_db

URL = reverse("api:me-password")
NEW = "Changed!Pass77"


def body(**overrides) -> dict:
    data = {"current_password": DEFAULT_PASSWORD, "new_password": NEW, "confirm_password": NEW}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not ...}


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_it_changes_the_password_and_answers_fresh_tokens(alice):
    old = tokens_for(alice)
    client = bearer(old["access"])

    data = assert_success(client.post(URL, body(), format="json"), 200, Code.PASSWORD_CHANGED)

    assert set(data) == {"access", "refresh"}
    alice.refresh_from_db()
    assert alice.check_password(NEW)
    assert alice.token_version == 1
    # The fresh pair works; the old ones are revoked.
    assert_success(bearer(data["access"]).get(reverse("api:me")), 200, Code.USER_RETRIEVED)
    assert_error(client.get(reverse("api:me")), 401, Code.TOKEN_INVALID)
    refresh = reverse("api:auth-refresh")
    anon = APIClient()
    assert_error(anon.post(refresh, {"refresh": old["refresh"]}), 401, Code.TOKEN_INVALID)
    assert_success(anon.post(refresh, {"refresh": data["refresh"]}), 200, Code.TOKENS_REFRESHED)


def test_it_blacklists_every_outstanding_refresh_token_of_the_user(alice, bob, alice_client):
    for _ in range(3):
        tokens_for(alice)
    bobs = tokens_for(bob)

    data = alice_client.post(URL, body(), format="json").json()["data"]

    outstanding = OutstandingToken.objects.filter(user=alice)
    blacklisted = set(BlacklistedToken.objects.values_list("token__jti", flat=True))
    new_jti = outstanding.get(blacklistedtoken__isnull=True).jti
    assert outstanding.count() == 5  # the client's, three more, and the fresh one
    assert blacklisted == set(outstanding.exclude(jti=new_jti).values_list("jti", flat=True))
    assert RefreshToken(data["refresh"], verify=False)["jti"] == new_jti
    assert_success(bearer(bobs["access"]).get(reverse("api:me")), 200, Code.USER_RETRIEVED)


def test_the_new_password_logs_in_and_the_old_does_not(alice, alice_client, api_client):
    alice_client.post(URL, body(), format="json")
    login = reverse("api:auth-login")

    old = api_client.post(login, {"username": "alice", "password": DEFAULT_PASSWORD})
    new = api_client.post(login, {"username": "alice", "password": NEW})

    assert_error(old, 401, Code.LOGIN_FAILED)
    assert_success(new, 200, Code.LOGIN_SUCCEEDED)


@pytest.mark.parametrize("current", ["Wrong!Pass99", "", ..., 1234, None])
def test_a_wrong_or_missing_current_password_answers_124(alice, alice_client, current):
    response = alice_client.post(URL, body(current_password=current), format="json")

    assert "current_password" in assert_error(response, 400, 124)["errors"]
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)
    assert alice.token_version == 0


@pytest.mark.parametrize("confirm", ["Changed!Pass78", "", ..., None])
def test_a_confirmation_that_differs_answers_135(alice, alice_client, confirm):
    response = alice_client.post(URL, body(confirm_password=confirm), format="json")

    assert "confirm_password" in assert_error(response, 400, 135)["errors"]
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    "new",
    [
        "short1!",
        "nouppercase1!",
        "NOLOWER1!",
        "NoDigits!!",
        "NoSymbol12",
        "Password1!",
        "Alice!Exampl3",
    ],
)
def test_a_weak_new_password_answers_109(alice, alice_client, new):
    response = alice_client.post(URL, body(new_password=new, confirm_password=new), format="json")

    assert "new_password" in assert_error(response, 400, Code.UPDATE_PASSWORD_WEAK)["errors"]
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)
    assert alice.token_version == 0
    assert not BlacklistedToken.objects.exists()


def test_an_over_long_new_password_answers_109(alice_client):
    new = "Aa1!" + "x" * 200

    response = alice_client.post(URL, body(new_password=new, confirm_password=new), format="json")

    assert_error(response, 400, Code.UPDATE_PASSWORD_WEAK)


def test_the_current_password_is_checked_first(alice_client):
    response = alice_client.post(
        URL, body(current_password="Wrong!Pass99", new_password="weak"), format="json"
    )

    assert_error(response, 400, Code.PASSWORD_CURRENT_WRONG)


def test_malformed_json_answers_911(alice_client):
    response = alice_client.post(URL, data="[{", content_type="application/json")

    assert_error(response, 400, Code.MALFORMED_REQUEST)


def test_anonymous_gets_401(api_client, alice):
    assert_error(api_client.post(URL, body(), format="json"), 401, Code.TOKEN_INVALID)
    alice.refresh_from_db()
    assert alice.check_password(DEFAULT_PASSWORD)
