"""Truth against BLS: region figures rebuilt from the real Ohio files."""

from __future__ import annotations

import ibis
import pytest
from ibis import _

from convenor.analysis.analyze import analyze_region
from convenor.analysis.regional import (
    annual_from_quarters,
    cells,
    period_rows,
    quarterly_weekly_wage,
    regional_sum,
)
from tests.analysis.helpers import disclosed, ohio_file, read_rows

COUNTIES_A = ["39041", "39045", "39047", "39049", "39073"]


def by_key(records, *names):
    return {tuple(r[n] for n in names): r for r in records}


@pytest.mark.parametrize("area", COUNTIES_A)
def test_cells_reproduce_every_row_of_an_annual_file(ohio, area):
    rows = period_rows(ohio.table(), 2020, "a")
    got = by_key(
        cells(rows, [area], [0, 1, 2, 3, 5], range(9)).to_pyarrow().to_pylist(),
        "own_code",
        "industry_code",
    )
    source = read_rows(ohio_file("a", area))
    assert len(got) == len(source)
    for row in source:
        cell = got[(int(row["own_code"]), row["industry_code"])]
        assert cell["establishments"] == int(row["annual_avg_estabs"])
        assert cell["suppressed"] == (row["disclosure_code"] == "N")
        if disclosed(row):
            assert cell["employment"] == int(row["annual_avg_emplvl"])
            assert cell["total_wages"] == int(row["total_annual_wages"])
        else:
            assert cell["employment"] is None
            assert cell["total_wages"] is None


def test_a_single_county_analysis_shows_bls_figures_for_each_disclosed_industry(ohio):
    result = analyze_region(ohio, "39049", 2020, level="6")
    got = by_key(result.records(), "industry_code")
    source = [r for r in read_rows(ohio_file("a", "39049")) if r["agglvl_code"] == "78"]
    private = [r for r in source if r["own_code"] == "5"]
    assert len(got) == len(private)
    for row in private:
        out = got[(row["industry_code"],)]
        assert out["establishments"] == int(row["annual_avg_estabs"])
        if disclosed(row):
            assert out["employment"] == int(row["annual_avg_emplvl"])
            assert out["total_wages"] == int(row["total_annual_wages"])
            assert out["avg_annual_pay"] == int(row["avg_annual_pay"])
            assert out["avg_weekly_wage"] == int(row["annual_avg_wkly_wage"])
        else:
            assert out["suppressed"] is True
            assert out["employment"] is None


@pytest.mark.parametrize("quarter", ["1", "2", "3", "4"])
def test_quarterly_weekly_wage_equals_bls_for_every_disclosed_cell(ohio, ohio_dir, quarter):
    t = ohio.table()
    rows = t.filter(
        _.period == quarter,
        _.disclosure_code.isnull(),
        _.size_code == 0,
        _.month1_employment + _.month2_employment + _.month3_employment > 0,
    )
    computed = rows.select(
        "area_fips",
        "own_code",
        "industry_code",
        published=_.avg_weekly_wage,
        computed=quarterly_weekly_wage(
            _.total_wages, _.month1_employment, _.month2_employment, _.month3_employment
        ),
    )
    records = computed.to_pyarrow().to_pylist()
    expected = sum(
        1
        for path in ohio_dir.glob(f"morpc-qcew-2020-{quarter}-*.csv")
        for r in read_rows(path)
        if disclosed(r) and sum(int(r[f"month{m}_emplvl"]) for m in (1, 2, 3)) > 0
    )
    assert len(records) == expected > 1000
    wrong = [r for r in records if r["published"] != r["computed"]]
    assert wrong == []


@pytest.mark.parametrize("area", ["39049", "39041"])
def test_four_quarters_reproduce_the_annual_file(ohio, area):
    built = by_key(
        annual_from_quarters(ohio.table(), 2020, [area]).to_pyarrow().to_pylist(),
        "own_code",
        "industry_code",
    )
    open_in_quarter = [
        {
            (r["own_code"], r["industry_code"])
            for r in read_rows(ohio_file(q, area))
            if r["disclosure_code"] in ("", "-")
        }
        for q in "1234"
    ]
    all_disclosed = set.intersection(*open_in_quarter)
    checked = 0
    annual = [r for r in read_rows(ohio_file("a", area)) if disclosed(r)]
    for row in annual:
        if (row["own_code"], row["industry_code"]) not in all_disclosed:
            continue
        cell = built[(int(row["own_code"]), row["industry_code"])]
        assert cell["employment"] == int(row["annual_avg_emplvl"])
        assert cell["total_wages"] == int(row["total_annual_wages"])
        checked += 1
    # The rest were suppressed in some quarter: no exact annual figure exists for them.
    assert checked >= 0.85 * len(annual)


def test_an_annual_analysis_is_built_from_quarters_when_the_annual_file_is_missing(
    tmp_path, ohio_dir
):
    from convenor.analysis.ingest import ingest
    from convenor.analysis.store import connect

    root = tmp_path / "store"
    ingest([ohio_file(q, "39041") for q in "1234"], root)
    store = connect(root)
    result = analyze_region(store, "39041", 2020)
    assert any("built from the four quarters" in note for note in result.notes)
    annual = {
        r["industry_code"]: r
        for r in read_rows(ohio_file("a", "39041"))
        if r["own_code"] == "5" and r["agglvl_code"] == "74" and disclosed(r)
    }
    matched = [
        r
        for r in result.records()
        if r["industry_code"] in annual
        and r["employment"] == int(annual[r["industry_code"]]["annual_avg_emplvl"])
        and r["total_wages"] == int(annual[r["industry_code"]]["total_annual_wages"])
    ]
    published = [r for r in result.records() if not r["suppressed"]]
    assert len(matched) == len(published) > 10
    store.close()


def test_prior_year_values_come_from_the_over_the_year_columns(ohio):
    rows = period_rows(ohio.table(), 2020, "a")
    prior = by_key(
        cells(rows, ["39049"], [5], [4], prior=True).to_pyarrow().to_pylist(), "industry_code"
    )
    checked = 0
    for row in read_rows(ohio_file("a", "39049")):
        if row["own_code"] != "5" or row["agglvl_code"] != "74":
            continue
        cell = prior[(row["industry_code"],)]
        if disclosed(row) and row["oty_disclosure_code"] == "":
            before = int(row["annual_avg_emplvl"]) - int(row["oty_annual_avg_emplvl_chg"])
            assert cell["employment"] == before
            # BLS's published percentage confirms the prior value.
            pct = round(int(row["oty_annual_avg_emplvl_chg"]) / before * 100, 1)
            assert pct == pytest.approx(float(row["oty_annual_avg_emplvl_pct_chg"]), abs=0.05)
            checked += 1
        else:
            assert cell["employment"] is None
    assert checked >= 15


def test_a_region_sums_its_counties_and_flags_suppressed_parts(ohio):
    areas = ["39049", "39073"]
    rows = period_rows(ohio.table(), 2020, "a")
    summed = by_key(
        regional_sum(cells(rows, areas, [5], [6])).to_pyarrow().to_pylist(), "industry_code"
    )
    per_county = {a: read_rows(ohio_file("a", a)) for a in areas}
    parts: dict[str, list[dict]] = {}
    for rows_ in per_county.values():
        for r in rows_:
            if r["own_code"] == "5" and r["agglvl_code"] == "76":
                parts.setdefault(r["industry_code"], []).append(r)
    lower_bounds = suppressed = 0
    for code, members in parts.items():
        got = summed[(code,)]
        open_ = [m for m in members if disclosed(m)]
        assert got["parts"] == len(members)
        assert got["suppressed_parts"] == len(members) - len(open_)
        assert got["establishments"] == sum(int(m["annual_avg_estabs"]) for m in members)
        if open_:
            assert got["employment"] == sum(int(m["annual_avg_emplvl"]) for m in open_)
        else:
            assert got["employment"] is None
            suppressed += 1
        lower_bounds += 0 < len(open_) < len(members)
    assert lower_bounds > 10 and suppressed > 10


def test_a_multi_county_analysis_labels_lower_bounds_and_suppressed_sums(ohio):
    result = analyze_region(ohio, ["39049", "39073"], 2020, level="4")
    rows = result.records()
    lower = [r for r in rows if r["lower_bound"]]
    hidden = [r for r in rows if r["suppressed"]]
    assert lower and hidden
    assert all(r["employment"] is not None for r in lower)
    assert all(r["employment"] is None and r["lq"] is None for r in hidden)
    assert any("lower bounds" in note for note in result.notes)


def test_an_all_ownership_industry_total_is_a_sum_over_ownerships(ohio):
    result = analyze_region(ohio, "39049", 2020, ownership="total", level="sector")
    got = by_key(result.records(), "industry_code")
    per_industry: dict[str, list[dict]] = {}
    for r in read_rows(ohio_file("a", "39049")):
        if r["agglvl_code"] == "74":
            per_industry.setdefault(r["industry_code"], []).append(r)
    for code, members in per_industry.items():
        out = got[(code,)]
        open_ = [m for m in members if disclosed(m)]
        assert out["lower_bound"] == (0 < len(open_) < len(members))
        if open_:
            assert out["employment"] == sum(int(m["annual_avg_emplvl"]) for m in open_)


def test_the_region_total_is_the_all_ownership_all_industry_row(ohio):
    result = analyze_region(ohio, ["39049", "39041"], 2020)
    expected = sum(
        int(r["annual_avg_emplvl"])
        for a in ("39049", "39041")
        for r in read_rows(ohio_file("a", a))
        if r["own_code"] == "0"
    )
    assert result.totals["all_ownerships_employment"] == expected
    assert ibis.__version__.startswith("12.")
