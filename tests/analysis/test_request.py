"""The analysis request: one place that checks every option, naming field and value."""

from __future__ import annotations

import pytest

from convenor.analysis.errors import InputError
from convenor.analysis.request import AnalysisRequest, TrendRequest, sort_records
from convenor.analysis.score import ScoreWeights


def test_text_from_a_command_line_or_a_form_makes_the_same_request_as_typed_values():
    typed = AnalysisRequest(
        ("39049", "39041"),
        2020,
        period="4",
        level="3",
        base_year=2019,
        estimate_suppressed=True,
        weights=ScoreWeights(size=2),
        top=5,
    )
    parsed = AnalysisRequest.parse(
        " 39049, 39041 ",
        "2020",
        period="4",
        level="3",
        base_year="2019",
        estimate_suppressed="on",
        weights="size=2",
        top="5",
    )
    assert parsed == typed


def test_empty_text_means_the_default():
    request = AnalysisRequest.parse(
        "39049", "2020", period="", ownership="", level="", base_year="", weights=""
    )
    assert (request.period, request.ownership, request.level) == ("a", "private", "sector")
    assert request.base_year is None and request.weights == ScoreWeights()


@pytest.mark.parametrize(
    ("options", "field", "message"),
    [
        ({"areas": "39049,Franklin"}, "areas", "areas: 'Franklin' is not an area code"),
        ({"areas": "39000,39049"}, "areas", "areas: 39049 is inside 39000"),
        ({"year": "twenty"}, "year", "year: 'twenty' is not a year"),
        ({"year": "1850"}, "year", "year: 1850 is not a QCEW year (1975 to 2100)"),
        ({"period": "t4"}, "period", "period: 't4' is not a period (use a for"),
        ({"ownership": "public"}, "ownership", "ownership: 'public' is not an ownership (use"),
        ({"level": "9"}, "level", "level: '9' is not an industry level (use total,"),
        ({"base_year": "2020"}, "base_year", "base_year: 2020 must be before the year"),
        ({"weights": "size=x"}, "weights", "weights: bad weight 'size=x': 'x' is not a number"),
        (
            {"weights": "size=0,concentration=0,growth=0,wages=0,competitive=0"},
            "weights",
            "above 0",
        ),
        ({"sort": "size"}, "sort", "sort: 'size' is not a column to sort by"),
        ({"top": "0"}, "top", "top: 0 must be a whole number of at least 1"),
        ({"top": "ten"}, "top", "top: 'ten' must be a whole number"),
        ({"estimate_suppressed": "maybe"}, "estimate_suppressed", "'maybe' is not true or false"),
    ],
)
def test_a_bad_option_is_refused_naming_its_field_and_value(options, field, message):
    values = {"areas": "39049", "year": "2020", **options}
    with pytest.raises(InputError) as caught:
        AnalysisRequest.parse(values.pop("areas"), values.pop("year"), **values)
    assert caught.value.field == field
    assert message in str(caught.value)


def test_building_a_request_directly_checks_it_too():
    with pytest.raises(InputError, match="level: '7' is not an industry level"):
        AnalysisRequest(("39049",), 2020, level="7")


def test_the_total_ownership_at_the_total_level_reads_the_all_ownership_row():
    request = AnalysisRequest(("39049",), 2020, ownership="total", level="total")
    assert (request.own_codes, request.digit) == ((0,), 0)
    assert AnalysisRequest(("39049",), 2020).own_codes == (5,)


def test_a_trend_request_names_a_bad_industry_code():
    assert TrendRequest.parse("39049", "62, 31-33 ,62").industries == ("62", "31-33")
    with pytest.raises(InputError) as caught:
        TrendRequest.parse("39049", "62,health")
    assert caught.value.field == "industries"
    assert "'health' is not an industry code" in str(caught.value)


def test_rows_sort_with_missing_figures_last_and_text_a_to_z():
    rows = [
        {"industry_code": "11", "industry_title": "B", "lq": None},
        {"industry_code": "21", "industry_title": "A", "lq": 0.5},
        {"industry_code": "22", "industry_title": "C", "lq": 2.0},
    ]
    assert [r["industry_code"] for r in sort_records(rows, "lq")] == ["22", "21", "11"]
    assert [r["industry_title"] for r in sort_records(rows, "industry_title")] == ["A", "B", "C"]
    assert [r["industry_code"] for r in sort_records(rows, "lq", False)] == ["21", "22", "11"]
