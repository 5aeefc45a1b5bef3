"""Census LEHD Quarterly Workforce Indicators: a QWI CSV extract.

The layout is LEHD's public-use schema, shipped in
``convenor/analysis/data/occupations/qwi/`` (see the README there): the
identifier columns of ``lehd_identifiers_qwi.csv`` (``periodicity,
seasonadj, geo_level, geography, ind_level, industry, ownercode, sex,
agegrp, ..., year, quarter``), then indicators of ``variables_qwi.csv``
(``Emp``, ``TurnOvrS`` ...) each with its status flag (``sEmp``, values of
``label_flags.csv``: 1 OK, 5 suppressed, -1 not computable ...). A file may
hold any subset of the indicators (the LED Extraction Tool lets people
choose) and label columns, which are ignored. Each indicator value is
stored as one long row with its status; an empty value stays null.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from convenor.analysis.occupations.errors import LabourIngestError
from convenor.analysis.occupations.readers.common import (
    ColumnBuilder,
    Parsed,
    csv_rows,
    number,
)
from convenor.analysis.occupations.schemas import SLICE

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "data" / "occupations" / "qwi"
REQUIRED = ("geo_level", "geography", "ind_level", "industry", "year", "quarter")
IDENTIFIERS = (
    "periodicity",
    "seasonadj",
    "geo_level",
    "geography",
    "ind_level",
    "industry",
    "ownercode",
    "sex",
    "agegrp",
    "race",
    "ethnicity",
    "education",
    "firmage",
    "firmsize",
    "year",
    "quarter",
)


@cache
def indicators() -> dict[str, str]:
    """``{"Emp": "sEmp", ...}``: the QWI indicators and their status flags."""
    with open(SCHEMA_DIR / "variables_qwi.csv", newline="", encoding="utf-8") as handle:
        return {row["Indicator Variable"]: row["Status Flag"] for row in csv.DictReader(handle)}


@cache
def statuses() -> dict[str, str]:
    """``{"5": "Value suppressed ...", ...}``: the status flag values."""
    with open(SCHEMA_DIR / "label_flags.csv", newline="", encoding="utf-8") as handle:
        return {row["flag"].strip(): row["label"] for row in csv.DictReader(handle)}


def is_qwi_header(line: str) -> bool:
    """A header with QWI's identifiers and at least one of its indicators."""
    names = {n.strip().strip('"') for n in line.split(",")}
    return set(REQUIRED) <= names and bool(names & set(indicators()))


def read(path: Path, name: str) -> Parsed:
    """Read a QWI extract into long rows (one per indicator value)."""
    index: dict[str, int] = {}
    measures: list[tuple[str, int, int | None]] = []
    builder = ColumnBuilder("qwi")
    keys: set[str] = set()
    known = statuses()
    for line, fields in csv_rows(path, name):
        fields = [f.strip() for f in fields]
        if line == 1:
            index = {h.strip('"'): i for i, h in enumerate(fields)}
            missing = [c for c in REQUIRED if c not in index]
            if missing:
                raise LabourIngestError(
                    name, f"not the QWI layout: no column {', '.join(missing)}", line=1
                )
            measures = [
                (indicator, index[indicator], index.get(flag))
                for indicator, flag in indicators().items()
                if indicator in index
            ]
            continue
        if not any(fields):
            continue
        if len(fields) < len(index):
            raise LabourIngestError(
                name, f"row has {len(fields)} fields, the header has {len(index)}", line=line
            )
        ids = {c: fields[index[c]] if c in index else "" for c in IDENTIFIERS}
        for column in ("year", "quarter"):
            if not ids[column].isdigit():
                raise LabourIngestError(
                    name, f"not a {column}: {ids[column]!r}", line=line, column=column
                )
        key = "|".join(ids[c] for c in IDENTIFIERS)
        if key in keys:
            raise LabourIngestError(name, "the same cell listed twice", line=line)
        keys.add(key)
        for indicator, at, flag_at in measures:
            raw = fields[at]
            value, marker = number(raw)
            if marker is not None:
                raise LabourIngestError(name, f"not a number: {raw!r}", line=line, column=indicator)
            status = fields[flag_at] if flag_at is not None else ""
            if status and status not in known:
                raise LabourIngestError(
                    name,
                    f"unknown status flag {status!r} (QWI flags: {', '.join(known)})",
                    line=line,
                    column=f"s{indicator}",
                )
            builder.add(
                {
                    **ids,
                    "year": int(ids["year"]),
                    "quarter": int(ids["quarter"]),
                    "indicator": indicator,
                    "value": value,
                    "status": status or None,
                    SLICE: f"qwi|{key}",
                }
            )
    if not len(builder):
        raise LabourIngestError(name, "no data rows under the header", line=2)
    data = builder.data
    return Parsed(
        dataset="qwi",
        layout="lehd-qwi",
        table=builder.table(),
        summary={
            "geographies": sorted(set(data["geography"]))[:12],
            "quarters": sorted(
                {f"{y}Q{q}" for y, q in zip(data["year"], data["quarter"], strict=True)}
            ),
            "indicators": [m[0] for m in measures],
        },
    )
