"""Fixtures of the hardening tests (issue 16 §1, §3, §4).

pytest-django's SQLite test database lives in memory, where there is no WAL, no file
lock and no second connection to meet. ``file_database`` moves a test onto a real SQLite
file with the project's connection settings (WAL, ``transaction_mode``, busy timeout),
so a second connection (``other_connection``) can hold or take the write lock as the
task worker does on a served app.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

# A lock is met after this many seconds in these tests, not SQLITE_BUSY_TIMEOUT's 20.
SHORT_BUSY_TIMEOUT = 0.25


def needs_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip(
            "SQLite only: PostgreSQL has no database-wide write lock, WAL journal or busy timeout"
        )


@pytest.fixture
def file_database(transactional_db: None, tmp_path: Path) -> Iterator[Path]:
    """The default connection, on a SQLite file holding the test database's tables and rows.

    Not wrapped in a transaction (``transactional_db``): what a request or a task commits
    is on the file for other connections to see, as in production.
    """
    needs_sqlite()
    path = tmp_path / "convenor.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    copy = sqlite3.connect(path)
    memory.backup(copy)  # the migrated schema and the rows fixtures made so far
    copy.close()
    saved = {key: connection.settings_dict[key] for key in ("NAME", "OPTIONS")}
    connection.settings_dict["NAME"] = str(path)
    connection.settings_dict["OPTIONS"] = {**saved["OPTIONS"], "timeout": SHORT_BUSY_TIMEOUT}
    connection.connection = None  # the in-memory one stays open (the test database lives on)
    connection.ensure_connection()  # connected before anyone locks: it turns WAL on
    with other_connection(path) as probe:
        probe.execute("CREATE TABLE hardening_probe (note TEXT)")
    try:
        yield path
    finally:
        connection.close()
        connection.settings_dict.update(saved)
        connection.connection = memory


@contextlib.contextmanager
def other_connection(
    path: Path, timeout: float = 0.0, *, same_thread: bool = True
) -> Iterator[sqlite3.Connection]:
    """Another process's connection to the same file (autocommit; no busy wait by default)."""
    other = sqlite3.connect(
        path, timeout=timeout, isolation_level=None, check_same_thread=same_thread
    )
    try:
        yield other
    finally:
        other.close()


@contextlib.contextmanager
def write_lock_held(path: Path) -> Iterator[None]:
    """Another connection holds the write lock (``BEGIN EXCLUSIVE``) until the block ends;
    what it wrote meanwhile is rolled back."""
    with other_connection(path) as other:
        other.execute("BEGIN EXCLUSIVE")
        other.execute("INSERT INTO hardening_probe VALUES ('held')")
        try:
            yield
        finally:
            other.execute("ROLLBACK")


def can_write_now(path: Path, note: str = "probe") -> bool:
    """Whether another connection can write this moment, without waiting for a lock."""
    with other_connection(path) as other:
        try:
            other.execute("INSERT INTO hardening_probe VALUES (?)", (note,))
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                return False
            raise
    return True


# --- files opened for writing ------------------------------------------------------------

_WATCHERS: list[list[str]] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not _WATCHERS:
        return
    path, mode, flags = args
    writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & _WRITE_FLAGS)
    if writes and isinstance(path, str | bytes | os.PathLike):
        _WATCHERS[-1].append(os.fsdecode(path))


sys.addaudithook(_audit)  # cannot be removed: it does nothing unless a test watches


@contextlib.contextmanager
def files_opened_for_writing() -> Iterator[list[str]]:
    """The paths this process opens for writing while the block runs (Python's ``open``
    audit event: built-in ``open`` and ``os.open``)."""
    opened: list[str] = []
    _WATCHERS.append(opened)
    try:
        yield opened
    finally:
        _WATCHERS.pop()


def large_files(root: Path, over: int) -> list[str]:
    return sorted(str(p) for p in root.rglob("*") if p.is_file() and p.stat().st_size > over)
