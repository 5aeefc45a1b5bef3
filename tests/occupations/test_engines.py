"""The same occupation analysis on DuckDB and on PySpark gives identical results."""

from __future__ import annotations

import pytest

from convenor.analysis.occupations.analyze import analyze_occupations
from convenor.analysis.occupations.evidence import challenge_evidence
from convenor.analysis.occupations.population import attainment, labor_force
from convenor.analysis.occupations.store import connect
from convenor.analysis.occupations.supply import supply_gap
from convenor.analysis.store import connect as connect_qcew

pytestmark = [pytest.mark.spark, pytest.mark.slow]
PROGRAMS = [
    {"cip_code": "51.3801", "award_level": 5, "completers": 400},
    {"cip_code": "11.0701", "award_level": 5, "completers": 130},
]


def both(labour_dir, ohio_store, spark, areas, industry, *, full=True):
    results = []
    for engine in ("duckdb", "pyspark"):
        session = spark if engine == "pyspark" else None
        labour = connect(labour_dir, engine=engine, spark_session=session)
        qcew = connect_qcew(ohio_store, engine=engine, spark_session=session)
        try:
            analysis = analyze_occupations(labour, qcew, areas, industry, 2020)
            if not full:
                results.append((analysis,))
                continue
            gap = supply_gap(labour, analysis, PROGRAMS, demand={"29-1141": 900})
            evidence = [e.as_dict() for e in challenge_evidence(labour, analysis, gap=gap)]
            education = attainment(labour, analysis.counties).at_least("Bachelor's degree")
            results.append(
                (
                    analysis,
                    gap.as_dict(),
                    evidence,
                    education,
                    labor_force(labour, analysis.counties),
                )
            )
        finally:
            labour.close()
            qcew.close()
    return results


def test_an_occupation_analysis_is_identical_on_duckdb_and_pyspark(labour_dir, ohio_store, spark):
    duck, sparky = both(labour_dir, ohio_store, spark, ["39049", "39041"], "62")
    assert (duck[0].engine, sparky[0].engine) == ("duckdb", "pyspark")
    rows = duck[0].records()
    assert len(rows) > 300
    assert any(r["wage_source"] == "msa" for r in rows)
    assert any(r["national_industry_employment_flag"] == "**" for r in rows)
    assert rows == sparky[0].records()
    assert duck[0].meta() == sparky[0].meta()
    assert duck[1:] == sparky[1:]


def test_a_lower_bound_region_read_at_state_wages_is_identical_on_both(
    labour_dir, ohio_store, spark
):
    duck, sparky = both(
        labour_dir,
        ohio_store,
        spark,
        ["39049", "39041", "39045", "39047", "39073"],
        "62",
        full=False,
    )
    assert duck[0].meta()["industry"]["lower_bound"] is True
    # Fayette is micropolitan: Ohio's wages, the nation's where Ohio publishes none.
    assert {r["wage_source"] for r in duck[0].records()} <= {"state", "national", None}
    assert duck[0].records() == sparky[0].records()
    assert duck[0].meta() == sparky[0].meta()
