"""Background work of the partners app: reading and importing uploaded files.

Tasks take ids (JSON arguments) and load the rows themselves; a failure is
written on the import so the page can say what went wrong.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from convenor.partners.models import ImportBatch


@task()
def plan_import(batch_id: int) -> str:
    from convenor.partners.imports import import_plan

    batch = ImportBatch.objects.select_related("workspace").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.QUEUED:
        return "nothing to do"  # gone, or read already (e.g. by the demo)
    try:
        return import_plan(batch).status
    except Exception as exc:
        _fail(batch, exc)
        raise


@task()
def apply_import(batch_id: int, actor_id: int | None) -> str:
    from convenor.partners.imports import import_apply

    batch = ImportBatch.objects.select_related("workspace").filter(pk=batch_id).first()
    if batch is None or batch.status != ImportBatch.Status.IMPORTING:
        return "nothing to do"
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        return import_apply(batch, actor).status
    except Exception as exc:
        _fail(batch, exc)
        raise


def _fail(batch: ImportBatch, exc: Exception) -> None:
    batch.status = ImportBatch.Status.FAILED
    batch.error = (
        f"The import stopped on an unexpected error ({exc.__class__.__name__}). "
        "Nothing was written; try again or contact your administrator."
    )
    batch.save(update_fields=["status", "error", "updated_at"])
