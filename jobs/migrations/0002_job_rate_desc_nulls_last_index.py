"""PostgreSQL: an index for ``?ordering=-hourly_rate`` (``DESC NULLS LAST, id DESC``).

The job list puts jobs without an hourly rate last in both directions. On PostgreSQL
the ``(hourly_rate, id)`` index serves the ascending order (NULLs sort last there) but
not the descending one, which would otherwise sort the whole table for every page.
SQLite sorts NULLs first, so its backward scan of ``(hourly_rate, id)`` already serves
the descending order; Django's index options cannot say NULLS LAST portably, hence
this PostgreSQL-only operation (no model state changes).
"""

from django.db import migrations

INDEX = "jobs_job_rate_desc_nl_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON jobs_job (hourly_rate DESC NULLS LAST, id DESC)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
