"""Reading and writing spreadsheets of people and organisations (CSV and XLSX).

Reading returns a ``Table``: the header and an iterator of numbered rows, or an
``ImportFileError`` whose message names the row and column and says what to do.
Writing neutralises cells that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from convenor.lib.archives import ArchiveTooLarge, Limits, check_zip
from convenor.lib.spreadsheets import FORMULA_PREFIXES, safe_cell

MAX_BYTES = 50 * 1024 * 1024  # 50 MB

ENCODINGS = {
    "auto": "Detect (UTF-8, with or without BOM, or UTF-16)",
    "cp1252": "Windows-1252 (Excel and Outlook on Windows)",
    "latin-1": "Latin-1 (ISO-8859-1)",
    "mac_roman": "Mac OS Roman (older Excel for Mac)",
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
}

# What counts as a formula in an imported cell: "=..." always; "+", "-" or "@"
# followed by a function call ("+HYPERLINK(", "@SUM("). Phone numbers ("+1 614 ...")
# and notes ("- call back") are not formulas.
_FUNCTION_CALL = re.compile(r"^[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\(")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


class Formula(str):
    """A cell that holds a spreadsheet formula rather than a value."""

    __slots__ = ()


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (spreadsheet row number, cells)
    kind: str  # "csv" | "xlsx"
    encoding: str = ""


def size_problem(size: int) -> str:
    """The message for a file over the limit, or '' when it is within it."""
    if size <= MAX_BYTES:
        return ""
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB. "
        "Split it into smaller files (e.g. by organisation or by letter) and import each."
    )


def is_formula_text(value: str) -> bool:
    return value.startswith("=") or bool(_FUNCTION_CALL.match(value))


def unescape(value: str) -> str:
    """Undo ``neutralise``: "'=x" (as Convenor exports it) imports as the text "=x"."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def neutralise(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading quote before = + - @ (and tab, CR)."""
    return safe_cell("" if value is None else str(value))


def read_table(data: bytes, filename: str, *, encoding: str = "auto") -> Table:
    """Read a CSV or XLSX file; raise ``ImportFileError`` with a clear message."""
    problem = size_problem(len(data))
    if problem:
        raise ImportFileError(problem)
    if not data.strip():
        raise ImportFileError("The file is empty.")
    name = filename.lower()
    if name.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            "This is an old Excel 97-2003 (.xls) workbook. Save it as .xlsx or as CSV "
            "and upload it again."
        )
    if name.endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if not name.endswith((".csv", ".txt", ".tsv")) and name:
        extension = name.rsplit(".", 1)[-1] if "." in name else name
        raise ImportFileError(
            f"A .{extension} file cannot be imported: upload a CSV (.csv) or Excel (.xlsx) file."
        )
    return _read_csv(data, encoding)


# --- CSV -------------------------------------------------------------------


def _decode(data: bytes, encoding: str) -> tuple[str, str]:
    if encoding == "auto":
        if data.startswith(codecs.BOM_UTF8):
            return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return _strict(data, "utf-16"), "utf-16"
        return _strict(data, "utf-8"), "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ImportFileError(f"Unknown encoding {encoding!r}.") from None
    return _strict(data, encoding), encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        row, column = _locate(data, exc.start)
        where = f"Row {row}" + (f", column '{column}'" if column else "")
        byte = data[exc.start : exc.start + 1].hex().upper()
        raise ImportFileError(
            f"{where}: the file is not {encoding.upper()} text (byte 0x{byte} cannot be read). "
            "Choose the file's encoding below (Excel and Outlook on Windows write "
            "Windows-1252), or save it as 'CSV UTF-8' and upload it again."
        ) from None


def _locate(data: bytes, offset: int) -> tuple[int, str]:
    """The spreadsheet row and the header name of the column holding byte ``offset``."""
    before = data[:offset]
    row = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    line_end = data.find(b"\n", offset)
    line = data[line_start : line_end if line_end >= 0 else len(data)]
    header_end = data.find(b"\n")
    header_line = data[: header_end if header_end >= 0 else len(data)]
    try:
        header = next(csv.reader([header_line.decode("utf-8", "replace").strip("\r\ufeff")]))
        cells = next(
            csv.reader([line.decode("utf-8", "replace").strip("\r")]), []
        )  # best effort: a quoted cell spanning lines is not located exactly
    except (csv.Error, StopIteration):
        return row, ""
    for index, cell in enumerate(cells):
        if "\ufffd" in cell and index < len(header):
            return row, header[index].strip()
    return row, ""


class _Dialect(csv.excel):
    pass


def _dialect(sample: str) -> type[csv.Dialect]:
    """Excel's CSV dialect with the delimiter the header line uses most (, ; tab |).

    ``csv.Sniffer`` also guesses the quote character and is misled by exported cells
    that begin with a quote, so only the delimiter is guessed here.
    """
    first_line = sample.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    return type("Detected", (_Dialect,), {"delimiter": delimiter})


def _read_csv(data: bytes, encoding: str) -> Table:
    text, used = _decode(data, encoding)
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise ImportFileError(
            f"Row {row}: the file holds NUL characters, so it is not a text (CSV) file in the "
            "chosen encoding. If it is UTF-16, choose UTF-16; if it is a workbook, save it "
            "as .xlsx."
        )
    dialect = _dialect(text[:65536])
    reader = csv.reader(io.StringIO(text, newline=""), dialect)

    def records() -> Iterator[tuple[int, list[str]]]:
        number = 0
        try:
            for record in reader:
                number += 1
                yield number, record
        except csv.Error as exc:
            raise ImportFileError(
                f"Row {number + 1}: the CSV cannot be read ({exc}). Check the quotes in that row."
            ) from None

    numbered = records()
    header = _header(numbered)
    return Table(header, _cells(numbered, len(header), csv_cells=True), "csv", used)


def _cells(
    rows: Iterator[tuple[int, list]], width: int, *, csv_cells: bool = False
) -> Iterator[tuple[int, list[str]]]:
    for number, record in rows:
        cells = []
        for value in record:
            if csv_cells:
                text = value.strip()
                cells.append(Formula(text) if is_formula_text(text) else unescape(text))
            else:
                cells.append(value)
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        yield number, cells


def _header(rows: Iterator[tuple[int, list]]) -> list[str]:
    for number, record in rows:
        cells = [str(c).strip() if c is not None else "" for c in record]
        if not any(cells):
            continue
        if number != 1:
            raise ImportFileError(
                f"Row 1 is empty: the first row must name the columns (e.g. Name, E-mail, "
                f"Organisation). The first filled row is row {number}."
            )
        looks_like_data = [c for c in cells if "@" in c or re.fullmatch(r"[\d\s().+-]{7,}", c)]
        if looks_like_data:
            raise ImportFileError(
                f"Row 1 has no header: it holds data ('{looks_like_data[0]}'). Add a first row "
                "that names the columns (e.g. Name, E-mail, Organisation)."
            )
        return _unique(cells)
    raise ImportFileError("The file has no rows.")


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for index, name in enumerate(names):
        name = name or f"Column {index + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


# --- XLSX ------------------------------------------------------------------


def _check_workbook(data: bytes) -> None:
    """Refuse a workbook whose sheets would expand past the limits, before openpyxl reads it
    (a 616 KB file whose sheet inflates to 600 MB once took the worker to 1.3 GiB)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as bundle:
            check_zip(bundle, Limits.workbook(), what="The workbook")
    except zipfile.BadZipFile:
        return  # openpyxl says the file is not a readable workbook
    except ArchiveTooLarge as exc:
        raise ImportFileError(str(exc)) from None


def _xlsx_value(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if getattr(cell, "data_type", "") == "f" or (
        isinstance(value, str) and getattr(cell, "data_type", "") == "f"
    ):
        return Formula(str(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str) and value.__class__.__name__ == "ArrayFormula":
        return Formula(str(getattr(value, "text", value)))
    return unescape(str(value).strip())


def _read_xlsx(data: bytes) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_workbook(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"The file is not a readable Excel workbook ({exc.__class__.__name__}). Open it in "
            "your spreadsheet program, save it as .xlsx or CSV, and upload it again."
        ) from None
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise ImportFileError("The workbook has no worksheet.")

    def records() -> Iterator[tuple[int, list[str]]]:
        for number, row in enumerate(sheet.iter_rows(), start=1):
            yield number, [_xlsx_value(c) for c in row]

    numbered = records()
    header = _header(numbered)
    return Table(header, _cells(numbered, len(header)), "xlsx")


# --- Writing ---------------------------------------------------------------


def write_csv(rows: Iterable[list[object]]) -> bytes:
    """UTF-8 with a BOM, so spreadsheet programs read accents right; formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(v) for v in row])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[list[object]], *, title: str) -> bytes:
    """An XLSX workbook where every cell is text: a formula-looking value is never run."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            # Control characters (from pasted text) are not allowed in a workbook.
            text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
            cell = sheet.cell(row=index, column=column)
            cell.value = text
            # openpyxl stores a string starting with "=" as a formula; force text, and
            # mark it with Excel's quote prefix so editing the cell keeps it text.
            cell.data_type = "s"
            if text.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True
            if index == 1:
                cell.font = Font(bold=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
