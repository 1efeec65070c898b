"""Store each member's unread count (``ConversationMember.unread_count``).

The backfill computes it exactly as the conversation list did per row before: the
messages of the conversation after the member's read marker that others sent and that
are not deleted, in one UPDATE with a correlated count. The reverse drops the column.
"""

from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def backfill_unread_counts(apps, schema_editor):
    ConversationMember = apps.get_model("support", "ConversationMember")
    Message = apps.get_model("support", "Message")
    unread = (
        Message.objects.filter(
            conversation=OuterRef("conversation"),
            id__gt=OuterRef("last_read_id"),
            deleted_at__isnull=True,
        )
        .exclude(sender=OuterRef("user"))
        .order_by()
        .values("conversation")
        .annotate(n=Count("id"))
        .values("n")
    )
    ConversationMember.objects.update(
        unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
    )


class Migration(migrations.Migration):

    dependencies = [
        ("support", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversationmember",
            name="unread_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(backfill_unread_counts, migrations.RunPython.noop),
    ]
