"""Database chores shared by the apps that load rows in bulk."""

from __future__ import annotations

from django.db import connection, models


def analyze(*tables: type[models.Model]) -> None:
    """Refresh the query planner's statistics of ``tables`` after a bulk load.

    PostgreSQL's autovacuum analyses a table some time after it changed; until then the
    planner takes a freshly loaded table for empty (a COUNT over 50,000 new touches ran
    for minutes). Imports, the demo and the scale fixtures call this when they are done.
    ``ANALYZE`` runs inside a transaction too (and sees its rows). SQLite gets
    ``PRAGMA optimize``, which analyses only where the plans would change.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
