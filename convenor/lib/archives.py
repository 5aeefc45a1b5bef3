"""Limits on what a zip archive may expand to, checked before anything is read.

A 7 MB zip can hold 2 GB of CSV and a 616 KB workbook a 600 MB sheet. Every archive
Convenor opens (QCEW zips, XLSX workbooks, which are zips) is checked here first from
its directory: the total expanded size and each member's compression ratio. Python's
``zipfile`` never expands a member past the size the directory declares, so a check of
the declared sizes holds when the members are read. No Django import: the analysis
engine uses this too.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass

MB = 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


# Apache POI refuses workbooks whose members compress more than 100:1; so does Convenor.
MAX_RATIO = _env_int("CONVENOR_ARCHIVE_MAX_RATIO", 100)
# A QCEW zip (the national annual singlefile expands to 563 MB).
ARCHIVE_MAX_MB = _env_int("CONVENOR_ARCHIVE_MAX_MB", 4096)
# A contact workbook (a 50 MB file of contacts is about 250 MB of sheet XML).
WORKBOOK_MAX_MB = _env_int("CONVENOR_WORKBOOK_MAX_MB", 256)
# Members smaller than this are not held to the ratio (tiny files compress a lot).
_RATIO_FLOOR = MB


class ArchiveTooLarge(ValueError):
    """The archive would expand past a limit; the message names the limit and its setting."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_ratio: int
    size_setting: str  # the environment variable that changes max_bytes

    @classmethod
    def archive(cls) -> Limits:
        return cls(ARCHIVE_MAX_MB * MB, MAX_RATIO, "CONVENOR_ARCHIVE_MAX_MB")

    @classmethod
    def workbook(cls) -> Limits:
        return cls(WORKBOOK_MAX_MB * MB, MAX_RATIO, "CONVENOR_WORKBOOK_MAX_MB")


def check_zip(bundle: zipfile.ZipFile, limits: Limits, *, what: str = "The archive") -> int:
    """Raise :class:`ArchiveTooLarge` unless ``bundle`` stays within ``limits``.

    Returns the total expanded size in bytes.
    """
    total = packed = 0
    for member in bundle.infolist():
        total += member.file_size
        packed += member.compress_size
        if member.file_size > _RATIO_FLOOR and member.file_size > limits.max_ratio * max(
            member.compress_size, 1
        ):
            ratio = member.file_size / max(member.compress_size, 1)
            raise ArchiveTooLarge(
                f"{what} looks like a decompression bomb: {member.filename} would expand "
                f"{ratio:,.0f} times ({_mb(member.compress_size)} to {_mb(member.file_size)}); "
                f"the limit is {limits.max_ratio} times (CONVENOR_ARCHIVE_MAX_RATIO). "
                "Nothing was read from it."
            )
    if total > _RATIO_FLOOR and total > limits.max_ratio * max(packed, 1):
        raise ArchiveTooLarge(
            f"{what} looks like a decompression bomb: it would expand "
            f"{total / max(packed, 1):,.0f} times ({_mb(packed)} to {_mb(total)}); the limit "
            f"is {limits.max_ratio} times (CONVENOR_ARCHIVE_MAX_RATIO). Nothing was read from it."
        )
    if total > limits.max_bytes:
        raise ArchiveTooLarge(
            f"{what} would expand to {_mb(total)}; the limit is {_mb(limits.max_bytes)} "
            f"({limits.size_setting}). Nothing was read from it: split it into smaller files."
        )
    return total


def _mb(size: int) -> str:
    if size < MB:
        return f"{size / 1024:,.0f} KB"
    return f"{size / MB:,.0f} MB"
