"""Races that only a real concurrent database shows (PostgreSQL)."""

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.authentication import tokens_for
from accounts.models import User
from tests.accounts.factories import UserFactory
from tests.races import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_a_refresh_token_used_twice_at_once_rotates_only_once():
    user = UserFactory()
    refresh = tokens_for(user)["refresh"]

    statuses = run_together(
        4,
        lambda _index: (
            APIClient()
            .post(reverse("api:auth-refresh"), {"refresh": refresh}, format="json")
            .status_code
        ),
    )

    assert sorted(statuses) == [200, 401, 401, 401]


def test_two_registrations_of_one_email_at_once_create_one_account():
    def register(_index: int):
        return (
            APIClient()
            .post(
                reverse("api:auth-register"),
                {
                    "email": "race@example.com",
                    "password": "Kith!Pass42",
                    "first_name": "Race",
                    "last_name": "Condition",
                },
                format="json",
            )
            .status_code
        )

    statuses = run_together(3, register)

    assert statuses.count(201) == 1
    assert set(statuses) - {201} <= {400, 409}
    assert User.objects.filter(email="race@example.com").count() == 1
