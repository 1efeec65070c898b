import datetime

import pytest
from django.urls import reverse

from common.codes import Code
from contacts.models import Contact
from groups.models import Membership
from stories.models import Story
from tests.contacts.factories import ContactFactory, image_file, text_file
from tests.groups.factories import GroupFactory, MembershipFactory
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:contacts-list")

CONTACT_FIELDS = {
    "id",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "mobile",
    "company",
    "address",
    "birthday",
    "relationship",
    "notes",
    "photo",
    "linked_user",
    "groups",
    "created_at",
    "updated_at",
}

FULL_BODY = {
    "first_name": "Ann",
    "last_name": "Smith",
    "email": "ann@example.com",
    "phone": "+1 (555) 010-0100",
    "mobile": "0912 345 6789",
    "company": "Acme",
    "address": "1 Main Street, Springfield",
    "birthday": "1990-05-17",
    "relationship": "friend",
    "notes": "Likes tea.",
}


def detail(contact) -> str:
    return reverse("api:contacts-detail", args=[getattr(contact, "pk", contact)])


def snapshot(contact: Contact) -> dict:
    contact.refresh_from_db()
    return {f.attname: getattr(contact, f.attname) for f in Contact._meta.concrete_fields}


# --- create ---------------------------------------------------------------------------


def test_it_creates_a_contact_with_only_a_first_name(alice_client, alice):
    response = alice_client.post(LIST, {"first_name": "Ann"})

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.CONTACT_ADDED
    data = body["data"]
    assert set(data) == CONTACT_FIELDS
    assert data["first_name"] == "Ann"
    assert data["full_name"] == "Ann"
    assert data["photo"] is None
    assert data["linked_user"] is None
    assert data["groups"] == []
    assert data["birthday"] is None
    contact = Contact.objects.get(pk=data["id"])
    assert contact.owner == alice


def test_it_creates_a_contact_with_every_field(alice_client, bob):
    response = alice_client.post(LIST, {**FULL_BODY, "linked_user": bob.pk})

    assert response.status_code == 201
    data = response.json()["data"]
    for name, value in FULL_BODY.items():
        assert data[name] == value
    assert data["full_name"] == "Ann Smith"
    assert data["linked_user"] == bob.pk
    contact = Contact.objects.get(pk=data["id"])
    assert contact.birthday == datetime.date(1990, 5, 17)
    assert contact.linked_user == bob


def test_null_optional_text_is_stored_as_empty(alice_client):
    response = alice_client.post(LIST, {"first_name": "Ann", "email": None, "notes": None})

    assert response.status_code == 201
    contact = Contact.objects.get(pk=response.json()["data"]["id"])
    assert contact.email == ""
    assert contact.notes == ""


def test_it_uploads_a_photo_with_multipart(alice_client):
    response = alice_client.post(
        LIST, {"first_name": "Ann", "photo": image_file("my holiday.png")}, format="multipart"
    )

    assert response.status_code == 201
    url = response.json()["data"]["photo"]
    assert url.startswith("http://testserver/media/contacts/")
    assert url.endswith(".png")
    assert "holiday" not in url  # stored under a random name
    contact = Contact.objects.get(pk=response.json()["data"]["id"])
    assert contact.photo.name.startswith("contacts/")


def over_long(**lengths):
    return [({"first_name": "Ann", name: "x" * length}, name) for name, length in lengths.items()]


BAD_CREATE_BODIES = [
    ({}, "first_name"),
    ({"first_name": ""}, "first_name"),
    ({"first_name": "   "}, "first_name"),
    ({"first_name": None}, "first_name"),
    ({"first_name": ["Ann"]}, "first_name"),
    ({"first_name": {"a": 1}}, "first_name"),
    ({"first_name": True}, "first_name"),
    *over_long(
        first_name=101,
        last_name=101,
        phone=33,
        mobile=33,
        company=151,
        address=501,
        relationship=51,
        notes=5001,
    ),
    ({"first_name": "Ann", "email": "x" * 250 + "@example.com"}, "email"),
    ({"first_name": "Ann", "email": "not-an-email"}, "email"),
    ({"first_name": "Ann", "email": 42}, "email"),
    ({"first_name": "Ann", "phone": "call me"}, "phone"),
    ({"first_name": "Ann", "mobile": "+"}, "mobile"),
    ({"first_name": "Ann", "birthday": "17/05/1990"}, "birthday"),
    ({"first_name": "Ann", "birthday": "1990-13-01"}, "birthday"),
    ({"first_name": "Ann", "birthday": "1990-02-29"}, "birthday"),
    ({"first_name": "Ann", "birthday": "yesterday"}, "birthday"),
    ({"first_name": "Ann", "birthday": 19900517}, "birthday"),
    ({"first_name": "Ann", "birthday": "2999-01-01"}, "birthday"),
    ({"first_name": "Ann", "linked_user": 999999}, "linked_user"),
    ({"first_name": "Ann", "linked_user": "abc"}, "linked_user"),
    ({"first_name": "Ann", "linked_user": True}, "linked_user"),
    ({"first_name": "Ann", "linked_user": 10**30}, "linked_user"),
    ({"first_name": "Ann", "photo": "http://example.com/a.png"}, "photo"),
    ({"first_name": "Ann", "notes": ["a"]}, "notes"),
]


@pytest.mark.parametrize(("body", "field"), BAD_CREATE_BODIES)
def test_invalid_create_answers_201_and_adds_nothing(alice_client, body, field):
    response = alice_client.post(LIST, body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.CONTACT_ADD_FAILED
    assert field in response.json()["errors"]
    assert not Contact.objects.exists()


def test_a_non_image_photo_answers_201_and_adds_nothing(alice_client):
    response = alice_client.post(
        LIST, {"first_name": "Ann", "photo": text_file()}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["code"] == Code.CONTACT_ADD_FAILED
    assert response.json()["errors"]["photo"] == [Code.IMAGE_INVALID.msg]
    assert not Contact.objects.exists()


def test_an_over_large_photo_answers_413(alice_client, settings):
    settings.UPLOAD_MAX_BYTES = 100

    response = alice_client.post(
        LIST, {"first_name": "Ann", "photo": image_file(size=(64, 64))}, format="multipart"
    )

    assert response.status_code == 413
    assert response.json()["code"] == Code.PAYLOAD_TOO_LARGE
    assert not Contact.objects.exists()


def test_a_photo_with_too_many_pixels_answers_400(alice_client, settings):
    settings.UPLOAD_MAX_PIXELS = 100

    response = alice_client.post(
        LIST, {"first_name": "Ann", "photo": image_file(size=(20, 20))}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["photo"] == [Code.IMAGE_TOO_MANY_PIXELS.msg]
    assert not Contact.objects.exists()


def test_malformed_json_answers_400_and_adds_nothing(alice_client):
    response = alice_client.post(LIST, '{"first_name": "Ann"', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST
    assert not Contact.objects.exists()


def test_a_list_body_answers_400_and_adds_nothing(alice_client):
    response = alice_client.post(LIST, [{"first_name": "Ann"}])

    assert response.status_code == 400
    assert response.json()["code"] == Code.CONTACT_ADD_FAILED
    assert not Contact.objects.exists()


def test_a_birthday_in_the_future_of_the_users_timezone_is_refused(alice_client, alice):
    alice.timezone = "Pacific/Kiritimati"  # UTC+14: "tomorrow" in UTC is today there
    alice.save()
    tomorrow_utc = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=2)

    response = alice_client.post(LIST, {"first_name": "Ann", "birthday": str(tomorrow_utc)})

    assert response.status_code == 400
    assert "birthday" in response.json()["errors"]


def test_owner_and_read_only_fields_in_the_body_are_ignored(alice_client, alice, bob):
    group = GroupFactory(owner=alice)
    response = alice_client.post(
        LIST,
        {
            "first_name": "Ann",
            "owner": bob.pk,
            "id": 12345,
            "groups": [group.pk],
            "full_name": "Someone Else",
            "created_at": "2000-01-01T00:00:00Z",
        },
    )

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["id"] != 12345
    assert data["groups"] == []
    assert data["full_name"] == "Ann"
    contact = Contact.objects.get(pk=data["id"])
    assert contact.owner == alice
    assert not Membership.objects.exists()


# --- read -----------------------------------------------------------------------------


def test_it_retrieves_own_contact(alice_client, alice, bob):
    contact = ContactFactory(owner=alice, first_name="Ann", last_name="Smith", linked_user=bob)

    response = alice_client.get(detail(contact))

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CONTACT_RETRIEVED
    assert body["data"]["id"] == contact.pk
    assert body["data"]["full_name"] == "Ann Smith"
    # The linked user shows as an id only: nothing of bob's profile leaks.
    assert body["data"]["linked_user"] == bob.pk
    assert bob.email not in response.content.decode()


def test_it_hides_other_users_contacts(bob_client, alice):
    contact = ContactFactory(owner=alice)

    response = bob_client.get(detail(contact))

    assert response.status_code == 404
    assert response.json() == {
        "code": Code.CONTACT_NOT_FOUND,
        "msg": Code.CONTACT_NOT_FOUND.msg,
        "errors": None,
    }


@pytest.mark.parametrize("contact_id", [999999, 10**25])
def test_unknown_contact_is_404_212(alice_client, contact_id):
    response = alice_client.get(detail(contact_id))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONTACT_NOT_FOUND


def test_groups_lists_the_ids_of_own_groups_only(alice_client, alice):
    contact = ContactFactory(owner=alice)
    first, second = GroupFactory(owner=alice), GroupFactory(owner=alice)
    GroupFactory(owner=alice)  # a group the contact isn't in
    MembershipFactory(group=second, contact=contact)
    MembershipFactory(group=first, contact=contact)

    response = alice_client.get(detail(contact))

    assert response.json()["data"]["groups"] == sorted([first.pk, second.pk])


# --- list, search, filters, ordering ----------------------------------------------------


def names(response) -> list[str]:
    return [c["first_name"] for c in response.json()["data"]["results"]]


def test_it_lists_only_own_contacts_by_name(alice_client, alice, bob):
    ContactFactory(owner=alice, first_name="Zoe", last_name="A")
    ContactFactory(owner=alice, first_name="Ann", last_name="B")
    ContactFactory(owner=bob, first_name="Bobs")

    response = alice_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CONTACTS_LISTED
    assert body["data"]["count"] == 2
    assert body["data"]["next"] is None
    assert names(response) == ["Ann", "Zoe"]


def test_bob_sees_only_his_own(bob_client, alice, bob):
    ContactFactory(owner=alice, first_name="Ann")
    ContactFactory(owner=bob, first_name="Bea")

    assert names(bob_client.get(LIST)) == ["Bea"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("ann", ["Ann"]),
        ("SMITH", ["Ann"]),
        ("ann smith", ["Ann"]),
        ("globex", ["Carl"]),
        ("carl@", ["Carl"]),
        ("555-0100", ["Ann"]),
        ("0912", ["Carl"]),
        ("nobody", []),
    ],
)
def test_search_matches_names_email_company_and_phones(alice_client, alice, bob, term, expected):
    ContactFactory(
        owner=alice, first_name="Ann", last_name="Smith", phone="555-0100", email="a@x.org"
    )
    ContactFactory(
        owner=alice,
        first_name="Carl",
        last_name="Jones",
        company="Globex",
        email="carl@example.com",
        mobile="0912 000",
    )
    ContactFactory(owner=bob, first_name="Ann", last_name="Smith")

    response = alice_client.get(LIST, {"search": term})

    assert response.status_code == 200
    assert names(response) == expected


def test_it_filters_by_group_and_relationship(alice_client, alice, bob):
    ann = ContactFactory(owner=alice, first_name="Ann", relationship="family")
    ContactFactory(owner=alice, first_name="Ben", relationship="family")
    carl = ContactFactory(owner=alice, first_name="Carl", relationship="colleague")
    group = GroupFactory(owner=alice)
    MembershipFactory(group=group, contact=ann)
    MembershipFactory(group=group, contact=carl)

    assert names(alice_client.get(LIST, {"group": group.pk})) == ["Ann", "Carl"]
    assert names(alice_client.get(LIST, {"relationship": "family"})) == ["Ann", "Ben"]
    both = alice_client.get(LIST, {"group": group.pk, "relationship": "family"})
    assert names(both) == ["Ann"]


def test_another_users_group_filters_to_nothing(alice_client, alice, bob):
    ContactFactory(owner=alice)
    bobs_group = MembershipFactory(group__owner=bob).group

    response = alice_client.get(LIST, {"group": bobs_group.pk})

    assert response.status_code == 200
    assert response.json()["data"]["count"] == 0


@pytest.mark.parametrize("value", ["abc", "1.5", "0", "-1", str(10**30)])
def test_an_invalid_group_filter_answers_400(alice_client, value):
    response = alice_client.get(LIST, {"group": value})

    assert response.status_code == 400
    assert response.json()["code"] == Code.CONTACTS_LIST_FAILED
    assert "group" in response.json()["errors"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("first_name", ["Ann", "Ben", "Cid"]),
        ("-first_name", ["Cid", "Ben", "Ann"]),
        ("last_name", ["Cid", "Ann", "Ben"]),
        ("-last_name", ["Ben", "Ann", "Cid"]),
        ("birthday", ["Ben", "Ann", "Cid"]),  # no birthday last
        ("-birthday", ["Ann", "Ben", "Cid"]),  # no birthday last here too
        ("created_at", ["Cid", "Ann", "Ben"]),
        ("-created_at", ["Ben", "Ann", "Cid"]),
    ],
)
def test_it_orders_by_the_documented_fields(alice_client, alice, ordering, expected):
    ContactFactory(owner=alice, first_name="Cid", last_name="A", birthday=None)
    ContactFactory(owner=alice, first_name="Ann", last_name="B", birthday=datetime.date(1990, 1, 1))
    ContactFactory(owner=alice, first_name="Ben", last_name="C", birthday=datetime.date(1980, 1, 1))

    assert names(alice_client.get(LIST, {"ordering": ordering})) == expected


def test_ties_in_the_ordering_are_broken_by_id(alice_client, alice):
    created = [ContactFactory(owner=alice, first_name="Same", last_name="Name") for _ in range(5)]

    response = alice_client.get(LIST, {"ordering": "first_name", "page_size": 2, "page": 2})

    ids = [c["id"] for c in response.json()["data"]["results"]]
    assert ids == [created[2].pk, created[3].pk]


def test_pages_count_and_link_your_filtered_contacts(alice_client, alice, bob):
    group = GroupFactory(owner=alice)
    for index in range(5):
        MembershipFactory(group=group, contact=ContactFactory(owner=alice, first_name=f"N{index}"))
    ContactFactory(owner=alice)  # in no group
    ContactFactory.create_batch(2, owner=bob)

    first = alice_client.get(LIST, {"group": group.pk, "page_size": 2}).json()["data"]
    third = alice_client.get(first["next"].replace("page=2", "page=3")).json()["data"]
    past = alice_client.get(LIST, {"group": group.pk, "page_size": 2, "page": 4})

    assert first["count"] == third["count"] == 5
    assert [c["first_name"] for c in first["results"]] == ["N0", "N1"]
    assert [c["first_name"] for c in third["results"]] == ["N4"]
    assert third["next"] is None and "page=2" in third["previous"]
    assert all(c["groups"] == [group.pk] for c in first["results"] + third["results"])
    assert past.status_code == 404
    assert past.json()["code"] == Code.NOT_FOUND


@pytest.mark.parametrize("page", ["2", "0", "x", str(10**30)])
def test_a_page_that_does_not_exist_is_the_generic_404(alice_client, alice, page):
    ContactFactory.create_batch(3, owner=alice)

    response = alice_client.get(LIST, {"page": page})

    assert response.status_code == 404
    assert response.json()["code"] == Code.NOT_FOUND


def test_page_size_is_capped_at_100(alice_client, alice):
    ContactFactory.create_batch(101, owner=alice)

    response = alice_client.get(LIST, {"page_size": 1000})

    assert len(response.json()["data"]["results"]) == 100
    assert response.json()["data"]["count"] == 101


def test_contact_list_costs_the_same_queries_at_1_and_50_rows(
    alice_client, alice, django_assert_num_queries
):
    groups = GroupFactory.create_batch(3, owner=alice)

    def add_contacts(count):
        for _ in range(count):
            contact = ContactFactory(owner=alice)
            for group in groups:
                MembershipFactory(group=group, contact=contact)

    add_contacts(1)
    # 1 the user of the token, 2 the page of contacts with the count and their group ids
    with django_assert_num_queries(2):
        response = alice_client.get(LIST, {"page_size": 100})
    assert len(response.json()["data"]["results"]) == 1

    add_contacts(49)
    with django_assert_num_queries(2):
        response = alice_client.get(LIST, {"page_size": 100})
    results = response.json()["data"]["results"]
    assert len(results) == 50
    assert all(r["groups"] == sorted(g.pk for g in groups) for r in results)


# --- update -----------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(alice_client, alice):
    contact = ContactFactory(owner=alice, first_name="Ann", company="Acme")

    response = alice_client.patch(detail(contact), {"company": "Globex"})

    assert response.status_code == 200
    assert response.json()["code"] == Code.CONTACT_UPDATED
    assert response.json()["data"]["company"] == "Globex"
    contact.refresh_from_db()
    assert contact.company == "Globex"
    assert contact.first_name == "Ann"


def test_put_replaces_the_contact_and_resets_omitted_fields(alice_client, alice, bob):
    contact = ContactFactory(owner=alice, linked_user=bob, notes="Old notes", company="Acme")

    response = alice_client.put(detail(contact), {"first_name": "Ann", "email": "a@b.org"})

    assert response.status_code == 200
    assert response.json()["code"] == Code.CONTACT_UPDATED
    contact.refresh_from_db()
    assert (contact.first_name, contact.email) == ("Ann", "a@b.org")
    assert (contact.company, contact.notes, contact.birthday, contact.linked_user) == (
        "",
        "",
        None,
        None,
    )


def test_put_without_first_name_answers_211(alice_client, alice):
    contact = ContactFactory(owner=alice)
    before = snapshot(contact)

    response = alice_client.put(detail(contact), {"company": "Globex"})

    assert response.status_code == 400
    assert response.json()["code"] == Code.CONTACT_UPDATE_FAILED
    assert snapshot(contact) == before


@pytest.mark.parametrize(("body", "field"), BAD_CREATE_BODIES[1:])
def test_invalid_patch_answers_211_and_changes_nothing(alice_client, alice, body, field):
    contact = ContactFactory(owner=alice)
    before = snapshot(contact)

    response = alice_client.patch(detail(contact), body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.CONTACT_UPDATE_FAILED
    assert field in response.json()["errors"]
    assert snapshot(contact) == before


def test_patch_with_a_non_image_photo_answers_211(alice_client, alice):
    contact = ContactFactory(owner=alice)
    before = snapshot(contact)

    response = alice_client.patch(detail(contact), {"photo": text_file()}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == Code.CONTACT_UPDATE_FAILED
    assert snapshot(contact) == before


def test_photo_is_replaced_and_removed(alice_client, alice, django_capture_on_commit_callbacks):
    contact = ContactFactory(owner=alice)
    alice_client.patch(detail(contact), {"photo": image_file()}, format="multipart")
    contact.refresh_from_db()
    first = contact.photo.name
    storage = contact.photo.storage
    assert storage.exists(first)

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.patch(
            detail(contact), {"photo": image_file(fmt="JPEG")}, format="multipart"
        )
    assert response.json()["data"]["photo"].endswith(".jpg")
    contact.refresh_from_db()
    second = contact.photo.name
    assert not storage.exists(first)  # the replaced file is gone

    # A JSON PUT leaves the photo alone.
    alice_client.put(detail(contact), {"first_name": "Ann"})
    contact.refresh_from_db()
    assert contact.photo.name == second

    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.patch(detail(contact), {"photo": None})
    assert response.status_code == 200
    assert response.json()["data"]["photo"] is None
    contact.refresh_from_db()
    assert not contact.photo
    assert not storage.exists(second)


def test_an_empty_multipart_photo_removes_it(alice_client, alice):
    contact = ContactFactory(owner=alice)
    alice_client.patch(detail(contact), {"photo": image_file()}, format="multipart")

    response = alice_client.patch(detail(contact), {"photo": ""}, format="multipart")

    assert response.status_code == 200
    assert response.json()["data"]["photo"] is None


def test_linked_user_can_be_set_and_cleared(alice_client, alice, bob):
    contact = ContactFactory(owner=alice)

    response = alice_client.patch(detail(contact), {"linked_user": bob.pk})
    assert response.json()["data"]["linked_user"] == bob.pk

    response = alice_client.patch(detail(contact), {"linked_user": None})
    assert response.json()["data"]["linked_user"] is None
    contact.refresh_from_db()
    assert contact.linked_user is None


def test_bob_cannot_update_alices_contact(bob_client, alice):
    contact = ContactFactory(owner=alice)
    before = snapshot(contact)

    for method in ("patch", "put"):
        response = getattr(bob_client, method)(detail(contact), {"first_name": "Hacked"})
        assert response.status_code == 404
        assert response.json()["code"] == Code.CONTACT_NOT_FOUND
    assert snapshot(contact) == before


def test_bob_gets_404_even_with_an_invalid_body(bob_client, alice):
    contact = ContactFactory(owner=alice)

    response = bob_client.patch(detail(contact), {"birthday": "nope"})

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONTACT_NOT_FOUND


# --- delete -----------------------------------------------------------------------------


def test_delete_removes_the_contact_its_stories_and_memberships(alice_client, alice):
    contact = ContactFactory(owner=alice)
    other = ContactFactory(owner=alice)
    StoryFactory.create_batch(2, contact=contact)
    kept_story = StoryFactory(contact=other)
    group = GroupFactory(owner=alice)
    MembershipFactory(group=group, contact=contact)
    kept_membership = MembershipFactory(group=group, contact=other)

    response = alice_client.delete(detail(contact))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.CONTACT_DELETED,
        "msg": Code.CONTACT_DELETED.msg,
        "data": None,
    }
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert list(Story.objects.all()) == [kept_story]
    assert list(Membership.objects.all()) == [kept_membership]
    group.refresh_from_db()  # the group stays


def test_delete_removes_the_photo_file(alice_client, alice, django_capture_on_commit_callbacks):
    contact = ContactFactory(owner=alice)
    alice_client.patch(detail(contact), {"photo": image_file()}, format="multipart")
    contact.refresh_from_db()
    name, storage = contact.photo.name, contact.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        alice_client.delete(detail(contact))

    assert not storage.exists(name)


def test_deleting_the_owner_removes_photo_files(
    alice, alice_client, django_capture_on_commit_callbacks
):
    contact = ContactFactory(owner=alice)
    alice_client.patch(detail(contact), {"photo": image_file()}, format="multipart")
    contact.refresh_from_db()
    name, storage = contact.photo.name, contact.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        alice.delete()

    assert not Contact.objects.exists()
    assert not storage.exists(name)


def test_a_json_empty_photo_removes_it(alice_client, alice):
    contact = ContactFactory(owner=alice)
    alice_client.patch(detail(contact), {"photo": image_file()}, format="multipart")

    response = alice_client.patch(detail(contact), {"photo": ""})

    assert response.status_code == 200
    assert response.json()["data"]["photo"] is None


def test_bob_cannot_delete_alices_contact(bob_client, alice):
    contact = ContactFactory(owner=alice)
    StoryFactory(contact=contact)

    response = bob_client.delete(detail(contact))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CONTACT_NOT_FOUND
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert Story.objects.filter(contact=contact).exists()


def test_deleting_a_linked_user_keeps_the_contact(alice_client, alice, bob):
    contact = ContactFactory(owner=alice, linked_user=bob)

    bob.delete()

    contact.refresh_from_db()
    assert contact.linked_user is None


# --- anonymous --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url_name"),
    [
        ("get", "list"),
        ("post", "list"),
        ("get", "detail"),
        ("put", "detail"),
        ("patch", "detail"),
        ("delete", "detail"),
        ("get", "upcoming"),
    ],
)
def test_anonymous_gets_401_on_every_verb(api_client, alice, method, url_name):
    contact = ContactFactory(owner=alice)
    before = snapshot(contact)
    url = {
        "list": LIST,
        "detail": detail(contact),
        "upcoming": reverse("api:contacts-upcoming-birthdays"),
    }[url_name]

    response = getattr(api_client, method)(url, {"first_name": "X"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert snapshot(contact) == before
    assert Contact.objects.count() == 1


def test_a_bad_token_gets_401(api_client, alice):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = api_client.get(LIST)

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID


def test_an_empty_patch_changes_nothing(alice_client, alice):
    contact = ContactFactory(owner=alice)
    before = snapshot(contact)

    response = alice_client.patch(detail(contact), {})

    assert response.status_code == 200
    assert response.json()["code"] == Code.CONTACT_UPDATED
    after = snapshot(contact)
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
