"""Uploads stream to disk without holding a database write lock (issue 16 §1).

A 250 MiB upload once grew a gunicorn worker by 1.7 GiB and held SQLite's write lock so
long that the task worker's ``BEGIN IMMEDIATE`` failed. A large upload now goes to a
temporary file under the data directory while it is received, no transaction is open
meanwhile (another connection writes), and the file is moved, not copied, into storage.
(The audit entry of an upload, its name, size and hash: tests/audit/test_files.py.)
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, ClassVar

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import connection

import convenor.settings as configured
from convenor.regions.models import QcewUpload
from tests.hardening.conftest import can_write_now

HEADER = b"area_fips,own_code,industry_code,agglvl_code,size_code,year,qtr,disclosure_code\n"


class WhileReceiving(FileUploadHandler):
    """Looks on while the body is received (first in the chain, it passes every chunk on
    unchanged to the project's handlers): is a transaction open, can another connection
    write, and where do the bytes received so far lie?"""

    database: ClassVar[Path | None] = None
    marker: ClassVar[bytes] = b""
    seen: ClassVar[list[dict[str, Any]]] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start:  # the project's handlers have written what came before
            self.seen.append(
                {
                    "received": start,
                    "in_transaction": connection.in_atomic_block,
                    "other_writes": can_write_now(self.database, f"at {start}")
                    if self.database
                    else None,
                    "on_disk": _files_starting_with(self.marker),
                }
            )
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the project's handlers make the file

    def upload_complete(self) -> None:
        self.seen.append({"complete": True, "on_disk": _files_starting_with(self.marker)})


def _files_starting_with(marker: bytes) -> dict[str, int]:
    """Files of the upload temporary folder that hold this upload (other tests upload too)."""
    found = {}
    for path in Path(settings.FILE_UPLOAD_TEMP_DIR).iterdir():
        try:
            with open(path, "rb") as handle:
                if handle.read(len(marker)) == marker:
                    found[str(path)] = path.stat().st_size
        except OSError:
            continue  # removed meanwhile
    return found


@pytest.fixture
def database_file(request) -> Path | None:
    """SQLite: the test database on a file, for another connection to write to.
    PostgreSQL has no database-wide write lock to meet: there, only whether a transaction
    is open while the body is received is checked."""
    if connection.vendor == "sqlite":
        return request.getfixturevalue("file_database")
    return None


@pytest.fixture
def watched_upload(settings, database_file):
    WhileReceiving.database = database_file
    WhileReceiving.marker = f"upload {uuid.uuid4().hex}\n".encode()
    WhileReceiving.seen = []
    settings.FILE_UPLOAD_HANDLERS = [
        f"{__name__}.WhileReceiving",
        *configured.FILE_UPLOAD_HANDLERS,
    ]
    return WhileReceiving


def large_csv(marker: bytes) -> bytes:
    size = configured.FILE_UPLOAD_MAX_MEMORY_SIZE + 1024 * 1024  # over the in-memory limit
    return marker + HEADER * (size // len(HEADER))


def test_the_upload_settings_stream_large_files_under_the_data_directory():
    assert configured.FILE_UPLOAD_HANDLERS[-1].endswith("TemporaryFileUploadHandler")
    temp_dir = Path(configured.FILE_UPLOAD_TEMP_DIR)
    assert temp_dir.is_relative_to(configured.DATA_DIR)
    assert temp_dir.is_dir()
    # On the media's file system: storing the received file is a rename, not a copy.
    assert temp_dir.stat().st_dev == Path(configured.DATA_DIR).stat().st_dev


# Not inside the test's own transaction: a request runs outside one on a served app.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("via", ["page", "api"])
def test_a_large_upload_streams_to_a_temporary_file_with_no_transaction_open(
    via, watched_upload, sam, workspace, client_for
):
    content = large_csv(watched_upload.marker)
    upload = SimpleUploadedFile("national.csv", content)
    client = client_for(sam)
    if via == "page":
        response = client.post(f"/w/{workspace.slug}/regions/uploads/", {"file": upload})
        assert response.status_code == 302
    else:
        response = client.post(f"/api/workspaces/{workspace.slug}/qcew/uploads", {"file": upload})
        assert response.status_code == 202

    receiving = [s for s in watched_upload.seen if "received" in s]
    assert len(receiving) > 10  # received in chunks, observed throughout
    assert not any(s["in_transaction"] for s in receiving)
    if watched_upload.database:  # SQLite: another connection wrote at every chunk
        assert all(s["other_writes"] for s in receiving)
    # While it arrives, the bytes so far are in one file of the temporary folder ...
    temp_dir = Path(settings.FILE_UPLOAD_TEMP_DIR).resolve()
    for seen in receiving[1:]:
        ((path, size),) = seen["on_disk"].items()
        assert Path(path).parent.resolve() == temp_dir
        assert 0 < size <= seen["received"]
    # ... which holds the whole file when the body is read.
    complete = next(s for s in watched_upload.seen if "complete" in s)
    assert list(complete["on_disk"].values()) == [len(content)]
    # Stored under the data directory's media; the temporary file is gone (moved).
    assert _files_starting_with(watched_upload.marker) == {}
    # (The ingest refuses these header-only rows, so the original is kept to be seen.)
    kept = Path(QcewUpload.objects.get().file.path)
    assert kept.is_relative_to(settings.MEDIA_ROOT)
    assert kept.read_bytes() == content
