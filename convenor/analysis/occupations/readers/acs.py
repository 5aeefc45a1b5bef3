"""ACS detailed tables as data.census.gov exports them (``ACSDT5Y2024.B15003-Data.csv``).

Line 1 names the variables (``GEO_ID, NAME, B15003_001E, B15003_001M,
...``), line 2 labels them (``Estimate!!Total:!!Bachelor's degree``), then
one line per geography. Each estimate and margin of error is stored as one
long row (table, vintage, geography, variable); annotations
(``*****`` controlled margin, ``-``, ``N``, ``(X)`` ...) are flags, never
numbers. The vintage (``ACS5Y2024``) comes from the export's file name, or
from its ``-Table-Notes.txt`` beside it. The export's ``-Column-Metadata.csv``
and ``-Table-Notes.txt`` are recognised and skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from convenor.analysis.occupations.errors import LabourIngestError
from convenor.analysis.occupations.readers.common import (
    ColumnBuilder,
    Parsed,
    csv_rows,
    number,
    skipped,
)
from convenor.analysis.occupations.schemas import SLICE

VARIABLE = re.compile(r"^([A-Z]\d{5}[A-Z]?)_(\d{3})([EM])$")
VINTAGE = re.compile(r"ACS(?:DT|ST|DP|SPP)?(\d)Y(\d{4})", re.IGNORECASE)
# data.census.gov's annotation symbols (and the API's jam values, as text).
ANNOTATIONS = {"-", "N", "(X)", "*****", "****", "***", "**", "+", "null", "*"}


def is_acs_header(line: str) -> bool:
    """``GEO_ID, NAME, <table>_001E ...``: a data.census.gov table export."""
    names = [n.strip().strip('"') for n in line.split(",")]
    return (
        len(names) > 2
        and names[0] == "GEO_ID"
        and names[1] == "NAME"
        and any(VARIABLE.match(n) for n in names[2:])
    )


def is_companion(path: Path, line: str) -> bool:
    """The export's column metadata or table notes (nothing to store)."""
    names = [n.strip().strip('"') for n in line.split(",")]
    return names[:2] == ["Column Name", "Label"] or path.name.endswith("-Table-Notes.txt")


def read_companion() -> Parsed:
    return skipped("acs-export-companion", "column labels or notes of an ACS export")


def _vintage(path: Path, name: str, table_id: str) -> str:
    match = VINTAGE.search(Path(name).name) or VINTAGE.search(path.name)
    if match is None:
        notes = next(path.parent.glob(f"*{table_id}-Table-Notes.txt"), None)
        if notes is not None:
            match = VINTAGE.search(notes.read_text(encoding="utf-8-sig", errors="replace"))
    if match is None:
        raise LabourIngestError(
            name,
            "cannot tell the ACS vintage: keep data.census.gov's file name (like "
            f"ACSDT5Y2024.{table_id}-Data.csv) or its -Table-Notes.txt beside it",
        )
    return f"ACS{match.group(1)}Y{match.group(2)}"


def read(path: Path, name: str) -> Parsed:
    """Read one ACS table export into long rows."""
    header: list[str] = []
    labels: list[str] = []
    table_id = ""
    vintage = ""
    builder = ColumnBuilder("acs")
    geographies: set[str] = set()
    for line, fields in csv_rows(path, name):
        fields = [f.strip() for f in fields]
        if line == 1:
            header = fields
            tables = {m.group(1) for n in header if (m := VARIABLE.match(n))}
            if len(tables) != 1:
                raise LabourIngestError(
                    name, f"expected one ACS table's columns, found {sorted(tables)}", line=1
                )
            table_id = tables.pop()
            vintage = _vintage(path, name, table_id)
            continue
        if line == 2 and fields and fields[0] == "Geography":
            labels = fields
            continue
        if not any(fields):
            continue
        geo_id = fields[0]
        match = re.fullmatch(r"(\d{3})\d{4}US(\w*)", geo_id)
        if match is None:
            raise LabourIngestError(
                name, f"not a Census GEO_ID: {geo_id!r}", line=line, column="GEO_ID"
            )
        if geo_id in geographies:
            raise LabourIngestError(name, f"{geo_id} listed twice", line=line, column="GEO_ID")
        geographies.add(geo_id)
        geo_name = fields[1] if len(fields) > 1 else ""
        values: dict[str, dict[str, object]] = {}
        for position, column in enumerate(header):
            variable = VARIABLE.match(column)
            if variable is None:
                continue
            raw = fields[position] if position < len(fields) else ""
            value, marker = number(raw.lstrip("±"))
            if value is not None and value < 0:
                value, marker = None, raw
            if marker is not None and marker not in ANNOTATIONS and not marker.startswith("-"):
                raise LabourIngestError(
                    name,
                    f"not a number nor a Census annotation: {raw!r}",
                    line=line,
                    column=column,
                )
            key = f"{variable.group(1)}_{variable.group(2)}"
            entry = values.setdefault(key, {})
            kind = "estimate" if variable.group(3) == "E" else "moe"
            entry[kind] = None if value is None else round(value)
            entry[f"{kind}_flag"] = marker
            if kind == "estimate" and position < len(labels):
                entry["label"] = labels[position].replace("Estimate!!", "", 1)
        for variable_name, entry in values.items():
            builder.add(
                {
                    "table_id": table_id,
                    "vintage": vintage,
                    "geo_id": geo_id,
                    "sumlev": match.group(1),
                    "geo_code": match.group(2),
                    "geo_name": geo_name,
                    "variable": variable_name,
                    **entry,
                    SLICE: f"acs|{table_id}|{vintage}|{geo_id}",
                }
            )
    if not len(builder):
        raise LabourIngestError(name, "no geography rows under the header", line=3)
    return Parsed(
        dataset="acs",
        layout="census-acs-export",
        table=builder.table(),
        summary={"table": table_id, "vintage": vintage, "geographies": len(geographies)},
    )
