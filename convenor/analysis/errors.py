"""Exceptions of the analysis engine.

Each carries a message meant for a person: the CLI prints it on one line and
the web layer shows it as is, so no traceback is ever needed to act on it.
"""

from __future__ import annotations


class AnalysisError(Exception):
    """Base class: every error the engine raises on purpose."""


class IngestError(AnalysisError):
    """A file was rejected; nothing of it was stored.

    ``path``, ``line`` (1-based, the header is line 1) and ``column`` say where;
    ``line``/``column`` are ``None`` when the problem is the file as a whole.
    """

    def __init__(
        self, path: str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.reason = message
        where = [path]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {message}")


class IngestOutOfMemory(IngestError, MemoryError):
    """Reading a file needed more memory than the process may use: the file may be
    sound. A ``MemoryError`` too, so a job's memory budget (the worker's) reports it as
    its own; nothing of the file was stored."""


class FetchError(AnalysisError):
    """A download from BLS failed (offline, no such file, bad response)."""


class InputError(AnalysisError):
    """A request the engine cannot answer: unknown area, no data loaded, bad option.

    ``field`` names the request field at fault (``period``, ``weights``, ...)
    when there is one, so a form can show the message beside that field; the
    message itself already names the field and the value.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)
