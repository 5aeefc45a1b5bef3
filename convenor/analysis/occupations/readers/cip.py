"""NCES's CIP 2020 to SOC 2018 crosswalk (workbook) and the CIP 2020 code list (CSV).

The crosswalk workbook has a ``CIP-SOC`` sheet (``CIP2020Code,
CIP2020Title, SOC2018Code, SOC2018Title``, codes as text); the sheet is
found by its header and must carry NCES's name. ``99.9999``/``99-9999``
rows are NCES's "NO MATCH" and are kept as printed. The code list
(``CIPCode2020.csv``) writes codes as Excel formulas (``="01.0000"``); the
formula wrapping is removed. One crosswalk and one code list are stored at a
time: a newer ingest replaces the older.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from convenor.analysis.occupations.errors import LabourIngestError
from convenor.analysis.occupations.readers.common import (
    CIP_CODE,
    SOC_CODE,
    ColumnBuilder,
    Parsed,
    csv_rows,
    text,
)
from convenor.analysis.occupations.schemas import SLICE

CROSSWALK_SHEET = "CIP-SOC"
CIP_HEADER = re.compile(r"^CIP(\d{4})Code$", re.IGNORECASE)
SOC_HEADER = re.compile(r"^SOC(\d{4})Code$", re.IGNORECASE)
LIST_HEADER = ("cipfamily", "cipcode", "action", "textchange", "ciptitle", "cipdefinition")


def is_crosswalk_header(row: tuple[Any, ...]) -> bool:
    """A header naming a CIP code column and a SOC code column."""
    labels = [text(v) for v in row]
    return any(CIP_HEADER.match(v) for v in labels) and any(SOC_HEADER.match(v) for v in labels)


def cip_code(value: Any) -> str:
    """A CIP code as NCES writes it (``01.0000``), also from a re-saved number."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{float(value):07.4f}"
    shown = text(value)
    if re.fullmatch(r"\d\.\d{4}", shown):
        return "0" + shown
    return shown


def read_crosswalk(book: Any, path: Path, name: str) -> Parsed:
    """The ``CIP-SOC`` sheet: one row per CIP code and SOC code it leads to."""
    if CROSSWALK_SHEET not in book.sheetnames:
        raise LabourIngestError(
            name,
            f"no sheet {CROSSWALK_SHEET!r} (sheets: {', '.join(book.sheetnames)}): was it "
            "renamed? NCES's crosswalk names it so",
        )
    rows = book[CROSSWALK_SHEET].iter_rows(values_only=True)
    header = [text(v) for v in next(rows, ())]
    positions = {label.lower(): i for i, label in enumerate(header) if label}
    cip_at = next((i for i, h in enumerate(header) if CIP_HEADER.match(h)), None)
    soc_at = next((i for i, h in enumerate(header) if SOC_HEADER.match(h)), None)
    if cip_at is None or soc_at is None or cip_at > soc_at:
        raise LabourIngestError(
            name,
            "another layout: expected CIP2020Code, CIP2020Title, SOC2018Code, SOC2018Title",
            sheet=CROSSWALK_SHEET,
            row=1,
        )
    cip_vintage = CIP_HEADER.match(header[cip_at])
    soc_vintage = SOC_HEADER.match(header[soc_at])
    assert cip_vintage and soc_vintage
    cip_title_at = positions.get(f"cip{cip_vintage.group(1)}title")
    soc_title_at = positions.get(f"soc{soc_vintage.group(1)}title")
    builder = ColumnBuilder("cip_soc")
    seen: set[tuple[str, str]] = set()
    for number_, values in enumerate(rows, start=2):
        if all(v is None or text(v) == "" for v in values):
            continue
        cip = cip_code(values[cip_at])
        soc = text(values[soc_at])
        if not CIP_CODE.match(cip):
            raise LabourIngestError(
                name,
                f"not a CIP code: {cip!r}",
                sheet=CROSSWALK_SHEET,
                row=number_,
                column=header[cip_at],
            )
        if not SOC_CODE.match(soc):
            raise LabourIngestError(
                name,
                f"not a SOC code: {soc!r}",
                sheet=CROSSWALK_SHEET,
                row=number_,
                column=header[soc_at],
            )
        if (cip, soc) in seen:
            continue
        seen.add((cip, soc))
        builder.add(
            {
                "cip_code": cip,
                "cip_title": text(values[cip_title_at]) if cip_title_at is not None else "",
                "soc_code": soc,
                "soc_title": text(values[soc_title_at]) if soc_title_at is not None else "",
                SLICE: "cip_soc",
            }
        )
    if not len(builder):
        raise LabourIngestError(name, "no rows under the header", sheet=CROSSWALK_SHEET, row=2)
    return Parsed(
        dataset="cip_soc",
        layout="nces-cip-soc-crosswalk",
        table=builder.table(),
        summary={
            "vintage": f"CIP{cip_vintage.group(1)}-SOC{soc_vintage.group(1)}",
            "pairs": len(builder),
            "cip_codes": len({c for c, _ in seen}),
            "soc_codes": len({s for _, s in seen}),
        },
    )


def is_list_header(line: str) -> bool:
    """The header of NCES's CIP code file."""
    names = [n.strip().strip('"').lower() for n in line.split(",")]
    return tuple(names[: len(LIST_HEADER)]) == LIST_HEADER


def _unformula(value: str) -> str:
    value = value.strip()
    if value.startswith('="') and value.endswith('"'):
        return value[2:-1]
    return value


def read_list(path: Path, name: str) -> Parsed:
    """``CIPCode2020.csv``: every CIP code (2-, 4- and 6-digit) with its title."""
    builder = ColumnBuilder("cip")
    index: dict[str, int] = {}
    for line, fields in csv_rows(path, name):
        if line == 1:
            index = {h.strip().lower(): i for i, h in enumerate(fields)}
            continue
        if not any(f.strip() for f in fields):
            continue
        if len(fields) < len(LIST_HEADER):
            raise LabourIngestError(name, f"row has {len(fields)} fields", line=line)
        code = _unformula(fields[index["cipcode"]])
        if not re.fullmatch(r"\d{2}(\.\d{2}(\d{2})?)?", code):
            raise LabourIngestError(name, f"not a CIP code: {code!r}", line=line, column="CIPCode")
        builder.add(
            {
                "cip_code": code,
                "cip_title": fields[index["ciptitle"]].strip(),
                "cip_family": _unformula(fields[index["cipfamily"]]),
                "action": fields[index["action"]].strip(),
                "definition": fields[index["cipdefinition"]].strip(),
                SLICE: "cip",
            }
        )
    if not len(builder):
        raise LabourIngestError(name, "no rows under the header", line=2)
    codes = builder.data["cip_code"]
    return Parsed(
        dataset="cip",
        layout="nces-cip-list",
        table=builder.table(),
        summary={
            "codes": len(codes),
            "six_digit": sum(1 for c in codes if len(c) == 7),
        },
    )
