import datetime

import pytest
from django.urls import reverse

from common.codes import Code
from stories.models import Story
from tests.contacts.factories import ContactFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

STORY_FIELDS = {"id", "contact", "title", "content", "date", "location", "created_at"}


def list_url(contact) -> str:
    return reverse("api:contact-stories-list", args=[getattr(contact, "pk", contact)])


def detail_url(contact, story) -> str:
    return reverse(
        "api:contact-stories-detail",
        args=[getattr(contact, "pk", contact), getattr(story, "pk", story)],
    )


def snapshot(story: Story) -> dict:
    story.refresh_from_db()
    return {f.attname: getattr(story, f.attname) for f in Story._meta.concrete_fields}


@pytest.fixture
def contact(alice):
    return ContactFactory(owner=alice)


# --- create ---------------------------------------------------------------------------


def test_it_adds_a_story(alice_client, contact):
    body = {
        "title": "First met",
        "content": "At a party.",
        "date": "2020-02-29",
        "location": "Berlin",
    }

    response = alice_client.post(list_url(contact), body)

    assert response.status_code == 201
    assert response.json()["code"] == Code.STORY_ADDED
    data = response.json()["data"]
    assert set(data) == STORY_FIELDS
    assert data["contact"] == contact.pk
    assert {k: data[k] for k in body} == body
    story = Story.objects.get(pk=data["id"])
    assert story.contact == contact
    assert story.date == datetime.date(2020, 2, 29)


def test_a_title_is_enough(alice_client, contact):
    response = alice_client.post(list_url(contact), {"title": "Hello", "date": None})

    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["content"], data["date"], data["location"]) == ("", None, "")


def test_the_contact_comes_from_the_path(alice_client, alice, contact):
    other = ContactFactory(owner=alice)

    response = alice_client.post(list_url(contact), {"title": "Hi", "contact": other.pk})

    assert response.json()["data"]["contact"] == contact.pk
    assert Story.objects.get().contact == contact


BAD_BODIES = [
    ({}, "title"),
    ({"title": ""}, "title"),
    ({"title": None}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"title": ["a"]}, "title"),
    ({"title": "Ok", "content": "x" * 10001}, "content"),
    ({"title": "Ok", "location": "x" * 201}, "location"),
    ({"title": "Ok", "content": {"a": 1}}, "content"),
    ({"title": "Ok", "date": "2020-02-30"}, "date"),
    ({"title": "Ok", "date": "31.12.2020"}, "date"),
    ({"title": "Ok", "date": 20200101}, "date"),
    ({"title": "Ok", "date": "soon"}, "date"),
]


@pytest.mark.parametrize(("body", "field"), BAD_BODIES)
def test_invalid_story_answers_401_and_adds_nothing(alice_client, contact, body, field):
    response = alice_client.post(list_url(contact), body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.STORY_ADD_FAILED
    assert field in response.json()["errors"]
    assert not Story.objects.exists()


def test_malformed_json_adds_nothing(alice_client, contact):
    response = alice_client.post(list_url(contact), '{"title": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST
    assert not Story.objects.exists()


def test_adding_to_another_users_contact_is_404_212(bob_client, contact):
    response = bob_client.post(list_url(contact), {"title": "Sneaky"})

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONTACT_NOT_FOUND
    assert not Story.objects.exists()


def test_the_path_contact_is_checked_before_the_body(bob_client, contact):
    response = bob_client.post(list_url(contact), {"title": ""})

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONTACT_NOT_FOUND


# --- list -----------------------------------------------------------------------------


def test_it_lists_the_contacts_stories_newest_first(alice_client, alice, contact):
    older = StoryFactory(contact=contact)
    newer = StoryFactory(contact=contact)
    StoryFactory(contact=ContactFactory(owner=alice))  # another contact's story

    response = alice_client.get(list_url(contact))

    assert response.status_code == 200
    assert response.json()["code"] == Code.STORIES_LISTED
    assert [s["id"] for s in response.json()["data"]["results"]] == [newer.pk, older.pk]


def test_it_searches_and_filters_by_date(alice_client, contact):
    # Fixed content: a random sentence could hold "ski" ("skill") and match the search.
    plain = {"contact": contact, "content": "A day out."}
    StoryFactory(**plain, title="Ski trip", date=datetime.date(2020, 1, 10))
    StoryFactory(**plain, title="Wedding", date=datetime.date(2021, 6, 1))
    StoryFactory(**plain, title="Undated", date=None, location="Rome")

    def titles(params):
        response = alice_client.get(list_url(contact), params)
        return [s["title"] for s in response.json()["data"]["results"]]

    assert titles({"search": "ski"}) == ["Ski trip"]
    assert titles({"search": "rome"}) == ["Undated"]
    assert titles({"date_after": "2021-01-01"}) == ["Wedding"]
    assert titles({"date_before": "2020-12-31"}) == ["Ski trip"]
    assert titles({"ordering": "date"}) == ["Ski trip", "Wedding", "Undated"]
    assert titles({"ordering": "-date"}) == ["Wedding", "Ski trip", "Undated"]


def test_a_bad_date_filter_answers_406(alice_client, contact):
    response = alice_client.get(list_url(contact), {"date_after": "not-a-date"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.STORIES_LIST_FAILED


def test_story_list_costs_the_same_queries_at_1_and_50_rows(
    alice_client, contact, django_assert_num_queries
):
    StoryFactory(contact=contact)
    # 1 the user of the token, 2 the path's contact, 3 count, 4 the page of stories
    with django_assert_num_queries(4):
        response = alice_client.get(list_url(contact), {"page_size": 100})
    assert len(response.json()["data"]["results"]) == 1

    StoryFactory.create_batch(49, contact=contact)
    with django_assert_num_queries(4):
        response = alice_client.get(list_url(contact), {"page_size": 100})
    assert len(response.json()["data"]["results"]) == 50


# --- retrieve, update, delete ---------------------------------------------------------------


def test_it_retrieves_a_story(alice_client, contact):
    story = StoryFactory(contact=contact)

    response = alice_client.get(detail_url(contact, story))

    assert response.status_code == 200
    assert response.json()["code"] == Code.STORY_RETRIEVED
    assert response.json()["data"]["id"] == story.pk


def test_it_updates_a_story(alice_client, contact):
    story = StoryFactory(contact=contact, title="Old", location="Paris")

    response = alice_client.patch(detail_url(contact, story), {"title": "New", "date": None})

    assert response.status_code == 200
    assert response.json()["code"] == Code.STORY_UPDATED
    story.refresh_from_db()
    assert (story.title, story.location, story.date) == ("New", "Paris", None)


@pytest.mark.parametrize(("body", "field"), BAD_BODIES[1:])
def test_invalid_update_answers_416_and_changes_nothing(alice_client, contact, body, field):
    story = StoryFactory(contact=contact)
    before = snapshot(story)

    response = alice_client.patch(detail_url(contact, story), body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.STORY_UPDATE_FAILED
    assert field in response.json()["errors"]
    assert snapshot(story) == before


def test_a_story_cannot_move_to_another_contact(alice_client, alice, contact):
    story = StoryFactory(contact=contact)
    other = ContactFactory(owner=alice)

    alice_client.patch(detail_url(contact, story), {"contact": other.pk})

    story.refresh_from_db()
    assert story.contact == contact


def test_it_deletes_a_story(alice_client, contact):
    story = StoryFactory(contact=contact)
    kept = StoryFactory(contact=contact)

    response = alice_client.delete(detail_url(contact, story))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.STORY_DELETED,
        "msg": Code.STORY_DELETED.msg,
        "data": None,
    }
    assert list(Story.objects.all()) == [kept]


def test_put_is_not_allowed(alice_client, contact):
    story = StoryFactory(contact=contact)

    response = alice_client.put(detail_url(contact, story), {"title": "X"})

    assert response.status_code == 405
    assert response.json()["code"] == Code.METHOD_NOT_ALLOWED


# --- privacy and not found -------------------------------------------------------------------

VERBS = [("get", None), ("patch", {"title": "Hacked"}), ("delete", None)]


@pytest.mark.parametrize(("method", "body"), VERBS)
def test_bob_cannot_reach_alices_story_on_any_verb(bob_client, contact, method, body):
    story = StoryFactory(contact=contact)
    before = snapshot(story)

    response = getattr(bob_client, method)(detail_url(contact, story), body)

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONTACT_NOT_FOUND
    assert snapshot(story) == before


@pytest.mark.parametrize(("method", "body"), VERBS)
def test_bob_cannot_reach_alices_story_through_his_own_contact(
    bob_client, bob, contact, method, body
):
    story = StoryFactory(contact=contact)
    before = snapshot(story)
    bobs_contact = ContactFactory(owner=bob)

    response = getattr(bob_client, method)(detail_url(bobs_contact, story), body)

    assert response.status_code == 404
    assert response.json()["code"] == Code.STORY_NOT_FOUND
    assert snapshot(story) == before


def test_bob_cannot_list_alices_stories(bob_client, contact):
    StoryFactory(contact=contact)

    response = bob_client.get(list_url(contact))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONTACT_NOT_FOUND


@pytest.mark.parametrize(("method", "body"), VERBS)
def test_a_story_of_another_own_contact_is_421(alice_client, alice, contact, method, body):
    story = StoryFactory(contact=ContactFactory(owner=alice))

    response = getattr(alice_client, method)(detail_url(contact, story), body)

    assert response.status_code == 404
    assert response.json()["code"] == Code.STORY_NOT_FOUND


@pytest.mark.parametrize("story_id", [999999, 10**25])
def test_an_unknown_story_is_421(alice_client, contact, story_id):
    response = alice_client.get(detail_url(contact, story_id))

    assert response.status_code == 404
    assert response.json()["code"] == Code.STORY_NOT_FOUND


@pytest.mark.parametrize("contact_id", [999999, 10**25])
def test_an_unknown_contact_is_212(alice_client, contact_id):
    for response in (
        alice_client.get(list_url(contact_id)),
        alice_client.post(list_url(contact_id), {"title": "x"}),
        alice_client.get(detail_url(contact_id, 1)),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == Code.CONTACT_NOT_FOUND


@pytest.mark.parametrize(
    ("method", "url_name"),
    [
        ("get", "list"),
        ("post", "list"),
        ("get", "detail"),
        ("patch", "detail"),
        ("delete", "detail"),
    ],
)
def test_anonymous_gets_401_on_every_verb(api_client, contact, method, url_name):
    story = StoryFactory(contact=contact)
    before = snapshot(story)
    url = list_url(contact) if url_name == "list" else detail_url(contact, story)

    response = getattr(api_client, method)(url, {"title": "X"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert snapshot(story) == before
    assert Story.objects.count() == 1


def test_an_empty_patch_changes_nothing(alice_client, contact):
    story = StoryFactory(contact=contact)
    before = snapshot(story)

    response = alice_client.patch(detail_url(contact, story), {})

    assert response.status_code == 200
    after = snapshot(story)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
