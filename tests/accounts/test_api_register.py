import pytest
from django.urls import reverse

from accounts.models import User
from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.accounts.utils import assert_error, assert_success, link_params

pytestmark = pytest.mark.django_db

URL = reverse("api:auth-register")
PRIVATE_FIELDS = {
    "id",
    "username",
    "email",
    "first_name",
    "last_name",
    "patronymic",
    "birthday",
    "description",
    "background_color",
    "avatar",
    "phone_number",
    "timezone",
    "email_verified",
    "date_joined",
}


def payload(**overrides) -> dict:
    data = {
        "email": "new.person@example.com",
        "password": "Kith!Pass42",
        "first_name": "New",
        "last_name": "Person",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not ...}


@pytest.fixture
def register(api_client, django_capture_on_commit_callbacks):
    def _register(data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return api_client.post(URL, payload() if data is None else data, format="json")

    return _register


def test_it_creates_an_account_and_answers_the_private_profile(register, mailoutbox):
    response = register(
        payload(
            username="newbie",
            patronymic="Ivanovich",
            birthday="1990-05-17",
            phone_number="+49 (30) 123-456",
        )
    )

    data = assert_success(response, 201, Code.ACCOUNT_CREATED)
    assert set(data) == PRIVATE_FIELDS
    user = User.objects.get(pk=data["id"])
    assert data["username"] == user.username == "newbie"
    assert data["email"] == "new.person@example.com"
    assert data["patronymic"] == "Ivanovich"
    assert data["birthday"] == "1990-05-17"
    assert data["phone_number"] == "+49 (30) 123-456"
    assert data["timezone"] == "UTC"
    assert data["avatar"] is None
    assert data["email_verified"] is False
    assert user.check_password("Kith!Pass42")
    assert "password" not in data


def test_it_mails_a_verification_link(register, mailoutbox):
    register()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.person@example.com"]
    path, query = link_params(message)
    assert message.body.count("http://localhost:3000/verify-email?token=") == 1
    assert path == "/verify-email"
    assert set(query) == {"token"}
    # The token needs no percent-decoding: it appears in the link as it is.
    assert f"/verify-email?token={query['token']}\n" in message.body


def test_no_mail_is_sent_before_the_transaction_commits(api_client, mailoutbox):
    # Without running on_commit callbacks (the test transaction never commits) no mail goes.
    api_client.post(URL, payload(), format="json")

    assert User.objects.filter(email="new.person@example.com").exists()
    assert mailoutbox == []


def test_the_email_is_stored_lower_cased(register):
    data = assert_success(register(payload(email="  Mixed.Case@Example.COM ")), 201, 105)

    assert data["email"] == "mixed.case@example.com"


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("john.doe@example.com", "john_doe"),
        ("Jo@example.com", "jo_user"),
        ("a.b@example.com", "a_b_user"),
        ("+++@example.com", "user"),
        ("x" * 60 + "@example.com", "x" * 26),
        ("o'brien-smith@example.com", "o_brien_smith"),
    ],
)
def test_a_username_is_generated_from_the_email(register, email, expected):
    data = assert_success(register(payload(email=email)), 201, 105)

    assert data["username"] == expected


def test_a_generated_username_is_made_unique(register):
    UserFactory(username="john_doe", email="other@example.com")
    UserFactory(username="john_doe_2", email="other2@example.com")

    data = assert_success(register(payload(email="john.doe@example.com")), 201, 105)

    assert data["username"] == "john_doe_3"


@pytest.mark.parametrize("username", ["", "  ", None])
def test_a_blank_or_null_username_is_generated(register, username):
    data = assert_success(register(payload(username=username)), 201, Code.ACCOUNT_CREATED)

    assert data["username"] == "new_person"


def test_a_given_username_is_lower_cased(register):
    data = assert_success(register(payload(username="New_Guy")), 201, 105)

    assert data["username"] == "new_guy"


@pytest.mark.parametrize("email", ["alice@example.com", "ALICE@Example.com", " alice@example.com"])
def test_a_taken_email_answers_106_case_insensitively(register, alice, email):
    body = assert_error(register(payload(email=email)), 400, Code.REGISTER_EMAIL_INVALID)

    assert "email" in body["errors"]
    assert User.objects.count() == 1


@pytest.mark.parametrize("email", ["not-an-email", "", None, 42, "a@b", "x" * 250 + "@example.com"])
def test_an_invalid_email_answers_106(register, email):
    assert_error(register(payload(email=email)), 400, Code.REGISTER_EMAIL_INVALID)
    assert not User.objects.exists()


def test_a_missing_email_answers_106(register):
    assert_error(register(payload(email=...)), 400, Code.REGISTER_EMAIL_INVALID)


@pytest.mark.parametrize("password", ["Ab3!efgh", "Ab3!" + "x" * 26, "  Sp4ce! in it  "])
def test_a_password_meeting_the_policy_is_accepted(register, password):
    data = assert_success(register(payload(password=password)), 201, Code.ACCOUNT_CREATED)

    assert User.objects.get(pk=data["id"]).check_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "Sh0rt!x",  # 7 characters
        "Aa1!" + "x" * 27,  # 31 characters
        "alllower1!",  # no upper-case letter
        "ALLUPPER1!",  # no lower-case letter
        "NoDigits!!",  # no digit
        "NoSymbol12",  # no symbol
        "Password1!",  # a common password
        "New.Person@example.com1A!",  # too similar to the email
        "",
        None,
        12345678,
        "A1!" + "b" * 200,  # over-long
    ],
)
def test_a_weak_password_answers_107(register, password):
    body = assert_error(register(payload(password=password)), 400, Code.REGISTER_PASSWORD_WEAK)

    assert "password" in body["errors"]
    assert not User.objects.exists()


def test_a_missing_password_answers_107(register):
    assert_error(register(payload(password=...)), 400, Code.REGISTER_PASSWORD_WEAK)


@pytest.mark.parametrize("username", ["alice", "ALICE", "Alice"])
def test_a_taken_username_answers_113(register, alice, username):
    body = assert_error(register(payload(username=username)), 400, Code.REGISTER_USERNAME_TAKEN)

    assert "username" in body["errors"]
    assert User.objects.count() == 1


@pytest.mark.parametrize("username", ["abc", "x" * 33, "has space", "dash-ed", "dötted", 1234])
def test_a_malformed_username_answers_128(register, username):
    body = assert_error(register(payload(username=username)), 400, Code.USERNAME_INVALID)

    assert "username" in body["errors"]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"first_name": ...},
        {"last_name": ...},
        {"first_name": ""},
        {"first_name": "x" * 151},
        {"last_name": "y" * 151},
        {"patronymic": "z" * 151},
        {"birthday": "17.05.1990"},
        {"birthday": "2990-01-01"},
        {"birthday": "1990-02-30"},
        {"phone_number": "call me"},
        {"phone_number": "1" * 40},
        {"first_name": ["a"]},
    ],
)
def test_any_other_invalid_input_answers_108(register, overrides):
    body = assert_error(register(payload(**overrides)), 400, Code.REGISTER_FAILED)

    assert set(body["errors"]) == {next(iter(overrides))}
    assert not User.objects.exists()


def test_a_body_that_is_not_an_object_answers_108(register):
    assert_error(register(["not", "an", "object"]), 400, Code.REGISTER_FAILED)


def test_malformed_json_answers_911(api_client):
    response = api_client.post(URL, data="{not json", content_type="application/json")

    assert_error(response, 400, Code.MALFORMED_REQUEST)
    assert not User.objects.exists()


def test_the_email_error_wins_over_others(register, alice):
    body = assert_error(
        register(payload(email="alice@example.com", password="weak", username="x")),
        400,
        Code.REGISTER_EMAIL_INVALID,
    )

    assert {"email", "username"} <= set(body["errors"])


def test_a_stale_bearer_token_does_not_break_registration(register, api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert_success(register(), 201, Code.ACCOUNT_CREATED)


def test_get_is_not_allowed(api_client):
    assert_error(api_client.get(URL), 405, Code.METHOD_NOT_ALLOWED)
