"""Figures for the data-verifiable employer challenges, and what the data cannot show."""

from __future__ import annotations

import shutil

import pytest

from convenor.analysis.occupations.analyze import analyze_occupations
from convenor.analysis.occupations.evidence import CODES, challenge_evidence
from convenor.analysis.occupations.ingest import ingest
from convenor.analysis.occupations.store import connect
from convenor.analysis.occupations.supply import supply_gap
from tests.occupations.helpers import B23025, acs_rows

REGION = ["39049", "39041"]
IDS = (
    "periodicity,seasonadj,geo_level,geography,ind_level,industry,ownercode,sex,agegrp,"
    "race,ethnicity,education,firmage,firmsize,year,quarter"
)


@pytest.fixture(scope="module")
def analysis(labour, qcew):
    return analyze_occupations(labour, qcew, REGION, "62", 2020)


def by(items, challenge, figure):
    return next(e for e in items if e.challenge == challenge and e.figure == figure)


def test_every_code_is_one_of_the_challenge_typology():
    from convenor.lib.challenges import Challenge

    assert set(CODES) <= set(Challenge.values)


def test_unemployment_is_read_against_the_state(labour, analysis):
    rows = acs_rows(B23025)
    ohio = [c for c in rows if c.startswith("39")]
    assert len(ohio) == 88

    def rate(counties):
        unemployed = sum(int(rows[c]["B23025_005E"]) for c in counties)
        return unemployed / sum(int(rows[c]["B23025_003E"]) for c in counties)

    items = challenge_evidence(labour, analysis)
    figure = by(items, "recruitment_retention", "unemployment_rate")
    assert figure.value == round(rate(REGION), 4)
    assert figure.compared_with == round(rate(ohio), 4)
    assert figure.reading == "supports"  # fewer unemployed than in Ohio: harder to recruit
    assert "against" in figure.statement and "state" in figure.statement


def test_without_qwi_turnover_and_age_are_said_to_be_unknowable(labour, analysis):
    items = challenge_evidence(labour, analysis)
    turnover = by(items, "turnover", "turnover")
    older = by(items, "retirement", "older_workers")
    assert turnover.reading == older.reading == "cannot_show"
    assert "QWI" in turnover.statement and "QWI" in older.statement
    assert by(items, "recruitment_retention", "vacancies").reading == "cannot_show"
    assert by(items, "training_slots", "supply").reading == "cannot_show"


def test_retirement_reads_the_ep_exit_rate_against_all_occupations(labour, analysis):
    items = challenge_evidence(labour, analysis)
    figure = by(items, "retirement", "labor_force_exit_rate")
    total = labour.records(
        lambda: labour.table("ep").filter(
            lambda t: (t.edition == "2024-34") & (t.soc_code == "00-0000")
        )
    )[0]
    assert figure.compared_with == total["labor_force_exit_rate"]
    assert figure.reading == ("supports" if figure.value > figure.compared_with else "weakens")


def test_recorded_programs_give_the_training_slots_figure(labour, analysis):
    gap = supply_gap(
        labour, analysis, [{"cip_code": "51.3801", "award_level": 5, "completers": 100000}]
    )
    items = challenge_evidence(labour, analysis, gap=gap)
    figure = by(items, "training_slots", "supply_gap")
    assert figure.reading in ("supports", "weakens", "neutral")
    assert "critical occupations" in figure.statement


def _qwi_file(path):
    """A small extract in the LEHD layout (constructed figures, for the arithmetic only:
    no real QWI data could be had; see tests/occupations/data/README.md)."""
    lines = [f"{IDS},Emp,sEmp,EmpS,sEmpS,TurnOvrS,sTurnOvrS"]
    figures = {
        # (county, industry, quarter): (all ages, 55-64, 65+, stable jobs, turnover)
        ("39049", "62", 1): (100000, 20000, 5000, 90000, 0.08),
        ("39041", "62", 1): (20000, 3000, 1000, 18000, 0.06),
        ("39049", "00", 1): (700000, 100000, 30000, 600000, 0.07),
        ("39041", "00", 1): (120000, 15000, 5000, 100000, 0.05),
        ("39049", "62", 2): (101000, 20000, 5000, 91000, 0.09),
    }
    for (county, industry, quarter), (emp, a7, a8, stable, turnover) in figures.items():
        level = "A" if industry == "00" else "S"
        for age, value in (("A00", emp), ("A07", a7), ("A08", a8)):
            extra = f"{stable},1,{turnover},1" if age == "A00" else ",,,"
            lines.append(
                f"Q,U,C,{county},{level},{industry},A05,0,{age},A0,A0,E0,0,0,2024,{quarter},"
                f"{value},1,{extra}"
            )
    # Delaware's Q2 figure is suppressed: Q2 is not complete, Q1 is used.
    lines.append("Q,U,C,39041,S,62,A05,0,A00,A0,A0,E0,0,0,2024,2,,5,,5,,5")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_qwi_extract_gives_older_workers_and_turnover(labour_dir, qcew, tmp_path):
    root = tmp_path / "labour"
    shutil.copytree(labour_dir, root)
    (result,) = ingest([_qwi_file(tmp_path / "qwi_oh_extract.csv")], root)
    assert (result.dataset, result.layout) == ("qwi", "lehd-qwi")
    with connect(root) as store:
        suppressed = store.records(lambda: store.table("qwi").filter(lambda t: t.status == "5"))
        assert suppressed and all(r["value"] is None for r in suppressed)
        analysis = analyze_occupations(store, qcew, REGION, "62", 2020)
        items = challenge_evidence(store, analysis)
    older = by(items, "retirement", "older_workers")
    assert older.value == round((20000 + 5000 + 3000 + 1000) / (100000 + 20000), 4)
    assert older.compared_with == round((100000 + 30000 + 15000 + 5000) / (700000 + 120000), 4)
    assert older.reading == "supports" and "2024 Q1" in older.statement
    turnover = by(items, "turnover", "turnover")
    assert turnover.value == round((0.08 * 90000 + 0.06 * 18000) / (90000 + 18000), 4)
    assert turnover.compared_with == round((0.07 * 600000 + 0.05 * 100000) / 700000, 4)
    assert "QWI has no occupations" in turnover.statement


def test_entry_level_reads_the_separations_of_the_industrys_entry_jobs(labour, analysis):
    items = challenge_evidence(labour, analysis)
    figure = by(items, "entry_level", "separations_rate")
    entry = [
        r
        for r in analysis.records()
        if r["entry_education"]
        in ("No formal educational credential", "High school diploma or equivalent")
        and r["separations_rate"] is not None
        and r["industry_share"]
    ]
    weights = sum(r["industry_share"] for r in entry)
    expected = sum(r["industry_share"] * r["separations_rate"] for r in entry) / weights
    assert figure.value == round(expected, 1)
    assert figure.reading == ("supports" if figure.value > figure.compared_with else "weakens")
    assert by(items, "entry_level", "retention").reading == "cannot_show"
