"""``/calendars/`` and ``/calendars/{id}/``: owner, invitee, stranger, anonymous."""

from datetime import date

import pytest
from django.urls import reverse

from calendars.models import Availability, Calendar, Invitee
from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.calendars.factories import (
    AvailabilityFactory,
    CalendarFactory,
    InviteeFactory,
    at,
)

pytestmark = pytest.mark.django_db

LIST = reverse("api:calendars-list")


def detail(calendar) -> str:
    return reverse("api:calendars-detail", args=[calendar.pk])


def valid_body(**overrides) -> dict:
    body = {
        "name": "Quarterly one-on-ones",
        "description": "Fifteen minutes each.",
        "start_date": "2031-03-03",
        "end_date": "2031-03-07",
        "meeting_minutes": 30,
        "timezone": "Europe/Berlin",
        "avoid_event_conflicts": True,
    }
    return {**body, **overrides}


@pytest.fixture
def calendar(alice):
    return CalendarFactory(owner=alice, timezone="Europe/Berlin")


# --- create ---------------------------------------------------------------------------


def test_it_creates_a_calendar_for_its_owner(alice, alice_client):
    response = alice_client.post(LIST, valid_body(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["code"] == Code.CALENDAR_CREATED
    data = body["data"]
    assert data["name"] == "Quarterly one-on-ones"
    assert data["start_date"] == "2031-03-03"
    assert data["end_date"] == "2031-03-07"
    assert data["meeting_minutes"] == 30
    assert data["timezone"] == "Europe/Berlin"
    assert data["avoid_event_conflicts"] is True
    assert data["finalized"] is False
    assert data["role"] == "owner"
    assert data["owner"]["id"] == alice.pk
    assert data["owner"]["username"] == "alice"
    assert "email" not in data["owner"]
    calendar = Calendar.objects.get(pk=data["id"])
    assert calendar.owner == alice
    assert calendar.start_date == date(2031, 3, 3)


def test_it_defaults_the_timezone_to_the_owners_and_the_settings(alice, alice_client):
    alice.timezone = "Asia/Tehran"
    alice.save()
    body = {"name": "Minimal", "start_date": "2031-03-03", "end_date": "2031-03-03"}

    response = alice_client.post(LIST, body, format="json")

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["timezone"] == "Asia/Tehran"
    assert data["meeting_minutes"] == 30
    assert data["avoid_event_conflicts"] is True
    assert data["description"] == ""


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": None}, "name"),
        ({"description": "x" * 2001}, "description"),
        ({"start_date": "2031-02-30"}, "start_date"),
        ({"start_date": "not a date"}, "start_date"),
        ({"start_date": 20310303}, "start_date"),
        ({"end_date": "2031-03-02"}, "end_date"),
        ({"end_date": "2032-03-03"}, "end_date"),
        ({"meeting_minutes": 4}, "meeting_minutes"),
        ({"meeting_minutes": 481}, "meeting_minutes"),
        ({"meeting_minutes": "thirty"}, "meeting_minutes"),
        ({"meeting_minutes": 10**30}, "meeting_minutes"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"timezone": "x" * 65}, "timezone"),
        ({"avoid_event_conflicts": "perhaps"}, "avoid_event_conflicts"),
    ],
)
def test_it_refuses_invalid_calendars(alice_client, overrides, field):
    response = alice_client.post(LIST, valid_body(**overrides), format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.CALENDAR_CREATE_FAILED
    assert field in body["errors"]
    assert not Calendar.objects.exists()


@pytest.mark.parametrize("missing", ["name", "start_date", "end_date"])
def test_it_requires_name_and_dates(alice_client, missing):
    body = valid_body()
    del body[missing]

    response = alice_client.post(LIST, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.CALENDAR_CREATE_FAILED
    assert missing in response.json()["errors"]


def test_it_refuses_malformed_json(alice_client):
    response = alice_client.post(LIST, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.MALFORMED_REQUEST
    assert not Calendar.objects.exists()


def test_it_ignores_read_only_fields_on_create(alice, bob, alice_client):
    body = valid_body(finalized=True, owner=bob.pk, role="invitee")

    response = alice_client.post(LIST, body, format="json")

    assert response.status_code == 201
    calendar = Calendar.objects.get()
    assert calendar.owner == alice
    assert calendar.finalized is False


def test_anonymous_gets_401_everywhere(api_client, calendar):
    for response in [
        api_client.get(LIST),
        api_client.post(LIST, valid_body(), format="json"),
        api_client.get(detail(calendar)),
        api_client.patch(detail(calendar), {"name": "x"}, format="json"),
        api_client.delete(detail(calendar)),
    ]:
        assert response.status_code == 401
        assert response.json()["code"] == Code.TOKEN_INVALID
    assert Calendar.objects.get().name == calendar.name


# --- list -----------------------------------------------------------------------------


def test_it_lists_calendars_owned_and_invited_to_with_the_role(alice, bob, bob_client):
    own = CalendarFactory(owner=bob, name="Bob's")
    invited = CalendarFactory(owner=alice, name="Alice's")
    InviteeFactory(calendar=invited, user=bob)
    CalendarFactory(owner=alice, name="Alice's private")

    response = bob_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == Code.CALENDARS_LISTED
    roles = {c["id"]: c["role"] for c in body["data"]["results"]}
    assert roles == {own.pk: "owner", invited.pk: "invitee"}
    assert body["data"]["count"] == 2


@pytest.mark.parametrize(("role", "expected"), [("owner", "Bob's"), ("invitee", "Alice's")])
def test_it_filters_the_list_by_role(alice, bob, bob_client, role, expected):
    CalendarFactory(owner=bob, name="Bob's")
    InviteeFactory(calendar=CalendarFactory(owner=alice, name="Alice's"), user=bob)

    response = bob_client.get(LIST, {"role": role})

    assert response.status_code == 200
    assert [c["name"] for c in response.json()["data"]["results"]] == [expected]


def test_it_refuses_an_unknown_role_filter(bob_client):
    response = bob_client.get(LIST, {"role": "admin"})

    assert response.status_code == 400


def test_it_searches_and_orders_the_list(alice, alice_client):
    CalendarFactory(owner=alice, name="Zeta sync", start_date=date(2031, 1, 1))
    CalendarFactory(owner=alice, name="Alpha sync", start_date=date(2031, 2, 1))
    CalendarFactory(owner=alice, name="Other")

    response = alice_client.get(LIST, {"search": "SYNC", "ordering": "start_date"})

    assert [c["name"] for c in response.json()["data"]["results"]] == ["Zeta sync", "Alpha sync"]


def test_the_list_costs_the_same_queries_for_one_or_many(
    alice, bob, bob_client, django_assert_num_queries
):
    def fill(n):
        for _ in range(n):
            InviteeFactory(calendar=CalendarFactory(owner=alice), user=bob)
            CalendarFactory(owner=bob)

    fill(1)
    # 1 user of the token, 2 count, 3 page of calendars with owner and role.
    with django_assert_num_queries(3):
        assert bob_client.get(LIST).json()["data"]["count"] == 2
    fill(9)
    with django_assert_num_queries(3):
        assert len(bob_client.get(LIST).json()["data"]["results"]) == 20


# --- retrieve -------------------------------------------------------------------------


def test_the_owner_and_an_invitee_read_a_calendar(alice, bob, alice_client, bob_client, calendar):
    InviteeFactory(calendar=calendar, user=bob)

    mine = alice_client.get(detail(calendar))
    theirs = bob_client.get(detail(calendar))

    assert mine.status_code == theirs.status_code == 200
    assert mine.json()["code"] == Code.CALENDAR_RETRIEVED
    assert mine.json()["data"]["role"] == "owner"
    assert theirs.json()["data"]["role"] == "invitee"
    assert theirs.json()["data"]["owner"]["id"] == alice.pk
    assert mine.json()["data"]["my_deadline"] is None
    deadline = Invitee.objects.get().deadline
    assert theirs.json()["data"]["my_deadline"] == deadline.isoformat().replace("+00:00", "Z")


def test_a_stranger_gets_404(bob_client, calendar):
    response = bob_client.get(detail(calendar))

    assert response.status_code == 404
    assert response.json()["code"] == Code.CALENDAR_NOT_FOUND


def test_an_unknown_or_huge_id_is_404(alice_client):
    assert alice_client.get(reverse("api:calendars-detail", args=[999999])).status_code == 404
    huge = alice_client.get("/api/v1/calendars/99999999999999999999999/")
    assert huge.status_code == 404


# --- update ---------------------------------------------------------------------------


def test_the_owner_updates_the_settings(alice_client, calendar):
    body = {
        "name": "Renamed",
        "description": "New text",
        "meeting_minutes": 45,
        "timezone": "UTC",
        "avoid_event_conflicts": False,
    }

    response = alice_client.patch(detail(calendar), body, format="json")

    assert response.status_code == 200
    assert response.json()["code"] == Code.CALENDAR_UPDATED
    assert response.json()["data"]["name"] == "Renamed"
    calendar.refresh_from_db()
    assert (calendar.name, calendar.meeting_minutes, calendar.timezone) == ("Renamed", 45, "UTC")
    assert calendar.avoid_event_conflicts is False


def test_sending_the_dates_unchanged_is_fine(alice_client, calendar):
    body = {"start_date": "2031-03-03", "end_date": "2031-03-07", "name": "Same days"}

    response = alice_client.patch(detail(calendar), body, format="json")

    assert response.status_code == 200
    calendar.refresh_from_db()
    assert calendar.name == "Same days"


@pytest.mark.parametrize("field", ["start_date", "end_date"])
def test_the_dates_cannot_change(alice_client, calendar, field):
    response = alice_client.patch(detail(calendar), {field: "2031-03-05"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == Code.CALENDAR_DATES_FIXED
    assert field in body["errors"]
    calendar.refresh_from_db()
    assert (calendar.start_date, calendar.end_date) == (date(2031, 3, 3), date(2031, 3, 7))


@pytest.mark.parametrize(
    "body",
    [
        {"meeting_minutes": 3},
        {"timezone": "Nowhere/City"},
        {"name": ""},
        {"name": "y" * 201},
        {"start_date": "garbage"},
    ],
)
def test_invalid_updates_are_400_and_change_nothing(alice_client, calendar, body):
    response = alice_client.patch(detail(calendar), body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] in {Code.CALENDAR_UPDATE_FAILED, Code.CALENDAR_DATES_FIXED}
    calendar.refresh_from_db()
    assert calendar.meeting_minutes == 30
    assert calendar.timezone == "Europe/Berlin"


def test_a_timezone_that_strands_availabilities_is_refused(alice, alice_client, calendar):
    # 00:30 Berlin on the first day is 23:30 UTC the day before: outside in UTC.
    AvailabilityFactory(calendar=calendar, user=alice, start=at(2, 23, 30), end=at(3, 1))

    response = alice_client.patch(detail(calendar), {"timezone": "UTC"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == Code.CALENDAR_UPDATE_FAILED
    assert "timezone" in response.json()["errors"]
    calendar.refresh_from_db()
    assert calendar.timezone == "Europe/Berlin"


def test_a_timezone_keeping_availabilities_inside_is_accepted(alice, alice_client, calendar):
    AvailabilityFactory(calendar=calendar, user=alice, start=at(4, 9), end=at(4, 10))

    response = alice_client.patch(detail(calendar), {"timezone": "Asia/Tehran"}, format="json")

    assert response.status_code == 200
    calendar.refresh_from_db()
    assert calendar.timezone == "Asia/Tehran"


def test_an_invitee_cannot_update_or_delete(bob, bob_client, calendar):
    InviteeFactory(calendar=calendar, user=bob)

    patched = bob_client.patch(detail(calendar), {"name": "Mine now"}, format="json")
    deleted = bob_client.delete(detail(calendar))

    assert patched.status_code == deleted.status_code == 403
    assert patched.json()["code"] == deleted.json()["code"] == Code.CALENDAR_OWNER_ONLY
    calendar.refresh_from_db()
    assert calendar.name != "Mine now"


def test_a_stranger_cannot_update_or_delete(bob_client, calendar):
    patched = bob_client.patch(detail(calendar), {"name": "Mine now"}, format="json")
    deleted = bob_client.delete(detail(calendar))

    assert patched.status_code == deleted.status_code == 404
    assert Calendar.objects.filter(pk=calendar.pk).exists()


def test_put_is_not_allowed(alice_client, calendar):
    response = alice_client.put(detail(calendar), valid_body(), format="json")

    assert response.status_code == 405


def test_a_finalized_calendar_cannot_be_updated(alice_client, calendar):
    calendar.finalized = True
    calendar.save()

    response = alice_client.patch(detail(calendar), {"name": "Late"}, format="json")

    assert response.status_code == 410
    assert response.json()["code"] == Code.CALENDAR_FINALIZED
    calendar.refresh_from_db()
    assert calendar.name != "Late"


# --- delete ---------------------------------------------------------------------------


def test_the_owner_deletes_a_calendar_with_everything_in_it(alice, bob, alice_client, calendar):
    InviteeFactory(calendar=calendar, user=bob)
    AvailabilityFactory(calendar=calendar, user=bob)
    other = CalendarFactory(owner=UserFactory())

    response = alice_client.delete(detail(calendar))

    assert response.status_code == 200
    assert response.json() == {
        "code": Code.CALENDAR_DELETED,
        "msg": Code.CALENDAR_DELETED.msg,
        "data": None,
    }
    assert list(Calendar.objects.all()) == [other]
    assert not Invitee.objects.exists()
    assert not Availability.objects.exists()
