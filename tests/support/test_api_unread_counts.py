"""The stored unread counts (``ConversationMember.unread_count``) stay exact through
every write that changes them, as the conversation list shows them: sending,
replying, marking read, deleting, joining and leaving an event chat, staff joining a
case, blocks, account deletion, the moderation desk and the backfill migration."""

import importlib
from functools import partial

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from calendars.event_services import event_invite_accept
from support import services
from support.models import ConversationMember, Message
from support.selectors import unread_count_of_member
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.calendars.factories import EventInviteFactory, EventMemberFactory, GroupEventFactory
from tests.races import run_together
from tests.support.factories import SupportCaseFactory, direct_chat, event_chat, send

pytestmark = pytest.mark.django_db

LIST = reverse("api:conversation-list")


def messages_url(conversation) -> str:
    return reverse("api:conversation-messages-list", args=[conversation.pk])


def message_url(message) -> str:
    return reverse("api:message-detail", args=[message.pk])


def unread(client, conversation) -> int:
    """The ``unread_count`` the client sees for the conversation, in the list and on
    the conversation's own page (the two must agree)."""
    listed = client.get(LIST, {"page_size": 100}).json()["data"]["results"]
    count = {c["id"]: c["unread_count"] for c in listed}[conversation.pk]
    detail = client.get(reverse("api:conversation-detail", args=[conversation.pk]))
    assert detail.json()["data"]["unread_count"] == count
    return count


def assert_counts_exact() -> None:
    """Every member's stored count equals their unread messages counted afresh."""
    rows = ConversationMember.objects.annotate(fresh=unread_count_of_member())
    assert [(m.pk, m.unread_count) for m in rows] == [(m.pk, m.fresh) for m in rows]


def mark_read(client, conversation):
    return client.post(reverse("api:conversation-read", args=[conversation.pk]))


def post(client, conversation, text: str = "Hello"):
    response = client.post(messages_url(conversation), {"text": text})
    assert response.status_code == 201
    return Message.objects.get(pk=response.json()["data"]["id"])


@pytest.fixture
def carol(db):
    return UserFactory(username="carol")


@pytest.fixture
def clients(make_client, alice, bob, carol):
    return {user.username: make_client(user) for user in (alice, bob, carol)}


# --- messages -----------------------------------------------------------------------


def test_a_message_counts_for_every_member_but_its_sender(clients, alice, bob, carol):
    chat = event_chat(alice, bob, carol)

    post(clients["carol"], chat, "one")
    post(clients["carol"], chat, "two")

    assert unread(clients["alice"], chat) == 2
    assert unread(clients["bob_b"], chat) == 2
    assert unread(clients["carol"], chat) == 0
    assert_counts_exact()


def test_replying_reads_everything_before_my_reply(clients, alice, bob):
    chat = direct_chat(alice, bob)
    post(clients["bob_b"], chat, "one")
    post(clients["bob_b"], chat, "two")

    post(clients["alice"], chat, "reply")

    assert unread(clients["alice"], chat) == 0
    assert unread(clients["bob_b"], chat) == 1
    assert_counts_exact()


def test_marking_read_clears_my_count_and_later_messages_count_again(clients, alice, bob):
    chat = direct_chat(alice, bob)
    for text in ("a", "b", "c"):
        post(clients["bob_b"], chat, text)

    read = mark_read(clients["alice"], chat)

    assert read.json()["data"]["unread_count"] == 0
    assert unread(clients["alice"], chat) == 0
    post(clients["bob_b"], chat, "d")
    assert unread(clients["alice"], chat) == 1
    assert_counts_exact()


def test_deleting_an_unread_message_takes_it_out_of_the_count(clients, alice, bob, carol):
    chat = event_chat(alice, bob, carol)
    post(clients["bob_b"], chat, "one")
    oops = post(clients["bob_b"], chat, "oops")
    mark_read(clients["carol"], chat)

    deleted = clients["bob_b"].delete(message_url(oops))
    again = clients["bob_b"].delete(message_url(oops))

    assert deleted.status_code == 200
    assert again.status_code == 410  # and not taken out twice
    assert unread(clients["alice"], chat) == 1
    assert unread(clients["carol"], chat) == 0  # she had read it
    assert unread(clients["bob_b"], chat) == 0
    assert_counts_exact()


def test_deleting_a_message_read_by_a_reply_changes_nothing(clients, alice, bob):
    chat = direct_chat(alice, bob)
    said = post(clients["bob_b"], chat, "one")
    post(clients["alice"], chat, "reply")
    post(clients["bob_b"], chat, "two")

    clients["bob_b"].delete(message_url(said))

    assert unread(clients["alice"], chat) == 1
    assert_counts_exact()


def test_editing_changes_no_count(clients, alice, bob):
    chat = direct_chat(alice, bob)
    said = post(clients["bob_b"], chat, "one")

    clients["bob_b"].patch(message_url(said), {"text": "uno"})

    assert unread(clients["alice"], chat) == 1
    assert_counts_exact()


# --- membership -----------------------------------------------------------------------


def test_joining_an_event_chat_starts_with_nothing_unread(make_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    for text in ("a", "b", "c"):
        send(event.conversation, alice, text)
    invite = EventInviteFactory(event=event, to_user=bob)
    bob_client = make_client(bob)

    accepted = bob_client.post(reverse("api:event-invites-accept", kwargs={"pk": invite.pk}))

    assert accepted.status_code == 200
    assert unread(bob_client, event.conversation) == 0
    send(event.conversation, alice, "welcome")
    assert unread(bob_client, event.conversation) == 1
    assert_counts_exact()


def test_leaving_and_joining_again_starts_afresh(make_client, alice, bob):
    event = GroupEventFactory(owner=alice)
    EventMemberFactory(event=event, user=bob)
    bob_client = make_client(bob)
    send(event.conversation, alice, "before")
    bob_client.post(reverse("api:events-leave", kwargs={"pk": event.pk}))
    send(event.conversation, alice, "while away")

    event_invite_accept(invite=EventInviteFactory(event=event, to_user=bob), by=bob)

    assert unread(bob_client, event.conversation) == 0
    assert_counts_exact()


def test_staff_join_a_case_with_nothing_unread(make_client, alice, staff, staff_client):
    case = SupportCaseFactory(opened_by=alice)
    alice_client = make_client(alice)
    post(alice_client, case.conversation, "Help")
    post(alice_client, case.conversation, "Please")

    post(staff_client, case.conversation, "On it")

    assert unread(staff_client, case.conversation) == 0
    assert unread(alice_client, case.conversation) == 1
    post(alice_client, case.conversation, "Thanks")
    assert unread(staff_client, case.conversation) == 1
    assert_counts_exact()


def test_staff_marking_a_case_read_join_it_with_nothing_unread(make_client, alice, staff_client):
    case = SupportCaseFactory(opened_by=alice)
    post(make_client(alice), case.conversation, "Help")

    mark_read(staff_client, case.conversation)

    assert unread(staff_client, case.conversation) == 0
    assert_counts_exact()


# --- blocks and account deletion --------------------------------------------------------


def test_a_block_leaves_the_counts_as_they_are(clients, alice, bob):
    """A block stops new direct messages; it hides none already sent."""
    chat = direct_chat(alice, bob)
    post(clients["bob_b"], chat, "one")
    post(clients["bob_b"], chat, "two")

    blocked = clients["alice"].post(reverse("api:block-list"), {"user": bob.pk})

    assert blocked.status_code == 201
    assert unread(clients["alice"], chat) == 2
    assert len(clients["alice"].get(messages_url(chat)).json()["data"]["results"]) == 2
    assert_counts_exact()


def test_a_deleted_account_takes_its_messages_out_of_the_counts(clients, alice, bob, carol):
    chat = event_chat(alice, bob, carol)
    post(clients["bob_b"], chat, "one")
    post(clients["carol"], chat, "two")
    post(clients["bob_b"], chat, "three")
    direct = direct_chat(alice, bob)
    post(clients["bob_b"], direct, "bye")

    response = clients["bob_b"].delete(reverse("api:me"), {"password": DEFAULT_PASSWORD})

    assert response.status_code == 200
    assert unread(clients["alice"], chat) == 1  # carol's
    assert unread(clients["carol"], chat) == 0
    assert direct.pk not in [c["id"] for c in clients["alice"].get(LIST).json()["data"]["results"]]
    assert_counts_exact()


# --- the moderation desk --------------------------------------------------------------


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_messages_removed_by_moderators_leave_the_counts(clients, admin_client_, alice, bob):
    chat = direct_chat(alice, bob)
    spam = [post(clients["bob_b"], chat, f"spam {n}") for n in range(3)]
    post(clients["bob_b"], chat, "sorry")

    admin_client_.post(
        reverse("admin:support_message_changelist"),
        {"action": "remove_messages", "_selected_action": [m.pk for m in spam]},
    )

    assert unread(clients["alice"], chat) == 1
    assert_counts_exact()


def test_messages_written_and_deleted_in_the_admin_count(clients, admin_client_, alice, bob):
    chat = direct_chat(alice, bob)
    post(clients["bob_b"], chat, "one")
    added = admin_client_.post(
        reverse("admin:support_message_add"),
        {"conversation": chat.pk, "sender": bob.pk, "text": "from the desk"},
    )
    assert added.status_code == 302
    assert unread(clients["alice"], chat) == 2

    message = Message.objects.get(text="from the desk")
    admin_client_.post(reverse("admin:support_message_delete", args=[message.pk]), {"post": "yes"})
    assert unread(clients["alice"], chat) == 1

    admin_client_.post(
        reverse("admin:support_message_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [Message.objects.get().pk],
            "post": "yes",
        },
    )
    assert unread(clients["alice"], chat) == 0
    assert_counts_exact()


def test_members_changed_in_the_admin_are_recounted(clients, admin_client_, alice, bob, carol):
    chat = event_chat(alice, bob)
    post(clients["bob_b"], chat, "one")
    latest = post(clients["bob_b"], chat, "two")
    alice_member = ConversationMember.objects.get(conversation=chat, user=alice)
    bob_member = ConversationMember.objects.get(conversation=chat, user=bob)
    form = {
        "kind": "event",
        "title": chat.title,
        "memberships-TOTAL_FORMS": "3",
        "memberships-INITIAL_FORMS": "2",
        "memberships-0-id": alice_member.pk,
        "memberships-0-conversation": chat.pk,
        "memberships-0-user": alice.pk,
        "memberships-0-last_read_id": latest.pk,  # marked read by hand
        "memberships-1-id": bob_member.pk,
        "memberships-1-conversation": chat.pk,
        "memberships-1-user": bob.pk,
        "memberships-1-last_read_id": bob_member.last_read_id,
        "memberships-2-conversation": chat.pk,
        "memberships-2-user": carol.pk,  # added with nothing read
        "memberships-2-last_read_id": "0",
    }

    response = admin_client_.post(
        reverse("admin:support_conversation_change", args=[chat.pk]), form
    )

    assert response.status_code == 302, response.content[:2000]
    assert unread(clients["alice"], chat) == 0
    assert unread(clients["carol"], chat) == 2
    assert_counts_exact()


# --- the backfill -------------------------------------------------------------------------


def test_the_migration_backfills_exact_counts(clients, alice, bob, carol):
    chat = event_chat(alice, bob, carol)
    post(clients["bob_b"], chat, "one")
    gone = post(clients["bob_b"], chat, "gone")
    post(clients["carol"], chat, "two")
    services.message_delete(message=gone, by=bob)
    mark_read(clients["carol"], chat)
    post(clients["alice"], direct_chat(alice, carol), "hi")
    ConversationMember.objects.update(unread_count=0)  # as the column starts

    migration = importlib.import_module("support.migrations.0002_member_unread_count")
    migration.backfill_unread_counts(django_apps, None)

    assert unread(clients["bob_b"], chat) == 1
    assert unread(clients["alice"], chat) == 2
    assert unread(clients["carol"], chat) == 0
    assert_counts_exact()


# --- concurrency ----------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_counts_stay_exact_under_concurrent_sends_reads_and_deletes():
    users = [UserFactory() for _ in range(3)]
    chat = event_chat(*users)
    rounds, threads_count = 3, 12
    # Three earlier messages for each round's deleting threads (index 1, 5, 9) to take back.
    early = [send(chat, users[n % 3], f"early {n}") for n in range(3 * rounds)]

    def act(index: int, round_: int) -> None:
        user = users[index % 3]
        if index % 4 == 0:
            services.conversation_mark_read(conversation=chat, user=user)
        elif index % 4 == 1:
            message = early[3 * round_ + index // 4]
            services.message_delete(message=message, by=message.sender)
        else:
            send(chat, user, f"m{index}")

    for round_ in range(rounds):
        run_together(threads_count, partial(act, round_=round_))

    taken_back = Message.objects.filter(pk__in=[m.pk for m in early], deleted_at__isnull=False)
    assert taken_back.count() == len(early)
    assert_counts_exact()
