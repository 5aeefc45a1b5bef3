"""OEWS in BLS's time-series layout (``download.bls.gov/pub/time.series/oe/``).

``oe.data.*``: tab-separated ``series_id, year, period, value,
footnote_codes`` (BLS pads fields with spaces; they are stripped). A series
id is ``OE`` + ``U`` + area type (``N``/``S``/``M``) + 7-digit area +
6-digit industry + 6-digit occupation + 2-digit datatype (``oe.datatype``:
01 employment ... 17 location quotient). Rows of one area, industry and
occupation become one stored OEWS row with the columns of the workbooks.

An unreleased value is ``-`` with a footnote saying why; it is stored as a
flag with the same markers the workbooks use: footnote 5 ("equal to or
greater than $115.00 per hour or $239,200 per year") is ``#``; an
employment figure not released is ``**``; a wage not released (footnote 8)
or not published for an annual-only occupation (footnote 4) is ``*``.

Occupation titles and levels come from ``oe.occupation`` (``display_level``
3 = detailed, 2 = broad, 1 = minor, 0 = major), which must be in the same
ingest or already stored; area titles from ``oe.area`` when loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from convenor.analysis.occupations.errors import LabourIngestError
from convenor.analysis.occupations.readers.common import (
    ColumnBuilder,
    Parsed,
    csv_rows,
    integer,
    number,
    oews_slice,
    skipped,
)
from convenor.analysis.occupations.schemas import (
    CROSS_INDUSTRY,
    MARKER_EMPLOYMENT_UNKNOWN,
    MARKER_TOP_CODED,
    MARKER_WAGE_UNKNOWN,
    NATIONAL,
    OEWS_MEASURES,
    SLICE,
)

LAYOUT = "oews-timeseries"
DATATYPES = {
    "01": "tot_emp",
    "02": "emp_prse",
    "03": "h_mean",
    "04": "a_mean",
    "05": "mean_prse",
    "06": "h_pct10",
    "07": "h_pct25",
    "08": "h_median",
    "09": "h_pct75",
    "10": "h_pct90",
    "11": "a_pct10",
    "12": "a_pct25",
    "13": "a_median",
    "14": "a_pct75",
    "15": "a_pct90",
    "16": "jobs_1000",
    "17": "loc_quotient",
}
EMPLOYMENT_TYPES = {"01", "02", "16", "17"}
HOURLY_TYPES = {"03", "06", "07", "08", "09", "10"}
ANNUAL_TYPES = {"04", "11", "12", "13", "14", "15"}
SERIES = re.compile(r"^OEU([NSM])(\d{7})([0-9A-Z-]{6})(\d{6})(\d{2})$")
LEVEL_GROUPS = {0: "major", 1: "minor", 2: "broad", 3: "detailed"}
SECTOR_RANGES = {"31": "31-33", "44": "44-45", "48": "48-49"}
# OEWS's own code for "all ownerships" (federal, state, local, private), as the
# cross-industry workbooks print it.
ALL_OWNERSHIPS = "1235"
# BLS's other oe.* reference files: recognised, nothing to store.
REFERENCE_HEADERS = {
    "datatype_code",
    "footnote_code",
    "industry_code",
    "areatype_code",
    "seasonal",
    "seasonal_code",
    "sector_code",
    "release_date",
}


def header_of(line: str) -> list[str]:
    """The tab-separated header's names, stripped and lower-case."""
    return [h.strip().lower() for h in line.split("\t")]


def kind_of(line: str) -> str | None:
    """``data``, ``occupation``, ``area``, ``reference`` or ``None`` for another file."""
    if "\t" not in line:
        return None
    names = header_of(line)
    if names[:4] == ["series_id", "year", "period", "value"]:
        return "data"
    if {"occupation_code", "occupation_name", "display_level"} <= set(names):
        return "occupation"
    if {"area_code", "area_name", "areatype_code"} <= set(names):
        return "area"
    if names and names[0] in REFERENCE_HEADERS:
        return "reference"
    return None


def soc(code: str) -> str:
    """``291141`` -> ``29-1141``."""
    return f"{code[:2]}-{code[2:]}"


def area_key(areatype: str, code: str) -> tuple[str, str]:
    """``("M", "0018140")`` -> ``("msa", "18140")``, the stored area type and code."""
    if areatype == "N":
        return "national", NATIONAL
    if areatype == "S":
        return "state", code[:2]
    if code.startswith("00"):
        return "msa", code[2:]
    return "nonmetro", code


def read_occupations(path: Path, name: str) -> Parsed:
    """``oe.occupation``: codes, titles and display levels."""
    builder = ColumnBuilder("oe_occupation")
    index: dict[str, int] = {}
    for line, fields in csv_rows(path, name, delimiter="\t"):
        fields = [f.strip() for f in fields]
        if line == 1:
            index = {h: i for i, h in enumerate(header_of("\t".join(fields)))}
            continue
        if not any(fields):
            continue
        code = fields[index["occupation_code"]]
        if not re.fullmatch(r"\d{6}", code):
            raise LabourIngestError(
                name, f"not an occupation code: {code!r}", line=line, column="occupation_code"
            )
        level_text = fields[index["display_level"]]
        if not level_text.isdigit():
            raise LabourIngestError(
                name, f"not a level: {level_text!r}", line=line, column="display_level"
            )
        builder.add(
            {
                "soc_code": soc(code),
                "soc_title": fields[index["occupation_name"]],
                "display_level": int(level_text),
                SLICE: f"oe_occupation|{code}",
            }
        )
    if not len(builder):
        raise LabourIngestError(name, "no rows under the header", line=2)
    return Parsed(
        "oe_occupation", "oews-occupation-codes", builder.table(), {"codes": len(builder)}
    )


def read_areas(path: Path, name: str) -> Parsed:
    """``oe.area``: area codes, types and names."""
    builder = ColumnBuilder("oe_area")
    index: dict[str, int] = {}
    for line, fields in csv_rows(path, name, delimiter="\t"):
        fields = [f.strip() for f in fields]
        if line == 1:
            index = {h: i for i, h in enumerate(header_of("\t".join(fields)))}
            continue
        if not any(fields):
            continue
        areatype = fields[index["areatype_code"]]
        code = fields[index["area_code"]]
        if areatype not in ("N", "S", "M") or not re.fullmatch(r"\d{7}", code):
            raise LabourIngestError(
                name, f"not an OEWS area: {areatype!r} {code!r}", line=line, column="area_code"
            )
        kind, stored = area_key(areatype, code)
        builder.add(
            {
                "area_type": kind,
                "area_code": stored,
                "area_title": fields[index["area_name"]],
                SLICE: f"oe_area|{kind}|{stored}",
            }
        )
    if not len(builder):
        raise LabourIngestError(name, "no rows under the header", line=2)
    return Parsed("oe_area", "oews-area-codes", builder.table(), {"areas": len(builder)})


def read_reference(name: str) -> Parsed:
    """BLS's other reference files (datatype, footnote ...): codes Convenor builds in."""
    return skipped("oews-reference", "BLS reference codes; Convenor carries them itself")


def read_data(
    path: Path,
    name: str,
    occupations: Callable[[], dict[str, tuple[str, int]]],
    areas: Callable[[], dict[tuple[str, str], str]],
) -> Parsed:
    """``oe.data.*``: one stored row per year, area, industry and occupation.

    ``occupations()`` gives ``{"29-1141": (title, display_level)}`` and
    ``areas()`` ``{("msa", "18140"): title}`` from the same ingest or the store.
    """
    known = occupations()
    if not known:
        raise LabourIngestError(
            name,
            "needs BLS's oe.occupation file (occupation titles and levels): ingest it with "
            "this file or before it",
        )
    titles = areas()
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    for line, fields in csv_rows(path, name, delimiter="\t"):
        fields = [f.strip() for f in fields]
        if line == 1:
            if [h.lower() for h in fields[:4]] != ["series_id", "year", "period", "value"]:
                raise LabourIngestError(name, "not an OEWS time-series data file", line=1)
            continue
        if not any(fields):
            continue
        if len(fields) < 4:
            raise LabourIngestError(name, f"row has {len(fields)} fields, expected 5", line=line)
        series, year_text, period, value = fields[:4]
        footnotes = set(re.split(r"[,\s]+", fields[4])) - {""} if len(fields) > 4 else set()
        match = SERIES.match(series)
        if not match:
            raise LabourIngestError(
                name, f"not an OEWS series id: {series!r}", line=line, column="series_id"
            )
        areatype, area, industry, occupation, datatype = match.groups()
        if datatype not in DATATYPES:
            raise LabourIngestError(
                name, f"unknown datatype {datatype!r} in {series}", line=line, column="series_id"
            )
        if not year_text.isdigit() or period != "A01":
            raise LabourIngestError(
                name,
                f"expected an annual (A01) estimate, not {year_text!r} {period!r}",
                line=line,
                column="period",
            )
        code = soc(occupation)
        if code not in known:
            raise LabourIngestError(
                name,
                f"occupation {code} is not in the loaded oe.occupation file",
                line=line,
                column="series_id",
            )
        year = int(year_text)
        kind, area_code = area_key(areatype, area)
        industry_code, level = _industry(industry)
        own = ALL_OWNERSHIPS if industry_code == CROSS_INDUSTRY else ""
        key = (year, kind, area_code, industry_code, code)
        row = rows.get(key)
        if row is None:
            title, display = known[code]
            group = "total" if code == "00-0000" else LEVEL_GROUPS.get(display, "detailed")
            row = {
                "year": year,
                "area_type": kind,
                "area_code": area_code,
                "area_title": titles.get((kind, area_code), ""),
                "prim_state": None,
                "industry_code": industry_code,
                "industry_level": level,
                "industry_title": "Cross-industry" if industry_code == CROSS_INDUSTRY else "",
                "own_code": own,
                "soc_code": code,
                "soc_title": title,
                "o_group": group,
                "broad_too": False,
                "annual_only": False,
                "hourly_only": False,
                SLICE: oews_slice(year, kind, area_code, industry_code, own),
            }
            rows[key] = row
        column = DATATYPES[datatype]
        if f"{column}_flag" in row or row.get(column) is not None:
            raise LabourIngestError(name, f"series {series} listed twice", line=line)
        number_, marker = number(value)
        if marker is not None:
            if marker != "-":
                raise LabourIngestError(name, f"not a number: {value!r}", line=line, column="value")
            if "5" in footnotes:
                marker = MARKER_TOP_CODED
            elif datatype in EMPLOYMENT_TYPES:
                marker = MARKER_EMPLOYMENT_UNKNOWN
            else:
                marker = MARKER_WAGE_UNKNOWN
                if "4" in footnotes and datatype in HOURLY_TYPES:
                    row["annual_only"] = True
                if "4" in footnotes and datatype in ANNUAL_TYPES:
                    row["hourly_only"] = True
        row[column] = integer(number_) if OEWS_MEASURES[column] == "int64" else number_
        row[f"{column}_flag"] = marker
    if not rows:
        raise LabourIngestError(name, "no data rows under the header", line=2)
    builder = ColumnBuilder("oews")
    for row in rows.values():
        builder.add(row)
    areas_seen = sorted({f"{k[1]}:{k[2]}" for k in rows})
    return Parsed(
        dataset="oews",
        layout=LAYOUT,
        table=builder.table(),
        summary={
            "years": sorted({k[0] for k in rows}),
            "areas": areas_seen if len(areas_seen) <= 12 else len(areas_seen),
            "occupations": len({k[4] for k in rows}),
        },
    )


def _industry(code: str) -> tuple[str, str]:
    if code == CROSS_INDUSTRY:
        return CROSS_INDUSTRY, "cross-industry"
    if code.isdigit():
        stripped = code.rstrip("0")
        if len(stripped) < 2:
            stripped = code[:2]
        if len(stripped) == 2:
            return SECTOR_RANGES.get(stripped, stripped), "sector"
        return stripped, str(len(stripped))
    return code, "other"
