import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from common.codes import Code
from common.exceptions import ValidationFailed
from contacts.models import Contact
from groups import services
from groups.models import Group, Membership
from tests.contacts.factories import ContactFactory
from tests.groups.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:groups-list")


def detail(group) -> str:
    return reverse("api:groups-detail", args=[getattr(group, "pk", group)])


def members_url(group) -> str:
    return reverse("api:groups-add-contact", args=[getattr(group, "pk", group)])


def member_url(group, contact) -> str:
    return reverse(
        "api:groups-remove-contact",
        args=[getattr(group, "pk", group), getattr(contact, "pk", contact)],
    )


def member_ids(group) -> list[int]:
    return sorted(Membership.objects.filter(group=group).values_list("contact_id", flat=True))


# --- create ---------------------------------------------------------------------------


def test_it_creates_a_group(alice_client, alice):
    response = alice_client.post(LIST, {"name": "Family"})

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.GROUP_CREATED
    data = body["data"]
    assert set(data) == {"id", "name", "contact_count", "created_at", "contacts"}
    assert (data["name"], data["contact_count"], data["contacts"]) == ("Family", 0, [])
    assert Group.objects.get(pk=data["id"]).owner == alice


@pytest.mark.parametrize(
    "body",
    [{}, {"name": ""}, {"name": "  "}, {"name": None}, {"name": "x" * 101}, {"name": ["a"]}],
)
def test_invalid_group_answers_501_and_adds_nothing(alice_client, body):
    response = alice_client.post(LIST, body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.GROUP_CREATE_FAILED
    assert "name" in response.json()["errors"]
    assert not Group.objects.exists()


@pytest.mark.parametrize("name", ["Family", "family", "FAMILY", " Family "])
def test_a_name_already_used_answers_501(alice_client, alice, name):
    GroupFactory(owner=alice, name="Family")

    response = alice_client.post(LIST, {"name": name})

    assert response.status_code == 400
    assert response.json()["code"] == Code.GROUP_CREATE_FAILED
    assert "name" in response.json()["errors"]
    assert Group.objects.count() == 1


def test_another_user_may_use_the_same_name(bob_client, alice):
    GroupFactory(owner=alice, name="Family")

    assert bob_client.post(LIST, {"name": "Family"}).status_code == 201


def test_the_database_refuses_duplicate_names_too(alice):
    GroupFactory(owner=alice, name="Family")
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(owner=alice, name="FAMILY")


def test_a_lost_race_on_the_name_still_answers_501(alice):
    GroupFactory(owner=alice, name="Family")
    # The serializer's check ran before the other request committed: the constraint
    # decides, and the answer is the same 400 code 501.
    with pytest.raises(ValidationFailed) as caught:
        services.group_create(owner=alice, name="family")
    assert caught.value.code == Code.GROUP_CREATE_FAILED
    assert caught.value.status_code == 400


# --- list and detail --------------------------------------------------------------------------


def test_it_lists_own_groups_with_counts(alice_client, alice, bob):
    work = GroupFactory(owner=alice, name="Work")
    family = GroupFactory(owner=alice, name="Family")
    MembershipFactory.create_batch(2, group=family)
    GroupFactory(owner=bob, name="Bobs")

    response = alice_client.get(LIST)

    assert response.status_code == 200
    assert response.json()["code"] == Code.GROUPS_LISTED
    results = response.json()["data"]["results"]
    assert [(g["id"], g["name"], g["contact_count"]) for g in results] == [
        (family.pk, "Family", 2),
        (work.pk, "Work", 0),
    ]
    assert set(results[0]) == {"id", "name", "contact_count", "created_at"}


def test_it_searches_orders_and_filters_groups(alice_client, alice):
    contact = ContactFactory(owner=alice)
    family = GroupFactory(owner=alice, name="Family")
    work = GroupFactory(owner=alice, name="Work friends")
    MembershipFactory.create_batch(3, group=work)
    MembershipFactory(group=family, contact=contact)

    def group_names(params):
        return [g["name"] for g in alice_client.get(LIST, params).json()["data"]["results"]]

    assert group_names({"search": "FRIEND"}) == ["Work friends"]
    assert group_names({"ordering": "-contact_count"}) == ["Work friends", "Family"]
    assert group_names({"ordering": "-name"}) == ["Work friends", "Family"]
    assert group_names({"contact": contact.pk}) == ["Family"]


@pytest.mark.parametrize("value", ["abc", "0", str(10**30)])
def test_an_invalid_contact_filter_answers_400(alice_client, value):
    response = alice_client.get(LIST, {"contact": value})

    assert response.status_code == 400
    assert response.json()["code"] == Code.GROUPS_LIST_FAILED


def test_group_list_costs_the_same_queries_at_1_and_50_rows(
    alice_client, alice, django_assert_num_queries
):
    MembershipFactory(group=GroupFactory(owner=alice))
    # 1 the user of the token, 2 count, 3 the page of groups with their counts
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"page_size": 100})
    assert len(response.json()["data"]["results"]) == 1

    for group in GroupFactory.create_batch(49, owner=alice):
        MembershipFactory(group=group)
    with django_assert_num_queries(3):
        response = alice_client.get(LIST, {"page_size": 100})
    assert len(response.json()["data"]["results"]) == 50


def test_detail_includes_members_by_name(alice_client, alice):
    group = GroupFactory(owner=alice)
    zed = MembershipFactory(group=group, contact__first_name="Zed", contact__last_name="A").contact
    amy = MembershipFactory(group=group, contact__first_name="Amy", contact__last_name="B").contact
    ContactFactory(owner=alice)  # not a member

    response = alice_client.get(detail(group))

    assert response.status_code == 200
    assert response.json()["code"] == Code.GROUP_RETRIEVED
    data = response.json()["data"]
    assert data["contact_count"] == 2
    assert data["contacts"] == [
        {"id": amy.pk, "full_name": "Amy B"},
        {"id": zed.pk, "full_name": "Zed A"},
    ]


def test_group_detail_costs_the_same_queries_at_1_and_50_members(
    alice_client, alice, django_assert_num_queries
):
    group = GroupFactory(owner=alice)
    MembershipFactory(group=group)
    # 1 the user of the token, 2 the group with its count, 3 its members (prefetch)
    with django_assert_num_queries(3):
        response = alice_client.get(detail(group))
    assert len(response.json()["data"]["contacts"]) == 1

    MembershipFactory.create_batch(49, group=group)
    with django_assert_num_queries(3):
        response = alice_client.get(detail(group))
    assert len(response.json()["data"]["contacts"]) == 50


# --- update and delete -----------------------------------------------------------------------


def test_it_renames_a_group(alice_client, alice):
    group = GroupFactory(owner=alice, name="Old")
    MembershipFactory(group=group)

    response = alice_client.patch(detail(group), {"name": "New"})

    assert response.status_code == 200
    assert response.json()["code"] == Code.GROUP_UPDATED
    assert response.json()["data"]["contact_count"] == 1
    group.refresh_from_db()
    assert group.name == "New"


def test_an_empty_patch_changes_nothing(alice_client, alice):
    group = GroupFactory(owner=alice, name="Family")

    response = alice_client.patch(detail(group), {})

    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Family"


def test_renaming_only_the_case_of_a_group_is_fine(alice_client, alice):
    group = GroupFactory(owner=alice, name="family")

    response = alice_client.patch(detail(group), {"name": "Family"})

    assert response.status_code == 200


@pytest.mark.parametrize("body", [{"name": ""}, {"name": "x" * 101}, {"name": "taken"}])
def test_invalid_rename_answers_523_and_changes_nothing(alice_client, alice, body):
    GroupFactory(owner=alice, name="Taken")
    group = GroupFactory(owner=alice, name="Mine")

    response = alice_client.patch(detail(group), body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.GROUP_UPDATE_FAILED
    group.refresh_from_db()
    assert group.name == "Mine"


def test_put_is_not_allowed(alice_client, alice):
    group = GroupFactory(owner=alice)

    assert alice_client.put(detail(group), {"name": "x"}).status_code == 405


def test_deleting_a_group_keeps_its_contacts(alice_client, alice):
    group = GroupFactory(owner=alice)
    other_group = GroupFactory(owner=alice)
    contact = MembershipFactory(group=group).contact
    kept = MembershipFactory(group=other_group, contact=contact)

    response = alice_client.delete(detail(group))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.GROUP_DELETED,
        "msg": Code.GROUP_DELETED.msg,
        "data": None,
    }
    assert not Group.objects.filter(pk=group.pk).exists()
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert list(Membership.objects.all()) == [kept]


def test_deleting_an_unknown_group_answers_502(alice_client):
    response = alice_client.delete(detail(999999))

    assert response.status_code == 404
    assert response.json()["code"] == Code.GROUP_DELETE_FAILED


# --- membership -----------------------------------------------------------------------------


def test_it_adds_a_contact_idempotently(alice_client, alice):
    group = GroupFactory(owner=alice)
    contact = ContactFactory(owner=alice, first_name="Ann", last_name="Lee")

    first = alice_client.post(members_url(group), {"contact_id": contact.pk})
    second = alice_client.post(members_url(group), {"contact_id": contact.pk})

    for response in (first, second):
        assert response.status_code == 200
        assert response.json()["code"] == Code.GROUP_CONTACT_ADDED
        data = response.json()["data"]
        assert data["contacts"] == [{"id": contact.pk, "full_name": "Ann Lee"}]
        assert data["contact_count"] == 1
    assert member_ids(group) == [contact.pk]


def test_adding_a_contact_shows_in_its_groups(alice_client, alice):
    group = GroupFactory(owner=alice)
    contact = ContactFactory(owner=alice)

    alice_client.post(members_url(group), {"contact_id": contact.pk})

    response = alice_client.get(reverse("api:contacts-detail", args=[contact.pk]))
    assert response.json()["data"]["groups"] == [group.pk]


@pytest.mark.parametrize("contact_id", ["bobs", 999999])
def test_adding_a_contact_you_dont_own_answers_404_506(alice_client, alice, bob, contact_id):
    group = GroupFactory(owner=alice)
    if contact_id == "bobs":
        contact_id = ContactFactory(owner=bob).pk

    response = alice_client.post(members_url(group), {"contact_id": contact_id})

    assert response.status_code == 404
    assert response.json()["code"] == Code.GROUP_CONTACT_ADD_FAILED
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{}, {"contact_id": None}, {"contact_id": "abc"}, {"contact_id": 0}, {"contact_id": -1},
     {"contact_id": 10**30}, {"contact_id": [1]}, {"contact_id": 1.5}],
)  # fmt: skip
def test_a_malformed_add_answers_400_506(alice_client, alice, body):
    group = GroupFactory(owner=alice)

    response = alice_client.post(members_url(group), body)

    assert response.status_code == 400
    assert response.json()["code"] == Code.GROUP_CONTACT_ADD_FAILED
    assert "contact_id" in response.json()["errors"]
    assert not Membership.objects.exists()


def test_it_removes_a_contact(alice_client, alice):
    group = GroupFactory(owner=alice)
    membership = MembershipFactory(group=group)
    kept = MembershipFactory(group=group)

    response = alice_client.delete(member_url(group, membership.contact))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.GROUP_CONTACT_REMOVED,
        "msg": Code.GROUP_CONTACT_REMOVED.msg,
        "data": None,
    }
    assert member_ids(group) == [kept.contact_id]
    assert Contact.objects.filter(pk=membership.contact_id).exists()


@pytest.mark.parametrize("contact_id", ["own", 999999, 10**25])
def test_removing_a_non_member_answers_404_505(alice_client, alice, contact_id):
    group = GroupFactory(owner=alice)
    MembershipFactory(group=group)
    if contact_id == "own":
        contact_id = ContactFactory(owner=alice).pk

    response = alice_client.delete(member_url(group, contact_id))

    assert response.status_code == 404
    assert response.json()["code"] == Code.GROUP_CONTACT_REMOVE_FAILED
    assert Membership.objects.count() == 1


# --- privacy --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "action", "code"),
    [
        ("get", "detail", Code.GROUP_NOT_FOUND),
        ("patch", "detail", Code.GROUP_NOT_FOUND),
        ("delete", "detail", Code.GROUP_DELETE_FAILED),
        ("post", "members", Code.GROUP_NOT_FOUND),
        ("delete", "member", Code.GROUP_NOT_FOUND),
    ],
)
def test_bob_cannot_reach_alices_group_on_any_verb(bob_client, alice, bob, method, action, code):
    group = GroupFactory(owner=alice, name="Family")
    membership = MembershipFactory(group=group)
    bobs_contact = ContactFactory(owner=bob)
    url, body = {
        "detail": (detail(group), {"name": "Hacked"}),
        "members": (members_url(group), {"contact_id": bobs_contact.pk}),
        "member": (member_url(group, membership.contact), None),
    }[action]

    response = getattr(bob_client, method)(url, body)

    assert response.status_code == 404
    assert response.json()["code"] == code
    group.refresh_from_db()
    assert group.name == "Family"
    assert member_ids(group) == [membership.contact_id]


def test_bob_cannot_add_alices_contact_to_his_group(bob_client, alice, bob):
    group = GroupFactory(owner=bob)
    contact = ContactFactory(owner=alice)

    response = bob_client.post(members_url(group), {"contact_id": contact.pk})

    assert response.status_code == 404
    assert not Membership.objects.exists()


def test_bob_doesnt_see_alices_groups(bob_client, alice):
    GroupFactory(owner=alice)

    assert bob_client.get(LIST).json()["data"]["count"] == 0


@pytest.mark.parametrize(
    ("method", "action"),
    [
        ("get", "list"),
        ("post", "list"),
        ("get", "detail"),
        ("patch", "detail"),
        ("delete", "detail"),
        ("post", "members"),
        ("delete", "member"),
    ],
)
def test_anonymous_gets_401_on_every_verb(api_client, alice, method, action):
    group = GroupFactory(owner=alice, name="Family")
    membership = MembershipFactory(group=group)
    url = {
        "list": LIST,
        "detail": detail(group),
        "members": members_url(group),
        "member": member_url(group, membership.contact),
    }[action]

    response = getattr(api_client, method)(url, {"name": "X", "contact_id": 1}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == Code.TOKEN_INVALID
    assert list(Group.objects.values_list("name", flat=True)) == ["Family"]
    assert Membership.objects.count() == 1
