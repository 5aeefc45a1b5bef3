"""What every reader shares: the parsed result, columns, text and workbook access."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convenor.analysis.occupations.errors import LabourIngestError
from convenor.analysis.occupations.schemas import CROSS_INDUSTRY, SLICE, arrow_schema, columns

SOC_CODE = re.compile(r"^\d{2}-\d{4}$")
CIP_CODE = re.compile(r"^\d{2}\.\d{4}$")


@dataclass
class Parsed:
    """One file read whole and checked: the rows of ``dataset`` to store.

    ``layout`` names what was recognised (``oews-workbook``, ``ep-occupation``
    ...); ``summary`` is what ``list`` shows. ``skipped`` marks a companion
    file that holds nothing to store (BLS's datatype codes, an ACS export's
    notes): it is reported, not written.
    """

    dataset: str
    layout: str
    table: Any
    summary: dict[str, Any]
    skipped: bool = False
    notes: list[str] = field(default_factory=list)


class ColumnBuilder:
    """Rows collected column by column, then one pyarrow table of a dataset."""

    def __init__(self, dataset: str) -> None:
        self.dataset = dataset
        self.data: dict[str, list[Any]] = {name: [] for name in columns(dataset)}

    def add(self, row: dict[str, Any]) -> None:
        """Append a row; columns it does not name are null."""
        for name, values in self.data.items():
            values.append(row.get(name))

    def __len__(self) -> int:
        return len(self.data[SLICE])

    def table(self) -> Any:
        import pyarrow as pa

        return pa.table(self.data, schema=arrow_schema(self.dataset))


def oews_slice(year: int, area_type: str, area: str, industry: str, own: str) -> str:
    """The slice of an OEWS row: one year, area, industry and ownership.

    Cross-industry estimates have one ownership, so a workbook's row and a
    time-series row of the same year and area are the same estimate.
    """
    owner = "" if industry == CROSS_INDUSTRY else own
    return f"oews|{year}|{area_type}|{area}|{industry}|{owner}"


def skipped(layout: str, why: str) -> Parsed:
    """A companion file: recognised, nothing stored."""
    return Parsed(dataset="", layout=layout, table=None, summary={"note": why}, skipped=True)


# -- values -------------------------------------------------------------------


def text(value: Any) -> str:
    """A cell as stripped text ("" for empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number(value: Any) -> tuple[float | None, str | None]:
    """A cell as ``(number, None)``, ``(None, marker)`` or ``(None, None)`` if empty.

    Numeric cells are numbers; a text cell is a number only if it reads as
    one (``"1,234"`` too). Anything else is a marker, kept as printed.
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, str(value)
    if isinstance(value, int | float):
        number_ = float(value)
        if math.isnan(number_):
            return None, "NaN"
        return number_, None
    shown = str(value).strip()
    if not shown:
        return None, None
    cleaned = shown.replace(",", "")
    try:
        return float(cleaned), None
    except ValueError:
        return None, shown


def integer(value: float | None) -> int | None:
    """A float that must hold a whole number, as an int."""
    if value is None:
        return None
    return round(value)


# -- text files ---------------------------------------------------------------


def is_gzip(path: Path) -> bool:
    """A gzip file by its magic number (names can lie)."""
    with open(path, "rb") as handle:
        return handle.read(2) == b"\x1f\x8b"


@contextlib.contextmanager
def open_text(path: Path, name: str) -> Iterator[io.TextIOBase]:
    """A text file (plain or gzip), BOM dropped, universal newlines kept for csv."""
    try:
        # Closed by the with block below.
        raw: Any = gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise LabourIngestError(name, f"cannot read the file ({exc.strerror or exc})") from None
    with raw:
        wrapper = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            yield wrapper
        except UnicodeDecodeError:
            raise LabourIngestError(name, "not UTF-8 text") from None
        except (OSError, EOFError) as exc:
            raise LabourIngestError(name, f"cannot read the file ({exc})") from None


def first_line(path: Path, name: str) -> str:
    """The header line of a text file ("" if empty or not text)."""
    try:
        with open_text(path, name) as handle:
            return handle.readline(1 << 16).rstrip("\r\n")
    except LabourIngestError:
        return ""
    except UnicodeDecodeError:
        return ""


def csv_rows(path: Path, name: str, *, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """``(line number, fields)`` for every line, the header being line 1."""
    with open_text(path, name) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            raise LabourIngestError(name, f"unreadable CSV ({exc})", line=reader.line_num) from None


# -- workbooks ----------------------------------------------------------------


def open_workbook(path: Path, name: str) -> Any:
    """An openpyxl workbook in read-only mode, values not formulas."""
    import zipfile

    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LabourIngestError(name, f"not a readable .xlsx workbook ({exc})") from None


def sheet_head(book: Any, title: str, rows: int = 3) -> list[tuple[Any, ...]]:
    """The first ``rows`` rows of a sheet as value tuples."""
    return [tuple(r) for r in book[title].iter_rows(max_row=rows, values_only=True)]
