"""Background work: ingesting an uploaded QCEW file (django-tasks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone
from django_tasks import task

from convenor.analysis.errors import AnalysisError
from convenor.analysis.ingest import collect_sources, ingest_source
from convenor.analysis.store import store_paths
from convenor.regions.models import QcewUpload, UploadStatus
from convenor.regions.selectors import workspace_store_dir


@task()
def ingest_upload(upload_id: int) -> None:
    """Ingest one upload into its workspace's store, reporting progress on the upload row."""
    upload = QcewUpload.objects.select_related("workspace").get(pk=upload_id)
    root = workspace_store_dir(upload.workspace)
    QcewUpload.objects.filter(pk=upload_id).update(status=UploadStatus.RUNNING, progress=1)
    results: list[dict[str, Any]] = []
    try:
        with collect_sources([Path(upload.file.path)], store_paths(root)["tmp"]) as sources:
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
    except AnalysisError as exc:
        QcewUpload.objects.filter(pk=upload_id).update(
            status=UploadStatus.FAILED,
            message=str(exc).replace(str(upload.file.path), upload.original_name),
            results=results,
            finished_at=timezone.now(),
        )
        return
    QcewUpload.objects.filter(pk=upload_id).update(
        status=UploadStatus.DONE,
        progress=100,
        results=results,
        message=f"{sum(r['rows'] for r in results):,} rows from {len(results)} file(s).",
        finished_at=timezone.now(),
    )
