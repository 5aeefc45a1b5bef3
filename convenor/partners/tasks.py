"""Background work of the partners app: reading and importing uploaded files.

Tasks take ids (JSON arguments) and load the rows themselves; a failure is
written on the import so the page can say what went wrong.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from convenor.jobs import files, limits, runs
from convenor.partners.models import ImportBatch


@task()
@runs.leased(ImportBatch, recover="convenor.partners.tasks.recover_import")
def plan_import(batch_id: int, actor_id: int | None = None) -> str:
    """Read the file; when the user asked to import (``run_when_read``), import it too."""
    from convenor.partners.imports import import_plan

    batch = ImportBatch.objects.select_related("workspace").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.QUEUED:
        return "nothing to do"  # gone, or read already (e.g. by the demo)
    try:
        return import_plan(batch, _actor(actor_id)).status
    except Exception as exc:
        _fail(batch, exc)
        raise


@task()
@runs.leased(ImportBatch, recover="convenor.partners.tasks.recover_import")
def apply_import(batch_id: int, actor_id: int | None) -> str:
    from convenor.partners.imports import import_apply

    batch = ImportBatch.objects.select_related("workspace").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.IMPORTING:
        return "nothing to do"
    try:
        return import_apply(batch, _actor(actor_id)).status
    except Exception as exc:
        _fail(batch, exc)
        raise


def _actor(actor_id: int | None) -> Any:
    return get_user_model().objects.filter(pk=actor_id).first() if actor_id else None


def _fail(batch: ImportBatch, exc: Exception) -> None:
    batch.status = ImportBatch.Status.FAILED
    batch.run_when_read = False
    batch.error = (
        f"The import stopped on an unexpected error ({exc.__class__.__name__}). "
        "Nothing was written; try again or contact your administrator."
    )
    if isinstance(exc, MemoryError):
        batch.error = limits.message("This import")
    batch.save(update_fields=["status", "run_when_read", "error", "updated_at"])


def recover_import(batch_id: str, message: str, task: str = "") -> None:
    """The worker died while reading or importing: the import says so and can be run
    again (what it wrote is removed first) or discarded (``convenor.jobs``)."""
    from convenor.partners.models import Organisation, Person

    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status not in (ImportBatch.Status.QUEUED, ImportBatch.Status.IMPORTING):
        return  # it finished after all
    importing = batch.status == ImportBatch.Status.IMPORTING
    people = Person.objects.filter(import_batch=batch).count()
    orgs = Organisation.objects.filter(import_batch=batch).count()
    written = (
        f" It had written {people} people and {orgs} organisations; running it again or "
        "discarding it removes them first."
        if people or orgs
        else " Nothing was written."
    )
    batch.status = ImportBatch.Status.FAILED
    # Stopped while importing after a read (one-click import): running the read again
    # imports too.
    batch.run_when_read = importing and task.endswith(".plan_import")
    batch.error = (
        f"{message} It was {'importing' if importing else 'reading the file'}.{written} "
        "Run it again, or discard it."
    )
    batch.save(update_fields=["status", "run_when_read", "error", "updated_at"])


def expire_originals() -> list[str]:
    """Remove uploaded contact files past their keeping time (the worker's sweep)."""
    status = ImportBatch.Status
    rules = (
        ((status.IMPORTED, status.UNDONE), settings.KEEP_UPLOADS_DAYS, "imported_at"),
        ((status.FAILED, status.REFUSED, status.READY), settings.FAILED_UPLOADS_DAYS, "updated_at"),
    )
    removed = []
    for statuses, days, stamp in rules:
        batches = ImportBatch.objects.filter(status__in=statuses).exclude(file="")
        for batch in batches.only("pk", "file", stamp):
            if days <= 0 or files.expired(getattr(batch, stamp), days):
                removed.append(batch.file.name)
                batch.file.delete(save=False)
                ImportBatch.objects.filter(pk=batch.pk).update(file="")
    return removed
