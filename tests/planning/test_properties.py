"""Properties of the pure parts: rating validation and the pooled demand disclosure rule."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from convenor.planning.demand.disclosure import HIDDEN_DOMINANT, HIDDEN_FEW, pool
from convenor.planning.issues.services import _rating_value
from convenor.planning.models import MAX_SHARE_PERCENT, MIN_EMPLOYERS_FOR_TOTALS

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


def _discloses(per_employer: dict[int, int]) -> bool:
    """The rule spelled out the long way: every employer against every other."""
    total = sum(per_employer.values())
    for own, mine in per_employer.items():
        if 100 * mine > MAX_SHARE_PERCENT * total:
            return True
        rest = total - mine
        if rest == 0:
            return True
        for other, theirs in per_employer.items():
            if other != own and 100 * theirs > MAX_SHARE_PERCENT * rest:
                return True
    return False


def _sums(members, measure) -> dict[int, int]:
    out: dict[int, int] = {}
    for r in members:
        out[r.organisation_id] = out.get(r.organisation_id, 0) + measure(r)
    return out


MEASURES = (
    lambda r: r.openings_12m,
    lambda r: r.openings_36m,
    lambda r: r.openings_36m - r.openings_12m,
)


@given(st.lists(projection, max_size=30))
def test_pooled_figures_appear_exactly_when_the_disclosure_rule_allows(rows):
    pooled = pool(rows)
    for row in pooled.rows:
        members = [r for r in rows if r.occupation_title == row.occupation]
        employers = {r.organisation_id for r in members}
        if len(employers) < MIN_EMPLOYERS_FOR_TOTALS:
            assert row.suppressed and row.as_dict()["openings_36m"] is None
            assert row.as_dict()["employers"] is None
            assert row.hidden_reason == HIDDEN_FEW
        elif any(_discloses(_sums(members, m)) for m in MEASURES):
            assert row.suppressed and row.as_dict()["openings_12m"] is None
            assert row.as_dict()["employers"] == len(employers)
            assert row.hidden_reason == HIDDEN_DOMINANT
        else:
            assert row.openings_12m == sum(r.openings_12m for r in members)
            assert row.openings_36m == sum(r.openings_36m for r in members)
            assert row.as_dict()["hidden_reason"] is None
    assert pooled.total_36m == sum(r.openings_36m or 0 for r in pooled.rows)


@given(st.lists(projection, max_size=40))
def test_the_total_of_the_shown_occupations_passes_the_rule_too(rows):
    pooled = pool(rows)
    shown = {r.occupation for r in pooled.shown}
    members = [r for r in rows if r.occupation_title in shown]
    if members:
        assert not any(_discloses(_sums(members, m)) for m in MEASURES)
