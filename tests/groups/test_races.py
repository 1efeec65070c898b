"""Concurrent membership adds and group creations (PostgreSQL only: real row locks)."""

import pytest
from django.db import connection
from django.urls import reverse

from common.codes import Code
from groups.models import Group, Membership
from tests.contacts.factories import ContactFactory
from tests.groups.factories import GroupFactory
from tests.races import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

THREADS = 4


def run_concurrently(make_client, user, call) -> list:
    """Run ``call(client)`` in THREADS threads released together, each with its own client
    of ``user`` (made beforehand); their responses."""
    clients = [make_client(user) for _ in range(THREADS)]
    return run_together(THREADS, lambda index: call(clients[index]))


def test_concurrent_adds_of_one_contact_leave_one_row(make_client, alice):
    group = GroupFactory(owner=alice)
    contact = ContactFactory(owner=alice)
    url = reverse("api:groups-add-contact", args=[group.pk])

    responses = run_concurrently(
        make_client, alice, lambda client: client.post(url, {"contact_id": contact.pk})
    )

    assert [r.status_code for r in responses] == [200] * THREADS
    assert {r.json()["code"] for r in responses} == {Code.GROUP_CONTACT_ADDED}
    assert Membership.objects.filter(group=group, contact=contact).count() == 1


def test_concurrent_creates_of_one_name_make_one_group(make_client, alice):
    url = reverse("api:groups-list")

    responses = run_concurrently(
        make_client, alice, lambda client: client.post(url, {"name": "Family"})
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [400] * (THREADS - 1)
    failed = [r.json()["code"] for r in responses if r.status_code == 400]
    assert set(failed) == {Code.GROUP_CREATE_FAILED}
    assert Group.objects.filter(owner=alice).count() == 1
