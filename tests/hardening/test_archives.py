"""Decompression bombs (issue 16 §4).

A 7 MB zip expanded to 2 GB on disk before failing; a 616 KB ``.xlsx`` whose sheet
inflates to 600 MB took the worker to 1.3 GiB and still imported. Every archive and
workbook is now checked from its directory (expanded size, compression ratio) before a
byte of it is read, and refused with a message naming the limit and its setting.

The size limits are read from the environment when the process starts
(``CONVENOR_ARCHIVE_MAX_MB``, ``CONVENOR_WORKBOOK_MAX_MB``); the tests that exceed one set
its module value instead of writing gigabytes.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.analysis.store import read_manifest
from convenor.lib import archives
from convenor.partners.models import ImportBatch, Person
from convenor.regions import selectors
from convenor.regions.models import QcewUpload, UploadStatus
from tests.hardening.conftest import files_opened_for_writing, large_files
from tests.partners.import_forms import preview_form
from tests.regions.helpers import OHIO

MB = 1024 * 1024
QCEW_HEADER = (OHIO / "morpc-qcew-2020-a-39073.csv").read_bytes().split(b"\n", 1)[0] + b"\n"


def zipped(members: dict[str, Iterable[bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, chunks in members.items():
            with bundle.open(name, "w") as out:
                for chunk in chunks:
                    out.write(chunk)
    return buffer.getvalue()


def zeros(megabytes: int) -> Iterable[bytes]:
    block = b"0" * MB
    return (block for _ in range(megabytes))


def noise(megabytes: float) -> Iterable[bytes]:
    """Text that compresses about 2:1, as real data does, not 1000:1 as zeros do."""
    size = int(megabytes * MB) // 2
    for start in range(0, size, 40):
        yield os.urandom(min(40, size - start)).hex().encode() + b"\n"


# --- QCEW uploads ------------------------------------------------------------------------


@pytest.fixture
def upload_qcew(django_capture_on_commit_callbacks, sam, workspace, client_for):
    client = client_for(sam)

    def post(name: str, content: bytes) -> QcewUpload:
        with django_capture_on_commit_callbacks(execute=True):  # the ingest task is queued
            response = client.post(
                f"/w/{workspace.slug}/regions/uploads/",
                {"file": SimpleUploadedFile(name, content)},
            )
        assert response.status_code == 302
        return QcewUpload.objects.get(original_name=name)

    post.client = client  # type: ignore[attr-defined]
    return post


def _stored_rows(workspace) -> int:
    return sum(p.rows for p in read_manifest(selectors.workspace_store_dir(workspace)).parts)


def test_a_zip_bomb_uploaded_for_qcew_is_refused_before_anything_is_extracted(
    upload_qcew, workspace, tmp_path
):
    bomb = zipped({"national.csv": [QCEW_HEADER, *zeros(64)]})
    assert len(bomb) < MB // 4  # 64 MB of CSV in under 256 KB
    with files_opened_for_writing() as written:
        upload = upload_qcew("national.zip", bomb)
    assert upload.status == UploadStatus.FAILED
    assert "decompression bomb" in upload.message
    assert f"the limit is {archives.MAX_RATIO} times (CONVENOR_ARCHIVE_MAX_RATIO)" in upload.message
    assert "Nothing was read from it" in upload.message
    # Nothing extracted, not even for a moment; nothing stored; no large file left behind.
    assert not [path for path in written if path.endswith(".csv")]
    assert _stored_rows(workspace) == 0
    assert large_files(tmp_path, over=MB) == []
    page = upload_qcew.client.get(f"/w/{workspace.slug}/regions/").content.decode()
    assert "CONVENOR_ARCHIVE_MAX_RATIO" in page


def test_a_zip_that_expands_past_the_size_limit_is_refused_naming_the_limit(
    upload_qcew, workspace, tmp_path, monkeypatch
):
    monkeypatch.setattr(archives, "ARCHIVE_MAX_MB", 1)  # as CONVENOR_ARCHIVE_MAX_MB=1 would
    archive = zipped({"a.csv": [QCEW_HEADER, *noise(0.8)], "b.csv": [QCEW_HEADER, *noise(0.8)]})
    with files_opened_for_writing() as written:
        upload = upload_qcew("two.zip", archive)
    assert upload.status == UploadStatus.FAILED
    assert "the limit is 1 MB (CONVENOR_ARCHIVE_MAX_MB)" in upload.message
    assert not [path for path in written if path.endswith(".csv")]
    assert _stored_rows(workspace) == 0


def test_a_zip_of_real_qcew_files_still_ingests(upload_qcew, workspace):
    # One file of three quarters (1.1 MB, BLS's own compression ratio) and a small one.
    quarters = [(OHIO / f"morpc-qcew-2020-{q}-39049.csv").read_bytes() for q in "123"]
    three = quarters[0] + b"".join(q.split(b"\n", 1)[1] for q in quarters[1:])
    assert len(three) > MB
    annual = (OHIO / "morpc-qcew-2020-a-39073.csv").read_bytes()
    upload = upload_qcew("ohio.zip", zipped({"q.csv": [three], "a.csv": [annual]}))
    assert upload.status == UploadStatus.DONE, upload.message
    assert [r["status"] for r in upload.results] == ["added", "added"]
    assert _stored_rows(workspace) == sum(r["rows"] for r in upload.results) > 0


# --- Contact workbooks ---------------------------------------------------------------


def workbook(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def inflated(xlsx: bytes, megabytes: int) -> bytes:
    """The workbook with ``megabytes`` of blank space inside its sheet's XML (still valid)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    members: dict[str, Iterable[bytes]] = {}
    for name in source.namelist():
        data = source.read(name)
        if name == "xl/worksheets/sheet1.xml":
            head, tail = data.split(b"<sheetData>", 1)
            blank = b" " * MB
            members[name] = [head, b"<sheetData>", *(blank for _ in range(megabytes)), tail]
        else:
            members[name] = [data]
    return zipped(members)


CONTACTS = [["Name", "E-mail"], ["Ada Lovelace", "ada@acme.example"], ["Raj Patel", "raj@b.org"]]


@pytest.fixture
def import_contacts(sam, workspace, client_for):
    client = client_for(sam)

    def post(name: str, content: bytes) -> tuple[ImportBatch, str]:
        response = client.post(
            f"/w/{workspace.slug}/partners/import/",
            {
                "file": SimpleUploadedFile(name, content),
                "target": "people",
                "default_category": "employer",
                "encoding": "auto",
            },
        )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        return ImportBatch.objects.get(filename=name), page

    post.client = client  # type: ignore[attr-defined]
    return post


def test_a_workbook_whose_sheet_inflates_is_refused_before_it_is_read(import_contacts, tmp_path):
    bomb = inflated(workbook(CONTACTS), megabytes=64)
    assert len(bomb) < MB // 4
    batch, page = import_contacts("contacts.xlsx", bomb)
    assert batch.status == ImportBatch.Status.FAILED
    assert "The workbook looks like a decompression bomb" in batch.error
    assert "xl/worksheets/sheet1.xml" in batch.error
    assert f"the limit is {archives.MAX_RATIO} times (CONVENOR_ARCHIVE_MAX_RATIO)" in batch.error
    assert "CONVENOR_ARCHIVE_MAX_RATIO" in page
    # Not read: no header, no rows counted, nobody imported; nothing large on disk.
    assert batch.header == []
    assert not batch.counts.get("rows")
    assert not Person.objects.exists()
    assert large_files(tmp_path, over=MB) == []


def test_a_workbook_past_the_size_limit_is_refused_naming_the_limit(import_contacts, monkeypatch):
    monkeypatch.setattr(archives, "WORKBOOK_MAX_MB", 1)  # as CONVENOR_WORKBOOK_MAX_MB=1 would
    rows = [["Name", "E-mail"]] + [
        [f"Person {os.urandom(16).hex()}", f"p{i}@example.org"] for i in range(8000)
    ]
    batch, _ = import_contacts("many.xlsx", workbook(rows))
    assert batch.status == ImportBatch.Status.FAILED
    assert "the limit is 1 MB (CONVENOR_WORKBOOK_MAX_MB)" in batch.error
    assert not Person.objects.exists()


def test_an_ordinary_workbook_still_imports(import_contacts):
    batch, _ = import_contacts("contacts.xlsx", workbook(CONTACTS))
    assert batch.status == ImportBatch.Status.READY, batch.error
    client = import_contacts.client
    response = client.post(
        f"/w/{batch.workspace.slug}/partners/import/{batch.pk}/",
        {**preview_form(batch), "action": "import"},
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert set(Person.objects.values_list("name", flat=True)) == {"Ada Lovelace", "Raj Patel"}


def test_a_zip_is_not_taken_as_contacts():
    """A contact import takes CSV and XLSX only: a .zip never reaches the reader."""
    from convenor.partners.tabular import ImportFileError, read_table

    with pytest.raises(ImportFileError, match=r"A \.zip file cannot be imported"):
        read_table(zipped({"people.csv": zeros(2)}), "people.zip")
