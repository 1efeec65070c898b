"""Memberships copy their event's start and length (``span``), indexed with the user.

The backfill copies them from the events in one UPDATE; the reverse has nothing to do
(the columns go).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import DurationField, ExpressionWrapper, F, OuterRef, Subquery

import calendars.models.events


def copy_times(apps, schema_editor):
    Event = apps.get_model("calendars", "Event")
    EventMember = apps.get_model("calendars", "EventMember")
    event = Event.objects.filter(pk=OuterRef("event_id"))
    span = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
    EventMember.objects.update(
        start=Subquery(event.values("start")),
        span=Subquery(event.annotate(span=span).values("span")),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0005_open_group_event_chats"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="eventmember",
            name="start",
            field=calendars.models.events.EventStartCopy(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="eventmember",
            name="span",
            field=calendars.models.events.EventSpanCopy(editable=False, null=True),
        ),
        migrations.RunPython(copy_times, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="eventmember",
            name="start",
            field=calendars.models.events.EventStartCopy(editable=False),
        ),
        migrations.AlterField(
            model_name="eventmember",
            name="span",
            field=calendars.models.events.EventSpanCopy(editable=False),
        ),
        migrations.AlterField(
            model_name="eventmember",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="event_memberships",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="eventmember",
            index=models.Index(fields=["user", "start"], name="calendars_member_start_idx"),
        ),
        migrations.AddIndex(
            model_name="eventmember",
            index=models.Index(fields=["user", "span"], name="calendars_member_span_idx"),
        ),
    ]
