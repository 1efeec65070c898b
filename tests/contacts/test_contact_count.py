"""Each user's contact count (``ContactCount``), kept by database triggers, and the
contact list's count read from it."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from contacts.models import Contact, ContactCount
from tests.accounts.factories import UserFactory
from tests.contacts.factories import ContactFactory
from tests.races import run_together

pytestmark = pytest.mark.django_db

LIST = reverse("api:contacts-list")


def stored() -> dict[int, int]:
    """Every stored count, users at 0 left out (a user with no contacts may have a row)."""
    return dict(ContactCount.objects.filter(count__gt=0).values_list("owner_id", "count"))


def counted() -> dict[int, int]:
    rows = Contact.objects.values("owner_id").annotate(n=Count("id")).values_list("owner_id", "n")
    return dict(rows)


def test_the_api_s_creates_and_deletes_keep_the_count(alice, alice_client):
    for name in ("Ann", "Ben", "Cara"):
        assert alice_client.post(LIST, {"first_name": name}).status_code == 201
    ben = Contact.objects.get(owner=alice, first_name="Ben")
    assert alice_client.delete(reverse("api:contacts-detail", args=[ben.pk])).status_code == 200

    assert stored() == counted() == {alice.pk: 2}


def test_bulk_writes_cascades_and_owner_changes_keep_every_count(alice, bob):
    carol = UserFactory()
    Contact.objects.bulk_create(
        [Contact(owner=alice, first_name=f"A{i}") for i in range(5)]
        + [Contact(owner=bob, first_name=f"B{i}") for i in range(3)]
    )
    assert stored() == counted() == {alice.pk: 5, bob.pk: 3}

    moved = Contact.objects.filter(owner=alice).order_by("id")[:2]
    Contact.objects.filter(pk__in=list(moved.values_list("pk", flat=True))).update(owner=carol)
    Contact.objects.filter(owner=bob).update(first_name="Same owner")  # no move: no change
    assert stored() == counted() == {alice.pk: 3, bob.pk: 3, carol.pk: 2}

    Contact.objects.filter(owner=bob, first_name="Same owner").order_by("id")[:1].get().delete()
    User.objects.get(pk=carol.pk).delete()  # the account's contacts go with it
    assert stored() == counted() == {alice.pk: 3, bob.pk: 2}

    Contact.objects.filter(owner=alice).delete()
    assert stored() == counted() == {bob.pk: 2}


def test_rows_written_in_raw_sql_are_counted_too(alice):
    contact = ContactFactory(owner=alice)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO contacts_contact (owner_id, first_name, last_name, email, phone, "
            "mobile, company, address, relationship, notes, created_at, updated_at) "
            "SELECT owner_id, 'Raw', '', '', '', '', '', '', '', '', created_at, updated_at "
            "FROM contacts_contact WHERE id = %s",
            [contact.pk],
        )
    assert stored() == counted() == {alice.pk: 2}


def test_the_unfiltered_list_reads_the_stored_count(alice, alice_client, bob):
    ContactFactory.create_batch(3, owner=alice, relationship="friend")
    ContactFactory(owner=alice, relationship="colleague")
    ContactFactory.create_batch(2, owner=bob)

    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(LIST, {"page_size": 2})

    assert response.json()["data"]["count"] == 4
    assert "contacts_contactcount" in queries.captured_queries[-1]["sql"]
    # A filtered or searched list counts its rows.
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(LIST, {"relationship": "friend", "page_size": 2})
    assert response.json()["data"]["count"] == 3
    assert "contacts_contactcount" not in queries.captured_queries[-1]["sql"]


def test_a_user_without_contacts_lists_a_count_of_0(alice_client, alice):
    ContactFactory(owner=alice).delete()  # a row at 0 ...
    assert alice_client.get(LIST).json()["data"]["count"] == 0
    ContactCount.objects.filter(owner=alice).delete()  # ... or none
    assert alice_client.get(LIST).json()["data"]["count"] == 0


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions")
@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_and_deletes_keep_the_count_exact(make_client):
    owner = UserFactory()
    doomed = ContactFactory.create_batch(4, owner=owner)
    threads_count, creates = 8, 3

    def worker(index: int) -> list[int]:
        client = make_client(owner)
        statuses = [
            client.post(LIST, {"first_name": f"T{index}-{n}"}).status_code for n in range(creates)
        ]
        if index < len(doomed):
            url = reverse("api:contacts-detail", args=[doomed[index].pk])
            statuses.append(client.delete(url).status_code)
        return statuses

    statuses = [status for done in run_together(threads_count, worker) for status in done]

    assert sorted(set(statuses)) == [200, 201]
    assert stored() == counted() == {owner.pk: threads_count * creates}
