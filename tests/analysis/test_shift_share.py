"""Shift-share and CAGR."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convenor.analysis.analyze import analyze_region
from convenor.analysis.ingest import ingest
from convenor.analysis.shift_share import cagr, decompose
from convenor.analysis.store import connect
from tests.analysis.helpers import ohio_file, read_rows, write_rows

jobs = st.floats(min_value=0, max_value=5e6, allow_nan=False)
positive = st.floats(min_value=1, max_value=2e8, allow_nan=False)


@given(e0=jobs, e1=jobs, n0=positive, n1=positive, ni0=positive, ni1=positive)
def test_the_three_components_always_add_up_to_the_change(e0, e1, n0, n1, ni0, ni1):
    national, mix, competitive = decompose(e0, e1, n0, n1, ni0, ni1)
    # Exact up to floating-point rounding of the largest term.
    scale = abs(national) + abs(mix) + abs(competitive) + abs(e1 - e0)
    assert national + mix + competitive == pytest.approx(e1 - e0, abs=1e-12 * scale + 1e-6)


@given(e0=st.floats(min_value=1, max_value=1e6), growth=st.floats(min_value=-0.5, max_value=1))
def test_a_region_growing_like_its_industry_has_no_competitive_effect(e0, growth):
    n0, ni0 = 1e8, 1e6
    national, _mix, competitive = decompose(
        e0, e0 * (1 + growth), n0, n0 * 1.02, ni0, ni0 * (1 + growth)
    )
    assert competitive == pytest.approx(0, abs=1e-6 * e0)
    assert national == pytest.approx(e0 * 0.02)


def test_cagr_compounds_over_the_years():
    assert cagr(100, 121, 2) == pytest.approx(0.1)
    assert cagr(0, 10, 3) is None


def test_shift_share_in_an_analysis_adds_up_to_the_change(national, national_file):
    county = next(r["area_fips"] for r in read_rows(national_file) if r["agglvl_code"] == "70")
    result = analyze_region(national, county, 2020, level="5")
    assert result.base_year == 2019 and result.base_source == "oty"
    complete = [r for r in result.records() if r["shift_national"] is not None]
    assert len(complete) > 20
    for row in complete:
        total = row["shift_national"] + row["shift_industry_mix"] + row["shift_competitive"]
        assert total == pytest.approx(row["employment_change"], abs=1e-6)


def test_the_national_growth_effect_uses_the_nations_all_industry_growth(national, national_file):
    source = read_rows(national_file)
    us = next(r for r in source if r["area_fips"] == "US000" and r["own_code"] == "0")
    n1 = int(us["annual_avg_emplvl"])
    growth = n1 / (n1 - int(us["oty_annual_avg_emplvl_chg"])) - 1
    county = next(r["area_fips"] for r in source if r["agglvl_code"] == "70")
    result = analyze_region(national, county, 2020)
    for row in result.records():
        if row["shift_national"] is not None:
            base = row["employment"] - row["employment_change"]
            assert row["shift_national"] == pytest.approx(base * growth, abs=0.01)


def _shifted_year(src, dst, year, factor):
    """A copy of a real file moved to another year, every level scaled alike."""
    rows = read_rows(src)
    for row in rows:
        row["year"] = str(year)
        if row["disclosure_code"] == "":
            row["annual_avg_emplvl"] = str(round(int(row["annual_avg_emplvl"]) * factor))
    return write_rows(dst, rows, list(rows[0]))


def test_cagr_uses_a_loaded_base_year(tmp_path):
    root = tmp_path / "store"
    current = ohio_file("a", "39049")
    earlier = _shifted_year(current, tmp_path / "2015.csv", 2015, 0.8)
    ingest([current, earlier], root)
    store = connect(root)
    result = analyze_region(store, "39049", 2020)
    assert (result.base_year, result.base_source) == (2015, "stored")
    base = {
        r["industry_code"]: int(r["annual_avg_emplvl"])
        for r in read_rows(earlier)
        if r["own_code"] == "5" and r["agglvl_code"] == "74" and r["disclosure_code"] == ""
    }
    checked = 0
    for row in result.records():
        if row["industry_code"] in base and row["employment"] is not None:
            e0 = base[row["industry_code"]]
            assert row["employment_change"] == row["employment"] - e0
            assert row["employment_cagr"] == pytest.approx(
                math.pow(row["employment"] / e0, 1 / 5) - 1, abs=1e-6
            )
            checked += 1
    assert checked > 10
    assert any("Shift-share needs national data" in note for note in result.notes)
    assert all(r["shift_national"] is None for r in result.records())
    store.close()


def test_an_explicit_base_year_that_is_not_loaded_is_refused(ohio):
    from convenor.analysis.errors import InputError

    with pytest.raises(InputError, match="base year 2012"):
        analyze_region(ohio, "39049", 2020, base_year=2012)
