"""Benchmark of the chat reads (API.md §8): the conversation list of a user with 500
conversations, and message pages of a conversation with 100,000 messages.

Prints, per request, the rows answered, the SQL queries it cost, their database time
(one run) and its latency (median and 95th percentile over the runs, through Django's
test client: routing, authentication, queries, serialisation and the envelope renderer,
no network).

    .venv/bin/python bench/bench_support.py            # throwaway SQLite file in /tmp
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kith_bench \
        .venv/bin/python bench/bench_support.py        # a THROWAWAY PostgreSQL database

The database is emptied and filled afresh on every run.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_PATH = Path(tempfile.gettempdir()) / "kith_bench_support.sqlite3"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if os.environ["DATABASE_URL"].startswith("sqlite"):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.authentication import tokens_for  # noqa: E402
from accounts.models import User  # noqa: E402
from support.models import Conversation, ConversationMember, Message  # noqa: E402
from support.services import (  # noqa: E402
    conversations_activity_copy,
    conversations_unread_recount,
)

CONVERSATIONS = 500
MESSAGES_PER_CONVERSATION = 3
BIG_CONVERSATION_MESSAGES = 100_000
RUNS = 30
BATCH = 5_000


def build() -> tuple[User, Conversation]:
    """The benchmark user with 500 direct chats, and a 100,000-message event chat."""
    call_command("migrate", verbosity=0)
    call_command("flush", verbosity=0, interactive=False)
    password = "!"  # unusable: nobody logs in, the client sends a token
    me = User.objects.create(username="bench_me", email="me@bench.test", password=password)
    others = User.objects.bulk_create(
        [
            User(username=f"bench_{i:04d}", email=f"u{i}@bench.test", password=password)
            for i in range(CONVERSATIONS)
        ]
    )
    now = timezone.now()
    chats = Conversation.objects.bulk_create(
        [
            Conversation(
                kind=Conversation.Kind.DIRECT,
                direct_low_id=min(me.pk, other.pk),
                direct_high_id=max(me.pk, other.pk),
                last_activity_at=now - timezone.timedelta(minutes=i),
            )
            for i, other in enumerate(others)
        ]
    )
    ConversationMember.objects.bulk_create(
        [ConversationMember(conversation=c, user=me) for c in chats]
        + [ConversationMember(conversation=c, user=o) for c, o in zip(chats, others, strict=True)]
    )
    Message.objects.bulk_create(
        [
            Message(conversation=c, sender=o if n % 2 == 0 else me, text=f"message {n}")
            for c, o in zip(chats, others, strict=True)
            for n in range(MESSAGES_PER_CONVERSATION)
        ],
        batch_size=BATCH,
    )
    _denormalise(Conversation.objects.filter(kind=Conversation.Kind.DIRECT))
    # My marker sits after the first message of each chat: one unread per chat.
    firsts = dict(
        Message.objects.values("conversation")
        .annotate(first=Min("id"))
        .values_list("conversation", "first")
    )
    members = list(ConversationMember.objects.filter(user=me))
    for member in members:
        member.last_read_id = firsts[member.conversation_id]
    ConversationMember.objects.bulk_update(members, ["last_read_id"], batch_size=BATCH)

    big = Conversation.objects.create(
        kind=Conversation.Kind.EVENT, title="Big event", last_activity_at=now
    )
    ConversationMember.objects.bulk_create(
        [ConversationMember(conversation=big, user=u) for u in (me, others[0])]
    )
    for start in range(0, BIG_CONVERSATION_MESSAGES, BATCH):
        Message.objects.bulk_create(
            [
                Message(conversation=big, sender=others[0] if n % 3 else me, text=f"big {n}")
                for n in range(start, min(start + BATCH, BIG_CONVERSATION_MESSAGES))
            ]
        )
    _denormalise(Conversation.objects.filter(pk=big.pk))
    # The rows above were made in bulk, past the services: count the unread messages and
    # copy each conversation's activity time to its members.
    every = list(Conversation.objects.values_list("pk", flat=True))
    conversations_unread_recount(conversation_ids=every)
    conversations_activity_copy(conversation_ids=every)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return me, big


def _denormalise(conversations) -> None:
    latest = dict(
        Message.objects.filter(conversation__in=conversations)
        .values("conversation")
        .annotate(last=Max("id"))
        .values_list("conversation", "last")
    )
    rows = list(conversations)
    for conversation in rows:
        conversation.last_message_id = latest.get(conversation.pk)
    Conversation.objects.bulk_update(rows, ["last_message"], batch_size=BATCH)


def measure(client: APIClient, label: str, url: str, params: dict) -> tuple:
    response = client.get(url, params)  # warm-up
    assert response.status_code == 200, response.content[:300]
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    rows = len(response.json()["data"]["results"])
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    p95 = statistics.quantiles(timings, n=20)[-1]
    return label, rows, len(queries), sql_ms, statistics.median(timings), p95


def main() -> None:
    setup_test_environment()
    started = time.perf_counter()
    me, big = build()
    built = time.perf_counter() - started
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(me)['access']}")

    conversations = reverse("api:conversation-list")
    messages = reverse("api:conversation-messages-list", args=[big.pk])
    ids = Message.objects.filter(conversation=big).aggregate(low=Min("id"), high=Max("id"))
    middle = (ids["low"] + ids["high"]) // 2

    scenarios = [
        ("conversations, page 1 of 20", conversations, {}),
        ("conversations, page_size=100", conversations, {"page_size": 100}),
        ("conversations, last page (26 of 20)", conversations, {"page": 26}),
        ("conversations, ?kind=direct", conversations, {"kind": "direct", "page_size": 100}),
        ("messages, first page (50)", messages, {}),
        ("messages, page_size=100", messages, {"page_size": 100}),
        ("messages, ?after=<middle id>", messages, {"after": middle}),
        ("messages, ?after=<latest-10> (poll)", messages, {"after": ids["high"] - 10}),
        ("messages, ?after=<latest> (empty poll)", messages, {"after": ids["high"]}),
    ]
    results = [measure(client, label, url, params) for label, url, params in scenarios]
    # A page deep inside the conversation, reached through a real `next` cursor.
    deep = client.get(messages, {"after": middle}).json()["data"]["next"]
    results.append(
        measure(client, "messages, next cursor deep inside", deep.split("?")[0], _query(deep))
    )
    # The list above shows ~66,000 unread messages of the big chat; once it is read:
    client.post(reverse("api:conversation-read", args=[big.pk]))
    results.append(measure(client, "conversations, page 1, big chat read", conversations, {}))

    print(
        f"\nKith support benchmark on {connection.vendor} "
        f"({CONVERSATIONS} conversations of {MESSAGES_PER_CONVERSATION} messages + one of "
        f"{BIG_CONVERSATION_MESSAGES:,} messages; data built in {built:.1f} s; "
        f"{RUNS} runs each)\n"
    )
    print(
        f"{'request':42} {'rows':>5} {'queries':>8} {'sql ms':>7} {'median ms':>10} {'p95 ms':>8}"
    )
    print("-" * 85)
    for label, rows, queries, sql_ms, median, p95 in results:
        sql = f"{sql_ms:.0f}" if sql_ms >= 1 else "<1"  # Django records whole ms
        print(f"{label:42} {rows:>5} {queries:>8} {sql:>7} {median:>10.2f} {p95:>8.2f}")


def _query(url: str) -> dict:
    from urllib.parse import parse_qs, urlparse

    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


if __name__ == "__main__":
    main()
