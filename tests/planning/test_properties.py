"""Properties of the pure parts: rating validation and pooled demand suppression."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from convenor.planning.models import MIN_EMPLOYERS_FOR_TOTALS
from convenor.planning.selectors import pool
from convenor.planning.services import _rating_value

ISSUE = SimpleNamespace(title="An issue")


@given(st.integers())
def test_a_rating_is_accepted_exactly_when_it_is_a_whole_number_from_1_to_5(n):
    if 1 <= n <= 5:
        assert _rating_value(n, what="Importance", issue=ISSUE) == n
        assert _rating_value(str(n), what="Importance", issue=ISSUE) == n
    else:
        with pytest.raises(ValidationError, match="from 1 to 5"):
            _rating_value(n, what="Importance", issue=ISSUE)


@given(st.one_of(st.floats(), st.text(), st.none(), st.booleans()))
def test_anything_else_is_refused(value):
    if isinstance(value, str) and value.strip() in {"1", "2", "3", "4", "5"}:
        return
    with pytest.raises(ValidationError):
        _rating_value(value, what="Feasibility", issue=ISSUE)


projection = st.builds(
    lambda org, occ, n12, extra: SimpleNamespace(
        organisation_id=org,
        occupation_title=occ,
        soc_code="",
        openings_12m=n12,
        openings_36m=n12 + extra,
        skills="",
    ),
    st.integers(1, 6),
    st.sampled_from(["Welder", "Machinist", "Inspector"]),
    st.integers(0, 50),
    st.integers(0, 50),
)


@given(st.lists(projection, max_size=30))
def test_pooled_figures_appear_only_for_pools_of_three_employers_or_more(rows):
    pooled = pool(rows)
    for row in pooled.rows:
        members = [r for r in rows if r.occupation_title == row.occupation]
        employers = {r.organisation_id for r in members}
        if len(employers) >= MIN_EMPLOYERS_FOR_TOTALS:
            assert row.openings_12m == sum(r.openings_12m for r in members)
            assert row.openings_36m == sum(r.openings_36m for r in members)
        else:
            assert row.suppressed and row.as_dict()["openings_36m"] is None
            assert row.as_dict()["employers"] is None
    assert pooled.total_36m == sum(r.openings_36m or 0 for r in pooled.rows)
