"""Open the chat of every group event that has none (events made before chats existed).

Does what ``support.services.conversation_create_for_event`` does, with the historical
models: a conversation of kind ``event`` titled after the event, holding its members.
Idempotent; the reverse keeps the chats (their messages are the users' data).
"""

from django.db import migrations


def open_chats(apps, schema_editor):
    Event = apps.get_model("calendars", "Event")
    EventMember = apps.get_model("calendars", "EventMember")
    Conversation = apps.get_model("support", "Conversation")
    ConversationMember = apps.get_model("support", "ConversationMember")
    # A list first: SQLite gives no isolation between a cursor and writes to its table.
    events = list(
        Event.objects.filter(kind="group", conversation__isnull=True)
        .order_by("id")
        .values_list("pk", "name")
    )
    for event_id, name in events:
        conversation = Conversation.objects.create(kind="event", title=name[:200])
        user_ids = (
            EventMember.objects.filter(event_id=event_id)
            .order_by("joined_at", "id")
            .values_list("user_id", flat=True)
        )
        ConversationMember.objects.bulk_create(
            [ConversationMember(conversation=conversation, user_id=uid) for uid in user_ids]
        )
        Event.objects.filter(pk=event_id).update(conversation=conversation)


class Migration(migrations.Migration):

    dependencies = [
        ("calendars", "0004_event_conversation"),
        ("support", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(open_chats, migrations.RunPython.noop),
    ]
