"""The same analysis on DuckDB and on PySpark gives identical results."""

from __future__ import annotations

import pytest

from convenor.analysis.analyze import analyze_region
from convenor.analysis.store import connect
from tests.analysis.helpers import read_rows

pytestmark = [pytest.mark.spark, pytest.mark.slow]


def both(store_dir, spark, areas, year, **options):
    duck = connect(store_dir)
    sparky = connect(store_dir, engine="pyspark", spark_session=spark)
    try:
        return (
            analyze_region(duck, areas, year, **options),
            analyze_region(sparky, areas, year, **options),
        )
    finally:
        duck.close()


def assert_same(a, b):
    assert (a.engine, b.engine) == ("duckdb", "pyspark")
    assert a.records() == b.records()
    assert a.meta() == b.meta()


def test_an_ohio_region_analysis_is_identical_on_duckdb_and_pyspark(ohio_store, spark):
    """Two counties, a quarter, suppressed cells estimated: LQs estimated, change from oty."""
    duck, sparky = both(
        ohio_store, spark, ["39049", "39041"], 2020, period="4", estimate_suppressed=True
    )
    rows = duck.records()
    assert len(rows) > 15
    assert any(r["estimated"] for r in rows)
    assert {r["lq_source"] for r in rows if r["lq"] is not None} == {"estimated"}
    assert any(r["employment_change"] is not None for r in rows)
    assert_same(duck, sparky)


def test_an_annual_analysis_with_national_data_is_identical_on_both_engines(
    national_store, national_file, spark
):
    county = next(r["area_fips"] for r in read_rows(national_file) if r["agglvl_code"] == "70")
    duck, sparky = both(national_store, spark, county, 2020, level="4")
    assert any(r["shift_competitive"] is not None for r in duck.records())
    assert {r["lq_source"] for r in duck.records() if r["lq"] is not None} == {"computed"}
    assert_same(duck, sparky)


def test_every_areas_lq_is_identical_on_both_engines(national_store, spark):
    """The all-area LQ (lookups run first, then one join) gives the same rows on both."""
    from convenor.analysis.location_quotient import all_area_lq

    def records(store):
        table = all_area_lq(store, 2020, published=True)
        return sorted(
            table.to_pylist(), key=lambda r: (r["area_fips"], r["own_code"], r["industry_code"])
        )

    duck = connect(national_store)
    try:
        on_duckdb = records(duck)
    finally:
        duck.close()
    on_spark = records(connect(national_store, engine="pyspark", spark_session=spark))
    assert len(on_duckdb) > 5000
    assert any(r["lq"] is not None for r in on_duckdb)
    assert on_duckdb == on_spark


def test_annuals_built_from_quarters_are_identical_on_both_engines(tmp_path, spark):
    """Delaware's 2020 from its four quarters, and Franklin's four quarters to 2020 Q2."""
    from convenor.analysis.ingest import ingest
    from tests.analysis.helpers import ohio_file, prior_year_quarter

    files = [ohio_file(q, "39041") for q in "1234"] + [
        prior_year_quarter(ohio_file("3", "39049"), tmp_path / "2019-3-39049.csv"),
        prior_year_quarter(ohio_file("4", "39049"), tmp_path / "2019-4-39049.csv"),
        ohio_file("1", "39049"),
        ohio_file("2", "39049"),
    ]
    root = tmp_path / "store"
    ingest(files, root)
    duck, sparky = both(root, spark, "39041", 2020, level="3")
    assert any(r["employment_change"] is not None for r in duck.records())
    assert_same(duck, sparky)
    duck, sparky = both(root, spark, "39049", 2020, period="t2", level="3")
    assert any("2019 Q3 to 2020 Q2" in note for note in duck.notes)
    assert len(duck.records()) > 40
    assert_same(duck, sparky)


def test_the_lq_against_the_state_is_identical_on_both_engines(two_states_store, spark):
    """A region across the Delaware-Maryland line, with and without estimates."""
    for options in ({}, {"level": "4", "estimate_suppressed": True}):
        duck, sparky = both(two_states_store, spark, ["10001", "24015", "24029"], 2020, **options)
        assert duck.meta()["state"]["code"] in ("10000", "24000")
        assert sum(r["lq_state"] is not None for r in duck.records()) >= 5
        assert [r["lq_state"] for r in duck.records()] == [r["lq_state"] for r in sparky.records()]
        assert_same(duck, sparky)
