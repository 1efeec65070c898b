"""Each user's number of contacts (``ContactCount``), kept by database triggers, so the
unfiltered contact list reads its count by key instead of counting the owner's rows on
every page.

Triggers on ``contacts_contact`` (PostgreSQL and SQLite, each in its own dialect) add one
for an insert, take one away for a delete and move one when a contact changes owner,
in the statement's transaction, whatever wrote the row. The backfill counts every
user's contacts once, after the triggers exist and under a lock on the contacts
(PostgreSQL), so no insert falls between the two. The reverse drops the triggers, then
the table.
"""

from django.conf import settings
from django.db import migrations, models

from common.vendor_sql import run_vendor_sql

COUNT_ONE = """
    INSERT INTO contacts_contactcount (owner_id, count) VALUES ({owner}, 1)
    ON CONFLICT (owner_id) DO UPDATE SET count = contacts_contactcount.count + 1;
"""
UNCOUNT_ONE = "UPDATE contacts_contactcount SET count = count - 1 WHERE owner_id = {owner};"
BACKFILL = """
    INSERT INTO contacts_contactcount (owner_id, count)
    SELECT owner_id, COUNT(*) FROM contacts_contact GROUP BY owner_id
"""

POSTGRESQL = [
    f"""
    CREATE FUNCTION contacts_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {COUNT_ONE.format(owner="NEW.owner_id")}
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            {UNCOUNT_ONE.format(owner="OLD.owner_id")}
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER contacts_count_insert_delete AFTER INSERT OR DELETE ON contacts_contact
    FOR EACH ROW EXECUTE FUNCTION contacts_count_rows()
    """,
    """
    CREATE TRIGGER contacts_count_owner_change AFTER UPDATE OF owner_id ON contacts_contact
    FOR EACH ROW WHEN (OLD.owner_id IS DISTINCT FROM NEW.owner_id)
    EXECUTE FUNCTION contacts_count_rows()
    """,
    "LOCK TABLE contacts_contact IN SHARE MODE",
    BACKFILL,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER contacts_count_owner_change ON contacts_contact",
    "DROP TRIGGER contacts_count_insert_delete ON contacts_contact",
    "DROP FUNCTION contacts_count_rows()",
]

SQLITE = [
    f"""
    CREATE TRIGGER contacts_count_insert AFTER INSERT ON contacts_contact BEGIN
        {COUNT_ONE.format(owner="NEW.owner_id")}
    END
    """,
    f"""
    CREATE TRIGGER contacts_count_delete AFTER DELETE ON contacts_contact BEGIN
        {UNCOUNT_ONE.format(owner="OLD.owner_id")}
    END
    """,
    f"""
    CREATE TRIGGER contacts_count_owner_change AFTER UPDATE OF owner_id ON contacts_contact
    WHEN OLD.owner_id IS NOT NEW.owner_id BEGIN
        {UNCOUNT_ONE.format(owner="OLD.owner_id")}
        {COUNT_ONE.format(owner="NEW.owner_id")}
    END
    """,
    BACKFILL,
]
SQLITE_REVERSE = [
    "DROP TRIGGER contacts_count_owner_change",
    "DROP TRIGGER contacts_count_delete",
    "DROP TRIGGER contacts_count_insert",
]


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0004_contact_birthday_desc_nulls_last_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ContactCount",
            fields=[
                (
                    "owner",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="contact_count",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0)),
            ],
        ),
        run_vendor_sql(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
    ]
