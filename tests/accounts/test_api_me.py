import pytest
from django.urls import reverse
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from accounts.models import Block, User
from common.codes import Code
from tests.accounts.factories import DEFAULT_PASSWORD, BlockFactory, UserFactory
from tests.accounts.utils import assert_error, assert_success, link_params

pytestmark = pytest.mark.django_db

URL = reverse("api:me")


@pytest.fixture
def patch(alice_client, django_capture_on_commit_callbacks):
    def _patch(data):
        with django_capture_on_commit_callbacks(execute=True):
            return alice_client.patch(URL, data, format="json")

    return _patch


# --- GET ------------------------------------------------------------------------------


def test_get_answers_the_private_profile(alice_client, alice):
    data = assert_success(alice_client.get(URL), 200, Code.USER_RETRIEVED)

    assert data == {
        "id": alice.pk,
        "username": "alice",
        "email": "alice@example.com",
        "first_name": "Alice",
        "last_name": alice.last_name,
        "patronymic": "",
        "birthday": None,
        "description": "",
        "background_color": "",
        "avatar": None,
        "phone_number": "",
        "timezone": "UTC",
        "email_verified": True,
        "date_joined": alice.date_joined.isoformat().replace("+00:00", "Z"),
    }


def test_get_answers_each_user_their_own_profile(bob_client, bob):
    assert assert_success(bob_client.get(URL), 200, Code.USER_RETRIEVED)["id"] == bob.pk


def test_anonymous_gets_401_code_120(api_client):
    assert_error(api_client.get(URL), 401, Code.TOKEN_INVALID)
    assert_error(api_client.patch(URL, {"first_name": "X"}), 401, Code.TOKEN_INVALID)
    assert_error(api_client.delete(URL, {"password": "x"}), 401, Code.TOKEN_INVALID)


def test_put_and_post_are_not_allowed(alice_client):
    assert_error(alice_client.put(URL, {"first_name": "A"}), 405, Code.METHOD_NOT_ALLOWED)
    assert_error(alice_client.post(URL, {"first_name": "A"}), 405, Code.METHOD_NOT_ALLOWED)


# --- PATCH ----------------------------------------------------------------------------


def test_patch_updates_every_editable_field(patch, alice):
    changes = {
        "first_name": "Alicia",
        "last_name": "Anders",
        "patronymic": "Petrovna",
        "username": "alicia_a",
        "birthday": "1991-02-03",
        "description": "Likes tea.",
        "background_color": "#A1b2C3",
        "phone_number": "+49 30 1234567",
        "timezone": "Europe/Berlin",
    }

    data = assert_success(patch(changes), 200, Code.PROFILE_UPDATED)

    for field, value in changes.items():
        assert data[field] == value
    alice.refresh_from_db()
    assert alice.username == "alicia_a"
    assert str(alice.birthday) == "1991-02-03"
    assert alice.timezone == "Europe/Berlin"
    assert alice.email_verified is True  # no email change


def test_patch_ignores_read_only_fields(patch, alice):
    data = assert_success(
        patch({"id": 999, "email_verified": False, "date_joined": "2000-01-01T00:00:00Z"}),
        200,
        Code.PROFILE_UPDATED,
    )

    assert data["id"] == alice.pk
    assert data["email_verified"] is True


def test_patch_can_clear_optional_fields(patch, alice):
    alice.description = "Old"
    alice.background_color = "#000000"
    alice.save()

    data = assert_success(
        patch({"description": "", "background_color": "", "birthday": None}), 200, 111
    )

    assert data["description"] == data["background_color"] == ""
    assert data["birthday"] is None


def test_a_new_email_is_unverified_and_gets_a_verification_mail(
    patch, alice, api_client, mailoutbox
):
    data = assert_success(patch({"email": "New.Alice@Example.com"}), 200, Code.PROFILE_UPDATED)

    assert data["email"] == "new.alice@example.com"
    assert data["email_verified"] is False
    assert [m.to for m in mailoutbox] == [["new.alice@example.com"]]
    path, query = link_params(mailoutbox[0])
    assert path == "/verify-email"
    verified = api_client.post(reverse("api:auth-verify-email"), {"token": query["token"]})
    assert_success(verified, 200, Code.EMAIL_VERIFIED)
    alice.refresh_from_db()
    assert alice.email_verified is True


def test_the_same_email_in_another_case_changes_nothing(patch, alice, mailoutbox):
    data = assert_success(patch({"email": "ALICE@example.com"}), 200, Code.PROFILE_UPDATED)

    assert data["email"] == "alice@example.com"
    assert data["email_verified"] is True
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["bob@example.com", "BOB@Example.com"])
def test_a_taken_email_answers_110(patch, alice, bob, email, mailoutbox):
    body = assert_error(patch({"email": email}), 400, Code.UPDATE_EMAIL_INVALID)

    assert "email" in body["errors"]
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    assert mailoutbox == []


@pytest.mark.parametrize("email", ["nope", "", None, 5, "x" * 250 + "@example.com"])
def test_an_invalid_email_answers_110(patch, alice, email):
    assert_error(patch({"email": email}), 400, Code.UPDATE_EMAIL_INVALID)
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


@pytest.mark.parametrize(
    "changes",
    [
        {"username": "bob_b"},
        {"username": "BOB_B"},
        {"username": "abc"},
        {"username": "with space"},
        {"username": "x" * 33},
        {"username": None},
        {"first_name": "x" * 151},
        {"last_name": "x" * 151},
        {"patronymic": "x" * 151},
        {"description": "x" * 1001},
        {"background_color": "red"},
        {"background_color": "#12345"},
        {"background_color": "#GGGGGG"},
        {"phone_number": "phone"},
        {"phone_number": "+" + "1" * 40},
        {"timezone": "Mars/Olympus"},
        {"timezone": "../../etc/passwd"},
        {"timezone": ""},
        {"timezone": "x" * 65},
        {"birthday": "yesterday"},
        {"birthday": "2999-01-01"},
        {"first_name": {"nested": "dict"}},
        {"first_name": None},
    ],
)
def test_other_invalid_input_answers_112(patch, alice, bob, changes):
    before = User.objects.values().get(pk=alice.pk)

    body = assert_error(patch(changes), 400, Code.PROFILE_UPDATE_FAILED)

    assert set(body["errors"]) == set(changes)
    assert User.objects.values().get(pk=alice.pk) == before


def test_the_email_error_wins_when_several_fields_fail(patch, bob):
    body = assert_error(
        patch({"email": "bob@example.com", "timezone": "Nowhere"}), 400, Code.UPDATE_EMAIL_INVALID
    )

    assert set(body["errors"]) == {"email", "timezone"}


def test_a_username_is_lower_cased(patch):
    assert assert_success(patch({"username": "Alice_New"}), 200, 111)["username"] == "alice_new"


def test_keeping_my_own_username_is_fine(patch):
    assert_success(patch({"username": "ALICE"}), 200, Code.PROFILE_UPDATED)


def test_malformed_json_answers_911(alice_client):
    response = alice_client.patch(URL, data="{'single': quotes}", content_type="application/json")

    assert_error(response, 400, Code.MALFORMED_REQUEST)


def test_a_body_that_is_not_an_object_answers_112(patch):
    assert_error(patch(["first_name"]), 400, Code.PROFILE_UPDATE_FAILED)


# --- DELETE ---------------------------------------------------------------------------


def test_delete_removes_the_account_and_what_it_owns(alice, alice_client, bob):
    BlockFactory(blocker=alice, blocked=bob)
    BlockFactory(blocker=bob, blocked=alice)

    response = alice_client.delete(URL, {"password": DEFAULT_PASSWORD}, format="json")

    assert assert_success(response, 200, Code.ACCOUNT_DELETED) is None
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Block.objects.exists()
    assert User.objects.filter(pk=bob.pk).exists()
    # Her refresh tokens stay outstanding without a user: refreshing them fails (401).
    assert OutstandingToken.objects.filter(user__isnull=True).exists()


def test_after_deletion_the_token_no_longer_works(alice_client):
    alice_client.delete(URL, {"password": DEFAULT_PASSWORD}, format="json")

    assert_error(alice_client.get(URL), 401, Code.TOKEN_INVALID)


@pytest.mark.parametrize("password", ["Wrong!Pass1", "", None, 42, ...])
def test_a_wrong_or_missing_password_answers_132_and_keeps_the_account(
    alice, alice_client, password
):
    data = {} if password is ... else {"password": password}

    response = alice_client.delete(URL, data, format="json")

    assert_error(response, 400, Code.ACCOUNT_DELETE_PASSWORD_WRONG)
    assert User.objects.filter(pk=alice.pk).exists()


def test_delete_only_deletes_the_requester(bob_client, alice, bob):
    other = UserFactory()

    bob_client.delete(URL, {"password": DEFAULT_PASSWORD}, format="json")

    assert set(User.objects.values_list("pk", flat=True)) == {alice.pk, other.pk}


def test_delete_cascades_into_the_other_apps(alice, alice_client, bob):
    from django.utils import timezone

    from calendars.models import Event
    from contacts.models import Contact, FriendRequest, Friendship

    Contact.objects.create(owner=alice, first_name="Mum")
    bobs_contact = Contact.objects.create(owner=bob, first_name="Alice", linked_user=alice)
    FriendRequest.objects.create(from_user=alice, to_user=bob)
    low, high = Friendship.ordered(alice.pk, bob.pk)
    Friendship.objects.create(user_low_id=low, user_high_id=high)
    now = timezone.now()
    Event.objects.create(owner=alice, name="Party", start=now, end=now)

    response = alice_client.delete(URL, {"password": DEFAULT_PASSWORD}, format="json")

    assert_success(response, 200, Code.ACCOUNT_DELETED)
    assert list(Contact.objects.all()) == [bobs_contact]
    bobs_contact.refresh_from_db()
    assert bobs_contact.linked_user is None
    assert not FriendRequest.objects.exists()
    assert not Friendship.objects.exists()
    assert not Event.objects.exists()
