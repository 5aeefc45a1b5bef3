"""The region analysis result: fields, defaults, metadata and refusals."""

from __future__ import annotations

import json

import pytest

from convenor.analysis.analyze import (
    ANNUAL_FIELDS,
    QUARTERLY_FIELDS,
    Region,
    analyze_region,
    region_name,
)
from convenor.analysis.errors import InputError
from convenor.analysis.ingest import ingest
from convenor.analysis.request import TrendRequest
from convenor.analysis.score import ScoreWeights
from convenor.analysis.store import connect
from convenor.analysis.trend import employment_trend
from tests.analysis.helpers import ohio_file, read_rows, write_rows


def test_annual_rows_have_exactly_the_issue_fields(ohio):
    result = analyze_region(ohio, "39049", 2020)
    assert ANNUAL_FIELDS == [
        "industry_code", "industry_title", "ownership", "establishments", "employment",
        "total_wages", "avg_weekly_wage", "avg_annual_pay", "lq", "lq_source", "lq_state",
        "employment_change", "employment_cagr", "shift_national", "shift_industry_mix",
        "shift_competitive", "suppressed", "lower_bound", "estimated", "score", "reasons",
    ]  # fmt: skip
    assert all(list(r) == ANNUAL_FIELDS for r in result.records())
    assert list(result.to_pandas().columns) == ANNUAL_FIELDS


def test_quarterly_rows_carry_the_three_months_and_no_annual_pay(ohio):
    result = analyze_region(ohio, "39049", 2020, period="3")
    assert "avg_annual_pay" not in QUARTERLY_FIELDS
    for row in result.records():
        assert list(row) == QUARTERLY_FIELDS
        if row["employment"] is not None:
            assert row["employment"] == row["month3_employment"]


def test_ownership_defaults_to_private_and_level_to_sector(ohio):
    result = analyze_region(ohio, "39049", 2020)
    assert (result.ownership, result.level) == ("private", "sector")
    assert {r["ownership"] for r in result.records()} == {"private"}
    assert "31-33" in {r["industry_code"] for r in result.records()}


def test_the_metadata_says_what_was_used(ohio):
    meta = analyze_region(ohio, ["39049", "39041"], 2020).meta()
    assert meta["region"]["codes"] == ["39049", "39041"]
    assert meta["base_year"] == 2019 and meta["base_source"] == "oty"
    assert meta["national_data"] is False
    assert sorted(meta["sources"])[0].endswith("morpc-qcew-2020-a-39041.csv")
    assert meta["totals"]["employment"] > 0
    assert json.loads(json.dumps(meta)) == meta


def test_the_total_level_for_all_ownerships_is_the_all_industry_row(ohio):
    result = analyze_region(ohio, "39049", 2020, ownership="total", level="total")
    (row,) = result.records()
    assert row["industry_code"] == "10"
    assert row["employment"] == result.totals["all_ownerships_employment"]


def test_a_named_region_keeps_its_name(ohio):
    region = Region.from_codes("39049,39041", "Central Ohio LWDA")
    assert analyze_region(ohio, region, 2020).region.name == "Central Ohio LWDA"
    assert region_name(["39049", "39041", "39045"]) == (
        "Franklin County, Ohio, Delaware County, Ohio and 1 more"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period": "5"}, "period: '5' is not a period"),
        ({"ownership": "public"}, "ownership: 'public' is not an ownership"),
        ({"level": "7"}, "level: '7' is not an industry level"),
        ({"base_year": 2020}, "base_year: 2020 must be before the year analysed, 2020"),
    ],
)
def test_bad_options_are_refused(ohio, kwargs, message):
    with pytest.raises(InputError, match=message):
        analyze_region(ohio, "39049", 2020, **kwargs)


def test_a_county_and_its_state_together_are_refused():
    with pytest.raises(InputError, match="39049 is inside 39000"):
        Region.from_codes("39000,39049")


def test_data_that_is_not_loaded_is_named(ohio):
    with pytest.raises(InputError, match=r"no Q2 data for 2020 loaded for 39073.*qcew fetch"):
        analyze_region(ohio, ["39049", "39073"], 2020, period="2")
    with pytest.raises(InputError, match="not a QCEW year"):
        analyze_region(ohio, "39049", 1850)


def _two_years(tmp_path):
    """The real Franklin file plus a copy moved to 2019 with 10% fewer jobs everywhere."""
    rows = read_rows(ohio_file("a", "39049"))
    for row in rows:
        row["year"] = "2019"
        if row["disclosure_code"] == "":
            row["annual_avg_emplvl"] = str(round(int(row["annual_avg_emplvl"]) * 0.9))
    earlier = write_rows(tmp_path / "2019.csv", rows, list(rows[0]))
    root = tmp_path / "store"
    ingest([ohio_file("a", "39049"), earlier], root)
    return root, earlier


def test_a_year_loaded_only_as_an_annual_average_is_one_mid_year_trend_point(tmp_path):
    root, earlier = _two_years(tmp_path)
    with connect(root) as store:
        trend = employment_trend(store, TrendRequest.parse("39049", "62"))
    expected = {
        f"{r['year']}-07-01": int(r["annual_avg_emplvl"])
        for path in (ohio_file("a", "39049"), earlier)
        for r in read_rows(path)
        if r["own_code"] == "5" and r["industry_code"] == "62"
    }
    assert [(p["date"], p["employment"]) for p in trend] == sorted(expected.items())
    assert {p["industry_title"] for p in trend} == {"Health Care and Social Assistance"}


def test_the_fingerprint_changes_with_the_inputs_and_the_data(tmp_path, ohio):
    first = analyze_region(ohio, "39049", 2020)
    assert first.fingerprint == analyze_region(ohio, "39049", 2020).fingerprint
    assert first.fingerprint != analyze_region(ohio, "39049", 2020, level="3").fingerprint
    weights = ScoreWeights(size=2)
    assert first.fingerprint != analyze_region(ohio, "39049", 2020, weights=weights).fingerprint
    root, _ = _two_years(tmp_path)
    with connect(root) as store:
        assert analyze_region(store, "39049", 2020).fingerprint != first.fingerprint


def test_stores_of_the_same_directory_share_compiled_queries(ohio_store):
    from convenor.analysis import store as store_module

    with connect(ohio_store) as first:
        expected = analyze_region(first, "39045", 2020, level="5").records()
    cached = len(store_module._COMPILED)
    with connect(ohio_store) as second:
        assert analyze_region(second, "39045", 2020, level="5").records() == expected
    assert len(store_module._COMPILED) == cached


def test_an_open_store_sees_a_newer_file_at_once(tmp_path):
    root = tmp_path / "store"
    ingest([ohio_file("a", "39047")], root)
    with connect(root) as store:
        before = {r["industry_code"]: r for r in analyze_region(store, "39047", 2020).records()}
        rows = read_rows(ohio_file("a", "39047"))
        target = next(
            r
            for r in rows
            if r["own_code"] == "5" and r["agglvl_code"] == "74" and r["disclosure_code"] == ""
        )
        target["annual_avg_emplvl"] = str(int(target["annual_avg_emplvl"]) + 100)
        ingest([write_rows(tmp_path / "revised.csv", rows, list(rows[0]))], root)
        after = {r["industry_code"]: r for r in analyze_region(store, "39047", 2020).records()}
    code = target["industry_code"]
    assert after[code]["employment"] == before[code]["employment"] + 100
