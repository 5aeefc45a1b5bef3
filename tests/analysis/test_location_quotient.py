"""Location quotients: computed, published and estimated, checked against BLS's."""

from __future__ import annotations

import pytest

from convenor.analysis.analyze import analyze_region
from convenor.analysis.location_quotient import all_area_lq, estimated_national_shares
from convenor.analysis.regional import cells, period_rows
from tests.analysis.helpers import disclosed, ohio_file, read_rows

ANNUAL_COUNTIES = ["39041", "39045", "39047", "39049", "39073"]


def test_computed_lq_equals_the_published_lq_within_a_hundredth(national):
    records = all_area_lq(national, 2020, published=True).to_pylist()
    comparable = [r for r in records if r["lq"] is not None and r["published_lq"] is not None]
    assert len(comparable) > 5000
    off = [r for r in comparable if abs(r["lq"] - r["published_lq"]) > 0.01]
    assert off == []


def test_a_county_analysis_with_national_data_computes_its_lq(national, national_file):
    county = next(
        r["area_fips"]
        for r in read_rows(national_file)
        if r["agglvl_code"] == "70" and r["area_fips"] != "39000"
    )
    result = analyze_region(national, county, 2020, level="4")
    assert result.national_data
    published = {
        r["industry_code"]: float(r["lq_annual_avg_emplvl"])
        for r in read_rows(national_file)
        if r["area_fips"] == county
        and r["own_code"] == "5"
        and r["agglvl_code"] == "76"
        and disclosed(r)
    }
    rows = [r for r in result.records() if r["industry_code"] in published]
    assert len(rows) == len(published) > 20
    for row in rows:
        assert row["lq_source"] == "computed"
        assert row["lq"] == pytest.approx(published[row["industry_code"]], abs=0.01)


@pytest.mark.parametrize("period", ["a", "4"])
def test_a_single_area_without_national_data_shows_bls_published_lq(ohio, period):
    result = analyze_region(ohio, "39049", 2020, period=period, level="5")
    lq_field = "lq_annual_avg_emplvl" if period == "a" else "lq_month3_emplvl"
    published = {
        r["industry_code"]: float(r[lq_field])
        for r in read_rows(ohio_file(period, "39049"))
        if r["own_code"] == "5"
        and r["agglvl_code"] == "77"
        and disclosed(r)
        and r["lq_disclosure_code"] == ""
    }
    by_code = {r["industry_code"]: r for r in result.records()}
    for code, lq in published.items():
        assert by_code[code]["lq"] == lq
        assert by_code[code]["lq_source"] == "published"
    assert any("published LQ" in note for note in result.notes)


def test_leaving_one_county_out_estimates_its_lq_within_two_hundredths(ohio):
    """Each county's LQ, from national shares estimated with the other counties' LQs.

    A disclosed cell has an estimate only when another loaded county
    publishes the same ownership and industry. Franklin (39049), the core of
    the region, publishes hundreds of detailed industries none of the four
    other annual counties does, so about a quarter of all disclosed cells
    have no estimate in this test; where there is one, it is checked.
    """
    rows = period_rows(ohio.table(), 2020, "a")
    counts = {}
    for county in ANNUAL_COUNTIES:
        within = estimated = published = 0
        total = cells(rows, [county], [0], [0]).to_pyarrow().to_pylist()[0]["employment"]
        for own in (1, 2, 3, 5):
            shares = {
                r["industry_code"]: r["national_share"]
                for r in estimated_national_shares(rows, [own], range(1, 9), exclude=[county])
                .to_pyarrow()
                .to_pylist()
            }
            for cell in cells(rows, [county], [own], range(1, 9)).to_pyarrow().to_pylist():
                if cell["employment"] is None or cell["pub_lq"] is None:
                    continue
                published += 1
                share = shares.get(cell["industry_code"])
                if share is None:
                    continue  # no other loaded county publishes this industry
                estimated += 1
                lq = (cell["employment"] / total) / share
                within += abs(lq - cell["pub_lq"]) <= 0.02
        counts[county] = (within, estimated, published)
    within, estimated, published = (sum(c[i] for c in counts.values()) for i in range(3))
    print(
        f"\nleave-one-county-out: {within}/{estimated} estimated LQs within 0.02 "
        f"({within / estimated:.1%}); {estimated}/{published} disclosed cells have an estimate"
    )
    for county, (w, e, p) in counts.items():
        print(f"  {county}: {w}/{e} within 0.02, {e}/{p} disclosed cells estimable")
    assert within / estimated >= 0.97
    assert estimated / published >= 0.75
    # In every county but the core one, 95% of all disclosed cells are within 0.02.
    assert all(w / p >= 0.95 for county, (w, e, p) in counts.items() if county != "39049")


@pytest.fixture(scope="module")
def forty_counties(tmp_path_factory):
    """The benchmark generator's file for 40 Ohio counties (their sum is the "nation")."""
    from benchmarks.generate import generate
    from convenor.analysis.ingest import ingest
    from convenor.analysis.store import connect

    path = tmp_path_factory.mktemp("forty") / "2020.annual.singlefile.csv"
    generate(path, states=["39"], max_counties=40, threads=2)
    root = path.parent / "store"
    ingest([path], root)
    store = connect(root)
    yield store
    store.close()


def test_with_enough_counties_95_percent_of_disclosed_cells_are_estimated_within_0_02(
    forty_counties,
):
    """Leave-one-county-out where most industries are published by other counties.

    The generator publishes LQs as BLS does (rounded to 0.01, against the
    national file). Each of 12 counties is left out, and so is every area
    that contains it (state, MSAs): shares come from the other 39 counties
    only. The Ohio test above measures accuracy on real files; this one, the
    share of all disclosed cells covered once enough areas are loaded.
    """
    rows = period_rows(forty_counties.table(), 2020, "a")
    areas = [r["area_fips"] for r in rows.select("area_fips").distinct().to_pyarrow().to_pylist()]
    counties = sorted(a for a in areas if a[:2].isdigit() and not a.endswith("000"))
    aggregates = [a for a in areas if a not in counties]
    assert len(counties) == 40
    within = published = 0
    for county in counties[:12]:
        total = cells(rows, [county], [0], [0]).to_pyarrow().to_pylist()[0]["employment"]
        for own in (1, 2, 3, 5):
            exclude = [county, *aggregates]
            shares = {
                r["industry_code"]: r["national_share"]
                for r in estimated_national_shares(rows, [own], range(1, 9), exclude=exclude)
                .to_pyarrow()
                .to_pylist()
            }
            for cell in cells(rows, [county], [own], range(1, 9)).to_pyarrow().to_pylist():
                if cell["employment"] is None or cell["pub_lq"] is None:
                    continue
                published += 1
                share = shares.get(cell["industry_code"])
                if share is not None:
                    lq = (cell["employment"] / total) / share
                    within += abs(lq - cell["pub_lq"]) <= 0.02
    print(f"\n40 counties, 12 left out in turn: {within}/{published} disclosed cells within 0.02")
    assert published > 2000
    assert within / published >= 0.95


def test_a_multi_county_region_without_national_data_is_labelled_estimated(ohio):
    result = analyze_region(ohio, ["39049", "39041"], 2020)
    sources = {r["lq_source"] for r in result.records() if r["lq"] is not None}
    assert sources == {"estimated"}
    assert any("LQ estimated" in note for note in result.notes)


def test_a_suppressed_cell_has_no_lq(ohio):
    result = analyze_region(ohio, "39073", 2020, level="6")
    hidden = [r for r in result.records() if r["suppressed"]]
    assert hidden
    assert all(r["lq"] is None and r["lq_source"] is None for r in hidden)


def test_the_lq_denominator_is_the_all_ownership_total(national):
    """Federal LQs use the all-ownership total too, as BLS's do."""
    result = analyze_region(national, "US000", 2020, ownership="federal", level="sector")
    for row in result.records():
        if row["employment"] is not None:
            assert row["lq"] == pytest.approx(1.0)
