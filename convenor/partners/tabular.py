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
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from convenor.lib.archives import ArchiveTooLarge, Limits, check_zip
from convenor.lib.spreadsheets import FORMULA_PREFIXES, safe_cell

MAX_BYTES = 50 * 1024 * 1024  # 50 MB
# Rows searched for the header: LinkedIn's Connections.csv starts with a few "Notes:" lines.
HEADER_SCAN = 50

ENCODINGS = {
    "auto": "Detect (UTF-8 with or without BOM, UTF-16, else Windows-1252)",
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
    header_row: int = 1  # the spreadsheet row that names the columns
    # Sentences the user should read before importing (an encoding guessed, garbled text).
    warnings: list[str] = field(default_factory=list)


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


HeaderTest = Callable[[list[str]], bool]


def read_table(
    data: bytes,
    filename: str,
    *,
    encoding: str = "auto",
    header_row: int | None = None,
    is_header: HeaderTest | None = None,
) -> Table:
    """Read a CSV or XLSX file; raise ``ImportFileError`` with a clear message.

    The header is ``header_row`` when given; otherwise the first of the first
    ``HEADER_SCAN`` rows that ``is_header`` accepts (the importer's test: it maps a
    name column), else the first filled row.
    """
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
    if not name.endswith((".csv", ".txt", ".tsv", ".xlsx", ".xlsm")) and name:
        extension = name.rsplit(".", 1)[-1] if "." in name else name
        raise ImportFileError(
            f"A .{extension} file cannot be imported: upload a CSV (.csv) or Excel (.xlsx) file."
        )
    _refuse_other_types(data, name)
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, header_row, is_header)
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(
            "The file is named .xlsx but is not an Excel workbook. Open it in your "
            "spreadsheet program, save it as .xlsx or CSV, and upload it again."
        )
    return _read_csv(data, encoding, header_row, is_header)


# Files of other types that get uploaded by mistake (or renamed .csv), by their first bytes.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"{\\rtf", "a rich-text (RTF) document"),
    (b"SQLite format 3\x00", "an SQLite database"),
]
_TEXT_SIGNATURES: list[tuple[str, str]] = [
    ("begin:vcard", "a vCard (.vcf) file of contacts"),
    ("<!doctype html", "a web page (HTML)"),
    ("<html", "a web page (HTML)"),
    ("<?xml", "an XML document"),
]
# Inside a zip: what it holds, when it is not a workbook.
_ZIP_MEMBERS: list[tuple[str, str]] = [
    ("word/document.xml", "a Word document (.docx)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (.pptx)"),
    ("content.xml", "an OpenDocument file (.ods or .odt)"),
]


def _refuse_other_types(data: bytes, name: str) -> None:
    """A file of another type gets a message naming what it is, never a page of garbled rows."""
    what = next((label for magic, label in _SIGNATURES if data.startswith(magic)), "")
    if not what:
        start = data[:64].lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
        what = next(
            (label for magic, label in _TEXT_SIGNATURES if start.startswith(magic.encode())), ""
        )
    if not what and data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        if names and not any(n.startswith("xl/") for n in names):
            what = next(
                (label for member, label in _ZIP_MEMBERS if member in names), "a zip archive"
            )
    if what:
        extension = name.rsplit(".", 1)[-1] if "." in name else ""
        named = f" (named .{extension})" if extension else ""
        raise ImportFileError(
            f"This file is {what}{named}, not a CSV or Excel file. Export the contacts as CSV "
            "(or save the sheet as .xlsx) and upload that file."
        )


def _find_header(
    rows: Iterator[tuple[int, list]], header_row: int | None, is_header: HeaderTest | None
) -> tuple[int, list[str], Iterator[tuple[int, list]]]:
    """(header row, column names, the rows after it): rows before the header are skipped."""
    if header_row is not None:
        seen = 0
        for number, record in rows:
            seen = number
            if number == header_row:
                cells = _strings(record)
                if not any(cells):
                    raise ImportFileError(
                        f"Row {header_row} is empty: choose the row that names the columns."
                    )
                return number, _unique(cells), rows
        raise ImportFileError(
            f"The file has {seen} rows, so row {header_row} cannot name the columns: choose "
            "the row that does."
        )
    buffered: list[tuple[int, list]] = []
    first: tuple[int, list[str]] | None = None
    for number, record in rows:
        cells = _strings(record)
        if first is None and not any(cells):
            continue
        if any(cells) and is_header is not None and is_header(cells):
            return number, _unique(cells), rows  # what came before is a preamble
        if first is None:
            first = (number, cells)
        else:
            buffered.append((number, record))
        if is_header is None or len(buffered) >= HEADER_SCAN:
            break
    if first is None:
        raise ImportFileError("The file has no rows.")
    number, cells = first
    looks_like_data = [c for c in cells if "@" in c or re.fullmatch(r"[\d\s().+-]{7,}", c)]
    if looks_like_data:
        raise ImportFileError(
            f"Row {number} has no header: it holds data ('{looks_like_data[0]}'). Add a first "
            "row that names the columns (e.g. Name, E-mail, Organisation)."
        )
    return number, _unique(cells), itertools.chain(buffered, rows)


def _strings(record: list) -> list[str]:
    return [str(c).strip() if c is not None else "" for c in record]


# --- CSV -------------------------------------------------------------------

_EIGHT_BIT = {"cp1252": "Windows-1252", "latin-1": "Latin-1", "mac_roman": "Mac OS Roman"}
# C1 control characters: no contact file holds them; they come from reading Windows-1252
# text as Latin-1 (a curly quote 0x93 becomes U+0093), or from a binary file.
_C1 = re.compile("[\x80-\x9f]")
_C0 = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def encoding_label(encoding: str) -> str:
    return _EIGHT_BIT.get(encoding, encoding.upper().replace("-SIG", " with BOM"))


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when every other byte of mostly-ASCII text is zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return ""


def _decode(data: bytes, encoding: str) -> tuple[str, str, list[str]]:
    """(text, encoding used, warnings)."""
    if encoding == "auto":
        if data.startswith(codecs.BOM_UTF8):
            return _strict(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig", []
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return _strict(data, "utf-16"), "utf-16", []
        utf16 = _utf16_without_bom(data)
        if utf16:
            return _strict(data, utf16), utf16, []
        try:
            return data.decode("utf-8"), "utf-8", []
        except UnicodeDecodeError:
            pass
        # Not UTF-8: what Excel and Outlook on Windows save. Five bytes are undefined in
        # Windows-1252; a file holding them is read as Latin-1 (and then warned about).
        try:
            text, used = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, used = data.decode("latin-1"), "latin-1"
        return (
            text,
            used,
            [
                f"The file is not UTF-8 text, so it was read as {encoding_label(used)} (what "
                "Excel and Outlook on Windows save as CSV). Check the names with accents in the "
                "preview; if they look wrong, choose the file's encoding and update the preview."
            ],
        )
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise ImportFileError(f"Unknown encoding {encoding!r}.") from None
    text = _strict(data, encoding)
    warnings = []
    if encoding in _EIGHT_BIT and not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            warnings.append(
                f"The file is UTF-8 text but was read as {encoding_label(encoding)}, so accented "
                "letters come out wrong (é as Ã©). Choose Detect or UTF-8."
            )
    return text, encoding, warnings


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        row, column = _locate(data, exc.start)
        where = f"Row {row}" + (f", column '{column}'" if column else "")
        byte = data[exc.start : exc.start + 1].hex().upper()
        raise ImportFileError(
            f"{where}: the file is not {encoding_label(encoding)} text (byte 0x{byte} cannot "
            "be read). Choose the file's encoding (Excel and Outlook on Windows write "
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


_DELIMITERS = (",", ";", "\t", "|")


def _records(sample: str, limit: int = 30) -> list[str]:
    """The first non-blank records of ``sample`` with their quoted cells taken out: a
    delimiter or a line break inside quotes (a multi-line address, a note with a "|")
    is a cell's text, not the file's layout. As Excel reads CSV, a quote opens a quoted
    cell only at the start of a cell (after any of the delimiters tried); one inside an
    unquoted cell (5'10") is text."""
    records: list[str] = []
    current: list[str] = []
    quoted = False
    i, n = 0, len(sample)
    while i < n:
        char = sample[i]
        if quoted:
            if char == '"':
                if i + 1 < n and sample[i + 1] == '"':
                    i += 1  # an escaped quote: still inside
                else:
                    quoted = False
        elif char == '"' and (not current or current[-1] in _DELIMITERS):
            quoted = True
        elif char in "\r\n":
            if "".join(current).strip():
                records.append("".join(current))
                if len(records) >= limit:
                    return records
            current = []
        else:
            current.append(char)
        i += 1
    if "".join(current).strip():
        records.append("".join(current))
    return records


def _dialect(sample: str) -> tuple[type[csv.Dialect], bool]:
    """Excel's CSV dialect with the file's delimiter; True when the first line is Excel's
    ``sep=;`` hint.

    The delimiter is one the header holds, and of those the one whose count is the same
    on most of the first records (a preamble line or a comma inside a name does not
    outvote it). ``csv.Sniffer`` also guesses the quote character and is misled by
    cells that begin with a quote.
    """
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    hint = re.fullmatch(r"\s*sep=(.)\s*", lines[0]) if lines else None
    if hint:
        return type("Detected", (_Dialect,), {"delimiter": hint.group(1)}), True
    records = _records(sample)
    # The header (the first record holding any delimiter, after a preamble) names the
    # columns: a delimiter it lacks is a cell's text ("|" in a note), however regular.
    header = next((r for r in records if any(d in r for d in _DELIMITERS)), "")
    best, score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        if header and delimiter not in header:
            continue
        counts = [record.count(delimiter) for record in records]
        filled = [c for c in counts if c]
        if not filled:
            continue
        modal = max(set(filled), key=lambda c: (filled.count(c), c))
        candidate = (filled.count(modal), modal)
        if candidate > score:
            best, score = delimiter, candidate
    return type("Detected", (_Dialect,), {"delimiter": best}), False


def _read_csv(
    data: bytes, encoding: str, header_row: int | None, is_header: HeaderTest | None
) -> Table:
    text, used, warnings = _decode(data, encoding)
    if "\x00" in text:
        row = text[: text.index("\x00")].count("\n") + 1
        raise ImportFileError(
            f"Row {row}: the file holds NUL characters, so it is not a text (CSV) file in the "
            "chosen encoding. If it is UTF-16, choose UTF-16; if it is a workbook, save it "
            "as .xlsx."
        )
    sample = text[:65536]
    controls = len(_C0.findall(sample)) + len(_C1.findall(sample))
    if controls > max(16, len(sample) // 10):
        first = _C0.search(sample) or _C1.search(sample)
        assert first is not None
        row = sample.count("\n", 0, first.start()) + 1
        raise ImportFileError(
            f"Row {row}: the file is not text: it holds many control characters (the first is "
            f"U+{ord(first.group()):04X}), as a program or an image does. Export the contacts "
            "as CSV (or save the sheet as .xlsx) and upload that file."
        )
    dialect, hinted = _dialect(sample)
    if hinted:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    offset = 1 if hinted else 0

    def records() -> Iterator[tuple[int, list[str]]]:
        number = offset
        try:
            for record in reader:
                number += 1
                yield number, record
        except csv.Error as exc:
            raise ImportFileError(
                f"Row {number + 1}: the CSV cannot be read ({exc}). Check the quotes in that row."
            ) from None

    number, header, rest = _find_header(records(), header_row, is_header)
    garbled = _garbled(text, header, dialect, used, offset)
    return Table(
        header,
        _cells(rest, len(header), csv_cells=True),
        "csv",
        used,
        header_row=number,
        warnings=warnings + garbled,
    )


def _garbled(
    text: str, header: list[str], dialect: type[csv.Dialect], used: str, offset: int
) -> list[str]:
    """A warning naming the first C1 control character, where it is: the text is garbled."""
    match = _C1.search(text)
    if not match:
        return []
    row = text.count("\n", 0, match.start()) + 1 + offset
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.start())
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    column = ""
    try:
        cells = next(csv.reader([line.strip("\r")], dialect), [])
    except csv.Error:
        cells = []
    for index, cell in enumerate(cells):
        if _C1.search(cell) and index < len(header):
            column = header[index]
            break
    where = f"Row {row}" + (f", column '{column}'" if column else "")
    return [
        f"{where}: the text holds a control character (U+{ord(match.group()):04X}) where a "
        f"letter or a quote mark should be, so the file was probably read in the wrong "
        f"encoding ({encoding_label(used)}). Choose the file's encoding (Windows-1252 for "
        "Excel and Outlook on Windows) and check the preview before importing."
    ]


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


def _read_xlsx(data: bytes, header_row: int | None, is_header: HeaderTest | None) -> Table:
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

    number, header, rest = _find_header(records(), header_row, is_header)
    return Table(header, _cells(rest, len(header)), "xlsx", header_row=number)


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
