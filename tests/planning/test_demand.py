from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from convenor.planning.demand import selectors, services
from convenor.workspaces.models import Membership


def _row(alice, partnership, org, title="CNC machinist", soc="51-4041", n12=5, n36=12):
    return services.projection_create(
        actor=alice,
        partnership=partnership,
        organisation=org,
        occupation_title=title,
        soc_code=soc,
        openings_12m=n12,
        openings_36m=n36,
        skills="blueprint reading, NIMS Level I",
    )


def test_pooled_demand_sums_openings_across_three_employers(alice, partnership, employers):
    for i, org in enumerate(employers):
        _row(alice, partnership, org, n12=i + 1, n36=10)
    pooled = selectors.pooled_demand(partnership)
    row = pooled.rows[0]
    assert (row.employers, row.openings_12m, row.openings_36m, row.suppressed) == (3, 6, 30, False)
    assert row.skills == ["NIMS Level I", "blueprint reading"]


def test_a_pool_of_fewer_than_three_employers_is_suppressed(alice, partnership, employers):
    _row(alice, partnership, employers[0], n12=7, n36=13)
    _row(alice, partnership, employers[1], n12=2, n36=4)
    _row(
        alice,
        partnership,
        employers[0],
        title="Maintenance technician",
        soc="49-9041",
        n12=3,
        n36=5,
    )
    pooled = selectors.pooled_demand(partnership)
    assert all(r.suppressed for r in pooled.rows)
    assert [r.openings_12m for r in pooled.rows] == [None, None]
    assert pooled.total_12m == 0
    assert pooled.rows[0].as_dict()["employers"] is None


def test_the_total_counts_only_the_occupations_shown(alice, partnership, employers):
    for org in employers:
        _row(alice, partnership, org, n12=2, n36=4)
    _row(alice, partnership, employers[0], title="Welder", soc="51-4121", n12=9, n36=9)
    pooled = selectors.pooled_demand(partnership)
    assert (pooled.total_12m, pooled.total_36m, pooled.suppressed_count) == (6, 12, 1)


def test_titles_without_a_soc_code_pool_by_title(alice, partnership, employers):
    for org, title in zip(
        employers, ("Quality inspector", "quality  inspector", "Quality Inspector"), strict=True
    ):
        _row(alice, partnership, org, title=title, soc="", n12=1, n36=2)
    pooled = selectors.pooled_demand(partnership)
    assert len(pooled.rows) == 1 and pooled.rows[0].openings_12m == 3


def test_openings_in_36_months_cannot_be_fewer_than_in_12(alice, partnership, employers):
    with pytest.raises(ValidationError, match="include the next 12"):
        _row(alice, partnership, employers[0], n12=10, n36=4)


def test_a_soc_code_must_look_like_one(alice, partnership, employers):
    with pytest.raises(ValidationError, match="is not a SOC code"):
        _row(alice, partnership, employers[0], soc="514041")


def test_only_employers_enter_projections(alice, partnership, college):
    with pytest.raises(ValidationError, match="not an employer"):
        _row(alice, partnership, college)


def test_an_employer_partner_sees_only_its_own_rows(alice, pat, partnership, employers, pat_person):
    mine = _row(alice, partnership, employers[0])
    _row(alice, partnership, employers[1])
    membership = Membership.objects.get(user=pat)
    assert list(selectors.projections_visible(partnership, membership, pat)) == [mine]


def test_a_viewer_sees_no_rows_only_pooled_totals(alice, vic, partnership, employers):
    _row(alice, partnership, employers[0])
    membership = Membership.objects.get(user=vic)
    assert list(selectors.projections_visible(partnership, membership, vic)) == []
