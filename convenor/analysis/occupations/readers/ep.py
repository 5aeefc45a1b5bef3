"""BLS Employment Projections: the ``occupation.xlsx`` workbook of an edition.

The table of occupational projections and worker characteristics (Table
1.2 in 2024-34, Table 1.7 in 2019-29) gives, per National Employment Matrix
occupation, employment in the base and projected years (thousands), the
change, the annual openings (thousands), the median wage and the typical
entry education, work experience and on-the-job training; the table of
separations and openings (Table 1.10) adds the labor-force exit and
occupational transfer rates. Each table is found by its title row and its
columns by their labels; the sheet must be named as its title says
(``Table 1.2``): a renamed sheet is refused. ``—`` ("data unavailable") is
stored as null.
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
    number,
    text,
)
from convenor.analysis.occupations.schemas import SLICE

LAYOUT = "ep-occupation"
PROJECTIONS = re.compile(
    r"^Table (\d+\.\d+) Occupational projections.*worker characteristics", re.S
)
SEPARATIONS = re.compile(r"^Table (\d+\.\d+) Occupational separations and openings", re.S)
UNAVAILABLE = {"\u2014", "\u2013", "-", "(X)"}  # em dash, en dash

# stored column -> pattern of the header label (case-insensitive).
PROJECTION_COLUMNS = {
    "soc_title": r"national employment matrix (occupation )?title",
    "soc_code": r"national employment matrix (occupation )?code",
    "occupation_type": r"occupation\s*type",
    "change_numeric": r"employment change, numeric",
    "change_percent": r"employment change, percent",
    "self_employed_percent": r"percent self employed",
    "openings": r"occupational openings",
    "median_wage": r"median annual wage",
    "entry_education": r"typical education needed for entry",
    "work_experience": r"work experience in a related occupation",
    "on_the_job_training": r"typical on-the-job training",
}
OPTIONAL = {"self_employed_percent", "median_wage"}
SEPARATION_COLUMNS = {
    "soc_code": r"national employment matrix (occupation )?code",
    "labor_force_exit_rate": r"labor force exit rate",
    "occupational_transfer_rate": r"occupational transfer rate",
    "separations_rate": r"total occupational separations rate",
}
NUMERIC = {
    "employment_base",
    "employment_projected",
    "change_numeric",
    "change_percent",
    "self_employed_percent",
    "openings",
    "median_wage",
    "labor_force_exit_rate",
    "occupational_transfer_rate",
    "separations_rate",
}


def find_tables(book: Any) -> dict[str, tuple[str, str]]:
    """``{"projections": (sheet, table number), "separations": ...}`` by title rows."""
    found: dict[str, tuple[str, str]] = {}
    for title in book.sheetnames:
        head = next(book[title].iter_rows(max_row=1, values_only=True), ())
        first = text(head[0]) if head else ""
        for key, pattern in (("projections", PROJECTIONS), ("separations", SEPARATIONS)):
            match = pattern.match(first)
            if match and key not in found:
                found[key] = (title, match.group(1))
    return found


def is_ep(book: Any) -> bool:
    """An EP occupation workbook: one sheet titled like its tables."""
    return bool(find_tables(book))


def read(book: Any, path: Path, name: str) -> Parsed:
    """Read the projections (and separations) tables of an EP occupation workbook."""
    tables = find_tables(book)
    if "projections" not in tables:
        raise LabourIngestError(
            name,
            "no table of occupational projections and worker characteristics (Table 1.2 of "
            f"2024-34, 1.7 of 2019-29) in sheets {', '.join(book.sheetnames)}",
        )
    sheet, number_ = tables["projections"]
    _check_name(name, sheet, number_)
    rows, years = _projections(book, name, sheet)
    separations_sheet = None
    if "separations" in tables:
        separations_sheet, sep_number = tables["separations"]
        _check_name(name, separations_sheet, sep_number)
        rates = _separations(book, name, separations_sheet)
        for code, values in rates.items():
            if code in rows:
                rows[code].update(values)
    base, projected = years
    edition = f"{base}-{str(projected)[2:]}"
    builder = ColumnBuilder("ep")
    for row in rows.values():
        row.update(
            {
                "edition": edition,
                "base_year": base,
                "projected_year": projected,
                SLICE: f"ep|{edition}",
            }
        )
        builder.add(row)
    return Parsed(
        dataset="ep",
        layout=LAYOUT,
        table=builder.table(),
        summary={
            "edition": edition,
            "sheets": [s for s in (sheet, separations_sheet) if s],
            "occupations": len(rows),
            "line_items": sum(1 for r in rows.values() if r["occupation_type"] == "Line item"),
        },
    )


def _check_name(name: str, sheet: str, number_: str) -> None:
    expected = f"Table {number_}"
    if sheet.strip() != expected:
        raise LabourIngestError(
            name,
            f"the sheet holding {expected} is named {sheet!r}: was it renamed? BLS names it "
            f"{expected!r}",
            sheet=sheet,
            row=1,
        )


def _header(
    header: tuple[Any, ...], wanted: dict[str, str], name: str, sheet: str
) -> dict[str, int]:
    labels = [text(v) for v in header]
    index: dict[str, int] = {}
    for column, pattern in wanted.items():
        for position, label in enumerate(labels):
            if re.search(pattern, label, re.IGNORECASE):
                index[column] = position
                break
    missing = [c for c in wanted if c not in index and c not in OPTIONAL]
    if missing:
        raise LabourIngestError(
            name,
            f"another layout: no column for {', '.join(missing)} in the header",
            sheet=sheet,
            row=2,
        )
    return index


def _projections(
    book: Any, name: str, sheet: str
) -> tuple[dict[str, dict[str, Any]], tuple[int, int]]:
    rows_iter = book[sheet].iter_rows(values_only=True)
    next(rows_iter, None)
    header = next(rows_iter, ())
    index = _header(header, PROJECTION_COLUMNS, name, sheet)
    employment = [
        (position, int(m.group(1)))
        for position, label in enumerate(text(v) for v in header)
        if (m := re.fullmatch(r"Employment, (\d{4})", label))
    ]
    if len(employment) != 2:
        raise LabourIngestError(
            name, "another layout: expected two 'Employment, YYYY' columns", sheet=sheet, row=2
        )
    (base_at, base), (projected_at, projected) = sorted(employment, key=lambda e: e[1])
    index["employment_base"] = base_at
    index["employment_projected"] = projected_at
    out: dict[str, dict[str, Any]] = {}
    for row_number, values in enumerate(rows_iter, start=3):
        row = _values(values, index, name, sheet, row_number)
        if row is None:
            continue
        code = row["soc_code"]
        if code in out:
            raise LabourIngestError(
                name, f"occupation {code} listed twice", sheet=sheet, row=row_number
            )
        row["soc_title"] = row["soc_title"].strip()
        out[code] = row
    if not out:
        raise LabourIngestError(name, "no occupation rows under the header", sheet=sheet, row=3)
    return out, (base, projected)


def _separations(book: Any, name: str, sheet: str) -> dict[str, dict[str, Any]]:
    rows_iter = book[sheet].iter_rows(values_only=True)
    next(rows_iter, None)
    index = _header(next(rows_iter, ()), SEPARATION_COLUMNS, name, sheet)
    out: dict[str, dict[str, Any]] = {}
    for row_number, values in enumerate(rows_iter, start=3):
        row = _values(values, index, name, sheet, row_number)
        if row is not None:
            row.pop("soc_code")
            out[text(values[index["soc_code"]])] = row
    return out


def _values(
    values: tuple[Any, ...], index: dict[str, int], name: str, sheet: str, row_number: int
) -> dict[str, Any] | None:
    def cell(column: str) -> Any:
        position = index.get(column)
        return values[position] if position is not None and position < len(values) else None

    code = text(cell("soc_code"))
    if not code:
        # Notes and sources under the table ("Note: ...", "Source: ...", "[1] ...").
        return None
    if not SOC_CODE.match(code):
        raise LabourIngestError(
            name, f"not an occupation code: {code!r}", sheet=sheet, row=row_number
        )
    row: dict[str, Any] = {"soc_code": code}
    for column in index:
        if column == "soc_code":
            continue
        raw = cell(column)
        if column in NUMERIC:
            value, marker = number(raw)
            if marker is not None and marker not in UNAVAILABLE:
                if column != "median_wage":
                    raise LabourIngestError(
                        name,
                        f"not a number: {marker!r}",
                        sheet=sheet,
                        row=row_number,
                        column=column,
                    )
                row["median_wage_flag"] = marker
            elif marker is not None and column == "median_wage":
                row["median_wage_flag"] = marker
            row[column] = value
        else:
            shown = text(raw)
            row[column] = None if shown in UNAVAILABLE or not shown else shown
    if "soc_title" in index:
        row["soc_title"] = text(cell("soc_title")) if cell("soc_title") is not None else ""
    return row
