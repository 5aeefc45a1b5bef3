"""What killed workers leave on disk is cleaned; originals are kept only as long as the
settings say. Every assertion is on the real files under the test's data dir."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from convenor.jobs import files, runs
from convenor.partners import imports
from convenor.partners.models import ImportBatch
from convenor.regions import services as regions
from convenor.regions.models import QcewUpload, UploadStatus
from tests.jobs.conftest import HOCKING, import_lease, upload_lease

HOUR = 3600


def _write(path: Path, data: bytes = b"x" * 1024, *, age: float = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.fixture
def media() -> Path:
    return Path(django_settings.MEDIA_ROOT)


# --- temporary and orphan files ---------------------------------------------------


def test_old_temporary_uploads_are_removed_and_fresh_ones_kept(db, settings, _temp_uploads):
    settings.TEMP_MAX_AGE = HOUR
    # A web worker killed mid-upload left the first; another is receiving the second.
    left = _write(_temp_uploads / "tmpa1b2c3.upload.csv", age=2 * HOUR)
    receiving = _write(_temp_uploads / "tmpd4e5f6.upload.zip", age=10)
    not_an_upload = _write(_temp_uploads / "notes.txt", age=2 * HOUR)

    removed = files.clean()

    assert removed == [str(left)]
    assert not left.exists()
    assert receiving.exists()
    assert not_an_upload.exists()


def test_orphan_uploads_are_removed_and_the_files_jobs_still_need_kept(
    settings, media, ingesting, dead_worker, contact_import
):
    settings.TEMP_MAX_AGE = HOUR
    # A stopped ingest, to be run again, and a read import waiting to be imported:
    # their rows name their files, however old.
    upload_lease(ingesting, dead_worker)
    runs.check(QcewUpload)
    needed = [Path(ingesting.file.path), Path(contact_import.file.path)]
    for path in needed:
        _age(path, 30 * 24 * HOUR)
    # Moved into place by web workers killed before the row was written.
    orphans = [
        _write(media / "qcew-uploads" / "2026" / "01" / "lost.csv", age=2 * HOUR),
        _write(media / "imports" / "2026" / "01" / "lost.xlsx", age=2 * HOUR),
    ]
    # Moved into place a moment ago: its row is being written.
    fresh = _write(media / "imports" / "2026" / "01" / "arriving.csv", age=60)

    swept = runs.sweep()

    assert sorted(swept.files) == sorted(str(p) for p in orphans)
    assert [p.exists() for p in orphans] == [False, False]
    assert fresh.exists()
    assert all(p.exists() for p in needed)


def test_a_longer_temp_max_age_keeps_the_same_files(db, settings, media, _temp_uploads):
    settings.TEMP_MAX_AGE = 3 * HOUR
    left = _write(_temp_uploads / "tmpa1b2c3.upload.csv", age=2 * HOUR)
    orphan = _write(media / "imports" / "2026" / "01" / "lost.csv", age=2 * HOUR)
    assert files.clean() == []
    assert left.exists() and orphan.exists()


# --- originals --------------------------------------------------------------------


def _ingested(alice, workspace, capture) -> QcewUpload:
    with capture(execute=True):  # the ingest is queued when the upload commits
        upload = regions.upload_create(
            actor=alice,
            workspace=workspace,
            uploaded=SimpleUploadedFile("hocking.csv", HOCKING.read_bytes()),
        )
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE, upload.message
    return upload


def _stored(media: Path, folder: str) -> list[Path]:
    return [p for p in (media / folder).rglob("*") if p.is_file()]


def test_an_ingested_qcew_original_is_removed_at_once_by_default(
    settings, media, alice, workspace, django_capture_on_commit_callbacks
):
    assert settings.KEEP_UPLOADS_DAYS == 0
    upload = _ingested(alice, workspace, django_capture_on_commit_callbacks)
    assert not upload.file
    assert _stored(media, "qcew-uploads") == []


def test_an_imported_contact_file_is_removed_at_once_by_default(
    settings, media, contact_import, alice
):
    assert settings.KEEP_UPLOADS_DAYS == 0
    original = Path(contact_import.file.path)
    batch = imports.import_start(actor=alice, batch=contact_import)
    assert batch.status == ImportBatch.Status.IMPORTED
    assert not original.exists()
    batch.refresh_from_db()
    assert not batch.file  # the row no longer names it
    assert _stored(media, "imports") == []


def test_originals_are_kept_for_keep_uploads_days_after_ingest_then_removed(
    settings, media, alice, workspace, contact_import, django_capture_on_commit_callbacks
):
    settings.KEEP_UPLOADS_DAYS = 2
    upload = _ingested(alice, workspace, django_capture_on_commit_callbacks)
    batch = imports.import_start(actor=alice, batch=contact_import)
    kept = [Path(upload.file.path), Path(batch.file.path)]
    assert all(p.exists() for p in kept)

    QcewUpload.objects.update(finished_at=timezone.now() - dt.timedelta(days=1))
    ImportBatch.objects.update(imported_at=timezone.now() - dt.timedelta(days=1))
    runs.sweep()
    assert all(p.exists() for p in kept)

    QcewUpload.objects.update(finished_at=timezone.now() - dt.timedelta(days=3))
    ImportBatch.objects.update(imported_at=timezone.now() - dt.timedelta(days=3))
    runs.sweep()
    assert [p.exists() for p in kept] == [False, False]
    upload.refresh_from_db()
    batch.refresh_from_db()
    assert not upload.file and not batch.file


def test_the_original_of_a_stopped_ingest_is_kept_to_run_it_again_for_failed_uploads_days(
    settings, ingesting, dead_worker, alice, api
):
    settings.FAILED_UPLOADS_DAYS = 14
    original = Path(ingesting.file.path)
    upload_lease(ingesting, dead_worker)
    runs.sweep()
    ingesting.refresh_from_db()
    assert ingesting.status == UploadStatus.FAILED

    QcewUpload.objects.update(finished_at=timezone.now() - dt.timedelta(days=13))
    runs.sweep()
    assert original.exists()
    assert api(alice).get(f"/api/qcew/uploads/{ingesting.pk}").json()["can_run_again"] is True

    QcewUpload.objects.update(finished_at=timezone.now() - dt.timedelta(days=15))
    runs.sweep()
    assert not original.exists()
    assert api(alice).get(f"/api/qcew/uploads/{ingesting.pk}").json()["can_run_again"] is False
    again = api(alice).post(f"/api/qcew/uploads/{ingesting.pk}/run-again")
    assert again.status_code == 422
    assert "no longer kept on the server; upload it again" in str(again.json())


def test_the_file_of_a_stopped_import_is_kept_for_failed_uploads_days(
    settings, importing, dead_worker, alice, api
):
    settings.FAILED_UPLOADS_DAYS = 14
    original = Path(importing.file.path)
    import_lease(importing, dead_worker)
    runs.sweep()

    ImportBatch.objects.update(updated_at=timezone.now() - dt.timedelta(days=13))
    runs.sweep()
    assert original.exists()

    ImportBatch.objects.update(updated_at=timezone.now() - dt.timedelta(days=15))
    runs.sweep()
    assert not original.exists()
    again = api(alice).post(f"/api/imports/{importing.pk}/run-again")
    assert again.status_code == 422
    assert "no longer kept; upload it again" in str(again.json())
