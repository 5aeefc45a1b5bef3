"""Readers of the real files, so tests derive expected values from them."""

from __future__ import annotations

import csv
import gzip
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl

DATA = Path(__file__).resolve().parent / "data"
NATSECTOR = DATA / "oews" / "natsector_M2024_dl.sectors-31-33-54-62.xlsx"
NATIONAL = DATA / "oews" / "national_M2025_dl.xlsx"
TIMESERIES = DATA / "oews" / "derived" / "oe.data.M2025.columbus_ohio_us.tsv.gz"
OCCUPATIONS = DATA / "oews" / "derived" / "oe.occupation.subset.tsv"
AREAS = DATA / "oews" / "derived" / "oe.area.subset.tsv"
EP_2024 = DATA / "ep" / "2024-34" / "occupation.xlsx"
EP_2019 = DATA / "ep" / "2019-29" / "occupation.xlsx"
CROSSWALK = DATA / "cip" / "CIP2020_SOC2018_Crosswalk.xlsx"
CIP_LIST = DATA / "cip" / "CIPCode2020.csv.gz"
B15003 = DATA / "acs" / "ACSDT5Y2024.B15003" / "ACSDT5Y2024.B15003-Data.subset.csv"
B23025 = DATA / "acs" / "ACSDT5Y2024.B23025" / "ACSDT5Y2024.B23025-Data.subset.csv"


@cache
def sheet_rows(path: Path, sheet: str | None = None) -> list[dict[str, Any]]:
    """A workbook sheet (the first by default) as dicts keyed by its header row (cached:
    do not modify)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [str(h) for h in next(rows)]
        return [dict(zip(header, r, strict=False)) for r in rows if any(v is not None for v in r)]
    finally:
        book.close()


def ep_table(path: Path, sheet: str) -> dict[str, dict[str, Any]]:
    """An EP table (title row, header row, rows) as dicts by occupation code."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book[sheet].iter_rows(values_only=True)
        next(rows)
        header = [str(h) for h in next(rows)]
        out = {}
        for values in rows:
            record = dict(zip(header, values, strict=False))
            code = record[header[1]]
            if code:
                out[str(code)] = record
        return out
    finally:
        book.close()


def timeseries() -> dict[str, tuple[str, str]]:
    """The time-series file: series id -> (value, footnote codes), as printed."""
    with gzip.open(TIMESERIES, "rt", encoding="utf-8", newline="") as handle:
        return {
            r["series_id"]: (r["value"], r["footnote_codes"])
            for r in csv.DictReader(handle, delimiter="\t")
        }


def acs_rows(path: Path) -> dict[str, dict[str, str]]:
    """An ACS export's rows by county FIPS (the label line skipped)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return {r["GEO_ID"][-5:]: r for r in reader if r["GEO_ID"].startswith("0500000US")}


def qcew_employment(path: Path, industry: str, own_code: str = "5") -> str:
    """The annual employment BLS printed for one industry and ownership (a raw string)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["industry_code"] == industry and row["own_code"] == own_code:
                return str(row["annual_avg_emplvl"])
    raise KeyError(industry)
