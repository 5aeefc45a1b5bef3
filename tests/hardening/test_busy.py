"""SQLite under a long write (issue 16 §3).

During a 219,516-row import, 10 of 100 concurrent API writes got HTTP 500 "database is
locked" (an HTML page, even on the API). Now: WAL and a busy timeout on every connection;
a write that still meets the lock answers 503 with Retry-After (JSON on the API) and
saves nothing; a contact import commits chunk by chunk, so others write in between.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend

from convenor.audit.models import AuditEntry
from convenor.partners import import_writer
from convenor.partners.models import ImportBatch, Person
from convenor.regions.models import SavedRegion
from tests.hardening.conftest import (
    can_write_now,
    needs_sqlite,
    other_connection,
    write_lock_held,
)
from tests.partners.import_forms import preview_form

REGION = {"name": "Busy Region", "area_codes": "39049", "description": ""}


def test_a_new_connection_uses_wal_and_waits_for_a_lock(tmp_path: Path, django_db_blocker):
    needs_sqlite()
    with django_db_blocker.unblock():
        _wal_and_busy_timeout(tmp_path)


def _wal_and_busy_timeout(tmp_path: Path) -> None:
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "fresh.sqlite3")}
    fresh = type(connections["default"])(settings_dict, alias="hardening-fresh")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            waits_ms = cursor.fetchone()[0]
            cursor.execute("CREATE TABLE t (n INTEGER)")
        configured = int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20"))
        assert waits_ms == configured * 1000 > 0

        path = Path(settings_dict["NAME"])
        with other_connection(path, same_thread=False) as writer:
            writer.execute("BEGIN EXCLUSIVE")
            writer.execute("INSERT INTO t VALUES (1)")
            # WAL: a page still reads while another connection writes.
            with fresh.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM t")
                assert cursor.fetchone()[0] == 0
            # A write waits for the lock (the busy timeout) instead of failing at once.
            release = threading.Timer(0.3, lambda: writer.execute("COMMIT"))
            release.start()
            try:
                with fresh.cursor() as cursor:
                    cursor.execute("INSERT INTO t VALUES (2)")
            finally:
                release.join()
        with fresh.cursor() as cursor:
            cursor.execute("SELECT n FROM t ORDER BY n")
            assert [row[0] for row in cursor.fetchall()] == [1, 2]
    finally:
        fresh.close()


def _region_entries() -> int:
    return AuditEntry.objects.filter(content_type__model="savedregion").count()


def test_an_api_write_during_a_lock_answers_503_json_and_saves_nothing(
    file_database, sam, workspace, client_for
):
    client = client_for(sam)
    url = f"/api/workspaces/{workspace.slug}/regions"
    with write_lock_held(file_database):
        response = client.post(url, REGION, content_type="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert "busy" in response.json()["detail"]
    assert "nothing was saved" in response.json()["detail"]
    assert not SavedRegion.objects.exists()
    assert _region_entries() == 0
    # The same write once the lock is gone: saved (the 503 was the lock's, not the input's).
    assert client.post(url, REGION, content_type="application/json").status_code == 201
    assert SavedRegion.objects.get().name == "Busy Region"


def test_a_page_post_during_a_lock_answers_503_html_and_saves_nothing(
    file_database, sam, workspace, client_for
):
    client = client_for(sam)
    url = f"/w/{workspace.slug}/regions/new/"
    with write_lock_held(file_database):
        response = client.post(url, REGION)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "busy" in page
    assert "nothing was saved" in page
    assert not SavedRegion.objects.exists()
    assert _region_entries() == 0
    assert client.post(url, REGION).status_code == 302


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait for ``run_queued`` as they wait for ``convenor worker`` (outside any
    request's transaction), instead of running at once inside the caller's."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _queue().clear()
    yield
    _queue().clear()


def _queue() -> DummyBackend:
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return backend


def run_queued() -> list[str]:
    ran = []
    while _queue().results:
        result = _queue().results.pop(0)
        result.task.call(*result.args, **result.kwargs)
        ran.append(result.task.name)
    return ran


def test_a_contact_import_commits_in_chunks_and_others_write_between_them(
    file_database, queued_tasks, sam, workspace, client_for
):
    rows = 2 * import_writer.CHUNK + 500
    content = "Name,E-mail\n" + "".join(f"Person {i},person{i}@example.org\n" for i in range(rows))
    client = client_for(sam)
    location = client.post(
        f"/w/{workspace.slug}/partners/import/",
        {
            "file": SimpleUploadedFile("contacts.csv", content.encode()),
            "target": "people",
            "default_category": "employer",
            "encoding": "auto",
        },
    )["Location"]
    assert run_queued() == ["plan_import"]
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.READY

    # After each chunk's progress note, another connection (the web server, the worker's
    # heartbeat) tries to write without waiting, and counts the people it can see.
    seen: list[tuple[bool, int]] = []

    def after_each_chunk(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('UPDATE "partners_importbatch" SET "counts"'):
            wrote = can_write_now(file_database, "between chunks")
            with other_connection(file_database) as other:
                people = other.execute("SELECT count(*) FROM partners_person").fetchone()[0]
            seen.append((wrote, people))
        return result

    client.post(location, {**preview_form(batch), "action": "import"})
    with connection.execute_wrapper(after_each_chunk):
        assert run_queued() == ["apply_import"]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Person.objects.filter(import_batch=batch).count() == rows
    chunk = import_writer.CHUNK
    assert seen == [(True, chunk), (True, 2 * chunk), (True, rows)]
    with other_connection(file_database) as other:
        notes = other.execute("SELECT note FROM hardening_probe").fetchall()
    assert notes == [("between chunks",)] * 3


def test_a_lock_error_outside_sqlite_is_told_apart(db):
    """PostgreSQL's lock refusals are the busy answer too; other errors are not."""
    from django.db import OperationalError

    from convenor.lib.busy import is_lock_error

    assert is_lock_error(OperationalError("database is locked"))
    assert is_lock_error(OperationalError("canceling statement due to lock timeout"))
    assert is_lock_error(OperationalError("deadlock detected"))
    assert not is_lock_error(OperationalError("no such table: x"))
    assert not is_lock_error(sqlite3.OperationalError("database is locked"))
