"""Login, register, password reset and verification resend: throttled per IP and per account."""

import pytest
from django.urls import reverse

from common.codes import Code
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.utils import assert_error

pytestmark = pytest.mark.django_db

LOGIN = reverse("api:auth-login")
THROTTLED_ENDPOINTS = {
    "login": (LOGIN, lambda email: {"email": email, "password": "Wrong!Pass1"}),
    "register": (
        reverse("api:auth-register"),
        lambda email: {"email": email, "password": "x", "first_name": "A", "last_name": "B"},
    ),
    "password-reset": (reverse("api:auth-password-reset"), lambda email: {"email": email}),
    "resend": (reverse("api:auth-verify-email-resend"), lambda email: {"email": email}),
}


@pytest.fixture
def rates(settings):
    """``rates(ip=..., account=...)`` sets the two auth throttle rates for this test."""

    def _set(*, ip: str = "1000/min", account: str = "1000/min") -> None:
        rest = settings.REST_FRAMEWORK
        settings.REST_FRAMEWORK = {
            **rest,
            "DEFAULT_THROTTLE_RATES": {
                **rest["DEFAULT_THROTTLE_RATES"],
                "auth_ip": ip,
                "auth_account": account,
            },
        }

    return _set


def post(client, endpoint: str, email: str, ip: str = "10.0.0.1"):
    url, body = THROTTLED_ENDPOINTS[endpoint]
    return client.post(url, body(email), format="json", REMOTE_ADDR=ip)


@pytest.mark.parametrize("endpoint", THROTTLED_ENDPOINTS)
def test_each_endpoint_is_limited_per_ip(api_client, rates, endpoint):
    rates(ip="3/min")
    for n in range(3):
        assert post(api_client, endpoint, f"user{n}@example.com").status_code != 429

    response = post(api_client, endpoint, "user9@example.com")

    assert_error(response, 429, Code.THROTTLED)
    assert int(response.headers["Retry-After"]) > 0
    # Another address is not affected.
    assert post(api_client, endpoint, "user9@example.com", ip="10.0.0.2").status_code != 429


@pytest.mark.parametrize("endpoint", THROTTLED_ENDPOINTS)
def test_each_endpoint_is_limited_per_account(api_client, rates, endpoint):
    rates(account="2/min")
    assert post(api_client, endpoint, "target@example.com", ip="10.0.0.1").status_code != 429
    assert post(api_client, endpoint, "target@example.com", ip="10.0.0.2").status_code != 429

    response = post(api_client, endpoint, "target@example.com", ip="10.0.0.3")

    assert_error(response, 429, Code.THROTTLED)
    assert int(response.headers["Retry-After"]) > 0
    # Another account is not affected.
    assert post(api_client, endpoint, "other@example.com", ip="10.0.0.3").status_code != 429


def test_the_account_key_is_normalised(api_client, rates):
    rates(account="2/min")
    post(api_client, "login", "Target@Example.com", ip="10.0.0.1")
    post(api_client, "login", "  target@example.com ", ip="10.0.0.2")

    assert_error(post(api_client, "login", "TARGET@example.com", ip="10.0.0.3"), 429, 917)


def test_login_by_username_is_limited_per_account(api_client, rates, alice):
    rates(account="2/min")
    for ip in ("10.0.0.1", "10.0.0.2"):
        api_client.post(LOGIN, {"username": "alice", "password": "Wrong!Pass1"}, REMOTE_ADDR=ip)

    response = api_client.post(
        LOGIN, {"username": "ALICE", "password": DEFAULT_PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )

    assert_error(response, 429, Code.THROTTLED)


def test_a_throttled_login_does_not_log_in_even_with_the_right_password(api_client, rates, alice):
    rates(ip="1/min")
    api_client.post(LOGIN, {"username": "nobody_x", "password": "Wrong!Pass1"})

    response = api_client.post(LOGIN, {"username": "alice", "password": DEFAULT_PASSWORD})

    assert_error(response, 429, Code.THROTTLED)
    alice.refresh_from_db()
    assert alice.last_login is None


def test_a_spoofed_forwarded_for_header_does_not_escape_the_ip_limit(api_client, rates):
    rates(ip="2/min")
    for n in range(2):
        post_kwargs = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}", "REMOTE_ADDR": "10.0.0.1"}
        api_client.post(LOGIN, {"email": f"u{n}@example.com", "password": "x"}, **post_kwargs)

    response = api_client.post(
        LOGIN,
        {"email": "u9@example.com", "password": "x"},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
        REMOTE_ADDR="10.0.0.1",
    )

    assert_error(response, 429, Code.THROTTLED)


def test_the_default_rate_is_the_auth_setting(settings):
    from accounts.throttles import AuthAccountThrottle, AuthIPThrottle

    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth_ip"] == (
        settings.THROTTLE_RATE_AUTH
    )
    assert AuthIPThrottle().rate == AuthAccountThrottle().rate == settings.THROTTLE_RATE_AUTH


def test_other_account_endpoints_are_not_auth_throttled(api_client, rates, alice):
    rates(ip="1/min", account="1/min")
    post(api_client, "login", "alice@example.com")

    available = reverse("api:auth-username-available")
    for _ in range(3):
        assert (
            api_client.get(available, {"username": "alice"}, REMOTE_ADDR="10.0.0.1").status_code
            == 200
        )
        response = api_client.post(
            reverse("api:auth-verify-email"), {"token": "x"}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 400
