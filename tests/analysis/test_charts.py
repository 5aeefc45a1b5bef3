"""The charts' data hold only figures BLS disclosed, checked against the real Ohio files.

Every expected value is read from the files themselves (tests/analysis/helpers.py):
a chart point's jobs, growth and pay, which industries have a suppressed
county, which quarters are loaded for which counties.
"""

from __future__ import annotations

import json
import math

import pytest

from convenor.analysis.analyze import analyze
from convenor.analysis.charts import concentration_chart, region_trend_chart, trend_chart
from convenor.analysis.request import AnalysisRequest
from convenor.analysis.trend import trend_coverage
from tests.analysis.helpers import OHIO, ohio_file, read_rows

ANNUAL_REGION = ["39041", "39045", "39047", "39049", "39073"]  # every county with a 2020 file


def _sector_rows(period: str, areas: list[str]) -> dict[str, list[dict[str, str]]]:
    """industry code -> each county's private-ownership row, as published."""
    out: dict[str, list[dict[str, str]]] = {}
    for area in areas:
        for row in read_rows(ohio_file(period, area)):
            if row["own_code"] == "5" and row["agglvl_code"] == "74":  # county, NAICS sector
                out.setdefault(row["industry_code"], []).append(row)
    return out


def _loaded(period: str) -> set[str]:
    return {p.stem.rsplit("-", 1)[1] for p in OHIO.glob(f"morpc-qcew-2020-{period}-*.csv")}


def _valid_json(spec: dict) -> str:
    # allow_nan=False: a NaN anywhere (the old "NaN" legend) fails here.
    return json.dumps(spec, allow_nan=False)


def test_the_bubble_chart_draws_only_industries_every_county_disclosed(ohio):
    analysis = analyze(ohio, AnalysisRequest.parse(ANNUAL_REGION, 2020))
    chart = concentration_chart(analysis)
    published = _sector_rows("a", ANNUAL_REGION)
    hidden = {
        code
        for code, rows in published.items()
        if len(rows) < len(ANNUAL_REGION) or any(r["disclosure_code"] == "N" for r in rows)
    }
    assert "62" in hidden, "Health Care has a suppressed county in the real files"
    drawn = {p["code"] for p in chart.points}
    assert drawn, "some industries are fully disclosed"
    assert drawn.isdisjoint(hidden)
    health = next(r["industry_title"] for r in analysis.all_records() if r["industry_code"] == "62")
    listed = [title for titles in chart.left_out.values() for title in titles]
    assert health in listed
    assert any(health in line for line in chart.left_out_lines())
    _valid_json(chart.spec)


def test_each_bubble_is_the_sum_of_the_counties_published_figures(ohio):
    analysis = analyze(ohio, AnalysisRequest.parse(ANNUAL_REGION, 2020))
    chart = concentration_chart(analysis)
    published = _sector_rows("a", ANNUAL_REGION)
    totals = [r for area in ANNUAL_REGION for r in read_rows(ohio_file("a", area))]
    region = [r for r in totals if r["own_code"] == "5" and r["industry_code"] == "10"]
    region_pay = sum(int(r["total_annual_wages"]) for r in region) / sum(
        int(r["annual_avg_emplvl"]) for r in region
    )
    for point in chart.points:
        rows = published[point["code"]]
        jobs = sum(int(r["annual_avg_emplvl"]) for r in rows)
        base = jobs - sum(int(r["oty_annual_avg_emplvl_chg"]) for r in rows)
        pay = sum(int(r["total_annual_wages"]) for r in rows) / jobs
        assert point["employment"] == jobs, point
        assert point["growth"] == pytest.approx((jobs / base - 1) * 100, abs=0.006), point
        assert point["growth"] is not None and not math.isnan(point["growth"])
        assert point["pay"] == math.floor(pay + 0.5), point
        assert point["pay_ratio"] == round(point["pay"] / math.floor(region_pay + 0.5) * 100)


def test_a_quarter_compares_each_wage_with_the_quarters_own_average(ohio):
    areas = ["39041", "39049"]
    analysis = analyze(ohio, AnalysisRequest.parse(areas, 2020, period="3"))
    chart = concentration_chart(analysis)
    region = [
        r
        for area in areas
        for r in read_rows(ohio_file("3", area))
        if r["own_code"] == "5" and r["industry_code"] == "10"
    ]
    months = sum(int(r[f"month{m}_emplvl"]) for r in region for m in (1, 2, 3)) / 3
    average = math.floor(sum(int(r["total_qtrly_wages"]) for r in region) / months / 13 + 0.5)
    assert chart.points, "a quarter draws bubbles"
    assert not chart.notes  # the average is known: bubbles are coloured
    for point in chart.points:
        assert point["pay"] is not None
        assert point["pay_ratio"] == round(point["pay"] / average * 100)
    layer = next(layer for layer in chart.spec["layer"] if layer["mark"]["type"] == "circle")
    assert layer["encoding"]["color"]["field"] == "pay_ratio"
    assert "NaN" not in _valid_json(chart.spec)


def test_the_trend_draws_only_months_loaded_for_every_county(ohio):
    areas = ["39041", "39049", "39073"]  # Hocking has a file for Q3 only
    quarters = {q for q in "1234" if set(areas) <= _loaded(q)}
    assert quarters == {"3"}
    analysis = analyze(ohio, AnalysisRequest.parse(areas, 2020))
    chart = region_trend_chart(ohio, analysis)
    assert chart is not None and chart.points
    months = {int(p["date"][5:7]) for p in chart.points}
    assert months <= {7, 8, 9}
    codes = {r["industry_title"]: r["industry_code"] for r in analysis.all_records()}
    published = _sector_rows("3", areas)
    for point in chart.points:
        rows = published[codes[point["industry"]]]
        assert len(rows) == len(areas)
        assert all(r["disclosure_code"] != "N" for r in rows)
        month = int(point["date"][5:7]) - 6
        assert point["employment"] == sum(int(r[f"month{month}_emplvl"]) for r in rows)
    notes = " ".join(chart.notes)
    assert "2020 Q1, Q2 and Q4: not drawn, no file for Hocking County, Ohio" in notes


def test_the_five_county_trend_says_which_counties_lack_which_quarters(ohio):
    coverage = trend_coverage(ohio, ANNUAL_REGION)
    for quarter in "1234":
        assert not coverage.covers(2020, quarter)
    assert coverage.annual_years == [2020]  # every county has the annual average
    missing_q3 = sorted(set(ANNUAL_REGION) - _loaded("3"))
    assert missing_q3 == ["39045", "39047"]
    assert any(
        g.startswith("2020 Q3: not drawn, no file for Fairfield County, Ohio and Fayette County")
        for g in coverage.gaps
    )
    analysis = analyze(ohio, AnalysisRequest.parse(ANNUAL_REGION, 2020))
    chart = region_trend_chart(ohio, analysis)
    assert chart is not None
    assert {p["date"] for p in chart.points} <= {"2020-07-01"}  # the annual average, mid-year


def test_a_missing_month_breaks_the_line():
    points = [
        {"industry": "Manufacturing", "date": f"2020-{m:02d}-01", "employment": 100 + m}
        for m in (1, 2, 3, 7, 8, 9)
    ]
    chart = trend_chart(points, "Employment")
    segments = [p["segment"] for p in chart.points]
    assert segments[0] == segments[1] == segments[2]
    assert segments[3] == segments[4] == segments[5]
    assert segments[2] != segments[3]  # no line from March to July
    assert chart.spec["encoding"]["detail"]["field"] == "segment"


def test_four_loaded_quarters_are_one_unbroken_line_per_industry(ohio):
    areas = ["39041", "39049"]
    assert all(set(areas) <= _loaded(q) for q in "1234")
    analysis = analyze(ohio, AnalysisRequest.parse(areas, 2020))
    chart = region_trend_chart(ohio, analysis, ["31-33"])
    assert chart is not None
    assert len(chart.points) == 12
    assert len({p["segment"] for p in chart.points}) == 1
    assert not chart.notes
