"""The moderation desk in the Django admin."""

import pytest
from django.test import Client
from django.urls import reverse

from support.models import ConversationMember, Message, Report, SupportCase
from tests.accounts.factories import UserFactory
from tests.support.factories import (
    ReportFactory,
    SupportCaseFactory,
    direct_chat,
    event_chat,
    send,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("model", "params"),
    [
        ("report", {"status__exact": "open", "target_type__exact": "user"}),
        ("report", {"q": "spam"}),
        ("supportcase", {"status__exact": "open", "q": "login"}),
        ("conversation", {"kind__exact": "direct", "q": "alice"}),
        ("message", {"conversation__kind__exact": "direct", "deleted_at__isempty": "1"}),
    ],
)
def test_the_changelists_render_with_filters_and_search(admin_client_, alice, bob, model, params):
    chat = direct_chat(alice, bob)
    send(chat, bob, "spam spam")
    ReportFactory(reason="spam")
    SupportCaseFactory(opened_by=alice, title="Cannot login")

    response = admin_client_.get(reverse(f"admin:support_{model}_changelist"), params)

    assert response.status_code == 200


def test_the_report_queue_resolves_selected_reports(admin_client_):
    chosen, other = ReportFactory(), ReportFactory()

    response = admin_client_.post(
        reverse("admin:support_report_changelist"),
        {"action": "resolve_reports", "_selected_action": [chosen.pk]},
    )

    assert response.status_code == 302
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert chosen.status == Report.Status.RESOLVED
    assert other.status == Report.Status.OPEN


def test_a_case_page_shows_the_messages_of_its_conversation(admin_client_, alice):
    case = SupportCaseFactory(opened_by=alice)
    send(case.conversation, alice, "My account is locked")

    response = admin_client_.get(reverse("admin:support_supportcase_change", args=[case.pk]))

    assert response.status_code == 200
    assert b"My account is locked" in response.content


def test_a_case_saves_from_its_admin_page(admin_client_, alice):
    case = SupportCaseFactory(opened_by=alice, title="Old")
    send(case.conversation, alice, "Hello")
    url = reverse("admin:support_supportcase_change", args=[case.pk])

    response = admin_client_.post(
        url,
        {
            "title": "New",
            "description": case.description,
            "status": "open",
            "opened_by": alice.pk,
            "conversation": case.conversation_id,
            "messages-TOTAL_FORMS": "1",
            "messages-INITIAL_FORMS": "1",
            "messages-MIN_NUM_FORMS": "0",
            "messages-MAX_NUM_FORMS": "1000",
            "messages-0-id": Message.objects.get().pk,
            "messages-0-conversation": case.conversation_id,
        },
    )

    assert response.status_code == 302, response.content
    case.refresh_from_db()
    assert case.title == "New"
    assert Message.objects.get().text == "Hello"


def test_the_add_case_page_renders(admin_client_):
    response = admin_client_.get(reverse("admin:support_supportcase_add"))

    assert response.status_code == 200


def test_closing_cases_from_the_admin(admin_client_, alice):
    case = SupportCaseFactory(opened_by=alice)

    admin_client_.post(
        reverse("admin:support_supportcase_changelist"),
        {"action": "close_cases", "_selected_action": [case.pk]},
    )

    case.refresh_from_db()
    assert case.status == SupportCase.Status.CLOSED


def test_removing_messages_from_the_admin_keeps_tombstones(admin_client_, alice, bob):
    spam = send(direct_chat(alice, bob), bob, "spam")

    admin_client_.post(
        reverse("admin:support_message_changelist"),
        {"action": "remove_messages", "_selected_action": [spam.pk]},
    )

    spam.refresh_from_db()
    assert spam.deleted


def test_a_conversation_page_renders_with_its_members(admin_client_, alice, bob):
    chat = direct_chat(alice, bob)

    response = admin_client_.get(reverse("admin:support_conversation_change", args=[chat.pk]))

    assert response.status_code == 200


def test_a_member_added_from_the_admin_gets_the_conversations_activity_time(
    admin_client_, alice, bob
):
    chat = event_chat(alice, title="Picnic")
    send(chat, alice, "Hello")
    chat.refresh_from_db()
    member = ConversationMember.objects.get()

    response = admin_client_.post(
        reverse("admin:support_conversation_change", args=[chat.pk]),
        {
            "kind": "event",
            "title": "Picnic",
            "last_message": chat.last_message_id,
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": member.pk,
            "memberships-0-conversation": chat.pk,
            "memberships-0-user": alice.pk,
            "memberships-0-last_read_id": member.last_read_id,
            "memberships-1-conversation": chat.pk,
            "memberships-1-user": bob.pk,
            "memberships-1-last_read_id": "0",
        },
    )

    assert response.status_code == 302, response.content
    added = ConversationMember.objects.get(user=bob)
    assert added.last_activity_at == chat.last_activity_at
    assert added.unread_count == 1
