"""Suppression: never a zero, lower bounds flagged, estimates opt-in and labelled."""

from __future__ import annotations

import csv
import io
import json
import random
import statistics

from convenor.analysis.analyze import analyze_region
from convenor.analysis.ingest import ingest
from convenor.analysis.regional import cells, period_rows
from convenor.analysis.store import connect
from convenor.analysis.suppression import fill_suppressed, levels_to
from tests.analysis.helpers import disclosed, ohio_file, read_rows, write_rows


def test_suppressed_cells_are_null_in_json_and_empty_in_csv(ohio):
    result = analyze_region(ohio, "39073", 2020, level="5")
    hidden = {r["industry_code"] for r in result.records() if r["suppressed"]}
    assert hidden
    for row in json.loads(result.to_json())["rows"]:
        if row["industry_code"] in hidden:
            assert row["employment"] is None
            assert row["total_wages"] is None
            assert row["avg_annual_pay"] is None
            assert row["lq"] is None
            assert row["establishments"] is not None  # still published
    lines = io.StringIO(result.to_csv())
    next(lines)  # the plain-English header; the machine names follow
    for row in csv.DictReader(lines):
        if row["industry_code"] in hidden:
            assert row["employment"] == row["total_wages"] == row["lq"] == row["lq_state"] == ""
            assert row["suppressed"] == "true"


def test_a_dash_row_means_no_data_and_is_left_out(ohio):
    dash = [r for r in read_rows(ohio_file("1", "39041")) if r["disclosure_code"] == "-"]
    assert dash
    result = analyze_region(ohio, "39041", 2020, period="1", ownership="private", level="6")
    codes = {r["industry_code"] for r in result.records()}
    for row in dash:
        if row["own_code"] == "5" and row["agglvl_code"] == "78":
            assert row["industry_code"] not in codes


def test_estimates_fill_suppressed_cells_and_are_labelled(ohio):
    plain = {
        r["industry_code"]: r for r in analyze_region(ohio, "39049", 2020, level="4").records()
    }
    filled = analyze_region(ohio, "39049", 2020, level="4", estimate_suppressed=True)
    assert any("estimated" in note for note in filled.notes)
    rows = filled.records()
    estimated = [r for r in rows if r["estimated"]]
    assert estimated
    for row in rows:
        before = plain[row["industry_code"]]
        if row["estimated"]:
            assert row["suppressed"] is True  # still BLS's status
            assert before["employment"] is None
            assert row["employment"] is not None
            assert row["score"] is None
            assert "estimated" in row["reasons"].lower()
        else:
            assert row["employment"] == before["employment"]


def test_estimates_share_only_what_the_parent_leaves(ohio):
    rows = period_rows(ohio.table(), 2020, "a")
    all_cells = cells(rows, ["39073"], [5], levels_to(8))
    filled = fill_suppressed(all_cells, 5).to_pyarrow().to_pylist()
    parents = {
        r["industry_code"]: int(r["annual_avg_emplvl"])
        for r in read_rows(ohio_file("a", "39073"))
        if r["own_code"] == "5" and r["agglvl_code"] == "74" and disclosed(r)
    }
    sectors = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45"}
    sectors.update({"48": "48-49", "49": "48-49"})
    by_sector: dict[str, int] = {}
    estimates: dict[str, int] = {}
    for cell in filled:
        if cell["employment"] is not None:
            sector = sectors.get(cell["industry_code"][:2], cell["industry_code"][:2])
            by_sector[sector] = by_sector.get(sector, 0) + cell["employment"]
            estimates[sector] = estimates.get(sector, 0) + cell["estimated"]
    assert sum(estimates.values()) > 5
    for sector, total in by_sector.items():
        if sector in parents:
            # Each estimate is rounded to a whole job: half a job of slack per estimate.
            assert total <= parents[sector] + estimates[sector] / 2


def test_estimating_randomly_hidden_real_cells_reports_the_error(tmp_path):
    """Hide known Franklin cells at random, in sibling pairs as BLS does, and estimate them.

    BLS suppresses a second sibling so the first cannot be found by
    subtraction; hiding pairs keeps the test as hard as real suppression.
    """
    rng = random.Random(20200)
    rows = read_rows(ohio_file("a", "39049"))
    groups: dict[str, list[dict]] = {}
    for r in rows:
        if r["own_code"] == "5" and r["agglvl_code"] in ("76", "77", "78") and disclosed(r):
            groups.setdefault(r["industry_code"][:-1], []).append(r)
    pairs = [g for g in groups.values() if len(g) >= 2]
    hidden = [cell for group in rng.sample(pairs, 40) for cell in rng.sample(group, 2)]
    truth = {r["industry_code"]: int(r["annual_avg_emplvl"]) for r in hidden}
    for r in hidden:
        r.update(
            disclosure_code="N",
            annual_avg_emplvl="0",
            total_annual_wages="0",
            avg_annual_pay="0",
            annual_avg_wkly_wage="0",
            lq_disclosure_code="N",
        )
    path = write_rows(tmp_path / "franklin-hidden.csv", rows, list(rows[0]))
    ingest([path], tmp_path / "store")
    store = connect(tmp_path / "store")
    table = period_rows(store.table(), 2020, "a")
    errors = []
    for digit in (6, 7, 8):
        filled = fill_suppressed(cells(table, ["39049"], [5], levels_to(digit)), digit)
        for cell in filled.to_pyarrow().to_pylist():
            if cell["industry_code"] in truth and cell["employment"] is not None:
                actual = truth[cell["industry_code"]]
                errors.append(abs(cell["employment"] - actual) / max(actual, 1))
    store.close()
    median = statistics.median(errors)
    within = sum(e <= 0.25 for e in errors) / len(errors)
    print(
        f"\nsuppression estimate on {len(errors)} hidden Franklin cells (sibling pairs): "
        f"median abs error {median:.0%}, {within:.0%} within 25%"
    )
    assert len(errors) >= 0.9 * len(truth)
    assert median < 0.6


def test_an_unknown_parent_leaves_its_children_suppressed(ohio):
    rows = period_rows(ohio.table(), 2020, "a")
    filled = fill_suppressed(cells(rows, ["39073"], [1], levels_to(8)), 8)
    source = {
        r["industry_code"]: r for r in read_rows(ohio_file("a", "39073")) if r["own_code"] == "1"
    }
    for cell in filled.to_pyarrow().to_pylist():
        parent = source.get(cell["industry_code"][:-1])
        if cell["suppressed"] and parent is not None and not disclosed(parent):
            # A 6-digit cell under a suppressed 5-digit one can only be estimated if the
            # 5-digit one was; it never becomes a published figure.
            assert cell["estimated"] or cell["employment"] is None
