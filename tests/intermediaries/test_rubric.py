from __future__ import annotations

import pytest

from convenor.intermediaries.rubric import CRITERIA, strengths, weighted_score

ALL_THREE = {c.key: 3 for c in CRITERIA}
EQUAL = {c.key: 1 for c in CRITERIA}


def test_the_weighted_score_is_the_weighted_mean_of_the_scores():
    scores = {**ALL_THREE, "understanding": 5, "neutrality": 1}
    weights = {**EQUAL, "understanding": 3}
    # (5*3 + 3 + 3 + 3 + 3 + 1) / 8
    assert weighted_score(scores, weights).value == 3.5


def test_an_unscored_criterion_is_missing_not_zero():
    scores = {**ALL_THREE, "staffing": None}
    result = weighted_score(scores, EQUAL)
    assert result.value == 3.0
    assert result.missing == ["staffing"]
    assert not result.complete


def test_the_fiscal_agent_criterion_is_optional():
    scores = {**ALL_THREE, "fiscal": None}
    result = weighted_score(scores, EQUAL)
    assert result.missing == []
    assert "fiscal" not in result.scored


def test_a_separate_fiscal_agent_leaves_the_fiscal_criterion_out():
    scores = {**ALL_THREE, "fiscal": 1}
    result = weighted_score(scores, EQUAL, separate_fiscal_agent=True)
    assert result.value == 3.0
    assert result.excluded == ["fiscal"]


def test_a_weight_of_zero_leaves_a_criterion_out():
    scores = {**ALL_THREE, "systems": 5}
    assert weighted_score(scores, {**EQUAL, "systems": 0}).value == 3.0


def test_nothing_scored_gives_no_score():
    assert weighted_score({}, EQUAL).value is None


def test_a_score_outside_1_to_5_is_refused():
    with pytest.raises(ValueError, match="1 to 5"):
        weighted_score({**ALL_THREE, "staffing": 6}, EQUAL)


def test_strengths_are_the_criteria_scored_4_or_5():
    assert strengths({"staffing": 4, "neutrality": 5, "systems": 3}) == [
        "Staffing mix and skills",
        "Neutrality",
    ]
