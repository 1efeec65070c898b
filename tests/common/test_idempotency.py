"""Idempotent retries: POSTs with an ``Idempotency-Key`` header (common.idempotency).

Through real endpoints: contacts, events and support cases (authenticated), register
and password reset (anonymous), login (exempt).
"""

import hashlib
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.test.client import encode_multipart
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from accounts.authentication import tokens_for
from accounts.models import User
from calendars.models import Event
from common.codes import Code
from common.idempotency import is_storable
from common.models import IdempotencyRecord
from contacts.models import Contact
from support.models import Conversation, SupportCase
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.accounts.utils import assert_error, image_bytes
from tests.races import run_together
from tests.support.factories import SupportCaseFactory

pytestmark = pytest.mark.django_db

CONTACTS = reverse("api:contacts-list")
EVENTS = reverse("api:events-list")
CASES = reverse("api:support-case-list")
REGISTER = reverse("api:auth-register")
LOGIN = reverse("api:auth-login")
PASSWORD_RESET = reverse("api:auth-password-reset")

# endpoint -> (url, body, model it creates)
CREATES = {
    "contacts": (CONTACTS, {"first_name": "Ann", "company": "Kith"}, Contact),
    "events": (
        EVENTS,
        {"name": "Dinner", "start": "2026-11-22T18:00:00Z", "end": "2026-11-22T20:00:00Z"},
        Event,
    ),
    "support cases": (
        CASES,
        {"title": "Cannot log in", "description": "Since today."},
        SupportCase,
    ),
}
REGISTER_BODY = {
    "email": "new.person@example.com",
    "password": "Kith!Pass42",
    "first_name": "New",
    "last_name": "Person",
}


def post(client, url, body, key: str | None = "key-1", **extra):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(url, body, format="json", headers=headers, **extra)


def assert_replay_of(replay, first) -> None:
    """``replay`` is ``first`` again, byte for byte, marked as a replay."""
    assert replay.status_code == first.status_code
    assert replay.content == first.content
    assert replay["Content-Type"] == first["Content-Type"]
    assert replay["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first


# --- retries --------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", CREATES)
def test_a_retry_with_the_same_key_and_body_answers_the_first_response(alice_client, endpoint):
    url, body, model = CREATES[endpoint]
    first = post(alice_client, url, body)

    retry = post(alice_client, url, body)

    assert first.status_code == 201
    assert_replay_of(retry, first)
    assert retry.json()["data"]["id"] == first.json()["data"]["id"]
    assert model.objects.count() == 1
    record = IdempotencyRecord.objects.get()
    assert record.state == IdempotencyRecord.State.DONE
    assert record.status_code == 201
    assert record.key == "key-1"
    assert record.path == url


def test_a_retried_case_opens_one_conversation(alice_client):
    url, body, _ = CREATES["support cases"]

    for _ in range(3):
        post(alice_client, url, body)

    assert SupportCase.objects.count() == 1
    assert Conversation.objects.count() == 1


def test_key_order_and_spacing_of_a_json_body_do_not_matter(alice_client):
    first = alice_client.post(
        CONTACTS, '{"first_name": "Ann", "company": "Kith"}', content_type="application/json",
        headers={"Idempotency-Key": "k"},
    )  # fmt: skip
    retry = alice_client.post(
        CONTACTS, '{"company":"Kith","first_name":"Ann"}', content_type="application/json",
        headers={"Idempotency-Key": "k"},
    )  # fmt: skip

    assert first.status_code == 201
    assert_replay_of(retry, first)
    assert Contact.objects.count() == 1


def test_a_multipart_retry_with_a_new_boundary_is_the_same_request(alice_client):
    def upload(boundary: str):
        photo = mock.MagicMock(spec=["read", "name"])
        photo.name = "me.png"
        photo.read.return_value = image_bytes()
        return alice_client.post(
            CONTACTS,
            encode_multipart(boundary, {"first_name": "Ann", "photo": photo}),
            content_type=f"multipart/form-data; boundary={boundary}",
            headers={"Idempotency-Key": "upload-1"},
        )

    first = upload("BoUnDaRy-one")
    retry = upload("another-boundary-42")

    assert first.status_code == 201
    assert first.json()["data"]["photo"]
    assert_replay_of(retry, first)
    assert Contact.objects.count() == 1


def test_the_same_key_with_a_different_body_answers_422_and_creates_nothing(alice_client):
    post(alice_client, CONTACTS, {"first_name": "Ann"})

    response = post(alice_client, CONTACTS, {"first_name": "Bea"})

    body = assert_error(response, 422, Code.IDEMPOTENCY_KEY_REUSED)
    assert body["msg"] == Code.IDEMPOTENCY_KEY_REUSED.msg
    assert "Idempotent-Replayed" not in response
    assert list(Contact.objects.values_list("first_name", flat=True)) == ["Ann"]


def test_the_same_key_on_another_endpoint_answers_422(alice_client):
    post(alice_client, CONTACTS, {"first_name": "Ann"})

    response = post(alice_client, CASES, {"first_name": "Ann"})

    assert_error(response, 422, Code.IDEMPOTENCY_KEY_REUSED)
    assert not SupportCase.objects.exists()


def test_another_user_with_the_same_key_is_independent(alice_client, bob_client, alice, bob):
    mine = post(alice_client, CONTACTS, {"first_name": "Ann"})

    theirs = post(bob_client, CONTACTS, {"first_name": "Ann"})
    different = post(bob_client, CONTACTS, {"first_name": "Bea"}, key="key-2")

    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs
    assert theirs.json()["data"]["id"] != mine.json()["data"]["id"]
    assert different.status_code == 201
    assert Contact.objects.filter(owner=alice).count() == 1
    assert Contact.objects.filter(owner=bob).count() == 2
    assert IdempotencyRecord.objects.filter(user=bob).count() == 2


def test_without_the_header_every_post_creates(alice_client):
    first = post(alice_client, CONTACTS, {"first_name": "Ann"}, key=None)
    second = post(alice_client, CONTACTS, {"first_name": "Ann"}, key=None)

    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second
    assert Contact.objects.count() == 2
    assert not IdempotencyRecord.objects.exists()


def test_other_methods_ignore_the_header(alice_client, alice):
    contact = Contact.objects.create(owner=alice, first_name="Ann")
    url = reverse("api:contacts-detail", args=[contact.pk])

    for name in ("Bea", "Cid"):
        response = alice_client.patch(url, {"first_name": name}, headers={"Idempotency-Key": "k"})
        assert response.status_code == 200

    contact.refresh_from_db()
    assert contact.first_name == "Cid"
    assert not IdempotencyRecord.objects.exists()


# --- expiry ---------------------------------------------------------------------------


def test_keys_expire_after_the_configured_ttl(alice_client, settings):
    settings.IDEMPOTENCY_KEY_TTL = 90

    post(alice_client, CONTACTS, {"first_name": "Ann"})

    record = IdempotencyRecord.objects.get()
    assert record.expires_at - record.created_at == timedelta(seconds=90)


def test_an_expired_key_is_processed_anew(alice_client):
    first = post(alice_client, CONTACTS, {"first_name": "Ann"})
    IdempotencyRecord.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    again = post(alice_client, CONTACTS, {"first_name": "Ann"})

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert again.json()["data"]["id"] != first.json()["data"]["id"]
    assert Contact.objects.count() == 2
    record = IdempotencyRecord.objects.get()  # the expired one was replaced
    assert record.expires_at > timezone.now()
    assert post(alice_client, CONTACTS, {"first_name": "Ann"}).content == again.content


def test_an_expired_key_may_go_with_a_new_body(alice_client):
    post(alice_client, CONTACTS, {"first_name": "Ann"})
    IdempotencyRecord.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = post(alice_client, CONTACTS, {"first_name": "Bea"})

    assert response.status_code == 201
    assert Contact.objects.count() == 2


def test_purge_deletes_only_expired_records(alice_client):
    post(alice_client, CONTACTS, {"first_name": "Ann"}, key="old")
    post(alice_client, CONTACTS, {"first_name": "Bea"}, key="new")
    IdempotencyRecord.objects.filter(key="old").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    out = io.StringIO()
    call_command("purge_idempotency_keys", stdout=out)

    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
    assert "Deleted 1 expired" in out.getvalue()


# --- which responses are kept -----------------------------------------------------------


def test_a_4xx_response_is_replayed_too(alice_client):
    first = post(alice_client, CONTACTS, {"first_name": ""})

    retry = post(alice_client, CONTACTS, {"first_name": ""})

    assert_error(first, 400, Code.CONTACT_ADD_FAILED)
    assert_replay_of(retry, first)
    assert not Contact.objects.exists()


def test_a_replay_answers_the_first_outcome_after_the_state_changed(alice_client, alice):
    case = SupportCaseFactory(opened_by=alice)
    close = reverse("api:support-case-close", args=[case.pk])
    closed = post(alice_client, close, None, key="close-1")

    assert post(alice_client, close, None, key="close-2").status_code == 409
    retry = post(alice_client, close, None, key="close-1")

    assert closed.status_code == 200
    assert_replay_of(retry, closed)


def test_a_5xx_is_not_stored_and_the_retry_runs(alice_client, caplog):
    from contacts import services

    real = services.contact_create
    calls = []

    def fail_once(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("database hiccup")
        return real(**kwargs)

    alice_client.raise_request_exception = False
    with mock.patch.object(services, "contact_create", side_effect=fail_once):
        failed = post(alice_client, CONTACTS, {"first_name": "Ann"})
        assert not IdempotencyRecord.objects.exists()
        retry = post(alice_client, CONTACTS, {"first_name": "Ann"})

    assert_error(failed, 500, Code.SERVER_ERROR)
    assert retry.status_code == 201
    assert "Idempotent-Replayed" not in retry
    assert Contact.objects.count() == 1
    assert IdempotencyRecord.objects.get().status_code == 201


def test_a_throttled_request_is_not_stored(api_client, settings):
    rest = settings.REST_FRAMEWORK
    settings.REST_FRAMEWORK = {
        **rest,
        "DEFAULT_THROTTLE_RATES": {**rest["DEFAULT_THROTTLE_RATES"], "auth_account": "1/min"},
    }
    body = {"email": "someone@example.com"}
    assert post(api_client, PASSWORD_RESET, body, key=None).status_code == 200

    throttled = post(api_client, PASSWORD_RESET, body)
    assert not IdempotencyRecord.objects.exists()
    cache.clear()  # the throttle window passes
    retry = post(api_client, PASSWORD_RESET, body)

    assert_error(throttled, 429, Code.THROTTLED)
    assert retry.status_code == 200
    assert "Idempotent-Replayed" not in retry


@pytest.mark.parametrize(
    ("response", "storable"),
    [
        (HttpResponse(status=201), True),
        (HttpResponse(status=404), True),
        (HttpResponse(status=409), True),
        (HttpResponse(status=401), False),
        (HttpResponse(status=429), False),
        (HttpResponse(status=500), False),
        (HttpResponse(status=503), False),
        (StreamingHttpResponse(iter([b"x"]), status=200), False),
    ],
)
def test_which_responses_are_stored(response, storable):
    assert is_storable(response) is storable


# --- concurrency without threads: a copy still in progress ------------------------------


def test_a_copy_in_progress_answers_409_with_retry_after(alice_client):
    post(alice_client, CONTACTS, {"first_name": "Ann"})
    IdempotencyRecord.objects.update(state="in_progress", status_code=None, response_body=None)

    response = post(alice_client, CONTACTS, {"first_name": "Ann"})

    assert_error(response, 409, Code.IDEMPOTENCY_IN_PROGRESS)
    assert response["Retry-After"] == "1"
    assert Contact.objects.count() == 1


def test_a_key_left_in_progress_by_a_dead_worker_is_taken_over(alice_client, settings):
    settings.IDEMPOTENCY_LOCK_TIMEOUT = 60
    post(alice_client, CONTACTS, {"first_name": "Ann"})
    IdempotencyRecord.objects.update(
        state="in_progress",
        status_code=None,
        response_body=None,
        created_at=timezone.now() - timedelta(seconds=61),
    )

    response = post(alice_client, CONTACTS, {"first_name": "Ann"})

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert IdempotencyRecord.objects.get().state == IdempotencyRecord.State.DONE


# --- malformed keys and authentication -------------------------------------------------


def test_a_key_of_255_characters_is_accepted(alice_client):
    response = post(alice_client, CONTACTS, {"first_name": "Ann"}, key="k" * 255)

    assert response.status_code == 201
    assert IdempotencyRecord.objects.get().key == "k" * 255


def test_an_over_long_key_answers_400_and_creates_nothing(alice_client):
    response = post(alice_client, CONTACTS, {"first_name": "Ann"}, key="k" * 256)

    body = assert_error(response, 400, Code.IDEMPOTENCY_KEY_INVALID)
    assert set(body["errors"]) == {"Idempotency-Key"}
    assert not Contact.objects.exists()
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize("key", ["", "two words", "caf\u00e9", "tab\there"])
def test_a_malformed_key_answers_400_and_creates_nothing(alice_client, key):
    response = post(alice_client, CONTACTS, {"first_name": "Ann"}, key=key)

    assert_error(response, 400, Code.IDEMPOTENCY_KEY_INVALID)
    assert not Contact.objects.exists()


def test_a_refused_token_answers_401_and_stores_nothing(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = post(api_client, CONTACTS, {"first_name": "Ann"})

    assert_error(response, 401, Code.TOKEN_INVALID)
    assert not IdempotencyRecord.objects.exists()


def test_an_anonymous_post_to_a_private_endpoint_is_401_and_not_stored(api_client):
    response = post(api_client, CONTACTS, {"first_name": "Ann"})

    assert_error(response, 401, Code.TOKEN_INVALID)
    assert not IdempotencyRecord.objects.exists()


def test_a_token_revoked_after_the_first_request_cannot_read_the_replay(alice_client, alice):
    post(alice_client, CONTACTS, {"first_name": "Ann"})
    alice.token_version += 1  # a password change revokes every token
    alice.save(update_fields=["token_version"])

    response = post(alice_client, CONTACTS, {"first_name": "Ann"})

    assert_error(response, 401, Code.TOKEN_INVALID)


# --- anonymous requests -----------------------------------------------------------------


def test_an_anonymous_register_with_a_key_is_replayed(
    api_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = post(api_client, REGISTER, REGISTER_BODY, REMOTE_ADDR="10.0.0.1")
    with django_capture_on_commit_callbacks(execute=True):
        retry = post(api_client, REGISTER, REGISTER_BODY, REMOTE_ADDR="10.0.0.1")

    assert first.status_code == 201
    assert first.json()["code"] == Code.ACCOUNT_CREATED
    assert_replay_of(retry, first)
    assert User.objects.filter(email=REGISTER_BODY["email"]).count() == 1
    assert len(mail.outbox) == 1  # one verification mail
    record = IdempotencyRecord.objects.get()
    assert record.user is None
    assert record.scope.startswith("ip:")
    assert "10.0.0.1" not in record.scope


def test_anonymous_keys_are_scoped_by_client_address(api_client):
    post(api_client, REGISTER, REGISTER_BODY, REMOTE_ADDR="10.0.0.1")

    elsewhere = post(api_client, REGISTER, REGISTER_BODY, REMOTE_ADDR="10.0.0.2")

    assert_error(elsewhere, 400, Code.REGISTER_EMAIL_INVALID)
    assert "Idempotent-Replayed" not in elsewhere


def test_the_stored_fingerprint_is_not_a_plain_hash_of_the_body(api_client):
    post(api_client, REGISTER, REGISTER_BODY)

    record = IdempotencyRecord.objects.get()
    assert len(record.request_hash) == 64
    assert REGISTER_BODY["password"].encode() not in bytes(record.response_body)
    for plain in (REGISTER_BODY["password"], str(REGISTER_BODY)):
        assert record.request_hash != hashlib.sha256(plain.encode()).hexdigest()


def test_login_ignores_the_header_so_no_token_is_stored(api_client, alice):
    body = {"email": alice.email, "password": DEFAULT_PASSWORD}

    first = post(api_client, LOGIN, body)
    second = post(api_client, LOGIN, body)

    assert first.status_code == second.status_code == 200
    assert first.json()["data"]["refresh"] != second.json()["data"]["refresh"]
    assert "Idempotent-Replayed" not in second
    assert not IdempotencyRecord.objects.exists()


def test_deleting_an_account_deletes_its_records(alice_client, alice):
    post(alice_client, CONTACTS, {"first_name": "Ann"})

    alice.delete()

    assert not IdempotencyRecord.objects.exists()


# --- schema and admin -------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_every_post_but_the_credential_ones_documents_the_header_and_the_422(schema):
    exempt = {"/api/v1/auth/login/", "/api/v1/auth/refresh/", "/api/v1/me/password/"}
    posts = {path: ops["post"] for path, ops in schema["paths"].items() if "post" in ops}

    for path, op in posts.items():
        headers = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        documented = "Idempotency-Key" in headers and "422" in op["responses"]
        assert documented is (path not in exempt), path
    assert set(posts) >= exempt
    contacts = posts["/api/v1/contacts/"]
    assert contacts["responses"]["201"]["headers"]["Idempotent-Replayed"]
    assert schema["components"]["responses"]["IdempotencyKeyReused"]


def test_other_methods_do_not_document_the_header(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method != "post" and isinstance(op, dict):
                names = {p.get("name") for p in op.get("parameters", [])}
                assert "Idempotency-Key" not in names, (method, path)
                assert "422" not in op.get("responses", {}), (method, path)


def test_the_admin_lists_searches_and_shows_records(client, alice_client):
    post(alice_client, CONTACTS, {"first_name": "Ann"})
    admin = User.objects.create_superuser(
        username="root", email="root@example.com", password=DEFAULT_PASSWORD
    )
    client.force_login(admin)
    changelist = reverse("admin:common_idempotencyrecord_changelist")
    record = IdempotencyRecord.objects.get()

    assert client.get(changelist).status_code == 200
    assert b"key-1" in client.get(changelist, {"q": "key-1"}).content
    change = client.get(reverse("admin:common_idempotencyrecord_change", args=[record.pk]))
    assert change.status_code == 200
    assert client.get(reverse("admin:common_idempotencyrecord_add")).status_code == 403


# --- races (PostgreSQL) -----------------------------------------------------------------

postgres_race = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency"),
    pytest.mark.django_db(transaction=True),
]


def send_as(user, url: str, body, key: str):
    """A request action for ``run_together``: answers (status, content, json)."""
    token = tokens_for(user)["access"]

    def action(_index: int):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = post(client, url, body, key=key)
        return response.status_code, response.content, response.json()

    return action


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("endpoint", ["contacts", "support cases"])
def test_simultaneous_copies_of_a_request_create_one_row(endpoint):
    url, body, model = CREATES[endpoint]
    user = UserFactory()

    for round_ in range(4):
        results = run_together(6, send_as(user, url, body, key=f"race-{round_}"))

        assert model.objects.count() == round_ + 1  # one row per key, whatever the race
        created = [content for status, content, _ in results if status == 201]
        assert created, results
        assert len(set(created)) == 1  # the first response, byte for byte
        for status, _, data in results:
            assert status == 201 or (status, data["code"]) == (409, Code.IDEMPOTENCY_IN_PROGRESS)
        record = IdempotencyRecord.objects.get(key=f"race-{round_}")
        assert record.state == IdempotencyRecord.State.DONE


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrency")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_different_bodies_under_one_key_create_one_row():
    user = UserFactory()
    names = [f"Name {i}" for i in range(6)]
    token = tokens_for(user)["access"]

    def action(index: int):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        response = post(client, CONTACTS, {"first_name": names[index]}, key="shared")
        return response.status_code, response.json()["code"]

    for _ in range(3):
        Contact.objects.all().delete()
        IdempotencyRecord.objects.all().delete()

        results = run_together(len(names), action)

        assert Contact.objects.count() == 1
        assert results.count((201, Code.CONTACT_ADDED)) == 1
        assert set(results) - {(201, Code.CONTACT_ADDED)} <= {
            (409, Code.IDEMPOTENCY_IN_PROGRESS),
            (422, Code.IDEMPOTENCY_KEY_REUSED),
        }
