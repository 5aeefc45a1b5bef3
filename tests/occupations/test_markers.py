"""``**``, ``*``, ``#`` and ``~`` are never read as numbers: every cell of the real files."""

from __future__ import annotations

import pytest

from convenor.analysis.occupations.readers.oews_timeseries import DATATYPES
from convenor.analysis.occupations.schemas import OEWS_MEASURES
from tests.occupations.helpers import NATIONAL, NATSECTOR, sheet_rows, timeseries


def _stored(labour, **where):
    def build():
        t = labour.table("oews")
        for column, value in where.items():
            t = t.filter(t[column] == value)
        return t

    return {(r["industry_code"], r["soc_code"]): r for r in labour.records(build)}


@pytest.mark.parametrize(
    ("path", "where"),
    [
        (NATSECTOR, {"year": 2024, "area_type": "national"}),
        (NATIONAL, {"year": 2025, "area_type": "national", "industry_code": "000000"}),
    ],
)
def test_every_workbook_cell_is_stored_as_a_number_or_as_its_marker(labour, path, where):
    stored = _stored(labour, **where)
    seen_markers: dict[str, int] = {}
    checked = 0
    for raw in sheet_rows(path):
        industry = "000000" if raw["I_GROUP"] == "cross-industry" else raw["NAICS"]
        row = stored[(industry, raw["OCC_CODE"])]
        for column in OEWS_MEASURES:
            cell = raw[column.upper()]
            value, flag = row[column], row[f"{column}_flag"]
            if isinstance(cell, str) and cell.strip():
                assert value is None, (raw["OCC_CODE"], column, cell)
                assert flag == cell
                seen_markers[cell] = seen_markers.get(cell, 0) + 1
            elif cell is None or cell == "":
                assert value is None and flag is None
            else:
                assert flag is None and value == pytest.approx(cell)
            checked += 1
    assert checked > 10000
    if path == NATSECTOR:
        # The trimmed workbook still holds every marker the README lists.
        assert {"**", "*", "#", "~"} <= set(seen_markers)


def test_unknown_employment_has_no_share_and_no_estimate(labour):
    stored = _stored(labour, year=2024, area_type="national", industry_code="62")
    unknown = [r for r in stored.values() if r["tot_emp_flag"] == "**"]
    assert unknown
    assert all(r["tot_emp"] is None and r["pct_total"] is None for r in unknown)


def test_time_series_dashes_become_the_workbooks_markers(labour):
    series = timeseries()
    stored = {
        (r["area_code"], r["soc_code"]): r
        for r in labour.records(
            lambda: labour.table("oews").filter(lambda t: t.area_type.isin(["msa", "state"]))
        )
    }
    counts = {"#": 0, "*": 0, "**": 0}
    for series_id, (value, footnotes) in series.items():
        area_type, area = series_id[3], series_id[4:11]
        if area_type not in "MS":
            continue
        code = area[2:] if area_type == "M" else area[:2]
        occupation = f"{series_id[17:19]}-{series_id[19:23]}"
        column = DATATYPES[series_id[23:25]]
        row = stored[(code, occupation)]
        if value == "-":
            expected = (
                "#"
                if "5" in footnotes
                else (
                    "**" if column in ("tot_emp", "emp_prse", "jobs_1000", "loc_quotient") else "*"
                )
            )
            assert row[column] is None and row[f"{column}_flag"] == expected, series_id
            counts[expected] += 1
        else:
            assert row[f"{column}_flag"] is None
            assert row[column] == pytest.approx(float(value))
    assert counts["#"] > 0 and counts["*"] > 0 and counts["**"] > 0
