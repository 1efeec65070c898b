"""Factories of scheduling calendars, invitees, availabilities, friendships and events."""

from datetime import UTC, date, datetime, timedelta

import factory
from django.utils import timezone

from calendars.models import (
    Availability,
    Calendar,
    CalendarFeed,
    Event,
    EventInvite,
    EventMember,
    Invitee,
)
from contacts.models import Friendship
from support.services import conversation_create_for_event, conversation_member_add
from tests.accounts.factories import UserFactory


def make_friends(a, b) -> Friendship:
    """Make users ``a`` and ``b`` friends (stored as the ordered pair)."""
    low, high = Friendship.ordered(a.pk, b.pk)
    return Friendship.objects.create(user_low_id=low, user_high_id=high)


class CalendarFactory(factory.django.DjangoModelFactory):
    """A 5-day UTC calendar in March 2031 with 30-minute meetings."""

    class Meta:
        model = Calendar

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"One-on-ones {n}")
    start_date = date(2031, 3, 3)
    end_date = date(2031, 3, 7)
    meeting_minutes = 30
    timezone = "UTC"
    avoid_event_conflicts = True


class InviteeFactory(factory.django.DjangoModelFactory):
    """An invitee (a friend of the owner) whose deadline is a week away."""

    class Meta:
        model = Invitee
        skip_postgeneration_save = True

    calendar = factory.SubFactory(CalendarFactory)
    user = factory.SubFactory(UserFactory)
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    @factory.post_generation
    def friends(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's hook
        if create and extracted is not False:
            low, high = Friendship.ordered(obj.calendar.owner_id, obj.user_id)
            Friendship.objects.get_or_create(user_low_id=low, user_high_id=high)


class AvailabilityFactory(factory.django.DjangoModelFactory):
    """09:00-12:00 UTC on the calendar's first day, preference 2."""

    class Meta:
        model = Availability

    calendar = factory.SubFactory(CalendarFactory)
    user = factory.LazyAttribute(lambda a: a.calendar.owner)
    start = datetime(2031, 3, 3, 9, tzinfo=UTC)
    end = datetime(2031, 3, 3, 12, tzinfo=UTC)
    preference = 2


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC moment in March 2031 (the factories' calendar month)."""
    return datetime(2031, 3, day, hour, minute, tzinfo=UTC)


class EventFactory(factory.django.DjangoModelFactory):
    """An event whose owner is its member (as the service makes them)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Event {n}")
    start = factory.LazyFunction(lambda: datetime(2026, 11, 22, 9, 30, tzinfo=UTC))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=1))

    @factory.post_generation
    def with_owner_member(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EventMember.objects.create(event=self, user=self.owner)


class GroupEventFactory(EventFactory):
    """A group event with its chat, its owner a member of both (as the service makes
    them); ``with_chat=False`` leaves it without a chat."""

    kind = Event.Kind.GROUP

    @factory.post_generation
    def with_chat(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.conversation = conversation_create_for_event(
                title=self.name, members=self.member_users
            )
            Event.objects.filter(pk=self.pk).update(conversation=self.conversation)


class EventMemberFactory(factory.django.DjangoModelFactory):
    """A member of a group event, and of its chat when it has one."""

    class Meta:
        model = EventMember
        skip_postgeneration_save = True

    event = factory.SubFactory(GroupEventFactory)
    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def in_chat(self, create, extracted, **kwargs):
        if create and extracted is not False and self.event.conversation_id is not None:
            conversation_member_add(conversation=self.event.conversation, user=self.user)


class EventInviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventInvite

    event = factory.SubFactory(GroupEventFactory)
    from_user = factory.LazyAttribute(lambda o: o.event.owner)
    to_user = factory.SubFactory(UserFactory)


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed

    user = factory.SubFactory(UserFactory)
