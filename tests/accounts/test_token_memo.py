"""Access tokens validated once are remembered per process, and still expire."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt import tokens

from accounts.authentication import tokens_for
from common.codes import Code
from tests.accounts.utils import assert_error

pytestmark = pytest.mark.django_db

ME = reverse("api:me")


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def test_a_remembered_token_is_not_decoded_again(alice, monkeypatch):
    access = tokens_for(alice)["access"]
    assert bearer(access).get(ME).status_code == 200
    decoded = []
    original = tokens.Token.__init__

    def counting_init(self, *args, **kwargs):
        decoded.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(tokens.Token, "__init__", counting_init)

    assert bearer(access).get(ME).status_code == 200
    assert decoded == []


def test_a_remembered_token_is_refused_once_it_expires(alice, monkeypatch):
    access = tokens_for(alice)["access"]
    assert bearer(access).get(ME).status_code == 200
    later = timezone.now() + timedelta(days=1)
    monkeypatch.setattr("accounts.authentication.aware_utcnow", lambda: later)
    monkeypatch.setattr("rest_framework_simplejwt.tokens.aware_utcnow", lambda: later)

    assert_error(bearer(access).get(ME), 401, Code.TOKEN_INVALID)


def test_a_remembered_token_is_refused_after_a_password_change(alice):
    access = tokens_for(alice)["access"]
    assert bearer(access).get(ME).status_code == 200
    alice.token_version += 1
    alice.save(update_fields=["token_version"])

    assert_error(bearer(access).get(ME), 401, Code.TOKEN_INVALID)
