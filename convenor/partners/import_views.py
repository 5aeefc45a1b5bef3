"""Import and export pages of the partner registry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from convenor.jobs import runs
from convenor.lib.forms import form_status, save_form
from convenor.lib.htmx import is_htmx
from convenor.partners import exports, imports, selectors
from convenor.partners.import_forms import ImportMappingForm, ImportUploadForm
from convenor.partners.import_mapping import FIELDS
from convenor.partners.models import ImportBatch
from convenor.partners.tabular import write_csv, write_xlsx
from convenor.workspaces.access import membership_of, object_for, route, workspace_for
from convenor.workspaces.models import Access

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@route(get=Access.EDIT, post=Access.EDIT)
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, initial={"target": ImportBatch.Target.PEOPLE}
    )
    if request.method == "POST" and form.is_valid():
        batch = save_form(
            form,
            lambda: imports.import_upload(
                actor=request.user,
                workspace=membership.workspace,
                upload=form.cleaned_data["file"],
                target=form.cleaned_data["target"],
                encoding=form.cleaned_data["encoding"],
                default_category=form.cleaned_data["default_category"],
            ),
        )
        if batch:
            return redirect("partners:import", slug=slug, import_id=batch.pk)
    return render(
        request,
        "partners/import_upload.html",
        {
            "form": form,
            "membership": membership,
            "workspace": membership.workspace,
            "imports": selectors.imports_in(membership.workspace)[:20],
        },
        status=422 if form.errors else 200,
    )


def _batch(request: HttpRequest, slug: str, import_id: int, need: Access) -> ImportBatch:
    runs.check(ImportBatch)  # an import whose worker died shows as failed
    membership = workspace_for(request.user, slug, need=need)
    return object_for(
        request.user,
        ImportBatch.objects.filter(workspace=membership.workspace).select_related(
            "workspace", "created_by"
        ),
        need=need,
        pk=import_id,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def import_detail(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    """The preview: mapping per column, rows as they would import, the rejected-row report.

    "Import" saves what changed and imports in one step (after reading the file again
    when the preview depends on a change); a changed header row only updates the
    preview, since the columns shown were another row's.
    """
    batch = _batch(request, slug, import_id, Access.EDIT)
    form = ImportMappingForm(request.POST or None, batch=batch)
    status = 200
    if request.method == "POST" and form.is_valid():
        header_changed = form.header_changed()
        run = request.POST.get("action") == "import" and not header_changed
        saved = save_form(
            form,
            lambda: imports.import_configure(
                actor=request.user,
                batch=batch,
                mapping=None if header_changed else form.mapping(),
                mode=form.cleaned_data["mode"],
                duplicates=form.cleaned_data.get("duplicates") or None,
                default_category=form.cleaned_data["default_category"],
                header_row=form.cleaned_data.get("header_row"),
                encoding=form.cleaned_data.get("encoding") or None,
                expected_version=form.cleaned_data.get("version"),
                run=run,
            ),
        )
        if saved:
            if header_changed and request.POST.get("action") == "import":
                messages.info(
                    request,
                    f"The columns are now those of row {saved.header_row}: check how they "
                    "are matched, then import.",
                )
            return redirect("partners:import", slug=slug, import_id=batch.pk)
        status = form_status(form)
    elif request.method == "POST":
        status = 422
    labels = {t.name: t.label for t in FIELDS[batch.target]}
    columns = _preview_columns(batch, labels)
    template = "partners/_import_status.html" if is_htmx(request) else "partners/import_detail.html"
    return render(
        request,
        template,
        {
            "batch": batch,
            "stopped": runs.stopped_run(batch),
            "form": form,
            "membership": membership_of(batch),
            "workspace": batch.workspace,
            "preview_columns": columns,
            "preview_rows": [
                {**row, "cells": [_cell(row["values"].get(name, "")) for name, _ in columns]}
                for row in batch.preview
            ],
            "filled": [p for p in batch.report if p.get("kind") == "filled"],
        },
        status=status,
    )


def _cell(value: object) -> str:
    return "yes" if value is True else str(value)


def _preview_columns(batch: ImportBatch, labels: dict[str, str]) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    for field_name in batch.mapping.values():
        if field_name in ("first_name", "middle_name", "last_name"):
            field_name = "name"
        if field_name == "organisation_category":
            continue
        if field_name not in [f for f, _ in fields]:
            fields.append((field_name, labels.get(field_name, field_name)))
    return fields


@route(get=Access.EDIT)
def import_report(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    """The rejected and duplicate rows, as a CSV to fix the file with."""
    batch = _batch(request, slug, import_id, Access.EDIT)
    rows: list[list[object]] = [["Row", "Column", "Value", "Outcome", "Reason"]]
    rows += [[p["row"], p["column"], p["value"], p["kind"], p["reason"]] for p in batch.report]
    response = HttpResponse(write_csv(rows), content_type=CONTENT_TYPES["csv"])
    name = slugify(batch.filename.rsplit(".", 1)[0]) or "import"
    response["Content-Disposition"] = f'attachment; filename="{name}-report.csv"'
    return response


@route(post=Access.EDIT)
def import_undo(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    batch = _batch(request, slug, import_id, Access.EDIT)
    try:
        batch = imports.import_undo(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        counts = batch.counts
        messages.success(
            request,
            f"Import undone: removed {counts.get('people_removed', 0)} people and "
            f"{counts.get('organisations_removed', 0)} organisations.",
        )
        if batch.error:
            messages.warning(request, batch.error)
    return redirect("partners:import", slug=slug, import_id=batch.pk)


def _export(request: HttpRequest, slug: str, what: str) -> HttpResponse:
    membership = workspace_for(request.user, slug)
    fmt = request.GET.get("format", "csv")
    if fmt not in CONTENT_TYPES:
        fmt = "csv"
    rows = (
        exports.people_rows(membership.workspace)
        if what == "people"
        else exports.organisation_rows(membership.workspace)
    )
    body = write_csv(rows) if fmt == "csv" else write_xlsx(rows, title=what.capitalize())
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    name = f"{membership.workspace.slug}-{what}-{stamp}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@route(get=Access.VIEW)
def export_people(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "people")


@route(get=Access.VIEW)
def export_organisations(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, "organisations")


@route(post=Access.EDIT)
def import_run_again(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    batch = _batch(request, slug, import_id, Access.EDIT)
    try:
        imports.import_run_again(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("partners:import", slug=slug, import_id=batch.pk)


@route(post=Access.EDIT)
def import_discard(request: HttpRequest, slug: str, import_id: int) -> HttpResponse:
    batch = _batch(request, slug, import_id, Access.EDIT)
    try:
        imports.import_discard(actor=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("partners:import", slug=slug, import_id=batch.pk)
    messages.success(request, f"The import of {batch.filename} was discarded.")
    return redirect("partners:import-upload", slug=slug)
