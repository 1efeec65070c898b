"""Factories of events, their members and invitations, and iCal feeds."""

from datetime import UTC, datetime, timedelta

import factory

from calendars.models import CalendarFeed, Event, EventInvite, EventMember
from contacts.models import Contact
from tests.accounts.factories import UserFactory


class OwnContactFactory(factory.django.DjangoModelFactory):
    """A minimal address-book contact (the address book's own factory lives with it)."""

    class Meta:
        model = Contact

    owner = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name")


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
    kind = Event.Kind.GROUP


class EventMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventMember

    event = factory.SubFactory(GroupEventFactory)
    user = factory.SubFactory(UserFactory)


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
