"""``load_demo`` leaves a calendar in progress; every scheduling model has a working admin."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from calendars.models import Availability, Calendar, Invitee
from scheduling.models import Meeting, Schedule
from tests.calendars.factories import AvailabilityFactory, CalendarFactory, InviteeFactory
from tests.scheduling.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_load_demo_makes_a_calendar_in_progress_idempotently():
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", "--scale", "2", stdout=StringIO())

    calendar = Calendar.objects.get(name="Team one-on-ones")
    assert calendar.owner.username == "alice"
    assert calendar.finalized is False
    assert sorted(
        Invitee.objects.filter(calendar=calendar).values_list("user__username", flat=True)
    ) == [
        "bob_b",
        "carol",
        "dave_d",
    ]
    assert Availability.objects.filter(calendar=calendar).count() == 11
    assert Schedule.objects.get(calendar=calendar).source == "generated"
    assert Meeting.objects.filter(calendar=calendar).count() == 2
    assert (
        Calendar.objects.filter(name__startswith="Demo calendar").count() == 2 * 4
    )  # per demo user

    call_command("load_demo", "--scale", "2", stdout=StringIO())
    assert Calendar.objects.filter(name="Team one-on-ones").count() == 1
    assert (
        Calendar.objects.filter(name__startswith="Demo calendar").count() == 2 * 4
    )  # per demo user


@pytest.fixture
def admin_client(client, staff):
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "model", ["calendars.calendar", "calendars.invitee", "calendars.availability",
              "scheduling.meeting", "scheduling.schedule"]
)  # fmt: skip
def test_the_admin_lists_searches_and_opens_every_model(admin_client, model):
    meeting = MeetingFactory()
    AvailabilityFactory(calendar=meeting.calendar)
    InviteeFactory(calendar=CalendarFactory())
    app, name = model.split(".")
    objects = {
        "calendar": meeting.calendar,
        "invitee": meeting.invitee,
        "availability": Availability.objects.first(),
        "meeting": meeting,
        "schedule": Schedule.objects.first(),
    }

    listing = admin_client.get(reverse(f"admin:{app}_{name}_changelist"), {"q": "a"})
    change = admin_client.get(reverse(f"admin:{app}_{name}_change", args=[objects[name].pk]))

    assert listing.status_code == 200
    assert change.status_code == 200
