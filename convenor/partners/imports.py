"""Import people and organisations from CSV/XLSX: upload, preview, import, undo.

The flow: ``import_upload`` stores the file and queues ``import_plan`` (read the
file, suggest a mapping, check every row, count duplicates). The user reviews
the preview, may change the mapping, and chooses a mode; ``import_start`` queues
``import_apply``, which writes all valid rows in one transaction, or nothing at
all when the mode is all-or-nothing and a row is rejected. ``import_undo``
removes what an import created, keeping what was edited or used since.

Long files run in the background task worker; the page polls the status.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.partners.importer import (
    FIELDS,
    ORGANISATIONS,
    PEOPLE,
    RowOutcome,
    clean_mapping,
    mapping_problems,
    name_key,
    plan_rows,
    suggest_mapping,
)
from convenor.partners.models import Category, ImportBatch, Organisation, Person
from convenor.partners.selectors import existing_keys
from convenor.partners.tabular import ENCODINGS, ImportFileError, Table, read_table, size_problem
from convenor.workspaces.models import Workspace

REPORT_LIMIT = 2000  # problems kept on the batch (the counts are always complete)
PREVIEW_LIMIT = 25
CHUNK = 1000

Status = ImportBatch.Status


class ImportRefused(Exception):
    """All-or-nothing: a row was rejected, so nothing is written."""


def import_upload(
    *,
    actor: Any,
    workspace: Workspace,
    upload: UploadedFile,
    target: str = ImportBatch.Target.PEOPLE,
    encoding: str = "auto",
    default_category: str = Category.EMPLOYER,
    mode: str = ImportBatch.Mode.VALID_ONLY,
) -> ImportBatch:
    """Store an uploaded file and queue reading it; refuse files over the limit."""
    problem = size_problem(upload.size or 0)
    if problem:
        raise ValidationError({"file": problem})
    if encoding not in ENCODINGS:
        raise ValidationError({"encoding": f"Unknown encoding {encoding!r}."})
    if target not in ImportBatch.Target.values:
        raise ValidationError({"target": f"Import people or organisations, not {target!r}."})
    name = (upload.name or "upload").rsplit("/", 1)[-1][:255]
    if not name.lower().endswith((".csv", ".txt", ".tsv", ".xlsx", ".xlsm")):
        raise ValidationError(
            {
                "file": "Upload a CSV (.csv) or Excel (.xlsx) file; an .xls workbook must be "
                "saved as .xlsx first."
            }
        )
    batch = ImportBatch(
        workspace=workspace,
        created_by=actor,
        target=target,
        filename=name,
        size=upload.size or 0,
        encoding=encoding,
        default_category=default_category,
        mode=mode,
        status=Status.QUEUED,
    )
    batch.file.save(name, upload, save=False)
    with transaction.atomic():
        batch = audit.create(actor=actor, instance=batch, note=f"uploaded {name}")
        _enqueue_plan(batch)
    batch.refresh_from_db()  # an immediate task backend has read it already
    return batch


def _enqueue_plan(batch: ImportBatch) -> None:
    from convenor.partners.tasks import plan_import

    plan_import.enqueue(batch.pk)


def _table(batch: ImportBatch) -> Table:
    try:
        with batch.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        raise ImportFileError("The uploaded file is no longer stored; upload it again.") from None
    return read_table(data, batch.filename, encoding=batch.encoding)


def _outcomes(batch: ImportBatch, table: Table) -> Iterator[RowOutcome]:
    return plan_rows(
        table.rows,
        table.header,
        batch.mapping,
        target=batch.target,
        default_category=batch.default_category,
        existing=existing_keys(batch.workspace),
    )


def _summarise(outcomes: Iterator[RowOutcome]) -> tuple[dict[str, int], list[dict], list[dict]]:
    counts = {"rows": 0, "valid": 0, "duplicate": 0, "rejected": 0, "blank": 0}
    report: list[dict] = []
    preview: list[dict] = []
    for outcome in outcomes:
        counts["rows"] += 1
        counts[outcome.status] += 1
        for problem in outcome.problems:
            if len(report) < REPORT_LIMIT:
                report.append(problem.as_dict())
        if outcome.status != "blank" and len(preview) < PREVIEW_LIMIT:
            preview.append(
                {
                    "row": outcome.row,
                    "status": outcome.status,
                    "values": {k: v for k, v in outcome.values.items() if v not in ("", False)},
                    "problems": [p.message for p in outcome.problems],
                }
            )
    counts["problems"] = len(report)
    return counts, report, preview


def import_plan(batch: ImportBatch) -> ImportBatch:
    """Read the file, suggest a mapping if none is set, and check every row."""
    try:
        table = _table(batch)
    except ImportFileError as exc:
        return _save(batch, status=Status.FAILED, error=str(exc), header=[], report=[], preview=[])
    mapping = clean_mapping(batch.mapping, table.header, batch.target) if batch.mapping else {}
    if not mapping:
        mapping = suggest_mapping(table.header, batch.target)
    batch.mapping = mapping
    problems = mapping_problems(mapping, batch.target)
    if problems:
        return _save(
            batch,
            status=Status.READY,
            error="",
            header=table.header,
            mapping=mapping,
            counts={"rows": 0, "valid": 0, "duplicate": 0, "rejected": 0, "blank": 0},
            report=[
                {"row": 1, "column": "", "value": "", "reason": p, "kind": "mapping", "message": p}
                for p in problems
            ],
            preview=[],
        )
    try:
        counts, report, preview = _summarise(_outcomes(batch, table))
    except ImportFileError as exc:
        return _save(batch, status=Status.FAILED, error=str(exc), header=table.header)
    return _save(
        batch,
        status=Status.READY,
        error="",
        header=table.header,
        mapping=mapping,
        counts=counts,
        report=report,
        preview=preview,
    )


def _save(batch: ImportBatch, **fields: Any) -> ImportBatch:
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=[*fields, "updated_at"])
    return batch


def import_configure(
    *,
    actor: Any,
    batch: ImportBatch,
    mapping: dict[str, str] | None = None,
    mode: str | None = None,
    default_category: str | None = None,
    expected_version: int | None = None,
) -> ImportBatch:
    """Change the mapping, mode or default category before importing; re-checks the rows."""
    if batch.status not in (Status.READY, Status.REFUSED):
        raise ValidationError(f"This import is {batch.get_status_display().lower()}.")
    changes: dict[str, Any] = {}
    if mapping is not None:
        changes["mapping"] = clean_mapping(mapping, batch.header, batch.target)
    if mode is not None:
        if mode not in ImportBatch.Mode.values:
            raise ValidationError({"mode": f"Unknown mode {mode!r}."})
        changes["mode"] = mode
    if default_category is not None:
        if default_category not in Category.values:
            raise ValidationError({"default_category": f"Unknown category {default_category!r}."})
        changes["default_category"] = default_category
    batch = audit.update(
        actor=actor, instance=batch, changes=changes, expected_version=expected_version
    )
    if {"mapping", "default_category"} & set(changes):
        # Checking every row again takes a while on a large file: the worker does it.
        with transaction.atomic():
            _save(batch, status=Status.QUEUED)
            _enqueue_plan(batch)
        batch.refresh_from_db()
    return batch


def import_start(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Queue the import of a previewed file."""
    if batch.status not in (Status.READY, Status.REFUSED):
        raise ValidationError(f"This import is {batch.get_status_display().lower()}.")
    problems = mapping_problems(batch.mapping, batch.target)
    if problems:
        raise ValidationError(problems[0])
    from convenor.partners.tasks import apply_import

    with transaction.atomic():
        _save(batch, status=Status.IMPORTING, error="")
        apply_import.enqueue(batch.pk, actor.pk if actor else None)
    batch.refresh_from_db()
    return batch


def import_apply(batch: ImportBatch, actor: Any) -> ImportBatch:
    """Write the valid rows (or nothing, all-or-nothing) in one transaction."""
    try:
        table = _table(batch)
    except ImportFileError as exc:
        return _save(batch, status=Status.FAILED, error=str(exc))
    counts = {"rows": 0, "valid": 0, "duplicate": 0, "rejected": 0, "blank": 0}
    report: list[dict] = []
    created = {"people": 0, "organisations": 0}
    try:
        with transaction.atomic():
            writer = _Writer(batch)
            for outcome in _outcomes(batch, table):
                counts["rows"] += 1
                counts[outcome.status] += 1
                for problem in outcome.problems:
                    if len(report) < REPORT_LIMIT:
                        report.append(problem.as_dict())
                if outcome.status == "rejected" and batch.mode == ImportBatch.Mode.ALL_OR_NOTHING:
                    raise ImportRefused
                if outcome.status == "valid":
                    writer.add(outcome.values)
            writer.flush()
            created = writer.created
            counts.update(
                people_created=created["people"], organisations_created=created["organisations"]
            )
            counts["problems"] = len(report)
            _save(
                batch,
                status=Status.IMPORTED,
                counts=counts,
                report=report,
                imported_at=timezone.now(),
                error="",
            )
            audit.record(
                actor=actor,
                instance=batch,
                action="event",
                changes={
                    "people": [0, created["people"]],
                    "organisations": [0, created["organisations"]],
                },
                note=f"imported {created['people']} people and {created['organisations']} "
                f"organisations from {batch.filename}",
            )
    except ImportRefused:
        # Finish counting so the report is complete, then say why nothing was written.
        return _refuse(batch)
    except ImportFileError as exc:
        return _save(batch, status=Status.FAILED, error=str(exc))
    batch.file.delete(save=False)  # the data now lives in the registry
    return batch


def _refuse(batch: ImportBatch) -> ImportBatch:
    try:
        counts, report, _ = _summarise(_outcomes(batch, _table(batch)))
    except ImportFileError as exc:
        return _save(batch, status=Status.FAILED, error=str(exc))
    return _save(
        batch,
        status=Status.REFUSED,
        counts=counts,
        report=report,
        error=f"Nothing was imported: {counts['rejected']} row(s) were rejected and you chose "
        "all-or-nothing. Fix those rows and upload the file again, or import the valid rows only.",
    )


class _Writer:
    """Creates organisations and people in chunks, tagging them with the batch."""

    def __init__(self, batch: ImportBatch) -> None:
        self.batch = batch
        self.workspace_id = batch.workspace_id
        self.organisations: dict[str, int] = {
            name_key(name): pk
            for pk, name in Organisation.objects.filter(workspace_id=self.workspace_id)
            .values_list("pk", "name")
            .iterator(chunk_size=5000)
        }
        self.pending_people: list[tuple[Person, str]] = []
        self.pending_orgs: list[Organisation] = []
        self.created = {"people": 0, "organisations": 0}

    def add(self, values: dict[str, Any]) -> None:
        if self.batch.target == ORGANISATIONS:
            self._organisation(values)
        else:
            self._person(values)
        if len(self.pending_people) + len(self.pending_orgs) >= CHUNK:
            self.flush()

    def _organisation(self, values: dict[str, Any]) -> Organisation:
        org = Organisation(workspace_id=self.workspace_id, import_batch=self.batch, **values)
        if org.category == Category.OTHER and not org.other_label:
            org.other_label = "imported"
        self.pending_orgs.append(org)
        self.organisations[name_key(org.name)] = -1  # created in this batch (pk after flush)
        return org

    def _person(self, values: dict[str, Any]) -> None:
        values = dict(values)
        org_name = values.pop("organisation")
        category = values.pop("organisation_category")
        education_type = values.pop("education_type")
        key = name_key(org_name) if org_name else ""
        if key and key not in self.organisations:
            self._organisation(
                {
                    "name": org_name,
                    "category": category or Category.EMPLOYER,
                    "education_type": education_type if category == Category.EDUCATION else "",
                }
            )
        person = Person(workspace_id=self.workspace_id, import_batch=self.batch, **values)
        self.pending_people.append((person, key))

    def flush(self) -> None:
        if self.pending_orgs:
            Organisation.objects.bulk_create(self.pending_orgs, batch_size=500)
            self.created["organisations"] += len(self.pending_orgs)
            missing = [
                name_key(o.name) for o in self.pending_orgs if o.pk is None
            ]  # databases without RETURNING
            if missing:
                for pk, name in Organisation.objects.filter(import_batch=self.batch).values_list(
                    "pk", "name"
                ):
                    self.organisations[name_key(name)] = pk
            for org in self.pending_orgs:
                if org.pk is not None:
                    self.organisations[name_key(org.name)] = org.pk
            self.pending_orgs = []
        if self.pending_people:
            people = []
            for person, key in self.pending_people:
                if key:
                    person.organisation_id = self.organisations[key]
                people.append(person)
            Person.objects.bulk_create(people, batch_size=500)
            self.created["people"] += len(people)
            self.pending_people = []


def _used_ids(model: type[models.Model], ids: list[int]) -> set[int]:
    """Ids among ``ids`` that another row refers to (a membership, a touch, an attendance...)."""
    used: set[int] = set()
    for relation in model._meta.related_objects:
        related = relation.related_model
        if related is ImportBatch or relation.field.name == "import_batch":
            continue
        if model is Organisation and related is Person:
            continue  # people of the organisation: handled by the caller
        if relation.many_to_many:
            # The relation's own through model: a related_name="+" has no accessor.
            through = relation.through
            column = next(
                f.name for f in through._meta.fields if f.is_relation and f.related_model is model
            )
            rows = through.objects.filter(**{f"{column}__in": ids}).values_list(
                f"{column}_id", flat=True
            )
        else:
            rows = related._default_manager.filter(
                **{f"{relation.field.name}__in": ids}
            ).values_list(relation.field.attname, flat=True)
        used.update(rows)
    return used


def import_undo(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Remove what the import created; keep (and name) what was edited or used since."""
    if batch.status != Status.IMPORTED:
        raise ValidationError("Only a finished import can be undone.")
    with transaction.atomic():
        people = Person.objects.filter(import_batch=batch)
        person_ids = list(people.values_list("pk", flat=True))
        kept_people = set(people.filter(version__gt=1).values_list("pk", flat=True))
        kept_people |= set(people.filter(user__isnull=False).values_list("pk", flat=True))
        for chunk in _chunks(person_ids):
            kept_people |= _used_ids(Person, chunk)
        orgs = Organisation.objects.filter(import_batch=batch)
        org_ids = list(orgs.values_list("pk", flat=True))
        kept_orgs = set(orgs.filter(version__gt=1).values_list("pk", flat=True))
        for chunk in _chunks(org_ids):
            kept_orgs |= _used_ids(Organisation, chunk)
        # An organisation stays while people who stay work for it.
        kept_orgs |= set(
            Person.objects.filter(organisation_id__in=org_ids)
            .exclude(pk__in=set(person_ids) - kept_people)
            .values_list("organisation_id", flat=True)
        )
        removed_people = set(person_ids) - kept_people
        removed_orgs = set(org_ids) - kept_orgs
        for chunk in _chunks(list(removed_people)):
            Person.objects.filter(pk__in=chunk).delete()
        for chunk in _chunks(list(removed_orgs)):
            Organisation.objects.filter(pk__in=chunk).delete()
        kept_names = list(
            Person.objects.filter(pk__in=kept_people).values_list("name", flat=True)[:20]
        ) + list(Organisation.objects.filter(pk__in=kept_orgs).values_list("name", flat=True)[:20])
        counts = dict(batch.counts)
        counts.update(
            people_removed=len(removed_people),
            organisations_removed=len(removed_orgs),
            kept_on_undo=len(kept_people) + len(kept_orgs),
        )
        batch.counts = counts
        batch.status = Status.UNDONE
        batch.undone_at = timezone.now()
        batch.error = (
            (
                f"Kept {len(kept_people)} people and {len(kept_orgs)} organisations that were "
                f"edited or used since the import: {', '.join(kept_names)}"
                + ("..." if len(kept_people) + len(kept_orgs) > len(kept_names) else "")
                + "."
            )
            if kept_people or kept_orgs
            else ""
        )
        batch.save(update_fields=["counts", "status", "undone_at", "error", "updated_at"])
        audit.record(
            actor=actor,
            instance=batch,
            action="event",
            changes={
                "people": [len(person_ids), len(kept_people)],
                "organisations": [len(org_ids), len(kept_orgs)],
            },
            note=f"undid the import of {batch.filename}: removed {len(removed_people)} people "
            f"and {len(removed_orgs)} organisations",
        )
    return batch


def _chunks(ids: list[int], size: int = 500) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def field_choices(target: str) -> list[tuple[str, str]]:
    return [("", "(not imported)")] + [(t.name, t.label) for t in FIELDS[target]]


__all__ = [
    "ORGANISATIONS",
    "PEOPLE",
    "import_apply",
    "import_configure",
    "import_plan",
    "import_start",
    "import_undo",
    "import_upload",
]
