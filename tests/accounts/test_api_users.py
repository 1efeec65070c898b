import pytest
from django.urls import reverse

from common.codes import Code
from tests.accounts.factories import BlockFactory, UserFactory
from tests.accounts.utils import assert_error, assert_success

pytestmark = pytest.mark.django_db

LIST = reverse("api:user-list")
PUBLIC_FIELDS = {
    "id",
    "username",
    "first_name",
    "last_name",
    "avatar",
    "description",
    "background_color",
}


def detail(user_id) -> str:
    return reverse("api:user-detail", args=[user_id])


def by_username(username) -> str:
    return reverse("api:user-by-username", args=[username])


def ids(response) -> list[int]:
    return [u["id"] for u in response.json()["data"]["results"]]


@pytest.fixture
def carol(db):
    return UserFactory(
        username="carol_c", email="Carol.Chen@example.com", first_name="Carol", last_name="Chen"
    )


# --- list and search -------------------------------------------------------------------


def test_list_answers_paged_public_profiles_by_id(alice_client, alice, bob, carol):
    data = assert_success(alice_client.get(LIST), 200, Code.USERS_LISTED)

    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 3
    assert [u["id"] for u in data["results"]] == sorted([alice.pk, bob.pk, carol.pk])
    for user in data["results"]:
        assert set(user) == PUBLIC_FIELDS


def test_list_pages(alice_client, alice):
    UserFactory.create_batch(4)

    first = alice_client.get(LIST, {"page_size": 2}).json()["data"]
    last = alice_client.get(LIST, {"page_size": 2, "page": 3}).json()["data"]

    assert first["count"] == 5
    assert len(first["results"]) == 2 and first["next"]
    assert len(last["results"]) == 1 and last["next"] is None


@pytest.mark.parametrize("search", ["carol", "CAR", "ol_c", "Chen", "hen", "Carol Chen"])
def test_search_matches_username_and_names(alice_client, bob, carol, search):
    response = alice_client.get(LIST, {"search": search})

    assert ids(response) == [carol.pk]


@pytest.mark.parametrize("email", ["carol.chen@example.com", "CAROL.CHEN@EXAMPLE.COM"])
def test_search_matches_the_exact_email_case_insensitively(alice_client, carol, email):
    assert ids(alice_client.get(LIST, {"search": email})) == [carol.pk]


@pytest.mark.parametrize("partial", ["carol.chen@", "@example.com", "chen@example"])
def test_search_does_not_match_part_of_an_email(alice_client, carol, bob, partial):
    assert ids(alice_client.get(LIST, {"search": partial})) == []


def test_search_without_matches_is_an_empty_page(alice_client):
    data = assert_success(alice_client.get(LIST, {"search": "zzz"}), 200, Code.USERS_LISTED)

    assert data == {"count": 0, "next": None, "previous": None, "results": []}


def test_users_i_blocked_are_hidden(alice, alice_client, bob, carol):
    BlockFactory(blocker=alice, blocked=bob)

    assert ids(alice_client.get(LIST)) == [alice.pk, carol.pk]


def test_users_who_blocked_me_are_hidden_and_i_am_hidden_from_them(
    alice, alice_client, bob, bob_client, carol
):
    BlockFactory(blocker=bob, blocked=alice)

    assert bob.pk not in ids(alice_client.get(LIST))
    assert alice.pk not in ids(bob_client.get(LIST))
    assert alice.pk not in ids(bob_client.get(LIST, {"search": "alice"}))


def test_a_block_between_others_hides_nobody_from_me(alice_client, alice, bob, carol):
    BlockFactory(blocker=bob, blocked=carol)

    assert ids(alice_client.get(LIST)) == [alice.pk, bob.pk, carol.pk]


def test_inactive_users_are_hidden(alice_client, alice):
    UserFactory(is_active=False)

    assert ids(alice_client.get(LIST)) == [alice.pk]


def test_an_over_long_search_is_fine(alice_client):
    assert_success(alice_client.get(LIST, {"search": "x" * 5000}), 200, Code.USERS_LISTED)


def test_anonymous_gets_401(api_client, alice):
    assert_error(api_client.get(LIST), 401, Code.TOKEN_INVALID)
    assert_error(api_client.get(detail(alice.pk)), 401, Code.TOKEN_INVALID)
    assert_error(api_client.get(by_username("alice")), 401, Code.TOKEN_INVALID)


def test_list_costs_the_same_queries_at_1_and_50_users(
    alice_client, alice, django_assert_num_queries
):
    # 1. the requester (bearer token), 2. the page count, 3. the page of users
    # (the block check is a subquery of 2 and 3).
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"page_size": 100})
    assert len(response.json()["data"]["results"]) == 1

    UserFactory.create_batch(49)
    for blocked in UserFactory.create_batch(3):
        BlockFactory(blocker=alice, blocked=blocked)

    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"page_size": 100})
    assert len(response.json()["data"]["results"]) == 50


def test_search_costs_the_same_queries_at_1_and_50_users(alice_client, django_assert_num_queries):
    # 1. the requester, 2. the page count, 3. the page of users.
    UserFactory()
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"search": "user"})
    assert response.json()["data"]["count"] == 1

    UserFactory.create_batch(49)
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"search": "user"})
    assert response.json()["data"]["count"] == 50


# --- retrieve -------------------------------------------------------------------------


def test_retrieve_answers_the_public_profile(alice_client, carol):
    data = assert_success(alice_client.get(detail(carol.pk)), 200, Code.USER_RETRIEVED)

    assert data == {
        "id": carol.pk,
        "username": "carol_c",
        "first_name": "Carol",
        "last_name": "Chen",
        "avatar": None,
        "description": "",
        "background_color": "",
    }


def test_retrieve_myself_works(alice_client, alice):
    assert_success(alice_client.get(detail(alice.pk)), 200, Code.USER_RETRIEVED)


def test_an_unknown_user_answers_404_code_134(alice_client):
    assert_error(alice_client.get(detail(999_999)), 404, Code.USER_NOT_FOUND)


def test_a_non_numeric_id_answers_404(alice_client):
    response = alice_client.get("/api/v1/users/abc/")

    assert response.status_code == 404


@pytest.mark.parametrize("direction", ["i_blocked", "blocked_me"])
def test_a_blocked_relation_answers_404(alice, alice_client, bob, direction):
    if direction == "i_blocked":
        BlockFactory(blocker=alice, blocked=bob)
    else:
        BlockFactory(blocker=bob, blocked=alice)

    assert_error(alice_client.get(detail(bob.pk)), 404, Code.USER_NOT_FOUND)
    assert_error(alice_client.get(by_username("bob_b")), 404, Code.USER_NOT_FOUND)


def test_an_inactive_user_answers_404(alice_client):
    gone = UserFactory(is_active=False)

    assert_error(alice_client.get(detail(gone.pk)), 404, Code.USER_NOT_FOUND)


# --- by username --------------------------------------------------------------------


@pytest.mark.parametrize("username", ["carol_c", "CAROL_C"])
def test_by_username_answers_the_public_profile(alice_client, carol, username):
    data = assert_success(alice_client.get(by_username(username)), 200, Code.USER_RETRIEVED)

    assert data["id"] == carol.pk
    assert set(data) == PUBLIC_FIELDS


@pytest.mark.parametrize("username", ["nobody_here", "x", "a" * 200, "with space"])
def test_by_username_of_nobody_answers_404_code_134(alice_client, username):
    assert_error(alice_client.get(by_username(username)), 404, Code.USER_NOT_FOUND)


# --- username availability (anonymous) ---------------------------------------------

AVAILABLE = reverse("api:auth-username-available")


def test_a_free_username_answers_126(api_client, alice):
    data = assert_success(api_client.get(AVAILABLE, {"username": "free_name"}), 200, 126)

    assert data == {"username": "free_name", "available": True}


@pytest.mark.parametrize("username", ["alice", "ALICE", " Alice "])
def test_a_taken_username_answers_127(api_client, alice, username):
    data = assert_success(api_client.get(AVAILABLE, {"username": username}), 200, 127)

    assert data == {"username": "alice", "available": False}


@pytest.mark.parametrize("username", ["abc", "x" * 33, "has space", "ümlaut", "a-b-c-d", ""])
def test_a_malformed_username_answers_128(api_client, username):
    response = api_client.get(AVAILABLE, {"username": username})

    assert "username" in assert_error(response, 400, Code.USERNAME_INVALID)["errors"]


def test_a_missing_username_answers_128(api_client):
    assert_error(api_client.get(AVAILABLE), 400, Code.USERNAME_INVALID)


def test_availability_works_with_a_stale_token(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer garbage")

    assert_success(api_client.get(AVAILABLE, {"username": "free_name"}), 200, 126)
