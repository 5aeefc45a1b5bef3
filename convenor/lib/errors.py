"""Errors every layer shares, and how they read.

``StaleVersionError`` is raised by the one write path (``convenor.audit``)
when an edit was based on an older version of a row; forms, pages and the API
render it from here, so the words a user sees are written once. The error
carries the names of who changed the row since, not audit objects, so this
module imports no app.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import os
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files import File


@dataclass(frozen=True)
class Conflict:
    """One field that differs between the current row and the stale edit."""

    field: str
    label: str
    theirs: Any
    yours: Any


# (path, size, mtime) -> sha256: an upload is hashed once, before the write that audits
# it, so the database write lock is not held while a large file is read.
_DIGESTS: dict[tuple[str, int, int], str] = {}
_DIGESTS_LOCK = threading.Lock()


def _digest(file: File[Any]) -> str:
    path = _local_path(file)
    if not path:
        return _digest_of_chunks(file)
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    with _DIGESTS_LOCK:
        known = _DIGESTS.get(key)
    if known:
        return known
    with open(path, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    with _DIGESTS_LOCK:
        if len(_DIGESTS) > 256:
            _DIGESTS.clear()
        _DIGESTS[key] = digest
    return digest


def _digest_of_chunks(file: File[Any]) -> str:
    digest = hashlib.sha256()
    was_closed = file.closed
    if was_closed:
        file.open("rb")
    try:
        file.seek(0)
        for chunk in file.chunks():
            digest.update(chunk if isinstance(chunk, bytes) else str(chunk).encode())
    finally:
        if was_closed:
            file.close()
        else:
            file.seek(0)
    return digest.hexdigest()


def _local_path(file: File[Any]) -> str:
    for attribute in ("path", "temporary_file_path"):
        try:
            found = getattr(file, attribute)
            path = found() if callable(found) else found
        except (AttributeError, NotImplementedError, ValueError):
            continue
        if isinstance(path, str) and os.path.exists(path):
            return path
    return ""


def file_facts(file: File[Any]) -> dict[str, Any]:
    """What the audit trail keeps of a file: its name, size and SHA-256, never its content.

    Services call this once after storing an upload and before the write that audits it;
    the digest is remembered, so the audit's own rendering does not read the file again
    while it holds the database's write lock.
    """
    name = os.path.basename(str(getattr(file, "name", "") or ""))
    try:
        size = int(file.size)
    except (OSError, ValueError, TypeError):
        size = None
    try:
        sha256: str | None = _digest(file)
    except (OSError, ValueError):
        sha256 = None  # gone from disk: the name and size still say which file it was
    return {"name": name, "size": size, "sha256": sha256}


def render(value: Any) -> Any:
    """A JSON-friendly rendering of a field value, for the audit trail and API.

    A file is rendered as :func:`file_facts` (a file is iterable: rendered as one, an
    upload of 100 MB would be copied line by line into the audit trail).
    """
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, File):
        return file_facts(value) if value.name else None
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "_meta") and hasattr(value, "pk"):  # a model instance
        return str(value)
    if isinstance(value, dict):
        return {str(k): render(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [render(v) for v in value]
    if isinstance(value, Iterable):
        # Unordered collections (sets, many-to-many) in a stable order.
        return sorted((render(v) for v in value), key=str)
    return str(value)


def show(value: Any, limit: int = 80) -> str:
    """A value as a sentence shows it: ``(empty)`` for nothing, long text cut."""
    rendered = render(value)
    if rendered in (None, "", []):
        return "(empty)"
    text = str(rendered)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class StaleVersionError(Exception):
    """An edit based on a version of a row that is no longer current.

    ``changed_by`` names who saved the row since (``"the system"`` for
    writes without a user). ``label`` names what was edited when it is not
    the row itself (an attendance list); ``lists`` sets the differences apart
    with semicolons, for values that are lists of names holding commas.
    """

    def __init__(
        self,
        *,
        current: Any,
        expected_version: int,
        conflicts: list[Conflict],
        changed_by: Iterable[str] = (),
        label: str | None = None,
        lists: bool = False,
    ) -> None:
        self.current = current
        self.expected_version = expected_version
        self.conflicts = conflicts
        self.changed_by = sorted(set(changed_by))
        self.label = label
        self.lists = lists
        super().__init__(self.message)

    @property
    def message(self) -> str:
        subject = f"The {self.label}" if self.label else f"This {self.current._meta.verbose_name}"
        by = f" by {', '.join(self.changed_by)}" if self.changed_by else ""
        text = (
            f"{subject} was changed{by} after you opened it (you had version "
            f"{self.expected_version}, it is now version {self.current.version}). "
            "Nothing was saved."
        )
        if self.conflicts:
            if self.lists:
                parts = " ".join(
                    f"{c.label}: now {show(c.theirs, 300)}; yours {show(c.yours, 300)}."
                    for c in self.conflicts
                )
                text += f" Differences: {parts}"
            else:
                parts = "; ".join(
                    f"{c.label}: now {show(c.theirs)}, yours {show(c.yours)}"
                    for c in self.conflicts
                )
                text += f" Differences: {parts}."
        return text + " Review the current values and save again."

    def as_dict(self) -> dict[str, Any]:
        """The API's 409 body."""
        return {
            "detail": self.message,
            "current_version": self.current.version,
            "your_version": self.expected_version,
            "changed_by": self.changed_by,
            "conflicts": [
                {"field": c.field, "current": render(c.theirs), "yours": render(c.yours)}
                for c in self.conflicts
            ],
        }
