"""One reader per published layout, chosen by the file's content, never its name.

* workbooks (``.xlsx``): OEWS data files (:mod:`.oews_workbook`), the EP
  occupation workbook (:mod:`.ep`), NCES's CIP-SOC crosswalk (:mod:`.cip`);
* text (``.csv``, ``.tsv``, ``.txt``, any of them gzipped): OEWS
  time-series files (:mod:`.oews_timeseries`), the CIP code list
  (:mod:`.cip`), ACS table exports (:mod:`.acs`), QWI extracts (:mod:`.qwi`).

To add a layout: a module here with a ``read`` returning :class:`Parsed`,
and one line in :func:`parse` recognising it. Every reader reads the whole
file and checks every row before anything is stored.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convenor.analysis.occupations.errors import LabourIngestError
from convenor.analysis.occupations.readers import acs, cip, ep, oews_timeseries, oews_workbook, qwi
from convenor.analysis.occupations.readers.common import Parsed, first_line, open_workbook, text

__all__ = ["Lookups", "Parsed", "kind_of", "parse"]


@dataclass
class Lookups:
    """What a file may need from others: BLS's occupation and area codes."""

    occupations: Callable[[], dict[str, tuple[str, int]]]
    areas: Callable[[], dict[tuple[str, str], str]]


def kind_of(path: Path, name: str) -> str:
    """A short name of the layout, for ordering a batch (companions first)."""
    if zipfile.is_zipfile(path):
        return "workbook"
    return oews_timeseries.kind_of(first_line(path, name)) or "other"


def parse(path: Path, name: str, lookups: Lookups) -> Parsed:
    """Read and check one file; :class:`LabourIngestError` if it is not usable."""
    if zipfile.is_zipfile(path):
        return _workbook(path, name)
    line = first_line(path, name)
    if acs.is_companion(path, line):
        return acs.read_companion()
    if not line.strip():
        raise LabourIngestError(name, "empty file, or not a text or .xlsx file", line=1)
    kind = oews_timeseries.kind_of(line)
    if kind == "data":
        return oews_timeseries.read_data(path, name, lookups.occupations, lookups.areas)
    if kind == "occupation":
        return oews_timeseries.read_occupations(path, name)
    if kind == "area":
        return oews_timeseries.read_areas(path, name)
    if kind == "reference":
        return oews_timeseries.read_reference(name)
    if cip.is_list_header(line):
        return cip.read_list(path, name)
    if acs.is_acs_header(line):
        return acs.read(path, name)
    if qwi.is_qwi_header(line):
        return qwi.read(path, name)
    shown = line if len(line) <= 80 else line[:77] + "..."
    raise LabourIngestError(
        name,
        f"not a layout Convenor reads (header {shown!r}): expected an OEWS workbook or "
        "time-series file, an EP occupation workbook, the NCES CIP-SOC crosswalk or CIP list, "
        "an ACS table export or a QWI extract",
        line=1,
    )


def _workbook(path: Path, name: str) -> Parsed:
    book = open_workbook(path, name)
    try:
        return _read_workbook(book, path, name)
    finally:
        book.close()


def _read_workbook(book: Any, path: Path, name: str) -> Parsed:
    heads: dict[str, tuple[Any, ...]] = {}
    for title in book.sheetnames:
        heads[title] = next(book[title].iter_rows(max_row=1, values_only=True), ())
    oews_sheets = [t for t, h in heads.items() if oews_workbook.is_oews_header(h)]
    if oews_sheets:
        return oews_workbook.read(book, path, name, oews_sheets[0])
    if any(cip.is_crosswalk_header(h) for h in heads.values()):
        return cip.read_crosswalk(book, path, name)
    if ep.is_ep(book):
        return ep.read(book, path, name)
    if "File Guide" in heads:
        return cip.read_crosswalk(book, path, name)
    firsts = ", ".join(
        f"{t!r} ({text(h[0])[:30]!r})" if h else repr(t) for t, h in list(heads.items())[:6]
    )
    raise LabourIngestError(
        name,
        f"not a workbook Convenor reads (sheets {firsts}): expected an OEWS data file, an "
        "EP occupation.xlsx or the NCES CIP-SOC crosswalk",
    )
