"""Services: the event-chat interface the events code calls, direct chats under
concurrency, blocking with its signal, and the moderation helpers."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.models import Block
from accounts.signals import user_blocked
from common.exceptions import Conflict, Forbidden, NotFound, ValidationFailed
from support import services
from support.models import Conversation, ConversationMember, Message, Report, SupportCase
from tests.accounts.factories import UserFactory
from tests.races import run_together
from tests.support.factories import (
    ReportFactory,
    SupportCaseFactory,
    direct_chat,
    event_chat,
    send,
)

pytestmark = pytest.mark.django_db


def messages_url(conversation) -> str:
    return reverse("api:conversation-messages-list", args=[conversation.pk])


# --- event conversations --------------------------------------------------------------


def test_an_event_chat_opens_with_the_events_members(alice, bob):
    conversation = services.conversation_create_for_event(
        title="Picnic", members=[alice, bob, alice]
    )

    assert conversation.kind == Conversation.Kind.EVENT
    assert conversation.title == "Picnic"
    assert conversation.direct_low is None
    assert set(conversation.members.all()) == {alice, bob}


def test_a_long_event_name_is_cut_to_the_title_length(alice):
    conversation = services.conversation_create_for_event(title="x" * 300, members=[alice])

    assert len(conversation.title) == 200


def test_a_joining_member_reads_the_history_with_nothing_unread(make_client, alice, bob):
    conversation = event_chat(alice)
    old = send(conversation, alice, "before you came")
    carol = UserFactory()
    client = make_client(carol)
    assert client.get(messages_url(conversation)).status_code == 404

    member = services.conversation_member_add(conversation=conversation, user=carol)
    send(conversation, alice, "welcome")

    assert member.last_read_id == old.pk
    page = client.get(messages_url(conversation)).json()["data"]["results"]
    assert [m["text"] for m in page] == ["before you came", "welcome"]
    listed = client.get(reverse("api:conversation-list")).json()["data"]["results"]
    assert [(c["id"], c["unread_count"]) for c in listed] == [(conversation.pk, 1)]


def test_adding_a_member_twice_is_harmless(alice, bob):
    conversation = event_chat(alice)

    first = services.conversation_member_add(conversation=conversation, user=bob)
    second = services.conversation_member_add(conversation=conversation, user=bob)

    assert first.pk == second.pk
    assert ConversationMember.objects.filter(conversation=conversation, user=bob).count() == 1


def test_a_leaving_member_loses_the_chat_and_their_messages_stay(bob_client, alice, bob):
    conversation = event_chat(alice, bob)
    send(conversation, bob, "bye all")

    removed = services.conversation_member_remove(conversation=conversation, user=bob)

    assert removed is True
    assert bob_client.get(messages_url(conversation)).status_code == 404
    assert bob_client.post(messages_url(conversation), {"text": "x"}).status_code == 404
    assert bob_client.get(reverse("api:conversation-list")).json()["data"]["count"] == 0
    assert Message.objects.filter(sender=bob, conversation=conversation).count() == 1


def test_removing_a_non_member_reports_false(alice, bob):
    conversation = event_chat(alice)

    assert services.conversation_member_remove(conversation=conversation, user=bob) is False


def test_direct_chats_have_fixed_members(alice, bob):
    conversation = direct_chat(alice, bob)

    with pytest.raises(ValueError):
        services.conversation_member_add(conversation=conversation, user=UserFactory())
    with pytest.raises(ValueError):
        services.conversation_member_remove(conversation=conversation, user=bob)


def test_renaming_an_event_chat(alice):
    conversation = event_chat(alice, title="Picnic")

    services.conversation_rename(conversation=conversation, title="Picnic (moved)")

    conversation.refresh_from_db()
    assert conversation.title == "Picnic (moved)"


def test_deleting_an_event_chat_deletes_its_messages_and_members(alice, bob):
    conversation = event_chat(alice, bob)
    send(conversation, alice, "hi")

    services.conversation_delete(conversation=conversation)

    assert not Conversation.objects.exists()
    assert not ConversationMember.objects.exists()
    assert not Message.objects.exists()


# --- direct conversations -------------------------------------------------------------


def test_direct_get_or_create_is_one_chat_per_pair_in_either_order(alice, bob):
    first, created = services.direct_conversation_get_or_create(user=alice, other=bob)
    second, created_again = services.direct_conversation_get_or_create(user=bob, other=alice)

    assert created is True
    assert created_again is False
    assert first.pk == second.pk
    low, high = sorted([alice.pk, bob.pk])
    assert (first.direct_low_id, first.direct_high_id) == (low, high)


def test_direct_get_or_create_refuses_self_and_blocked_pairs(alice, bob):
    with pytest.raises(ValidationFailed):
        services.direct_conversation_get_or_create(user=alice, other=alice)
    Block.objects.create(blocker=bob, blocked=alice)
    with pytest.raises(Forbidden):
        services.direct_conversation_get_or_create(user=alice, other=bob)


def test_the_database_refuses_a_second_chat_for_a_pair(alice, bob):
    chat = direct_chat(alice, bob)

    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(
            kind=Conversation.Kind.DIRECT,
            direct_low_id=chat.direct_low_id,
            direct_high_id=chat.direct_high_id,
        )


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "direct"},  # no pair
        {"kind": "direct", "swap": True},  # unordered pair
        {"kind": "event", "pair": True},  # a pair on another kind
    ],
)
def test_the_database_keeps_direct_pairs_ordered_and_only_on_direct_chats(alice, bob, fields):
    low, high = sorted([alice.pk, bob.pk])
    values = {"kind": fields["kind"]}
    if fields.get("swap"):
        values.update(direct_low_id=high, direct_high_id=low)
    if fields.get("pair"):
        values.update(direct_low_id=low, direct_high_id=high)

    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(**values)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_direct_get_or_create_opens_one_chat():
    alice, bob = UserFactory(), UserFactory()
    threads_count = 8

    def open_chat(index: int) -> tuple[int, bool]:
        user, other = (alice, bob) if index % 2 else (bob, alice)
        conversation, created = services.direct_conversation_get_or_create(user=user, other=other)
        return conversation.pk, created

    results = run_together(threads_count, open_chat)

    assert len(results) == threads_count
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert Conversation.objects.count() == 1
    assert ConversationMember.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_leave_the_newest_message_as_the_last_one():
    alice, bob = UserFactory(), UserFactory()
    chat = direct_chat(alice, bob)
    threads_count = 6

    run_together(threads_count, lambda index: send(chat, alice if index % 2 else bob, f"m{index}"))

    chat.refresh_from_db()
    assert chat.last_message_id == Message.objects.latest("id").pk
    assert Message.objects.count() == threads_count
    # The members' copies of the activity time moved with the conversation's.
    copies = ConversationMember.objects.values_list("last_activity_at", flat=True)
    assert set(copies) == {chat.last_activity_at}


# --- messages -------------------------------------------------------------------------


def test_marking_read_never_moves_the_marker_backwards(alice, bob):
    chat = direct_chat(alice, bob)
    latest = send(chat, bob, "hi")
    ConversationMember.objects.filter(conversation=chat, user=alice).update(
        last_read_id=latest.pk + 100
    )

    member = services.conversation_mark_read(conversation=chat, user=alice)

    assert member.last_read_id == latest.pk + 100


# --- blocking -------------------------------------------------------------------------


def test_blocking_sends_the_signal_with_both_users(alice, bob):
    received = []

    def receiver(sender, blocker, blocked, **kwargs):
        received.append((blocker, blocked, Block.objects.filter(blocker=blocker).exists()))

    user_blocked.connect(receiver)
    try:
        block = services.user_block(blocker=alice, blocked=bob)
    finally:
        user_blocked.disconnect(receiver)

    assert (block.blocker, block.blocked) == (alice, bob)
    assert received == [(alice, bob, True)]


def test_a_failing_receiver_rolls_the_block_back(alice, bob):
    """The signal is sent inside the block's transaction: all or nothing."""

    def receiver(sender, **kwargs):
        raise RuntimeError("contacts failed")

    user_blocked.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            services.user_block(blocker=alice, blocked=bob)
    finally:
        user_blocked.disconnect(receiver)

    assert not Block.objects.exists()


def test_blocking_twice_raises_a_conflict_without_a_second_signal(alice, bob):
    services.user_block(blocker=alice, blocked=bob)
    received = []
    user_blocked.connect(lambda **kwargs: received.append(kwargs), weak=False, dispatch_uid="t")
    try:
        with pytest.raises(Conflict):
            services.user_block(blocker=alice, blocked=bob)
    finally:
        user_blocked.disconnect(dispatch_uid="t")

    assert received == []
    assert Block.objects.count() == 1


# --- reports and moderation -----------------------------------------------------------


def test_a_duplicate_report_is_refused_by_the_database(alice, bob):
    Report.objects.create(reporter=alice, target_type="user", target_id=bob.pk, reason="x")

    with pytest.raises(Conflict):
        services.report_create(reporter=alice, target_type="user", target_id=bob.pk, reason="y")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(reporter=alice, target_type="user", target_id=bob.pk, reason="z")


def test_bulk_resolving_skips_resolved_reports(staff):
    open_report = ReportFactory()
    done = ReportFactory(status=Report.Status.RESOLVED)

    count = services.reports_resolve(reports=Report.objects.all(), by=staff)

    assert count == 1
    open_report.refresh_from_db()
    done.refresh_from_db()
    assert open_report.resolved_by == staff
    assert done.resolved_by is None


def test_moderators_remove_messages_as_tombstones(alice, bob):
    chat = direct_chat(alice, bob)
    spam = send(chat, bob, "spam")
    fine = send(chat, alice, "fine")

    count = services.messages_remove(messages=Message.objects.filter(pk=spam.pk))

    assert count == 1
    spam.refresh_from_db()
    fine.refresh_from_db()
    assert spam.deleted and spam.text == ""
    assert not fine.deleted


def test_bulk_closing_cases(staff, alice):
    case = SupportCaseFactory(opened_by=alice)
    SupportCaseFactory(opened_by=alice, status=SupportCase.Status.CLOSED)

    assert services.cases_close(cases=SupportCase.objects.all(), by=staff) == 1
    case.refresh_from_db()
    assert case.status == SupportCase.Status.CLOSED


def test_marking_read_a_conversation_i_am_not_in_is_not_found(alice, bob):
    conversation = event_chat(alice)

    with pytest.raises(NotFound):
        services.conversation_mark_read(conversation=conversation, user=bob)
