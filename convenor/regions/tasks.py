"""Background work: ingesting an uploaded QCEW file (django-tasks), and recovering from it.

The ingest holds a lease (``convenor.jobs``) and works in its own folder of the store's
``tmp``, so when its worker is killed the upload is marked failed and that folder (a zip's
extracted CSVs, up to gigabytes) removed at once; it can be run again or discarded. The
original is removed once ingested (``KEEP_UPLOADS_DAYS``).
"""

from __future__ import annotations

import fcntl
import logging
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from convenor.analysis.errors import AnalysisError
from convenor.analysis.ingest import collect_sources, ingest_source
from convenor.analysis.store import store_paths
from convenor.jobs import files, limits, runs
from convenor.lib.words import counted
from convenor.regions.models import QcewUpload, UploadStatus
from convenor.regions.selectors import workspace_store_dir

logger = logging.getLogger(__name__)


def work_dir(upload: QcewUpload) -> Path:
    """The upload's own folder in its store's ``tmp`` (a zip is extracted there)."""
    return store_paths(workspace_store_dir(upload.workspace))["tmp"] / f"upload-{upload.pk}"


@task()
def ingest_upload(upload_id: int) -> None:
    """Ingest one upload into its workspace's store, reporting progress on the upload row."""
    upload = QcewUpload.objects.select_related("workspace").filter(pk=upload_id).first()
    if upload is None or upload.status != UploadStatus.QUEUED:
        return  # discarded, or taken by another worker
    with runs.running(upload, task=ingest_upload, args=[upload_id], recover=recover_upload):
        _ingest(upload)


def _ingest(upload: QcewUpload) -> None:
    upload_id = upload.pk
    root = workspace_store_dir(upload.workspace)
    work = work_dir(upload)
    work.mkdir(parents=True, exist_ok=True)
    QcewUpload.objects.filter(pk=upload_id).update(status=UploadStatus.RUNNING, progress=1)
    results: list[dict[str, Any]] = []
    try:
        with collect_sources([Path(upload.file.path)], work) as sources:
            count = max(len(sources), 1)
            for index, source in enumerate(sources):

                def report(_name: str, fraction: float, index: int = index) -> None:
                    percent = int(100 * (index + fraction) / count)
                    QcewUpload.objects.filter(pk=upload_id).update(
                        progress=max(1, min(percent, 99))
                    )

                result = ingest_source(source, root, progress=report)
                results.append(
                    {
                        "source": Path(result.source).name,
                        "status": result.status,
                        "rows": result.rows,
                        "periods": result.periods,
                        "areas": result.areas,
                    }
                )
    except MemoryError:  # first: DuckDB's own running out is an AnalysisError too
        _failed(upload, limits.message("Ingesting this file"), results)
        return
    except AnalysisError as exc:
        _failed(upload, str(exc).replace(str(upload.file.path), upload.original_name), results)
        return
    except Exception as exc:  # the worker goes on; the upload says it stopped
        logger.exception("ingest of upload %s failed", upload_id)
        _failed(
            upload,
            f"The ingest stopped on an unexpected error ({exc.__class__.__name__}). Files "
            "listed as ingested are stored; run it again, or discard it.",
            results,
        )
        return
    finally:
        shutil.rmtree(work, ignore_errors=True)
    QcewUpload.objects.filter(pk=upload_id).update(
        status=UploadStatus.DONE,
        progress=100,
        results=results,
        message=f"{counted(sum(r['rows'] for r in results), 'row')} from "
        f"{counted(len(results), 'file')}.",
        finished_at=timezone.now(),
    )
    if settings.KEEP_UPLOADS_DAYS <= 0:
        upload.file.delete(save=False)  # the rows now live in the store
        QcewUpload.objects.filter(pk=upload_id).update(file="")


def _failed(upload: QcewUpload, message: str, results: list[dict[str, Any]]) -> None:
    QcewUpload.objects.filter(pk=upload.pk).update(
        status=UploadStatus.FAILED, message=message, results=results, finished_at=timezone.now()
    )


def recover_upload(upload_id: str, message: str, task: str = "") -> None:
    """A worker died while ingesting: say so on the upload and remove its work files."""
    upload = QcewUpload.objects.select_related("workspace").get(pk=upload_id)
    shutil.rmtree(work_dir(upload), ignore_errors=True)
    clean_store_tmp(workspace_store_dir(upload.workspace))
    QcewUpload.objects.filter(pk=upload.pk).update(
        status=UploadStatus.FAILED,
        message=f"{message} Nothing of the file being ingested was stored (each file is "
        "stored whole or not at all); run it again, or discard it.",
        finished_at=timezone.now(),
    )


def clean_store_tmp(root: Path) -> list[str]:
    """Remove the half-written Parquet and spill files a killed ingest left in ``tmp``.

    An ingest writes those only while it holds the store's lock (``analysis.store.locked``,
    an flock on ``.lock`` that dies with its process), so when the lock can be taken at
    once, every loose file there is left over. Folders are other jobs' work: not touched.
    """
    tmp = store_paths(root)["tmp"]
    removed: list[str] = []
    with open(root / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return removed  # an ingest runs: the next sweep will do
        try:
            for entry in tmp.iterdir():
                if entry.is_file() and files.remove(entry):
                    removed.append(str(entry))
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    return removed


def expire_originals() -> list[str]:
    """Remove originals past their keeping time (the worker's sweep calls this)."""
    removed = []
    keep = settings.KEEP_UPLOADS_DAYS
    done = QcewUpload.objects.filter(status=UploadStatus.DONE).exclude(file="")
    failed = QcewUpload.objects.filter(status=UploadStatus.FAILED).exclude(file="")
    for uploads, days in ((done, keep), (failed, settings.FAILED_UPLOADS_DAYS)):
        for upload in uploads.only("pk", "file", "finished_at"):
            if days <= 0 or files.expired(upload.finished_at, days):
                removed.append(upload.file.name)
                upload.file.delete(save=False)
                QcewUpload.objects.filter(pk=upload.pk).update(file="")
    return removed
