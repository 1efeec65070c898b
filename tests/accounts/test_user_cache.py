"""Reads authenticate from the cached user snapshot; writes to the user row refresh it."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import user_cache
from accounts.models import User
from common.codes import Code
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.accounts.utils import assert_error, assert_success

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def _user_cache_on(request, settings):
    """On as in production with Redis (the test settings' per-process cache leaves it
    off), on the per-process cache and on Redis, where a read's lookup shares its round
    trip with the throttles."""
    settings.AUTH_USER_CACHE_SECONDS = 300
    if request.param == "redis":
        request.getfixturevalue("redis_cache")


ME = reverse("api:me")
ICONS = reverse("api:events-icons")  # authenticated, reads nothing from the database
CONTACTS = reverse("api:contacts-list")


def queries_of(client, method: str, url: str, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    return len(queries), response


def test_a_read_after_the_first_takes_the_user_from_the_cache(alice_client):
    first, response = queries_of(alice_client, "get", ICONS)
    assert response.status_code == 200
    second, response = queries_of(alice_client, "get", ICONS)

    assert response.status_code == 200
    assert (first, second) == (1, 0)


def test_without_a_cache_lifetime_every_read_queries_the_user(alice_client, settings):
    """As without Redis, where each process has its own cache."""
    settings.AUTH_USER_CACHE_SECONDS = 0
    alice_client.get(ICONS)

    assert queries_of(alice_client, "get", ICONS)[0] == 1


def test_writes_read_the_user_from_the_database(alice, alice_client):
    assert alice_client.get(ICONS).status_code == 200
    # A queryset update sends no signal: only the database knows the account is off.
    User.objects.filter(pk=alice.pk).update(is_active=False)

    response = alice_client.post(CONTACTS, {"first_name": "Ann"}, format="json")

    assert_error(response, 401, Code.TOKEN_INVALID)


def test_a_password_change_revokes_cached_readers(alice_client, make_client, alice):
    assert alice_client.get(ICONS).status_code == 200
    new = "Fresh!Pass99"
    body = {"current_password": DEFAULT_PASSWORD, "new_password": new, "confirm_password": new}
    assert alice_client.post(reverse("api:me-password"), body, format="json").status_code == 200

    assert_error(alice_client.get(ICONS), 401, Code.TOKEN_INVALID)


def test_deactivating_the_account_refuses_cached_readers(alice, alice_client):
    assert alice_client.get(ICONS).status_code == 200
    alice.is_active = False
    alice.save()

    assert_error(alice_client.get(ICONS), 401, Code.TOKEN_INVALID)


def test_deleting_the_account_refuses_cached_readers(alice, alice_client):
    assert alice_client.get(ICONS).status_code == 200
    alice.delete()

    assert_error(alice_client.get(ICONS), 401, Code.TOKEN_INVALID)


def test_a_profile_change_is_read_back_at_once(alice_client):
    assert alice_client.get(ME).status_code == 200
    assert alice_client.patch(ME, {"first_name": "Alicia"}, format="json").status_code == 200

    assert assert_success(alice_client.get(ME), 200, Code.USER_RETRIEVED)["first_name"] == "Alicia"


def test_staff_rights_follow_the_row(alice, alice_client):
    reports = reverse("api:support-report-list")
    assert alice_client.get(reports).status_code == 403
    alice.is_staff = True
    alice.save()

    assert alice_client.get(reports).status_code == 200


def test_a_snapshot_read_before_a_write_is_never_used(alice):
    """A reader that missed and read the row, then stores it after a write's ``forget``:
    the snapshot carries the generation it saw, which the write outdated."""
    _, generation = user_cache.lookup(alice.pk)
    old = User.objects.get(pk=alice.pk)
    user_cache.forget(alice.pk)  # a write commits in between
    user_cache.remember(old, generation)

    assert user_cache.lookup(alice.pk)[0] is None


def cached(user):
    _, generation = user_cache.lookup(user.pk)
    user_cache.remember(User.objects.get(pk=user.pk), generation)
    snapshot, _ = user_cache.lookup(user.pk)
    assert snapshot is not None
    return snapshot


def test_the_snapshot_holds_no_password_hash_and_loads_it_on_demand(alice):
    user = cached(alice)

    assert "password" in user.get_deferred_fields()
    assert user.check_password(DEFAULT_PASSWORD)


def test_saving_a_cached_user_writes_only_the_columns_it_holds(alice):
    user = cached(alice)
    user.first_name = "Changed"
    user.save()

    alice.refresh_from_db()
    assert alice.first_name == "Changed"
    assert alice.check_password(DEFAULT_PASSWORD)
    assert user_cache.lookup(alice.pk)[0] is None  # the save outdated the snapshot


def test_an_outdated_snapshot_stays_unused_if_the_generation_key_is_evicted(alice):
    generation = user_cache.GENERATION.format(alice.pk)
    cache.delete(generation)  # evicted: the snapshot is stored under generation 0
    cached(alice)
    user_cache.forget(alice.pk)
    cache.delete(generation)  # evicted again: 0 would match that snapshot

    assert user_cache.lookup(alice.pk)[0] is None
