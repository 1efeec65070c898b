"""PostgreSQL: an index for ``?ordering=-birthday`` (``DESC NULLS LAST, id``).

The contact list puts contacts without a birthday last in both directions. On
PostgreSQL the ``(owner, birthday)`` index serves the ascending order (NULLs sort last
there) but not the descending one, which would otherwise sort the whole address book
for every page. SQLite sorts NULLs first, so its backward scan already serves the
descending order; Django's index options cannot say NULLS LAST portably, hence this
PostgreSQL-only operation (no model state changes), as for the jobs' hourly rate.
"""

from django.db import migrations

INDEX = "contacts_owner_bday_desc_nl_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} "
            "ON contacts_contact (owner_id, birthday DESC NULLS LAST, id)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0003_friend_requests_one_per_pair")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
