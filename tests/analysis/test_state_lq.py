"""The LQ against the region's state (``lq_state``), checked against the file's own rows.

Every expected value is worked out here from the county and state rows of
the benchmark generator's Delaware-Maryland file (BLS's layout, counties and
their states ``10000``, ``24000``): the region's share of its jobs in an
industry over the state's share, both with the all-ownership total as the
denominator, as BLS computes its LQs.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from convenor.analysis.analyze import analyze_region
from convenor.analysis.ingest import ingest
from convenor.analysis.store import connect
from tests.analysis.helpers import disclosed, ohio_file, read_rows, write_rows

SECTOR_DIGIT = "4"  # agglvl 74 (county) and 54 (state): NAICS sectors by ownership


@pytest.fixture(scope="module")
def cells(two_states_file: Path) -> dict[tuple[str, str, str], int | None]:
    """(area, own_code, industry) -> employment, None where BLS's code says not disclosed."""
    out: dict[tuple[str, str, str], int | None] = {}
    for row in read_rows(two_states_file):
        if row["agglvl_code"][1] not in ("0", SECTOR_DIGIT) or row["size_code"] != "0":
            continue
        key = (row["area_fips"], row["own_code"], row["industry_code"])
        out[key] = int(row["annual_avg_emplvl"]) if disclosed(row) else None
    return out


def by_hand(cells, counties: list[str], state: str) -> dict[str, float]:
    """Per private sector: (region jobs / region total) / (state jobs / state total)."""
    region_total = sum(cells[(c, "0", "10")] for c in counties)
    state_total = cells[(state, "0", "10")]
    region: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    for (area, own, industry), jobs in cells.items():
        if area in counties and own == "5" and industry != "10" and jobs is not None:
            region[industry] += jobs
            seen[industry] += 1
    expected = {}
    for industry, jobs in region.items():
        in_state = cells.get((state, "5", industry))
        if in_state:  # a suppressed or absent state cell: no LQ (never against a zero)
            expected[industry] = (jobs / region_total) / (in_state / state_total)
    return expected


def test_a_countys_lq_state_is_its_share_over_the_states_share(two_states, cells):
    county = "10003"  # New Castle County, Delaware
    result = analyze_region(two_states, county, 2020)
    expected = by_hand(cells, [county], "10000")
    assert result.meta()["state"] == {
        "code": "10000",
        "name": "Delaware",
        "loaded": True,
        "share": None,
        "other_states": [],
    }
    got = {r["industry_code"]: r["lq_state"] for r in result.records()}
    assert len(expected) >= 5  # Delaware has three counties: many state cells are hidden
    for industry, value in expected.items():
        assert got[industry] == pytest.approx(value, abs=5e-5), industry
    # Where the county or the state did not disclose, the LQ is empty, not 0.
    for row in result.records():
        if row["industry_code"] not in expected:
            assert row["lq_state"] is None
    # And it differs from the LQ against the nation (two states here): another base.
    assert any(
        r["lq"] is not None and abs(r["lq"] - r["lq_state"]) > 0.05
        for r in result.records()
        if r["lq_state"] is not None
    )


def test_a_region_across_a_state_line_uses_the_state_with_most_of_its_jobs(two_states, cells):
    counties = ["10001", "24015", "24029"]  # Kent DE; Cecil and Kent MD
    totals = {c: cells[(c, "0", "10")] for c in counties}
    in_md = totals["24015"] + totals["24029"]
    state, share = ("24000", in_md / sum(totals.values()))
    if share < 0.5:
        state, share = ("10000", 1 - share)
    result = analyze_region(two_states, counties, 2020)
    meta = result.meta()["state"]
    assert meta["code"] == state
    assert meta["share"] == pytest.approx(share, abs=1e-4)
    assert meta["other_states"] == [s for s in ("10000", "24000") if s != state]
    other = "Maryland" if state == "10000" else "Delaware"
    note = next(n for n in result.notes if "crosses a state line" in n)
    assert f"which holds {share:.0%} of the region's employment" in note
    assert other in note
    expected = by_hand(cells, counties, state)
    got = {r["industry_code"]: r["lq_state"] for r in result.records()}
    assert len(expected) > 10
    for industry, value in expected.items():
        assert got[industry] == pytest.approx(value, abs=5e-5), industry


def test_the_lq_state_is_the_same_with_estimates_for_every_disclosed_row(two_states):
    plain = analyze_region(two_states, ["10003", "24015"], 2020, level="4")
    estimated = analyze_region(
        two_states, ["10003", "24015"], 2020, level="4", estimate_suppressed=True
    )
    before = {r["industry_code"]: r["lq_state"] for r in plain.records()}
    compared = [r for r in estimated.records() if not r["estimated"]]
    assert compared
    for row in compared:
        assert row["lq_state"] == before[row["industry_code"]]


def test_a_state_region_has_no_lq_against_itself(two_states):
    result = analyze_region(two_states, "10000", 2020)
    assert result.meta()["state"] is None
    assert all(r["lq_state"] is None for r in result.records())
    assert any("no LQ against the state" in n for n in result.notes)


def test_without_the_state_file_the_lq_state_is_empty_with_a_note(ohio):
    """The real Ohio counties: no 39000 file is in the repository (none was found)."""
    result = analyze_region(ohio, ["39049", "39041"], 2020)
    assert result.meta()["state"]["code"] == "39000"
    assert result.meta()["state"]["loaded"] is False
    assert all(r["lq_state"] is None for r in result.records())
    note = next(n for n in result.notes if "State data for Ohio (39000) is not loaded" in n)
    assert "convenor qcew fetch --year 2020 --period a --area 39000" in note
    assert "not zero" in note


def test_a_region_across_states_with_no_state_loaded_says_which_state_it_would_use(tmp_path):
    """Franklin County, Ohio beside a made-up Indiana county: the jobs decide the state."""
    rows = read_rows(ohio_file("a", "39073"))  # Hocking, the smallest of the five
    indiana = [dict(r, area_fips="18001") for r in rows]
    root = tmp_path / "qcew"
    ingest(
        [ohio_file("a", "39049"), write_rows(tmp_path / "18001.csv", indiana, list(rows[0]))], root
    )
    with connect(root) as store:
        result = analyze_region(store, ["18001", "39049"], 2020)
    meta = result.meta()["state"]
    assert (meta["code"], meta["loaded"], meta["other_states"]) == ("39000", False, ["18000"])
    assert any("uses Ohio (39000)" in n and "Indiana (18000)" in n for n in result.notes)
    assert any("State data for Ohio (39000) is not loaded" in n for n in result.notes)
    assert all(r["lq_state"] is None for r in result.records())
