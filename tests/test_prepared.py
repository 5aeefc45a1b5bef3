"""Queries built once and run with new values (convenor/lib/prepared.py).

The guide's questions are written in the ORM; a prepared one must give exactly the rows
the ORM gives for every argument, run one query per call, and build nothing after its
first call of a shape. Where it cannot prove where an argument goes, it builds the
query every time, and the answer is still right.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from convenor.assessment import selectors as assessment_selectors
from convenor.lib.prepared import Prepared
from convenor.partners.models import Organisation, PartnershipMember, Person
from convenor.partnerships.models import Partnership
from tests.assessment import spine


@pytest.fixture
def two(partnership, workspace, alice):
    other = Partnership.objects.create(workspace=workspace, name="Advanced Manufacturing")
    _, ceo = spine.employer_at_table(partnership, "Acme Plastics", champion=True)
    spine.employer_at_table(partnership, "Bolt Works")
    spine.touch(partnership, [ceo])
    spine.employer_at_table(other, "Castings Inc")
    return partnership, other


def _members(ids):
    touched = Person.objects.filter(pk=OuterRef("person_id"), touches__isnull=False)
    return (
        PartnershipMember.objects.filter(partnership_id__in=ids)
        .annotate(touched=Exists(touched))
        .values("partnership_id", "person__name", "organisation__name", "role", "touched")
        .order_by("partnership_id", "pk")
    )


def _names(ids):
    return _members(ids).values_list("person__name", flat=True)


def test_rows_are_the_orms_for_every_argument_and_shape(two):
    first, second = two
    prepared = Prepared(_members)
    for ids in ([first.pk], [second.pk], [first.pk, second.pk], [second.pk, first.pk], [999]):
        assert prepared(ids) == list(_members(ids)), ids
    # Another value in the same shape is bound, not the first call's value again.
    assert [r["partnership_id"] for r in prepared([second.pk])] == [second.pk]
    assert {r["partnership_id"] for r in prepared([first.pk])} == {first.pk}


def test_tuples_and_flat_lists_read_as_the_orm_reads_them(two):
    first, second = two
    pairs = Prepared(lambda ids: _members(ids).values_list("partnership_id", "touched"))
    assert pairs([first.pk, second.pk]) == list(
        _members([first.pk, second.pk]).values_list("partnership_id", "touched")
    )
    # Converted as the ORM converts them (SQLite answers 0 and 1).
    assert sorted(t for _, t in pairs([first.pk])) == [False, True]
    names = Prepared(_names)
    assert names([first.pk]) == list(_names([first.pk])) and len(names([first.pk])) == 2


def test_after_its_first_call_a_shape_runs_one_query_and_builds_nothing(two, monkeypatch):
    first, second = two
    prepared = Prepared(_members)
    prepared([first.pk])
    built = []
    original = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        built.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    with CaptureQueriesContext(connection) as queries:
        rows = prepared([second.pk])
    assert len(queries) == 1 and built == []
    assert rows == [r for r in rows if r["partnership_id"] == second.pk] and rows
    prepared([first.pk, second.pk])  # a new shape (two ids) is built, once
    assert [c.query.model for c in built] == [PartnershipMember, Person]  # query, subquery
    prepared([second.pk, first.pk])
    assert len(built) == 2


def test_what_it_cannot_place_is_built_every_time_and_still_right(two, workspace):
    first, _ = two
    # A string Django changes on the way (icontains wraps it in %...%) and a model
    # queryset: neither is prepared, both answer as the ORM does.
    by_name = Prepared(
        lambda text: Organisation.objects.filter(name__icontains=text).values_list(
            "name", flat=True
        )
    )
    assert by_name("acme") == ["Acme Plastics"]
    assert by_name("bolt") == ["Bolt Works"]
    counted = Prepared(
        lambda ids: Partnership.objects.filter(pk__in=ids).annotate(n=Count("members"))
    )
    assert [p.n for p in counted([first.pk])] == [2]


def test_the_guides_members_are_the_orms(two):
    first, second = two
    ids = [first.pk, second.pk]
    assert assessment_selectors._MEMBER_ROWS(ids) == list(assessment_selectors._member_rows(ids))


def test_dates_read_as_dates(two):
    first, _ = two
    from convenor.outreach.models import Touch

    dates = Prepared(
        lambda pid: Touch.objects.filter(partnership_id=pid).values_list("occurred_on", flat=True)
    )
    (day,) = dates(first.pk)
    assert isinstance(day, dt.date) and [day] == list(
        Touch.objects.filter(partnership_id=first.pk).values_list("occurred_on", flat=True)
    )
