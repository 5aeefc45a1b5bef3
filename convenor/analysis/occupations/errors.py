"""Errors of the occupation engine: the parent engine's, with a sheet and a row.

A workbook's problem is located by file, sheet, row and column; a text
file's by file, line and column. Both are an :class:`IngestError`, so every
caller of the QCEW engine (the CLI's one-line errors, the web's messages)
handles them the same way.
"""

from __future__ import annotations

from convenor.analysis.errors import AnalysisError, IngestError, InputError

__all__ = ["AnalysisError", "InputError", "LabourIngestError"]


class LabourIngestError(IngestError):
    """A labour-market file was rejected; nothing of it was stored.

    ``sheet`` and ``row`` (1-based, as Excel numbers them) locate a problem in a
    workbook; ``line`` does it in a text file; ``column`` names the header.
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(path, message, line=line, column=column)
        self.sheet = sheet
        self.row = row
        where = [path]
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        # One line whatever the input: a value from a file never breaks it.
        text = f"{', '.join(where)}: {message}".replace("\r", " ").replace("\n", " ")
        self.args = (text,)

    def __str__(self) -> str:
        return str(self.args[0])
