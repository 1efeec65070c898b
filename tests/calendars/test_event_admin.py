"""The Django admin of events, members, invitations and feeds."""

import pytest
from django.test import Client

from calendars.admin import EventAdmin
from calendars.models import Event
from tests.accounts.factories import UserFactory
from tests.calendars.factories import (
    CalendarFeedFactory,
    EventInviteFactory,
    EventMemberFactory,
    GroupEventFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def event(alice):
    event = GroupEventFactory(owner=alice, name="Picnic")
    EventMemberFactory(event=event)
    EventInviteFactory(event=event)
    CalendarFeedFactory(user=alice)
    return event


@pytest.mark.parametrize(
    ("model", "query", "rows"),
    [("event", "Picnic", 1), ("eventmember", "Picnic", 2), ("eventinvite", "Picnic", 1),
     ("calendarfeed", "alice", 1)],
)  # fmt: skip
def test_changelists_render_with_search(admin_client_, event, model, query, rows):
    response = admin_client_.get(f"/admin/calendars/{model}/", {"q": query})

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


def test_the_event_page_shows_members_and_invitations_inline(admin_client_, event):
    response = admin_client_.get(f"/admin/calendars/event/{event.pk}/change/")

    assert response.status_code == 200
    assert len(response.context["inline_admin_formsets"]) == 2


def test_the_feed_secret_is_not_shown(admin_client_, event, alice):
    response = admin_client_.get(f"/admin/calendars/calendarfeed/{alice.calendar_feed.pk}/change/")

    assert response.status_code == 200
    assert alice.calendar_feed.secret.encode() not in response.content


def test_saving_an_event_in_the_admin_raises_its_sequence(admin_client_, event):
    model_admin = EventAdmin(Event, None)
    model_admin.save_model(request=None, obj=event, form=None, change=True)

    event.refresh_from_db()
    assert event.sequence == 1
