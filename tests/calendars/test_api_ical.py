"""The private iCal feed: its URL, rotation and the RFC 5545 body (API.md §6)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from icalendar import Calendar

from calendars.models import CalendarFeed
from common.codes import Code
from tests.accounts.factories import UserFactory
from tests.calendars.factories import (
    CalendarFeedFactory,
    EventFactory,
    EventInviteFactory,
    EventMemberFactory,
    GroupEventFactory,
)
from tests.contacts.friend_factories import befriend

pytestmark = pytest.mark.django_db

FEED = reverse("api:calendar-feed")


def feed_path(user) -> str:
    secret = CalendarFeed.objects.get_or_create(user=user)[0].secret
    return reverse("api:ical-feed", kwargs={"secret": secret})


def fetch(client, user):
    response = client.get(feed_path(user))
    assert response.status_code == 200, response.content
    return response


def vevents(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(v["UID"]): v for v in calendar.walk("VEVENT")}


def raw_lines(response) -> list[str]:
    text = response.content.decode()
    assert text.endswith("\r\n")
    return text.split("\r\n")[:-1]


def unfolded(response) -> list[str]:
    return response.content.decode().replace("\r\n ", "").split("\r\n")


# --- the feed URL ---------------------------------------------------------------------------


def test_my_feed_url_is_absolute_and_stable(alice_client, alice):
    first = alice_client.get(FEED)
    second = alice_client.get(FEED)

    assert first.status_code == 200
    assert first.json()["code"] == Code.CALENDAR_FEED_RETRIEVED
    url = first.json()["data"]["url"]
    secret = CalendarFeed.objects.get(user=alice).secret
    assert url == f"http://testserver/api/v1/ical/{secret}.ics"
    assert len(secret) >= 43
    assert second.json()["data"]["url"] == url


def test_every_user_has_their_own_secret(alice_client, bob_client):
    assert (
        alice_client.get(FEED).json()["data"]["url"] != bob_client.get(FEED).json()["data"]["url"]
    )


def test_rotating_replaces_the_url_and_the_old_one_stops_working(alice_client, api_client, alice):
    old_url = alice_client.get(FEED).json()["data"]["url"]

    response = alice_client.post(FEED)

    assert response.status_code == 200
    assert response.json()["code"] == Code.CALENDAR_FEED_ROTATED
    new_url = response.json()["data"]["url"]
    assert new_url != old_url
    assert alice_client.get(FEED).json()["data"]["url"] == new_url
    gone = api_client.get(old_url)
    assert gone.status_code == 404
    assert gone.json()["code"] == Code.CALENDAR_FEED_NOT_FOUND
    assert api_client.get(new_url).status_code == 200
    assert CalendarFeed.objects.get(user=alice).rotated_at is not None


def test_the_feed_url_needs_authentication(api_client):
    assert api_client.get(FEED).status_code == 401
    assert api_client.post(FEED).status_code == 401
    assert not CalendarFeed.objects.exists()


# --- the feed -------------------------------------------------------------------------------


def test_the_feed_is_anonymous_icalendar(api_client, alice):
    response = fetch(api_client, alice)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert "Kith" in str(calendar["PRODID"])
    assert raw_lines(response)[0] == "BEGIN:VCALENDAR"


def test_an_unknown_secret_is_404(api_client):
    response = api_client.get(reverse("api:ical-feed", kwargs={"secret": "no-such-secret"}))

    assert response.status_code == 404
    assert response.json() == {
        "code": Code.CALENDAR_FEED_NOT_FOUND,
        "msg": Code.CALENDAR_FEED_NOT_FOUND.msg,
        "errors": None,
    }


def test_a_stale_bearer_token_or_an_odd_accept_header_does_not_matter(api_client, alice):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    response = api_client.get(feed_path(alice), HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")


def test_it_holds_the_events_i_am_a_member_of_and_nothing_else(api_client, alice, bob):
    befriend(alice, bob)
    own = EventFactory(owner=alice)
    joined = GroupEventFactory(owner=bob)
    EventMemberFactory(event=joined, user=alice)
    EventInviteFactory(event=GroupEventFactory(owner=bob), to_user=alice)  # only invited
    GroupEventFactory(owner=bob, is_private=False)  # visible, not mine
    EventFactory(owner=bob)

    uids = set(vevents(fetch(api_client, alice)))

    assert uids == {f"event-{own.pk}@kith", f"event-{joined.pk}@kith"}


def test_uids_are_stable_and_the_sequence_rises_with_each_change(api_client, alice_client, alice):
    event = EventFactory(owner=alice)
    uid = f"event-{event.pk}@kith"
    before = vevents(fetch(api_client, alice))[uid]

    alice_client.patch(reverse("api:events-detail", kwargs={"pk": event.pk}), {"name": "Moved"})
    alice_client.patch(reverse("api:events-detail", kwargs={"pk": event.pk}), {"location": "B"})
    after = vevents(fetch(api_client, alice))[uid]

    assert before["SEQUENCE"] == 0
    assert after["SEQUENCE"] == 2
    assert str(after["SUMMARY"]) == "Moved"


def test_times_are_utc(api_client):
    tehran = UserFactory(timezone="Asia/Tehran")
    EventFactory(
        owner=tehran,
        start=datetime(2026, 11, 22, 9, 30, tzinfo=UTC),
        end=datetime(2026, 11, 22, 10, 45, tzinfo=UTC),
    )

    lines = unfolded(fetch(api_client, tehran))

    assert "DTSTART:20261122T093000Z" in lines
    assert "DTEND:20261122T104500Z" in lines
    stamps = [line for line in lines if line.startswith(("DTSTAMP:", "LAST-MODIFIED:", "CREATED:"))]
    assert stamps
    assert all(line.endswith("Z") for line in stamps)


def test_all_day_events_are_dates_with_an_exclusive_end(api_client, alice):
    EventFactory(
        owner=alice,
        all_day=True,
        start=datetime(2026, 11, 22, tzinfo=UTC),
        end=datetime(2026, 11, 23, tzinfo=UTC),
    )

    lines = unfolded(fetch(api_client, alice))

    assert "DTSTART;VALUE=DATE:20261122" in lines
    assert "DTEND;VALUE=DATE:20261124" in lines


def test_an_instant_event_has_no_dtend(api_client, alice):
    moment = datetime(2026, 11, 22, 9, tzinfo=UTC)
    event = EventFactory(owner=alice, start=moment, end=moment)

    vevent = vevents(fetch(api_client, alice))[f"event-{event.pk}@kith"]

    assert "DTEND" not in vevent
    assert vevent.decoded("DTSTART") == moment


def test_text_is_escaped_and_long_lines_are_folded(api_client, alice):
    name = "Lunch, then; talk \\ plans"
    description = "Line one\nLine two, with commas; and semicolons. " + "Grüße aus Köln " * 20
    event = EventFactory(
        owner=alice,
        name=name,
        description=description,
        location="Café, 1st floor",
        category="work",
        is_private=False,
    )

    response = fetch(api_client, alice)

    lines = raw_lines(response)
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # something was folded
    flat = unfolded(response)
    assert "SUMMARY:Lunch\\, then\\; talk \\\\ plans" in flat
    assert any(line.startswith("DESCRIPTION:Line one\\nLine two\\, with") for line in flat)
    vevent = vevents(response)[f"event-{event.pk}@kith"]
    assert str(vevent["SUMMARY"]) == name
    assert str(vevent["DESCRIPTION"]) == description
    assert str(vevent["LOCATION"]) == "Café, 1st floor"
    assert str(vevent["CLASS"]) == "PUBLIC"


@pytest.mark.parametrize("rows", [1, 50])
def test_the_feed_costs_the_same_queries_at_any_size(
    api_client, alice, rows, django_assert_num_queries
):
    for _ in range(rows):
        EventFactory(owner=alice)
    path = feed_path(alice)

    # 1 the feed joined with its user, 2 the user's events
    with django_assert_num_queries(2):
        response = api_client.get(path)

    assert len(vevents(response)) == rows


def test_the_schema_documents_the_feed_as_text_calendar_outside_the_envelope():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    operation = schema["paths"]["/api/v1/ical/{secret}.ics"]["get"]

    assert operation["responses"]["200"]["content"] == {
        "text/calendar": {"schema": {"type": "string"}}
    }
    assert operation["security"] == [{}]
    assert operation["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    assert "ErrorEnvelope" in schema["components"]["schemas"]


def test_feed_factory_makes_distinct_secrets():
    assert CalendarFeedFactory().secret != CalendarFeedFactory().secret
