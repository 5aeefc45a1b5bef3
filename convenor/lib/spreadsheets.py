"""Cells that spreadsheet programs show as text, never run as formulas.

A CSV or XLSX cell beginning with = + - @ (or tab, carriage return) is taken
as a formula by Excel, LibreOffice and Google Sheets, so text people typed is
exported with a leading quote (CSV injection). Numbers pass unchanged: a
negative change stays a number. No Django import, so the analysis engine
uses it too.
"""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` for a CSV/XLSX cell: text that would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
