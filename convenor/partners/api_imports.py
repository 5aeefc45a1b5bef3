"""REST API of contact imports: upload a file, review the preview, run it, undo it.

Imports are the workspace staff's (``Access.EDIT``), reads included: a preview
shows every row of the uploaded file.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from convenor.jobs import runs
from convenor.lib.schemas import VERSION_HELP
from convenor.partners import imports, selectors
from convenor.partners.models import Category, ImportBatch
from convenor.workspaces.access import needs, object_for, workspace_for
from convenor.workspaces.models import Access

router = Router(tags=["partners"])


class ImportOut(Schema):
    id: int
    status: str
    status_label: str
    can_run_again: bool = Field(
        description="It stopped with its worker: POST .../run-again runs it again."
    )
    can_discard: bool = Field(description="It failed: POST .../discard removes it.")
    target: str
    filename: str
    size: int
    encoding: str
    mode: str
    duplicates: str
    default_category: str
    header_row: int | None
    header: list[str]
    mapping: dict[str, str]
    counts: dict[str, int]
    problems: list[dict[str, Any]]
    warnings: list[str]
    run_when_read: bool = Field(
        description="The file is being read again and the import starts when it is read."
    )
    error: str
    created_at: dt.datetime
    imported_at: dt.datetime | None
    undone_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_can_run_again(obj: ImportBatch) -> bool:
        return obj.status == ImportBatch.Status.FAILED and bool(runs.stopped_run(obj))

    @staticmethod
    def resolve_can_discard(obj: ImportBatch) -> bool:
        return obj.status == ImportBatch.Status.FAILED

    @staticmethod
    def resolve_status_label(obj: ImportBatch) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_problems(obj: ImportBatch) -> list[dict[str, Any]]:
        return obj.report[:500]


class ImportRunIn(Schema):
    """What to change before importing; what is left out (or equal to the import's own
    setting) is kept. A change the preview depends on (mapping, category, header row,
    encoding) reads the file again, and the import starts when it is read."""

    version: int | None = Field(None, description=VERSION_HELP)
    mapping: dict[str, str] | None = Field(
        None,
        description="{column index: field}; leave out to keep the suggested mapping.",
    )
    mode: ImportBatch.Mode | None = None
    duplicates: ImportBatch.Duplicates | None = Field(
        None, description="skip a row that matches a record, or fill that record's empty fields"
    )
    default_category: Category | None = None
    header_row: int | None = Field(
        None,
        ge=1,
        description="the row that names the columns; the mapping (if given) names its columns",
    )
    encoding: str | None = Field(None, description="a CSV's text encoding, or auto")


def _batch(request: HttpRequest, import_id: int, need: Access) -> ImportBatch:
    runs.check(ImportBatch)  # an import whose worker died answers failed
    return object_for(
        request.user, ImportBatch.objects.select_related("workspace"), need=need, pk=import_id
    )


@router.get(
    "/workspaces/{slug}/imports",
    response=list[ImportOut],
    summary="Imports of the workspace, newest first (staff, owner)",
    openapi_extra=needs(Access.EDIT),
)
@paginate
def import_list(request: HttpRequest, slug: str) -> Any:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    runs.check(ImportBatch)
    return selectors.imports_in(membership.workspace)


@router.post(
    "/workspaces/{slug}/imports",
    response={201: ImportOut},
    summary="Upload a CSV or XLSX file of people or organisations (staff, owner); "
    "the answer is the preview: suggested mapping, counts, rejected rows",
)
def import_create(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile] = None,  # type: ignore[assignment]  # optional: a message names it
    target: Form[ImportBatch.Target] = ImportBatch.Target.PEOPLE,
    encoding: Form[str] = "auto",
    default_category: Form[Category] = Category.EMPLOYER,
    mode: Form[ImportBatch.Mode] = ImportBatch.Mode.VALID_ONLY,
    duplicates: Form[ImportBatch.Duplicates] = ImportBatch.Duplicates.SKIP,
) -> Status:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    if file is None:
        raise ValidationError({"file": "Attach the CSV or XLSX file as 'file'."})
    batch = imports.import_upload(
        actor=request.user,
        workspace=membership.workspace,
        upload=file,
        target=target,
        encoding=encoding,
        default_category=default_category,
        mode=mode,
        duplicates=duplicates,
    )
    batch.refresh_from_db()
    return Status(201, batch)


@router.get(
    "/imports/{import_id}",
    response=ImportOut,
    summary="Status and report of an import (staff, owner)",
    openapi_extra=needs(Access.EDIT),
)
def import_detail(request: HttpRequest, import_id: int) -> ImportBatch:
    return _batch(request, import_id, Access.EDIT)


@router.post(
    "/imports/{import_id}/run",
    response=ImportOut,
    summary="Import the previewed file, optionally with another mapping, header row, category, "
    "encoding or mode (staff, owner): one call imports",
)
def import_run(request: HttpRequest, import_id: int, payload: ImportRunIn) -> ImportBatch:
    batch = _batch(request, import_id, Access.EDIT)
    changes = payload.dict(exclude_unset=True)
    return imports.import_run(
        actor=request.user,
        batch=batch,
        mapping=changes.get("mapping"),
        mode=changes.get("mode"),
        duplicates=changes.get("duplicates"),
        default_category=changes.get("default_category"),
        header_row=changes.get("header_row"),
        encoding=changes.get("encoding"),
        expected_version=changes.get("version"),
    )


@router.post(
    "/imports/{import_id}/undo",
    response=ImportOut,
    summary="Undo an import: remove what it created, except what was edited or used since",
)
def import_undo(request: HttpRequest, import_id: int) -> ImportBatch:
    batch = _batch(request, import_id, Access.EDIT)
    return imports.import_undo(actor=request.user, batch=batch)


@router.post(
    "/imports/{import_id}/run-again",
    response=ImportOut,
    summary="Run again an import that stopped with its worker (what it wrote is removed first)",
)
def import_run_again(request: HttpRequest, import_id: int) -> ImportBatch:
    batch = _batch(request, import_id, Access.EDIT)
    return imports.import_run_again(actor=request.user, batch=batch)


@router.post(
    "/imports/{import_id}/discard",
    response={204: None},
    summary="Discard a failed import, its file and what a stopped run of it wrote",
)
def import_discard(request: HttpRequest, import_id: int) -> Status:
    batch = _batch(request, import_id, Access.EDIT)
    imports.import_discard(actor=request.user, batch=batch)
    return Status(204, None)
