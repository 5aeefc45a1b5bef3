from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from convenor.planning.models import FundingSource, ResourceMapVersion
from convenor.planning.resources import selectors, services


@pytest.fixture
def wioa(alice, partnership, issues, college):
    return services.resource_create(
        actor=alice,
        partnership=partnership,
        name="WIOA adult training accounts",
        owner_name="Central Ohio Workforce Board",
        eligibility="Adults 18+, priority for low-income residents",
        capacity="120 training accounts a year",
        funding_sources=[FundingSource.WIOA_I],
        issues=[issues[0]],
    )


def test_each_change_records_a_version_of_the_whole_map(alice, partnership, wioa, college):
    services.resource_create(
        actor=alice,
        partnership=partnership,
        name="CNC certificate",
        owner_organisation=college,
        funding_sources=[FundingSource.PERKINS],
    )
    services.resource_update(
        actor=alice,
        resource=wioa,
        changes={"capacity": "150 accounts a year"},
        expected_version=wioa.version,
    )
    versions = list(selectors.map_versions(partnership))
    assert [v.number for v in versions] == [3, 2, 1]
    assert versions[0].change == "Changed “WIOA adult training accounts”: capacity"
    assert len(versions[0].snapshot) == 2
    assert versions[2].snapshot[0]["capacity"] == "120 training accounts a year"


def test_the_history_shows_what_changed_between_versions(alice, partnership, wioa):
    services.resource_update(
        actor=alice,
        resource=wioa,
        changes={"last_reviewed_on": dt.date(2026, 5, 1)},
        expected_version=wioa.version,
    )
    diff = selectors.map_diff(ResourceMapVersion.objects.get(partnership=partnership, number=2))
    assert diff.changed[0][1] == [("last_reviewed_on", None, "2026-05-01")]


def test_a_removed_resource_stays_in_the_history(alice, partnership, wioa):
    services.resource_delete(actor=alice, resource=wioa)
    latest = selectors.map_versions(partnership).first()
    assert latest.snapshot == []
    assert [r["name"] for r in selectors.map_diff(latest).removed] == [
        "WIOA adult training accounts"
    ]


def test_an_unchanged_save_records_no_version(alice, partnership, wioa):
    services.resource_update(
        actor=alice,
        resource=wioa,
        changes={"capacity": wioa.capacity},
        expected_version=wioa.version,
    )
    assert ResourceMapVersion.objects.filter(partnership=partnership).count() == 1


def test_an_unknown_funding_source_is_refused(alice, partnership):
    with pytest.raises(ValidationError, match="Unknown funding source"):
        services.resource_create(
            actor=alice, partnership=partnership, name="x", funding_sources=["lottery"]
        )


def test_marking_reviewed_sets_the_date(alice, wioa):
    reviewed = services.resource_review(actor=alice, resource=wioa, reviewed_on=dt.date(2026, 4, 1))
    assert reviewed.last_reviewed_on == dt.date(2026, 4, 1)
