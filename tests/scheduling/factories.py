"""Factories of meetings and a helper for the events that make people busy."""

import factory

from calendars.models import Event, EventMember
from scheduling.models import Meeting, Schedule
from tests.calendars.factories import InviteeFactory, at


def make_event(owner, start, end, *, members=(), name="Dentist") -> Event:
    """An event of ``owner`` (a member too) with extra ``members``."""
    event = Event.objects.create(owner=owner, name=name, start=start, end=end)
    for user in (owner, *members):
        EventMember.objects.create(event=event, user=user)
    return event


class MeetingFactory(factory.django.DjangoModelFactory):
    """A stored meeting at 09:00 UTC on the factories' first calendar day."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    invitee = factory.SubFactory(InviteeFactory)
    calendar = factory.LazyAttribute(lambda m: m.invitee.calendar)
    start = at(3, 9)
    end = at(3, 9, 30)
    preference_score = 4

    @factory.post_generation
    def schedule(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's hook
        if create:
            Schedule.objects.get_or_create(
                calendar=obj.calendar, defaults={"source": Schedule.Source.GENERATED}
            )
