"""Demo chats: direct conversations among the demo users, a support case and a report.

Idempotent: conversations are get-or-created, their demo messages are only sent into an
empty conversation, and ``scale`` tops each demo user's messages up to ``scale``. With a
scale, each demo user also gets a short direct chat with each of the first
``scale // 10`` (at most 300) scale users, so conversation lists are realistically long.
"""

from datetime import timedelta

from django.db.models import Max, Q
from django.utils import timezone

from accounts.demo import demo_users, scale_users
from accounts.selectors import is_blocked
from support import services
from support.models import Conversation, ConversationMember, Message, Report, SupportCase

DEMO_CHATS = [
    (
        "alice",
        "bob_b",
        [
            ("alice", "Hi Bob! Are we still on for Saturday?"),
            ("bob_b", "Yes! 10am at the park, I'll bring the frisbee."),
            ("alice", "Perfect, see you there."),
        ],
    ),
    (
        "alice",
        "carol",
        [
            ("carol", "Alice, could you send me the photos from the trip?"),
            ("alice", "Sure, uploading them tonight."),
        ],
    ),
    (
        "bob_b",
        "dave_d",
        [
            ("dave_d", "Thanks for the recommendation, the plumber was great."),
            ("bob_b", "Glad it worked out!"),
        ],
    ),
]
DEMO_CASE_TITLE = "I can't change my avatar"


def seed(*, scale: int) -> None:
    users = {user.username: user for user in demo_users()}
    if len(users) < 4:
        return
    for a, b, lines in DEMO_CHATS:
        if is_blocked(users[a], users[b]):
            continue
        conversation, _ = services.direct_conversation_get_or_create(user=users[a], other=users[b])
        if not conversation.messages.exists():
            for sender, text in lines:
                services.message_send(conversation=conversation, sender=users[sender], text=text)
    _seed_case(users["dave_d"])
    _seed_report(users["carol"], users["dave_d"])
    if scale > 0:
        _seed_scale(list(users.values()), scale)
        _seed_scale_chats(list(users.values()), scale)


def _seed_case(opener) -> None:
    if SupportCase.objects.filter(opened_by=opener, title=DEMO_CASE_TITLE).exists():
        return
    case = services.case_open(
        user=opener,
        title=DEMO_CASE_TITLE,
        description="Uploading a PNG answers an error.",
    )
    services.message_send(
        conversation=case.conversation, sender=opener, text="It says the image is invalid."
    )


def _seed_report(reporter, target) -> None:
    Report.objects.get_or_create(
        reporter=reporter,
        target_type=Report.TargetType.USER,
        target_id=target.pk,
        defaults={"reason": "Sends me advertising."},
    )


def _seed_scale(users: list, scale: int) -> None:
    """Each demo user gets ``scale`` messages in their chat with the next demo user."""
    for index, user in enumerate(users):
        other = users[(index + 1) % len(users)]
        if is_blocked(user, other):
            continue
        conversation, _ = services.direct_conversation_get_or_create(user=user, other=other)
        missing = scale - Message.objects.filter(conversation=conversation, sender=user).count()
        if missing <= 0:
            continue
        Message.objects.bulk_create(
            [
                Message(conversation=conversation, sender=user, text=f"Demo message {n + 1}")
                for n in range(missing)
            ],
            batch_size=1000,
        )
        latest = Message.objects.filter(conversation=conversation).aggregate(latest=Max("id"))
        last = Message.objects.get(pk=latest["latest"])
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message=last, last_activity_at=last.created_at
        )
        services.conversations_unread_recount(conversation_ids=[conversation.pk])
        services.conversations_activity_copy(conversation_ids=[conversation.pk])


SCALE_CHATS_MAX = 300


def _seed_scale_chats(users: list, scale: int) -> None:
    """Direct chats of each demo user with the first ``scale // 10`` scale users, in bulk:
    three messages each (partner, demo user, partner), the last one unread."""
    partners = scale_users(min(scale // 10, SCALE_CHATS_MAX))
    now = timezone.now()
    for user in users:
        have = set(
            Conversation.objects.filter(
                Q(direct_low=user) | Q(direct_high=user), kind=Conversation.Kind.DIRECT
            ).values_list("direct_low_id", "direct_high_id")
        )
        todo = [p for p in partners if Conversation.ordered_pair(user.pk, p.pk) not in have]
        conversations = Conversation.objects.bulk_create(
            [
                Conversation(
                    kind=Conversation.Kind.DIRECT,
                    direct_low_id=min(user.pk, p.pk),
                    direct_high_id=max(user.pk, p.pk),
                )
                for p in todo
            ],
            batch_size=1000,
        )
        messages = []
        for n, (conversation, partner) in enumerate(zip(conversations, todo, strict=True)):
            at = now - timedelta(minutes=7 * n + 3)
            messages += [
                Message(
                    conversation=conversation,
                    sender=partner,
                    text="Hi! Got a minute?",
                    created_at=at - timedelta(minutes=2),
                ),
                Message(
                    conversation=conversation,
                    sender=user,
                    text="Sure, what's up?",
                    created_at=at - timedelta(minutes=1),
                ),
                Message(
                    conversation=conversation,
                    sender=partner,
                    text=f"Could we talk about demo topic {n}?",
                    created_at=at,
                ),
            ]
        Message.objects.bulk_create(messages, batch_size=1000)
        for index, conversation in enumerate(conversations):
            conversation.last_message = messages[3 * index + 2]
            conversation.last_activity_at = conversation.last_message.created_at
        Conversation.objects.bulk_update(
            conversations, ["last_message", "last_activity_at"], batch_size=1000
        )
        # Both have read up to the demo user's reply: the partner's last message is unread
        # for the demo user.
        ConversationMember.objects.bulk_create(
            [
                ConversationMember(
                    conversation=conversation,
                    user_id=member,
                    last_read_id=messages[3 * i + 1].pk,
                    unread_count=int(member == user.pk),
                    last_activity_at=conversation.last_activity_at,
                )
                for i, conversation in enumerate(conversations)
                for member in (conversation.direct_low_id, conversation.direct_high_id)
            ],
            batch_size=1000,
        )
