"""Copy each conversation's activity time onto its members
(``ConversationMember.last_activity_at``) and index it per user, so that a user's
conversation list is read newest first off that index, a page at a time.

The backfill copies the conversation's ``last_activity_at`` to every member in one
UPDATE with a correlated subquery. The new index (user, activity, conversation) leads
with the user, as the one it replaces (user, conversation) did. The reverse drops the
column and restores the old index.
"""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def backfill_last_activity(apps, schema_editor):
    Conversation = apps.get_model("support", "Conversation")
    ConversationMember = apps.get_model("support", "ConversationMember")
    activity = Conversation.objects.filter(pk=OuterRef("conversation_id")).values(
        "last_activity_at"
    )
    ConversationMember.objects.update(last_activity_at=Subquery(activity))


class Migration(migrations.Migration):

    dependencies = [
        ("support", "0002_member_unread_count"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="conversationmember",
            name="last_activity_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(backfill_last_activity, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="conversationmember",
            index=models.Index(
                fields=["user", "-last_activity_at", "-conversation"],
                name="support_member_activity_idx",
            ),
        ),
        migrations.RemoveIndex(
            model_name="conversationmember",
            name="support_member_user_idx",
        ),
    ]
