"""Schedule generation racing availability edits (PostgreSQL: real row locks)."""

import pytest
from django.db import connection
from django.urls import reverse

from calendars.models import Availability
from scheduling.models import Meeting
from tests.accounts.factories import UserFactory
from tests.calendars.factories import AvailabilityFactory, CalendarFactory, InviteeFactory, at
from tests.races import run_each_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5


def test_generation_racing_availability_edits_stores_one_consistent_schedule(make_client):
    """Two generations and an invitee moving their availability, all at once, repeated.

    Generation and availability writes take the calendar's row lock, so each generation
    sees the availability either before or after the edit, never half of it, and the
    two generations replace each other whole: every round ends with exactly one meeting
    for the invitee, in a slot that fits one of the two states.
    """
    owner, invitee = UserFactory(), UserFactory()
    calendar = CalendarFactory(owner=owner, meeting_minutes=60, end_date=at(3, 0).date())
    InviteeFactory(calendar=calendar, user=invitee)
    AvailabilityFactory(calendar=calendar, user=owner, start=at(3, 9), end=at(3, 10))
    AvailabilityFactory(calendar=calendar, user=owner, start=at(3, 11), end=at(3, 12))
    own = AvailabilityFactory(calendar=calendar, user=invitee, start=at(3, 9), end=at(3, 10))
    schedule = reverse("api:calendar-schedule", args=[calendar.pk])
    detail = reverse("api:calendar-availabilities-detail", args=[calendar.pk, own.pk])
    owner_clients = [make_client(owner), make_client(owner)]
    invitee_client = make_client(invitee)

    moved = {"start": at(3, 11).isoformat(), "end": at(3, 12).isoformat()}

    for _ in range(ROUNDS):
        Availability.objects.filter(pk=own.pk).update(start=at(3, 9), end=at(3, 10))
        first, second, edit = run_each_together(
            lambda: owner_clients[0].post(schedule),
            lambda: owner_clients[1].post(schedule),
            lambda: invitee_client.patch(detail, moved, format="json"),
        )

        assert [first.status_code, second.status_code, edit.status_code] == [200, 200, 200]
        meetings = list(Meeting.objects.filter(calendar=calendar).values_list("start", flat=True))
        assert len(meetings) == 1
        assert meetings[0] in {at(3, 9), at(3, 11)}
