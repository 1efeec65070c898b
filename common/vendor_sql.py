"""Migration operations whose SQL differs by database (triggers, functions)."""

from django.db import migrations


def run_vendor_sql(
    forward: dict[str, list[str]], reverse: dict[str, list[str]]
) -> migrations.RunPython:
    """An operation running ``forward[vendor]``'s statements in order on a database of
    that vendor (``"postgresql"``, ``"sqlite"``), and ``reverse[vendor]``'s to undo it."""

    def run(statements: dict[str, list[str]]):
        def apply(apps, schema_editor) -> None:
            with schema_editor.connection.cursor() as cursor:
                for statement in statements[schema_editor.connection.vendor]:
                    cursor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(reverse))
