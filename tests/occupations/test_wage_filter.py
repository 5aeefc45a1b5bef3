"""The occupation tables' wage cell: dollars as ``lib.words.money`` writes them, with
BLS's markers kept (a top-coded wage is a bound, an unpublished one is n/d, never $0)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from convenor.lib.words import money


def render(row: dict, name: str) -> str:
    return Template("{% load occupations %}{{ row|wage:name }}").render(
        Context({"row": row, "name": name})
    )


@pytest.mark.parametrize(
    ("row", "name", "shown"),
    [
        ({"median_annual_wage": 83900.0}, "median_annual_wage", "$83,900"),
        ({"median_hourly_wage": 40.5}, "median_hourly_wage", "$40.50"),
        ({"median_hourly_wage": 41}, "median_hourly_wage", "$41.00"),
        (
            {"pct90_annual_wage": None, "pct90_annual_wage_flag": "#"},
            "pct90_annual_wage",
            "≥ top code (#)",
        ),
        (
            {"median_annual_wage": None, "median_annual_wage_flag": "*"},
            "median_annual_wage",
            "n/d (*)",
        ),
        ({"median_annual_wage": 0}, "median_annual_wage", "$0"),
        ({}, "median_annual_wage", "n/d"),
    ],
)
def test_a_wage_reads_in_dollars_with_its_marker(row, name, shown):
    assert render(row, name) == shown


def test_the_dollars_are_the_one_money_rule():
    row = {"median_annual_wage": 1234567.0, "median_hourly_wage": 1234.5}
    assert render(row, "median_annual_wage") == money(1234567.0)
    assert render(row, "median_hourly_wage") == money(1234.5, 2)
