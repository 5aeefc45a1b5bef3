"""The engine's computed LQ against the LQs BLS published in the real Ohio county files.

No national (US000) file is in the repository, so the nation's share of each
ownership and industry comes from BLS's own published LQs of the *other*
counties: an LQ printed to two decimals bounds the share to
``[(e/E) / (LQ + 0.005), (e/E) / (LQ - 0.005)]``, and the share used is the
middle of what every other county allows. A national file is written with
those shares (a large round total, so its own rounding is nil), loaded
beside the left-out county's real file, and the engine computes that
county's LQ the way it does with a real US000 file (``lq_source``
``computed``). Each LQ is then checked against the one BLS printed for that
county: within BLS's rounding (0.005) plus what the other counties leave
open about the share (half the interval, carried into the LQ), plus the
engine's own rounding of LQs to four decimals.

Both computed paths are checked: ``all_area_lq`` (``convenor qcew lq``) for
every cell, and ``analyze_region`` (the table on pages, API, CLI) for every
ownership at the sector level and for private ownership at every level.

Nothing here comes from the project's own generator: the employment, the
totals and the published LQs are BLS's.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from convenor.analysis.analyze import analyze_region
from convenor.analysis.ingest import ingest
from convenor.analysis.location_quotient import all_area_lq
from convenor.analysis.reference import LEVELS, OWNERSHIPS
from convenor.analysis.store import connect
from tests.analysis.helpers import disclosed, ohio_file, read_rows, write_rows

COUNTIES = ["39041", "39045", "39047", "39049", "39073"]
HALF_CENT = 0.005  # BLS prints LQs to two decimals
ENGINE_ROUNDING = 0.00005  # analyze_region gives LQs to four decimals
# Where the other counties pin the national share this closely (in LQ terms),
# every computed LQ must fall within BLS's rounding of the published one.
PINNED = 0.02
NATION_TOTAL = 10**12  # so that the written national figures carry no rounding of their own
OWNERSHIP_OF = {codes[0]: name for name, codes in OWNERSHIPS.items() if len(codes) == 1}
LEVEL_OF = {digit: name for name, digit in LEVELS.items()}

Cell = tuple[int, str, int]  # own_code, industry_code, agglvl_code's last digit


def _county_cells(area: str) -> tuple[int, dict[Cell, tuple[int, float]]]:
    """The county's all-ownership total and, per cell, (employment, published LQ)."""
    total = 0
    cells: dict[Cell, tuple[int, float]] = {}
    for row in read_rows(ohio_file("a", area)):
        own, digit = int(row["own_code"]), int(row["agglvl_code"]) % 10
        if own == 0 and row["industry_code"] == "10":
            total = int(row["annual_avg_emplvl"])
        elif (
            own in OWNERSHIP_OF
            and disclosed(row)
            and row["lq_disclosure_code"] == ""
            and row["lq_annual_avg_emplvl"]
        ):
            cells[(own, row["industry_code"], digit)] = (
                int(row["annual_avg_emplvl"]),
                float(row["lq_annual_avg_emplvl"]),
            )
    return total, cells


@pytest.fixture(scope="module")
def published() -> dict[str, tuple[int, dict[Cell, tuple[int, float]]]]:
    return {area: _county_cells(area) for area in COUNTIES}


def _share_bounds(total: int, employment: int, lq: float) -> tuple[float, float]:
    """The national share N[o,i]/N that an LQ printed to two decimals allows."""
    share = employment / total
    high = share / (lq - HALF_CENT) if lq > HALF_CENT else float("inf")
    return share / (lq + HALF_CENT), high


def _national_shares(published, left_out: str) -> dict[Cell, tuple[float, float]]:
    """Per cell, the share interval every county but ``left_out`` agrees on (if any)."""
    bounds: dict[Cell, list[tuple[float, float]]] = defaultdict(list)
    for area, (total, cells) in published.items():
        if area == left_out:
            continue
        for cell, (employment, lq) in cells.items():
            if employment > 0 and lq > 0:
                bounds[cell].append(_share_bounds(total, employment, lq))
    agreed = {}
    for cell, intervals in bounds.items():
        low, high = max(b[0] for b in intervals), min(b[1] for b in intervals)
        if low <= high:
            agreed[cell] = (low, high)
    return agreed


def _national_file(path: Path, shares: dict[Cell, tuple[float, float]]) -> Path:
    """A US000 annual file in BLS's layout with those shares of a round total."""
    template = read_rows(ohio_file("a", "39047"))[0]
    fields = list(template)

    def row(own: int, industry: str, agglvl: int, employment: int) -> dict[str, str]:
        out = {f: "" for f in fields}
        out.update(
            area_fips="US000",
            own_code=str(own),
            industry_code=industry,
            agglvl_code=str(agglvl),
            size_code="0",
            year="2020",
            qtr="A",
            annual_avg_estabs="1",
            annual_avg_emplvl=str(employment),
            total_annual_wages="0",
        )
        return out

    rows = [row(0, "10", 10, NATION_TOTAL)]
    for (own, industry, digit), (low, high) in sorted(shares.items()):
        rows.append(row(own, industry, 10 + digit, round((low + high) / 2 * NATION_TOTAL)))
    return write_rows(path, rows, fields)


@pytest.fixture(scope="module")
def comparisons(published, tmp_path_factory):
    """Per left-out county: the engine's LQs (both computed paths) beside BLS's."""
    out = []
    for area in COUNTIES:
        shares = _national_shares(published, area)
        folder = tmp_path_factory.mktemp(f"lq-{area}")
        nation = _national_file(folder / "US000.csv", shares)
        ingest([ohio_file("a", area), nation], folder / "store")
        total, cells = published[area]
        with connect(folder / "store") as store:
            every = {
                (r["own_code"], r["industry_code"]): r["lq"]
                for r in all_area_lq(store, 2020).to_pylist()
                if r["area_fips"] == area
            }
            from_analysis: dict[Cell, tuple[float | None, str | None]] = {}
            runs = [(own, LEVELS["sector"]) for own in OWNERSHIP_OF]
            runs += [(5, digit) for digit in LEVEL_OF if digit != LEVELS["sector"]]
            for own, digit in runs:
                result = analyze_region(
                    store, area, 2020, ownership=OWNERSHIP_OF[own], level=LEVEL_OF[digit]
                )
                assert result.national_data
                for r in result.records():
                    from_analysis[(own, r["industry_code"], digit)] = (r["lq"], r["lq_source"])
        for cell, (employment, lq) in cells.items():
            if cell not in shares:
                continue  # no other county publishes this cell: the nation's share is unknown
            low, high = shares[cell]
            slack = HALF_CENT + (employment / total) * (1 / low - 1 / high) / 2 + ENGINE_ROUNDING
            engine_lq, source = from_analysis.get(cell, (None, None))
            out.append(
                {
                    "area": area,
                    "cell": cell,
                    "published": lq,
                    "engine": every[(cell[0], cell[1])],
                    "analysis": engine_lq,
                    "source": source,
                    "slack": slack,
                }
            )
    return out


def _off(c: dict, key: str = "engine") -> float:
    return abs(c[key] - c["published"])


def test_the_computed_lq_matches_bls_published_lq_within_its_rounding(comparisons):
    """Measured: 2,510 of 2,514 comparable cells within BLS's rounding; all 2,328 cells
    whose national share the other counties pin to within 0.02 of LQ.

    The four others are small mining and wood-product cells whose printed LQs
    (0.1, 3.05) no share consistent with the other counties reproduces: the
    files were downloaded at different times, and BLS revises national data.
    """
    assert len(comparisons) > 2000
    within = [c for c in comparisons if _off(c) <= c["slack"]]
    pinned = [c for c in comparisons if c["slack"] <= PINNED]
    worst = max(pinned, key=_off)
    print(
        f"\n{len(within)}/{len(comparisons)} computed LQs within BLS's rounding of the "
        f"published LQ ({len(within) / len(comparisons):.2%}); "
        f"{sum(_off(c) <= c['slack'] for c in pinned)}/{len(pinned)} where the national share "
        f"is pinned to {PINNED} of LQ (largest difference there {_off(worst):.4f})"
    )
    assert all(_off(c) <= c["slack"] for c in pinned)
    assert len(pinned) > 0.9 * len(comparisons)
    assert len(within) >= 0.998 * len(comparisons)


def test_the_analysis_table_computes_the_same_lq_as_the_all_area_command(comparisons):
    analysed = [c for c in comparisons if c["analysis"] is not None]
    assert len(analysed) > 1000
    assert {c["source"] for c in analysed} == {"computed"}
    for c in analysed:
        assert c["analysis"] == pytest.approx(c["engine"], abs=ENGINE_ROUNDING), c
