"""Each job's list children (``JobListing``: its place, skills, pictures and slots as one
JSON text), kept by database triggers, so the job list reads one column per job instead
of four correlated subqueries.

The triggers (PostgreSQL and SQLite, each in its own dialect) recompute a job's text in
the writing statement's transaction:

- a job's insert adds its listing, a change of its city recomputes it;
- an insert, update or delete of its skill links, pictures or timetable slots recomputes
  the jobs those rows belong to (PostgreSQL: once per statement and job, from the
  statement's transition tables; SQLite: per row);
- renaming a skill, a city or a province (or moving a city to another province)
  recomputes the jobs that show it.

On PostgreSQL the text comes from one function, ``jobs_listing_children(job)``. It is
VOLATILE on purpose: each call reads the rows committed when it runs, so a trigger that
waited for another transaction's lock on the listing row sees that transaction's rows
too, and two concurrent writers to one job can't leave out each other's rows.

The backfill fills every job's listing once, after the triggers exist and under a lock
on the tables they read (PostgreSQL), so no write falls between the two. The reverse
drops the triggers and functions, then the table.
"""

import django.db.models.deletion
from django.db import migrations, models

from common.vendor_sql import run_vendor_sql

# The children of the job whose id is ``{job}``, as the JSON text ``[place, skills,
# pictures, slots]`` (see ``jobs.models.JobListing``).
POSTGRESQL_CHILDREN = """
    '[' || (
        SELECT json_build_array(c.name, c.province_id, p.name)::text
        FROM jobs_job j
        JOIN locations_city c ON c.id = j.city_id
        JOIN locations_province p ON p.id = c.province_id
        WHERE j.id = {job}
    ) || ',' || array_to_json(ARRAY(
        SELECT json_build_array(s.id, s.title)
        FROM jobs_job_skills js JOIN jobs_skill s ON s.id = js.skill_id
        WHERE js.job_id = {job} ORDER BY s.title, s.id
    ))::text || ',' || array_to_json(ARRAY(
        SELECT json_build_array(pic.id, pic.image, pic.is_main)
        FROM jobs_jobpicture pic WHERE pic.job_id = {job} ORDER BY pic.id
    ))::text || ',' || array_to_json(ARRAY(
        SELECT json_build_array(t.day_of_week, t.start_time, t.end_time)
        FROM jobs_timetableslot t WHERE t.job_id = {job} ORDER BY t.day_of_week, t.start_time
    ))::text || ']'
"""
# A JSON array from a subquery's column is text again to SQLite: json() makes it JSON.
SQLITE_CHILDREN = """
    '[' || (
        SELECT json_array(c.name, c.province_id, p.name)
        FROM jobs_job j
        JOIN locations_city c ON c.id = j.city_id
        JOIN locations_province p ON p.id = c.province_id
        WHERE j.id = {job}
    ) || ',' || (
        SELECT json_group_array(json(r.item)) FROM (
            SELECT json_array(s.id, s.title) AS item
            FROM jobs_job_skills js JOIN jobs_skill s ON s.id = js.skill_id
            WHERE js.job_id = {job} ORDER BY s.title, s.id
        ) r
    ) || ',' || (
        SELECT json_group_array(json(r.item)) FROM (
            SELECT json_array(pic.id, pic.image, pic.is_main) AS item
            FROM jobs_jobpicture pic WHERE pic.job_id = {job} ORDER BY pic.id
        ) r
    ) || ',' || (
        SELECT json_group_array(json(r.item)) FROM (
            SELECT json_array(t.day_of_week, t.start_time, t.end_time) AS item
            FROM jobs_timetableslot t WHERE t.job_id = {job}
            ORDER BY t.day_of_week, t.start_time
        ) r
    ) || ']'
"""

# The jobs that show a renamed skill, city or province (``{id}``: its id).
SKILL_JOBS = "SELECT job_id FROM jobs_job_skills WHERE skill_id = {id}"
CITY_JOBS = "SELECT id FROM jobs_job WHERE city_id = {id}"
PROVINCE_JOBS = """
    SELECT j.id FROM jobs_job j JOIN locations_city c ON c.id = j.city_id
    WHERE c.province_id = {id}
"""
# The tables whose rows belong to one job (``job_id``).
CHILD_TABLES = {
    "skills": "jobs_job_skills",
    "pictures": "jobs_jobpicture",
    "slots": "jobs_timetableslot",
}
# Renames: trigger name, table, the columns shown, the jobs showing the row.
RENAMES = [
    ("jobs_listing_job_city", "jobs_job", "city_id", "SELECT {id}"),
    ("jobs_listing_skill_title", "jobs_skill", "title", SKILL_JOBS),
    ("jobs_listing_city_place", "locations_city", "name, province_id", CITY_JOBS),
    ("jobs_listing_province_name", "locations_province", "name", PROVINCE_JOBS),
]
BACKFILL = "INSERT INTO jobs_joblisting (job_id, children) SELECT id, {children} FROM jobs_job"


def refresh(children: str, jobs: str) -> str:
    """The statement recomputing the listings of the jobs ``jobs`` selects."""
    return (
        f"UPDATE jobs_joblisting SET children = {children.format(job='jobs_joblisting.job_id')} "
        f"WHERE job_id IN ({jobs});"
    )


def changed(columns: str) -> str:
    """A trigger's WHEN: one of ``columns`` changed."""
    return " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns.split(", "))


# The recomputing of the jobs whose rows a statement wrote, by its transition tables.
LISTED = "jobs_listing_children({job})"
NEW_ROWS, OLD_ROWS = "SELECT job_id FROM new_rows", "SELECT job_id FROM old_rows"
POSTGRESQL_REFRESH_ROWS = f"""
    CREATE FUNCTION jobs_listing_refresh_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            {refresh(LISTED, NEW_ROWS)}
        ELSIF TG_OP = 'DELETE' THEN
            {refresh(LISTED, OLD_ROWS)}
        ELSE
            {refresh(LISTED, f"{NEW_ROWS} UNION {OLD_ROWS}")}
        END IF;
        RETURN NULL;
    END
    $$
"""

POSTGRESQL = [
    f"""
    CREATE FUNCTION jobs_listing_children(job bigint) RETURNS text
    LANGUAGE sql VOLATILE AS $$ SELECT {POSTGRESQL_CHILDREN.format(job="$1")} $$
    """,
    """
    CREATE FUNCTION jobs_listing_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO jobs_joblisting (job_id, children)
        SELECT id, jobs_listing_children(id) FROM new_rows;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER jobs_listing_job_insert AFTER INSERT ON jobs_job
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_listing_add()
    """,
    POSTGRESQL_REFRESH_ROWS,
    *(
        f"""
        CREATE TRIGGER jobs_listing_{name}_{event.lower()} AFTER {event} ON {table}
        REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION jobs_listing_refresh_rows()
        """
        for name, table in CHILD_TABLES.items()
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        )
    ),
    *(
        statement
        for name, table, columns, jobs in RENAMES
        for statement in (
            f"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                {refresh(LISTED, jobs.format(id="NEW.id"))}
                RETURN NULL;
            END
            $$
            """,
            f"""
            CREATE TRIGGER {name} AFTER UPDATE OF {columns} ON {table}
            FOR EACH ROW WHEN ({changed(columns)}) EXECUTE FUNCTION {name}()
            """,
        )
    ),
    "LOCK TABLE jobs_job, jobs_job_skills, jobs_jobpicture, jobs_timetableslot, jobs_skill,"
    " locations_city, locations_province IN SHARE MODE",
    BACKFILL.format(children="jobs_listing_children(id)"),
]
POSTGRESQL_REVERSE = [
    *(f"DROP TRIGGER {name} ON {table}" for name, table, _, _ in RENAMES),
    *(f"DROP FUNCTION {name}()" for name, _, _, _ in RENAMES),
    *(
        f"DROP TRIGGER jobs_listing_{name}_{event} ON {table}"
        for name, table in CHILD_TABLES.items()
        for event in ("insert", "update", "delete")
    ),
    "DROP FUNCTION jobs_listing_refresh_rows()",
    "DROP TRIGGER jobs_listing_job_insert ON jobs_job",
    "DROP FUNCTION jobs_listing_add()",
    "DROP FUNCTION jobs_listing_children(bigint)",
]

SQLITE = [
    f"""
    CREATE TRIGGER jobs_listing_job_insert AFTER INSERT ON jobs_job BEGIN
        INSERT INTO jobs_joblisting (job_id, children)
        VALUES (NEW.id, {SQLITE_CHILDREN.format(job="NEW.id")});
    END
    """,
    *(
        f"""
        CREATE TRIGGER jobs_listing_{name}_{event.lower()} AFTER {event} ON {table} BEGIN
            {refresh(SQLITE_CHILDREN, jobs)}
        END
        """
        for name, table in CHILD_TABLES.items()
        for event, jobs in (
            ("INSERT", "NEW.job_id"),
            ("UPDATE", "OLD.job_id, NEW.job_id"),
            ("DELETE", "OLD.job_id"),
        )
    ),
    *(
        f"""
        CREATE TRIGGER {name} AFTER UPDATE OF {columns} ON {table}
        WHEN {changed(columns).replace("IS DISTINCT FROM", "IS NOT")} BEGIN
            {refresh(SQLITE_CHILDREN, jobs.format(id="NEW.id"))}
        END
        """
        for name, table, columns, jobs in RENAMES
    ),
    BACKFILL.format(children=SQLITE_CHILDREN.format(job="jobs_job.id")),
]
SQLITE_REVERSE = [
    *(f"DROP TRIGGER {name}" for name, _, _, _ in RENAMES),
    *(
        f"DROP TRIGGER jobs_listing_{name}_{event}"
        for name in CHILD_TABLES
        for event in ("insert", "update", "delete")
    ),
    "DROP TRIGGER jobs_listing_job_insert",
]


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0005_job_rating_index_with_subcategory"),
        ("locations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="JobListing",
            fields=[
                (
                    "job",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="listing",
                        serialize=False,
                        to="jobs.job",
                    ),
                ),
                ("children", models.TextField()),
            ],
        ),
        run_vendor_sql(
            {"postgresql": POSTGRESQL, "sqlite": SQLITE},
            {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE},
        ),
    ]
