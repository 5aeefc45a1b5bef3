"""OEWS workbooks: BLS's national, state, MSA, nonmetropolitan and industry files.

All of them share one layout, documented in each workbook's ``Field
Descriptions`` sheet: a data sheet first (named like ``national_M2025_dl``,
``MSA_M2024_dl``, ``nat4d_M2024_dl`` or ``All May 2024 data``), one header
row of 32 columns (``AREA ... HOURLY``), codes as text. The layout is
recognised by the header, wherever the columns are; the May year comes from
the sheet's name and must agree with the ``Field Descriptions`` title.

Markers stay flags: ``**`` (employment not available), ``*`` (wage not
available), ``#`` (at or above the top-coded wage), ``~`` (under 0.5
percent of establishments reported) are stored in ``<column>_flag`` with the
value null. An occupation BLS lists twice in one industry, once as ``broad``
and once as ``detailed`` (e.g. 31-1120), is stored once, as ``detailed``,
with ``broad_too`` set.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from convenor.analysis.occupations.errors import LabourIngestError
from convenor.analysis.occupations.readers.common import (
    SOC_CODE,
    ColumnBuilder,
    Parsed,
    integer,
    number,
    oews_slice,
    text,
)
from convenor.analysis.occupations.schemas import (
    CROSS_INDUSTRY,
    NATIONAL,
    OEWS_MARKERS,
    OEWS_MEASURES,
    SLICE,
)

LAYOUT = "oews-workbook"
REQUIRED = (
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "NAICS",
    "NAICS_TITLE",
    "I_GROUP",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
)
OPTIONAL = ("PRIM_STATE", "JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT")
FIELD_DESCRIPTIONS = "Field Descriptions"
DATA_SHEET = re.compile(r"^(?:[A-Za-z0-9]+_M(\d{4})_dl|All May (\d{4}) data)$", re.IGNORECASE)
# AREA_TYPE codes (Field Descriptions).
AREA_TYPES = {"1": "national", "2": "state", "3": "territory", "4": "msa", "6": "nonmetro"}
O_GROUPS = ("total", "major", "minor", "broad", "detailed")
# A re-saved workbook turns a sector range into its first number.
SECTOR_RANGES = {"31": "31-33", "44": "44-45", "48": "48-49"}


def is_oews_header(row: tuple[Any, ...]) -> bool:
    """A header row of the OEWS data-file layout (or an older one of BLS's)."""
    names = {text(v).upper() for v in row}
    return "OCC_CODE" in names and ("TOT_EMP" in names or "OCC_TITLE" in names)


def read(book: Any, path: Path, name: str, data_sheet: str) -> Parsed:
    """Read the OEWS workbook whose data sheet is ``data_sheet``."""
    year = _year(book, name, data_sheet)
    sheet = book[data_sheet]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    index = _columns(header, name, data_sheet)
    kept: dict[tuple[Any, ...], dict[str, Any]] = {}
    where: dict[tuple[Any, ...], int] = {}
    for number_, values in enumerate(rows, start=2):
        if all(v is None or text(v) == "" for v in values):
            continue
        row = _row(values, index, year, name, data_sheet, number_)
        key = (
            row["area_type"],
            row["area_code"],
            row["industry_code"],
            row["own_code"],
            row["soc_code"],
        )
        if key in kept:
            first = kept[key]
            groups = {first["o_group"], row["o_group"]}
            if groups != {"broad", "detailed"}:
                raise LabourIngestError(
                    name,
                    f"occupation {row['soc_code']} listed twice for industry "
                    f"{row['industry_code']} (first at row {where[key]})",
                    sheet=data_sheet,
                    row=number_,
                    column="OCC_CODE",
                )
            # Counted once: the detailed row, noting BLS also lists it as broad.
            detailed = first if first["o_group"] == "detailed" else row
            detailed["broad_too"] = True
            kept[key] = detailed
            continue
        kept[key] = row
        where[key] = number_
    if not kept:
        raise LabourIngestError(name, "no data rows under the header", sheet=data_sheet, row=2)
    builder = ColumnBuilder("oews")
    markers: dict[str, int] = {}
    for row in kept.values():
        for column in OEWS_MEASURES:
            flag = row.get(f"{column}_flag")
            if flag:
                markers[flag] = markers.get(flag, 0) + 1
        builder.add(row)
    rows_ = list(kept.values())
    areas = sorted({f"{r['area_type']}:{r['area_code']}" for r in rows_})
    industries = sorted({r["industry_code"] for r in rows_})
    return Parsed(
        dataset="oews",
        layout=LAYOUT,
        table=builder.table(),
        summary={
            "year": year,
            "sheet": data_sheet,
            "areas": areas if len(areas) <= 12 else len(areas),
            "industries": industries if len(industries) <= 12 else len(industries),
            "markers": markers,
            "broad_and_detailed_counted_once": sum(1 for r in rows_ if r["broad_too"]),
        },
    )


def _year(book: Any, name: str, data_sheet: str) -> int:
    match = DATA_SHEET.match(data_sheet)
    if not match:
        raise LabourIngestError(
            name,
            "the OEWS data sheet is not named as BLS names it (like 'national_M2025_dl' or "
            "'All May 2025 data', carrying the May year): was it renamed? Use the workbook "
            "as BLS publishes it",
            sheet=data_sheet,
            row=1,
        )
    year = int(match.group(1) or match.group(2))
    if FIELD_DESCRIPTIONS not in book.sheetnames:
        raise LabourIngestError(
            name,
            f"no sheet {FIELD_DESCRIPTIONS!r} (sheets: {', '.join(book.sheetnames)}): BLS's "
            "OEWS workbooks carry one; was it renamed?",
        )
    title = text(next(book[FIELD_DESCRIPTIONS].iter_rows(max_row=1, values_only=True), ("",))[0])
    stated = re.search(r"May (\d{4})", title)
    if stated and int(stated.group(1)) != year:
        raise LabourIngestError(
            name,
            f"the data sheet's name says May {year} but the Field Descriptions say {title!r}",
            sheet=FIELD_DESCRIPTIONS,
            row=1,
        )
    return year


def _columns(header: tuple[Any, ...], name: str, sheet: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, value in enumerate(header):
        label = text(value).upper()
        if label and label not in index:
            index[label] = position
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        older = [c for c in ("OCC_GROUP", "GROUP", "GROUP_") if c in index]
        hint = f" (it has {', '.join(older)}: an older BLS layout)" if older else ""
        raise LabourIngestError(
            name,
            f"another layout: no column {', '.join(missing[:4])}"
            f"{' ...' if len(missing) > 4 else ''}{hint}; Convenor reads the OEWS data-file "
            "layout of BLS's May 2019 and later workbooks (AREA ... O_GROUP, TOT_EMP ... HOURLY)",
            sheet=sheet,
            row=1,
        )
    return index


def _cell(values: tuple[Any, ...], index: dict[str, int], column: str) -> Any:
    position = index.get(column)
    if position is None or position >= len(values):
        return None
    return values[position]


def _row(
    values: tuple[Any, ...],
    index: dict[str, int],
    year: int,
    name: str,
    sheet: str,
    number_: int,
) -> dict[str, Any]:
    def fail(column: str, message: str) -> LabourIngestError:
        return LabourIngestError(name, message, sheet=sheet, row=number_, column=column)

    def get(column: str) -> str:
        return text(_cell(values, index, column))

    area_type = AREA_TYPES.get(get("AREA_TYPE"))
    if area_type is None:
        raise fail("AREA_TYPE", f"unknown area type {get('AREA_TYPE')!r}")
    area = get("AREA")
    if not area:
        raise fail("AREA", "empty area code")
    area_code = {
        "national": NATIONAL,
        "state": area.zfill(2),
        "territory": area.zfill(2),
        "msa": area.zfill(5),
        "nonmetro": area.zfill(7),
    }[area_type]
    industry_code, level = _industry(get("NAICS"), get("I_GROUP"), fail)
    soc = get("OCC_CODE")
    if not SOC_CODE.match(soc):
        raise fail("OCC_CODE", f"not a SOC code: {soc!r}")
    group = get("O_GROUP").lower()
    if group not in O_GROUPS:
        raise fail("O_GROUP", f"unknown occupation group {get('O_GROUP')!r}")
    row: dict[str, Any] = {
        "year": year,
        "area_type": area_type,
        "area_code": area_code,
        "area_title": get("AREA_TITLE"),
        "prim_state": get("PRIM_STATE") or None,
        "industry_code": industry_code,
        "industry_level": level,
        "industry_title": get("NAICS_TITLE"),
        "own_code": get("OWN_CODE"),
        "soc_code": soc,
        "soc_title": get("OCC_TITLE"),
        "o_group": group,
        "broad_too": False,
        "annual_only": _flag(get("ANNUAL"), fail, "ANNUAL"),
        "hourly_only": _flag(get("HOURLY"), fail, "HOURLY"),
    }
    for column, kind in OEWS_MEASURES.items():
        value, marker = number(_cell(values, index, column.upper()))
        if marker is not None and marker not in OEWS_MARKERS:
            shown = marker if len(marker) <= 40 else marker[:37] + "..."
            raise fail(column.upper(), f"not a number nor a BLS marker: {shown!r}")
        row[column] = integer(value) if kind == "int64" else value
        row[f"{column}_flag"] = marker
    row[SLICE] = oews_slice(year, area_type, area_code, industry_code, row["own_code"])
    return row


def _flag(value: str, fail: Any, column: str) -> bool:
    upper = value.upper()
    if upper in ("", "FALSE"):
        return False
    if upper == "TRUE":
        return True
    raise fail(column, f"expected TRUE or empty, not {value!r}")


def _industry(code: str, group: str, fail: Any) -> tuple[str, str]:
    """``(stored industry code, level)`` from NAICS and I_GROUP.

    Cross-industry rows are ``000000``; a sector keeps BLS's code (``62``,
    ``31-33``); an N-digit industry is its first N digits (``622000`` ->
    ``622``), the way QCEW writes NAICS codes. OEWS's own aggregates with
    letters (``3250A1``) are kept as printed.
    """
    label = group.strip().lower()
    if label.startswith("cross-industry"):
        return CROSS_INDUSTRY, "cross-industry"
    if not code:
        raise fail("NAICS", "empty industry code")
    if label == "sector":
        return SECTOR_RANGES.get(code, code), "sector"
    digits = re.fullmatch(r"([3-6])-digit", label)
    if not digits:
        raise fail("I_GROUP", f"unknown industry group {group!r}")
    size = int(digits.group(1))
    if code.isdigit() and len(code) == 6 and set(code[size:]) <= {"0"}:
        return code[:size], digits.group(1)
    return code, digits.group(1)
