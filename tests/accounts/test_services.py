from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from accounts import services
from accounts.authentication import tokens_for
from accounts.models import User
from common.exceptions import ValidationFailed
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("email", "base"),
    [
        ("john.doe@example.com", "john_doe"),
        ("JOHN__DOE@example.com", "john__doe"),
        ("ab@example.com", "ab_user"),
        ("...@example.com", "user"),
        ("a" * 64 + "@example.com", "a" * 26),
    ],
)
def test_username_base_from_email(email, base):
    assert services.username_base_from_email(email) == base


def test_username_generate_skips_taken_names():
    UserFactory(username="john_doe")
    UserFactory(username="john_doe_2")
    UserFactory(username="john_doe_x")

    assert services.username_generate("john.doe@example.com") == "john_doe_3"


def test_register_falls_back_to_a_random_name_when_a_race_took_the_generated_one():
    UserFactory(username="john_doe", email="first@example.com")

    with mock.patch.object(services, "username_generate", return_value="john_doe"):
        user = services.user_register(
            email="john.doe@example.com",
            password="Kith!Pass42",
            first_name="John",
            last_name="Doe",
        )

    assert user.username.startswith("john_doe_")
    assert User.objects.count() == 2


def test_register_with_a_taken_given_username_raises_integrity_error():
    # Only reachable in a race (the serializer checks first); the handler answers 409.
    UserFactory(username="john_doe")

    with pytest.raises(IntegrityError):
        services.user_register(
            email="john.doe@example.com",
            password="Kith!Pass42",
            first_name="John",
            last_name="Doe",
            username="john_doe",
        )


def test_the_database_refuses_upper_case_usernames():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="Mixed_Case", email="mixed@example.com")


def test_the_database_refuses_an_email_differing_only_in_case(alice):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="alice_two", email="ALICE@example.com")


def test_create_user_normalises_username_and_email():
    user = User.objects.create_user("  Some_One ", " Some.One@Example.COM ", "Kith!Pass42")

    assert user.username == "some_one"
    assert user.email == "some.one@example.com"


def test_natural_key_lookup_is_case_insensitive(alice):
    assert User.objects.get_by_natural_key("ALICE") == alice


def test_a_failing_mail_server_does_not_fail_the_registration(
    django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch("common.tasks.send_mail", side_effect=OSError("smtp down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        user = services.user_register(
            email="new@example.com", password="Kith!Pass42", first_name="N", last_name="W"
        )

    assert User.objects.filter(pk=user.pk).exists()
    assert "smtp down" in caplog.text


def test_a_rolled_back_registration_sends_no_mail(django_capture_on_commit_callbacks, mailoutbox):
    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        services.user_register(
            email="new@example.com", password="Kith!Pass42", first_name="N", last_name="W"
        )
        raise Boom

    assert callbacks == []
    assert mailoutbox == []
    assert not User.objects.exists()


def test_tokens_revoke_all_bumps_the_version_and_blacklists_only_that_user(alice, bob):
    tokens_for(alice)
    tokens_for(alice)
    tokens_for(bob)

    services.tokens_revoke_all(user=alice)
    services.tokens_revoke_all(user=alice)  # twice is fine

    assert alice.token_version == 2
    assert User.objects.get(pk=alice.pk).token_version == 2
    assert BlacklistedToken.objects.filter(token__user=alice).count() == 2
    assert not BlacklistedToken.objects.filter(token__user=bob).exists()


def test_update_profile_without_changes_writes_nothing(alice):
    with CaptureQueriesContext(connection) as queries:
        services.user_update_profile(user=alice, data={"first_name": alice.first_name})

    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"]]


def test_user_delete_with_a_wrong_password_keeps_the_user(alice):
    with pytest.raises(ValidationFailed):
        services.user_delete(user=alice, password="nope")

    assert User.objects.filter(pk=alice.pk).exists()
