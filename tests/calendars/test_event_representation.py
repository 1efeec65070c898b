"""The hand-built event representation equals DRF's generic one."""

from datetime import UTC, datetime

import pytest

from calendars.event_selectors import Window, events_in_window
from calendars.event_serializers import EventSerializer
from calendars.models import Event
from tests.accounts.factories import UserFactory
from tests.calendars.factories import EventFactory, EventMemberFactory, GroupEventFactory
from tests.common.representation import assert_same_as_generic, request_context
from tests.contacts.factories import ContactFactory
from tests.jobs.factories import image_upload

pytestmark = pytest.mark.django_db


def test_event_output_equals_drf_generic_rendering(alice, bob, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    single = EventFactory(owner=alice, location="Main St 5", description="“Teeth”")
    single.contacts.set([ContactFactory(owner=alice), ContactFactory(owner=alice)])
    group = GroupEventFactory(
        owner=alice, is_private=False, category="work", related_people="Tim", icon="meal"
    )
    EventMemberFactory(event=group, user=UserFactory(avatar=image_upload()))
    EventMemberFactory(event=group, user=bob)
    EventFactory(
        owner=alice,
        all_day=True,
        start=datetime(2026, 11, 23, tzinfo=UTC),
        end=datetime(2026, 11, 24, tzinfo=UTC),
    )
    window = Window(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC), UTC)
    events = list(events_in_window(alice, window))
    assert len(events) == 3 and Event.objects.count() == 3

    for context in (request_context(alice), request_context(bob), {}):
        assert_same_as_generic(EventSerializer, events, **context)
