"""Each job's category (``Job.category``: its subcategory's), kept by database triggers,
so the list's category filter reads one range of ``jobs_job_cat_rating_idx``.

The triggers (PostgreSQL and SQLite, each in its own dialect) copy the subcategory's
category into the job on its insert and on any change of its subcategory or category
(whatever the writer put there), and into every job of a subcategory moved to another
category. On PostgreSQL the job's trigger reads the subcategory ``FOR SHARE``: a
concurrent move of that subcategory waits for the job's transaction (and then updates
the job too), or the job's trigger waits for the move and reads the new category.

The backfill copies every job's category once, after the triggers exist and under a lock
on both tables (PostgreSQL). The reverse drops the triggers, then the column.
"""

import django.db.models.deletion
from django.db import migrations, models

from common.vendor_sql import run_vendor_sql

SUBCATEGORY_CATEGORY = "SELECT category_id FROM jobs_subcategory WHERE id = {job}.subcategory_id"
BACKFILL = f"UPDATE jobs_job SET category_id = ({SUBCATEGORY_CATEGORY.format(job='jobs_job')})"
MOVE_JOBS = "UPDATE jobs_job SET category_id = NEW.category_id WHERE subcategory_id = NEW.id;"

POSTGRESQL = [
    """
    CREATE FUNCTION jobs_job_category() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT category_id INTO NEW.category_id FROM jobs_subcategory
        WHERE id = NEW.subcategory_id FOR SHARE;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER jobs_job_category_insert BEFORE INSERT ON jobs_job
    FOR EACH ROW EXECUTE FUNCTION jobs_job_category()
    """,
    # Only where the row's subcategory or category changes: a save of the whole row
    # leaves the subcategory unlocked.
    """
    CREATE TRIGGER jobs_job_category_update BEFORE UPDATE OF subcategory_id, category_id
    ON jobs_job FOR EACH ROW WHEN (OLD.subcategory_id IS DISTINCT FROM NEW.subcategory_id
    OR OLD.category_id IS DISTINCT FROM NEW.category_id)
    EXECUTE FUNCTION jobs_job_category()
    """,
    f"""
    CREATE FUNCTION jobs_subcategory_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {MOVE_JOBS}
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER jobs_subcategory_moved AFTER UPDATE OF category_id ON jobs_subcategory
    FOR EACH ROW WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id)
    EXECUTE FUNCTION jobs_subcategory_moved()
    """,
    "LOCK TABLE jobs_job, jobs_subcategory IN SHARE MODE",
    BACKFILL,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER jobs_subcategory_moved ON jobs_subcategory",
    "DROP FUNCTION jobs_subcategory_moved()",
    "DROP TRIGGER jobs_job_category_update ON jobs_job",
    "DROP TRIGGER jobs_job_category_insert ON jobs_job",
    "DROP FUNCTION jobs_job_category()",
]

# SQLite's triggers can't change the row being written: they update it after.
SET_CATEGORY = (
    f"UPDATE jobs_job SET category_id = ({SUBCATEGORY_CATEGORY.format(job='NEW')}) "
    "WHERE id = NEW.id;"
)
SQLITE = [
    f"""
    CREATE TRIGGER jobs_job_category_insert AFTER INSERT ON jobs_job BEGIN
        {SET_CATEGORY}
    END
    """,
    f"""
    CREATE TRIGGER jobs_job_category_update AFTER UPDATE OF subcategory_id, category_id
    ON jobs_job WHEN NEW.category_id IS NOT ({SUBCATEGORY_CATEGORY.format(job="NEW")}) BEGIN
        {SET_CATEGORY}
    END
    """,
    f"""
    CREATE TRIGGER jobs_subcategory_moved AFTER UPDATE OF category_id ON jobs_subcategory
    WHEN OLD.category_id IS NOT NEW.category_id BEGIN
        {MOVE_JOBS}
    END
    """,
    BACKFILL,
]
SQLITE_REVERSE = [
    "DROP TRIGGER jobs_subcategory_moved",
    "DROP TRIGGER jobs_job_category_update",
    "DROP TRIGGER jobs_job_category_insert",
]


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0006_job_listing"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="category",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="jobs.category",
            ),
        ),
        run_vendor_sql(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(
                fields=["category", "average_rating", "id"], name="jobs_job_cat_rating_idx"
            ),
        ),
    ]
