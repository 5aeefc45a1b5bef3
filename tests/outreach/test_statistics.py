"""After a bulk load the planner knows the tables are full (``convenor.lib.db.analyze``).

A COUNT over freshly loaded touches ran for minutes on a PostgreSQL cluster whose
autovacuum had not yet analysed them: the planner took the table for empty. The demo and
the scale fixtures analyse what they loaded; here PostgreSQL's own catalogue says so.
On SQLite these tests are skipped with that reason (``make test-postgres`` runs them).
"""

from __future__ import annotations

import pytest
from django.db import connection

from convenor.front.demo import demo_base
from convenor.front.management.commands.demo import build_apps
from convenor.meetings.models import Meeting
from convenor.outreach.models import Touch
from convenor.partners.models import Organisation, Person
from convenor.partners.scale import build_scale_workspace

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
)


def statistics(model) -> tuple[float, int]:
    """(estimated rows, columns with statistics) as the planner sees ``model``'s table."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        (estimate,) = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        (columns,) = cursor.fetchone()
    return estimate, columns


def test_the_scale_fixture_leaves_its_touches_analysed(alice):
    build_scale_workspace(
        owner=alice, people=200, organisations=80, touches=600, members=20, relationships=20
    )
    estimate, columns = statistics(Touch)
    # Never analysed reads -1 (PostgreSQL 14+) or 0; analysed, it is the row count.
    assert estimate == Touch.objects.count() == 600
    assert columns > 0
    assert statistics(Person)[0] == Person.objects.count()
    assert statistics(Organisation)[0] == Organisation.objects.count()


def test_the_demo_leaves_every_loaded_table_analysed(db):
    build_apps(demo_base(reset=True))
    for model in (Person, Organisation, Touch, Meeting):
        estimate, columns = statistics(model)
        assert model.objects.count() > 0
        assert estimate == model.objects.count(), model.__name__
        assert columns > 0, model.__name__
