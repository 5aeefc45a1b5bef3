"""Import people and organisations from CSV/XLSX: upload, preview, import, undo.

The flow: ``import_upload`` stores the file and queues ``import_plan`` (read the
file, find the header row, suggest a mapping, check every row, count duplicates).
The user reviews the preview, may change the mapping, the header row, the
encoding or the category of new organisations, chooses what to do with rejected
rows and with duplicates, and imports: ``import_run`` saves what actually changed
and either queues ``import_apply`` at once or, when a change needs the file read
again, queues the reading with ``run_when_read`` set so the import starts as soon
as the file is read. ``import_apply`` writes all valid rows in batches (``_applying``)
(or nothing, all-or-nothing) and, in "fill" mode, fills the empty fields of the
records that duplicate rows match. ``import_undo`` removes what an import
created, keeping what was edited or used since.

Files are read in the background task worker; the page polls the status.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.jobs import runs
from convenor.lib.db import analyze
from convenor.lib.errors import file_facts
from convenor.partners.importer import (
    FIELDS,
    ORGANISATIONS,
    PEOPLE,
    RowOutcome,
    clean_mapping,
    header_test,
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
PROGRESS_EVERY = 5000  # rows between two progress notes while a file is read

Status = ImportBatch.Status
# What the preview depends on: changing one of these reads the file again.
READ_SETTINGS = ("mapping", "default_category", "header_row", "encoding")
# The fields "fill" mode may fill on a record a duplicate row matches (never the name).
PERSON_FILLS = ("title", "email", "phone", "authority_level", "notes")
ORGANISATION_FILLS = (
    "education_type",
    "other_label",
    "naics_code",
    "size_band",
    "address",
    "county",
    "county_fips",
    "website",
    "notes",
)


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
    duplicates: str = ImportBatch.Duplicates.SKIP,
) -> ImportBatch:
    """Store an uploaded file and queue reading it; refuse files over the limit."""
    problem = size_problem(upload.size or 0)
    if problem:
        raise ValidationError({"file": problem})
    if encoding not in ENCODINGS:
        raise ValidationError({"encoding": f"Unknown encoding {encoding!r}."})
    if target not in ImportBatch.Target.values:
        raise ValidationError({"target": f"Import people or organisations, not {target!r}."})
    if duplicates not in ImportBatch.Duplicates.values:
        raise ValidationError({"duplicates": f"Unknown choice {duplicates!r}."})
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
        duplicates=duplicates,
        status=Status.QUEUED,
    )
    batch.file.save(name, upload, save=False)
    file_facts(batch.file)  # hashed now, not while the audit write holds the database lock
    with transaction.atomic():
        batch = cast(
            ImportBatch, audit.create(actor=actor, instance=batch, note=f"uploaded {name}")
        )
        _enqueue_plan(batch)
    batch.refresh_from_db()  # an immediate task backend has read it already
    return batch


def _enqueue_plan(batch: ImportBatch, actor: Any = None) -> None:
    from convenor.partners.tasks import plan_import

    plan_import.enqueue(batch.pk, _actor_id(actor))


def _actor_id(actor: Any) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def _table(batch: ImportBatch) -> Table:
    try:
        with batch.file.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError):
        raise ImportFileError("The uploaded file is no longer stored; upload it again.") from None
    return read_table(
        data,
        batch.filename,
        encoding=batch.encoding,
        header_row=batch.header_row,
        is_header=header_test(batch.target),
    )


def _outcomes(batch: ImportBatch, table: Table) -> Iterator[RowOutcome]:
    return plan_rows(
        table.rows,
        table.header,
        batch.mapping,
        target=batch.target,
        default_category=batch.default_category,
        existing=existing_keys(batch.workspace),
    )


def _empty_counts() -> dict[str, int]:
    return {"rows": 0, "valid": 0, "duplicate": 0, "rejected": 0, "blank": 0}


def _summarise(
    outcomes: Iterator[RowOutcome], progress: Callable[[int], None] | None = None
) -> tuple[dict[str, int], list[dict], list[dict]]:
    counts = _empty_counts()
    report: list[dict] = []
    preview: list[dict] = []
    for outcome in outcomes:
        counts["rows"] += 1
        counts[outcome.status] += 1
        for problem in [*outcome.problems, *outcome.notes]:
            if len(report) < REPORT_LIMIT:
                report.append(problem.as_dict())
        if outcome.status != "blank" and len(preview) < PREVIEW_LIMIT:
            preview.append(
                {
                    "row": outcome.row,
                    "status": outcome.status,
                    "values": {k: v for k, v in outcome.values.items() if v not in ("", False)},
                    "problems": [p.message for p in [*outcome.problems, *outcome.notes]],
                }
            )
        if progress and counts["rows"] % PROGRESS_EVERY == 0:
            progress(counts["rows"])
    counts["problems"] = len(report)
    return counts, report, preview


def import_plan(batch: ImportBatch, actor: Any = None) -> ImportBatch:
    """Read the file, find its header, suggest a mapping if none is set, check every row.

    When the user asked to import (``run_when_read``), the import follows at once if
    the file reads and a column holds the name.
    """
    try:
        table = _table(batch)
    except ImportFileError as exc:
        return _save(
            batch,
            status=Status.FAILED,
            error=str(exc),
            header=[],
            report=[],
            preview=[],
            warnings=[],
            run_when_read=False,
        )
    mapping = clean_mapping(batch.mapping, table.header, batch.target) if batch.mapping else {}
    if not mapping:
        mapping = suggest_mapping(table.header, batch.target)
    batch.mapping = mapping
    read = {
        "header": table.header,
        "header_row": table.header_row,
        "mapping": mapping,
        "warnings": table.warnings,
    }
    problems = mapping_problems(mapping, batch.target, table.header)
    if problems:
        return _save(
            batch,
            status=Status.READY,
            error="",
            counts=_empty_counts(),
            report=[
                {"row": table.header_row, "column": "", "value": "", "reason": p}
                | {"kind": "mapping", "message": p}
                for p in problems
            ],
            preview=[],
            run_when_read=False,
            **read,
        )

    def progress(rows: int) -> None:
        _save(batch, counts={**_empty_counts(), "rows": rows})

    try:
        counts, report, preview = _summarise(_outcomes(batch, table), progress)
    except ImportFileError as exc:
        return _save(batch, status=Status.FAILED, error=str(exc), run_when_read=False, **read)
    batch = _save(
        batch,
        status=Status.READY,
        error="",
        counts=counts,
        report=report,
        preview=preview,
        **read,
    )
    if batch.run_when_read:
        _save(batch, status=Status.IMPORTING, run_when_read=False)
        return import_apply(batch, actor)
    return batch


def _save(batch: ImportBatch, **fields: Any) -> ImportBatch:
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=[*fields, "updated_at"])
    return batch


def _changes(
    batch: ImportBatch,
    *,
    mapping: dict[str, str] | None,
    mode: str | None,
    duplicates: str | None,
    default_category: str | None,
    header_row: int | None,
    encoding: str | None,
) -> dict[str, Any]:
    """The settings that differ from the batch's, checked; nothing for what is unchanged."""
    changes: dict[str, Any] = {}
    if header_row is not None and header_row != batch.header_row:
        if header_row < 1:
            raise ValidationError({"header_row": "The header row is a row number, from 1."})
        changes["header_row"] = header_row
        # The columns are those of another row now: a mapping given with it names them,
        # else the columns are matched again from the new header.
        changes["mapping"] = {k: v for k, v in (mapping or {}).items() if v}
    elif mapping is not None:
        cleaned = clean_mapping(mapping, batch.header, batch.target)
        if cleaned != batch.mapping:
            changes["mapping"] = cleaned
    if encoding is not None and encoding != batch.encoding:
        if encoding not in ENCODINGS:
            raise ValidationError({"encoding": f"Unknown encoding {encoding!r}."})
        changes["encoding"] = encoding
    if mode is not None and mode != batch.mode:
        if mode not in ImportBatch.Mode.values:
            raise ValidationError({"mode": f"Unknown mode {mode!r}."})
        changes["mode"] = mode
    if duplicates is not None and duplicates != batch.duplicates:
        if duplicates not in ImportBatch.Duplicates.values:
            raise ValidationError({"duplicates": f"Unknown choice {duplicates!r}."})
        changes["duplicates"] = duplicates
    if default_category is not None and default_category != batch.default_category:
        if default_category not in Category.values:
            raise ValidationError({"default_category": f"Unknown category {default_category!r}."})
        changes["default_category"] = default_category
    return changes


def _check_idle(batch: ImportBatch) -> None:
    if batch.status not in (Status.READY, Status.REFUSED):
        raise ValidationError(f"This import is {batch.get_status_display().lower()}.")


def import_configure(
    *,
    actor: Any,
    batch: ImportBatch,
    mapping: dict[str, str] | None = None,
    mode: str | None = None,
    duplicates: str | None = None,
    default_category: str | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
    expected_version: int | None = None,
    run: bool = False,
) -> ImportBatch:
    """Save the settings that changed; read the file again when the preview depends on them.

    With ``run`` the import follows: at once when nothing the preview depends on
    changed, else as soon as the file is read again (``run_when_read``).
    """
    _check_idle(batch)
    changes = _changes(
        batch,
        mapping=mapping,
        mode=mode,
        duplicates=duplicates,
        default_category=default_category,
        header_row=header_row,
        encoding=encoding,
    )
    if run and "header_row" not in changes:
        # The header is unchanged, so the mapping is checked before anything is saved.
        problems = mapping_problems(
            changes.get("mapping", batch.mapping), batch.target, batch.header
        )
        if problems:
            raise ValidationError(problems[0])
    if changes:
        batch = cast(
            ImportBatch,
            audit.update(
                actor=actor, instance=batch, changes=changes, expected_version=expected_version
            ),
        )
    if not set(READ_SETTINGS) & set(changes):
        return import_start(actor=actor, batch=batch) if run else batch
    # Checking every row again takes a while on a large file: the worker does it.
    with transaction.atomic():
        _save(batch, status=Status.QUEUED, run_when_read=run, error="")
        _enqueue_plan(batch, actor)
    batch.refresh_from_db()
    return batch


def import_run(
    *,
    actor: Any,
    batch: ImportBatch,
    mapping: dict[str, str] | None = None,
    mode: str | None = None,
    duplicates: str | None = None,
    default_category: str | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
    expected_version: int | None = None,
) -> ImportBatch:
    """Import, with whatever settings the user changed on the preview: one call."""
    return import_configure(
        actor=actor,
        batch=batch,
        mapping=mapping,
        mode=mode,
        duplicates=duplicates,
        default_category=default_category,
        header_row=header_row,
        encoding=encoding,
        expected_version=expected_version,
        run=True,
    )


def import_start(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Queue the import of a previewed file."""
    _check_idle(batch)
    problems = mapping_problems(batch.mapping, batch.target, batch.header)
    if problems:
        raise ValidationError(problems[0])
    from convenor.partners.tasks import apply_import

    with transaction.atomic():
        _save(batch, status=Status.IMPORTING, error="")
        apply_import.enqueue(batch.pk, _actor_id(actor))
    batch.refresh_from_db()
    return batch


def import_apply(batch: ImportBatch, actor: Any) -> ImportBatch:
    """Write the valid rows (or nothing, all-or-nothing), in batches (``_applying``)."""
    try:
        table = _table(batch)
    except ImportFileError as exc:
        return _save(batch, status=Status.FAILED, error=str(exc))
    counts = _empty_counts()
    report: list[dict] = []
    try:
        with _applying(batch):
            writer = _Writer(batch, actor)
            for outcome in _outcomes(batch, table):
                counts["rows"] += 1
                counts[outcome.status] += 1
                lines: list[Any] = [*outcome.problems, *outcome.notes]
                if outcome.status == "rejected" and batch.mode == ImportBatch.Mode.ALL_OR_NOTHING:
                    raise ImportRefused
                if outcome.status == "valid":
                    writer.add(outcome)
                elif outcome.status == "duplicate" and batch.duplicates == "fill":
                    filled = writer.fill(outcome)
                    if filled:
                        lines = [filled, *outcome.notes]
                for line in lines:
                    if len(report) < REPORT_LIMIT:
                        report.append(line if isinstance(line, dict) else line.as_dict())
            writer.flush()
            created = writer.created
            counts.update(
                people_created=created["people"],
                organisations_created=created["organisations"],
                filled=writer.filled,
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
                    "filled": [0, writer.filled],
                },
                note=f"imported {created['people']} people and {created['organisations']} "
                f"organisations from {batch.filename}"
                + (f"; filled empty fields of {writer.filled} records" if writer.filled else ""),
            )
    except ImportRefused:
        # Finish counting so the report is complete, then say why nothing was written.
        return _refuse(batch)
    except ImportFileError as exc:
        return _save(batch, status=Status.FAILED, error=f"Nothing was imported. {exc}")
    if settings.KEEP_UPLOADS_DAYS <= 0:
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
    """Creates organisations and people in chunks, tagging them with the batch; fills the
    empty fields of the records duplicate rows match ("fill" mode)."""

    def __init__(self, batch: ImportBatch, actor: Any = None) -> None:
        self.batch = batch
        self.actor = actor
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
        self.filled = 0
        # Progress for the page: rows added, and rows whose records are written.
        self.preview_counts = dict(batch.counts or {})
        self.rows_added = 0
        # Records created from a row, by row number: a later duplicate row fills them.
        self.by_row: dict[int, Person | Organisation] = {}

    def add(self, outcome: RowOutcome) -> None:
        self.rows_added += 1
        if self.batch.target == ORGANISATIONS:
            self.by_row[outcome.row] = self._organisation(outcome.values)
        else:
            self.by_row[outcome.row] = self._person(outcome.values)
        if len(self.pending_people) + len(self.pending_orgs) >= CHUNK:
            self.flush()

    def _organisation(self, values: dict[str, Any]) -> Organisation:
        org = Organisation(workspace_id=self.workspace_id, import_batch=self.batch, **values)
        if org.category == Category.OTHER and not org.other_label:
            org.other_label = "imported"
        self.pending_orgs.append(org)
        self.organisations[name_key(org.name)] = -1  # created in this batch (pk after flush)
        return org

    def _organisation_for(self, values: dict[str, Any]) -> str:
        """The key of the row's organisation, created with the batch when it is new."""
        org_name = values["organisation"]
        key = name_key(org_name) if org_name else ""
        if key and key not in self.organisations:
            category = values["organisation_category"]
            self._organisation(
                {
                    "name": org_name,
                    "category": category or Category.EMPLOYER,
                    "education_type": values["education_type"]
                    if category == Category.EDUCATION
                    else "",
                }
            )
        return key

    def _person(self, values: dict[str, Any]) -> Person:
        key = self._organisation_for(values)
        fields = {
            k: v
            for k, v in values.items()
            if k not in ("organisation", "organisation_category", "education_type")
        }
        person = Person(workspace_id=self.workspace_id, import_batch=self.batch, **fields)
        self.pending_people.append((person, key))
        return person

    # --- "fill" mode ---------------------------------------------------------------

    def fill(self, outcome: RowOutcome) -> dict[str, Any] | None:
        """Fill the empty fields of the record the duplicate row matches; the report line."""
        assert outcome.match is not None
        kind, key = outcome.match
        if kind == "row":
            record = self.by_row.get(key)
            if record is None:
                return None
            if record.pk is None:
                return self._fill_new(outcome, record, key)
        else:
            record = self._existing(kind, key)
            if record is None:
                return None
        return self._fill_existing(outcome, record)

    def _existing(self, kind: str, key: Any) -> Person | Organisation | None:
        workspace_people = Person.objects.filter(workspace_id=self.workspace_id)
        if kind == "email":
            return workspace_people.filter(email__iexact=key).order_by("pk").first()
        if kind == "name":
            name, _ = key
            for person in workspace_people.filter(name__iexact=name).select_related("organisation"):
                org_name = person.organisation.name if person.organisation else ""
                if (name_key(person.name), name_key(org_name)) == key:
                    return person
            return None
        for org in Organisation.objects.filter(workspace_id=self.workspace_id, name__iexact=key):
            if name_key(org.name) == key:
                return org
        return None

    def _fillable(self, outcome: RowOutcome, record: Person | Organisation) -> dict[str, Any]:
        names = PERSON_FILLS if isinstance(record, Person) else ORGANISATION_FILLS
        return {
            name: outcome.values[name]
            for name in names
            if outcome.values.get(name) and not getattr(record, name)
        }

    def _fill_new(
        self, outcome: RowOutcome, record: Person | Organisation, row: int
    ) -> dict | None:
        changes = self._fillable(outcome, record)
        for name, value in changes.items():
            setattr(record, name, value)
        if not changes:
            return None
        return self._line(outcome, record, changes, f"row {row}")

    def _fill_existing(self, outcome: RowOutcome, record: Person | Organisation) -> dict | None:
        changes = self._fillable(outcome, record)
        if isinstance(record, Person) and record.organisation_id is None:
            key = self._organisation_for(outcome.values)
            if key:
                if self.organisations[key] == -1:
                    self.flush()
                changes["organisation"] = Organisation.objects.get(pk=self.organisations[key])
        if not changes:
            return None
        try:
            if record.pk is not None and record.import_batch_id == self.batch.pk:
                # Created by this import (an earlier row): still untouched as far as undo knows.
                type(record).objects.filter(pk=record.pk).update(**changes)
            else:
                audit.update(
                    actor=self.actor,
                    instance=record,
                    changes=changes,
                    expected_version=record.version,
                    note=f"filled from row {outcome.row} of {self.batch.filename}",
                )
        except ValidationError as exc:
            return {
                "row": outcome.row,
                "column": "",
                "value": "",
                "reason": f"could not fill {record}: {' '.join(exc.messages)}",
                "kind": "note",
                "message": f"Row {outcome.row}: could not fill {record}: " + " ".join(exc.messages),
            }
        where = "row" if record.import_batch_id == self.batch.pk else "existing"
        return self._line(outcome, record, changes, where)

    def _line(
        self, outcome: RowOutcome, record: Person | Organisation, changes: dict, where: str
    ) -> dict[str, Any]:
        self.filled += 1
        labels = {t.name: t.label.lower() for t in FIELDS[self.batch.target]}
        labels["organisation"] = "organisation"
        named = ", ".join(labels.get(name, name) for name in changes)
        value = "; ".join(str(v) for v in changes.values())
        reason = f"filled {named} of {record}" + (
            " (already in the workspace)." if where == "existing" else " (created by this import)."
        )
        return {
            "row": outcome.row,
            "column": "",
            "value": value[:200],
            "reason": reason,
            "kind": "filled",
            "message": f"Row {outcome.row}: {reason}",
            "fields": list(changes),
        }

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
        # The page shows how far it got (each chunk is committed, so the page sees it).
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            counts={**self.preview_counts, "written": self.rows_added}
        )


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
            through = relation.through  # type: ignore[attr-defined]  # many-to-many rels have one
            column = next(
                f.name for f in through._meta.fields if f.is_relation and f.related_model is model
            )
            rows = through.objects.filter(**{f"{column}__in": ids}).values_list(
                f"{column}_id", flat=True
            )
        else:
            rows = related._default_manager.filter(  # type: ignore[union-attr]  # a model class
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
    "import_run",
    "import_start",
    "import_undo",
    "import_upload",
]


# --- Batches, and imports whose worker stopped ------------------------------------------


@contextlib.contextmanager
def _applying(batch: ImportBatch) -> Iterator[None]:
    """Where ``import_apply`` writes: each chunk of rows commits on its own.

    SQLite has one writer at a time: a 219,516-row import in one transaction held the
    lock for minutes and concurrent writes failed. So the rows are committed as the
    writer flushes them (``CHUNK`` at a time), and the lock is free in between; the
    worker's heartbeat gets through too. Nothing is half-written all the same: an
    all-or-nothing import reads every row before it writes one, and a run that fails
    removes what it wrote. PostgreSQL gets fresh statistics at the end.
    """
    if batch.mode == ImportBatch.Mode.ALL_OR_NOTHING:
        for outcome in _outcomes(batch, _table(batch)):
            if outcome.status == "rejected":
                raise ImportRefused
    if transaction.get_connection().in_atomic_block:
        # Inside a caller's transaction (tasks run at once, as in tests): a savepoint.
        with transaction.atomic():
            yield
    else:
        try:
            yield
        except BaseException:
            _remove_written(batch, keep_used=False)
            raise
    analyze(Person, Organisation)


def _remove_written(batch: ImportBatch, *, keep_used: bool = True) -> tuple[int, int]:
    """Remove the people and organisations ``batch`` created; with ``keep_used``, keep
    those edited, linked or used since, as undo does. Returns (people, organisations)."""
    people = Person.objects.filter(import_batch=batch)
    orgs = Organisation.objects.filter(import_batch=batch)
    if keep_used:
        people = people.filter(version=1, user__isnull=True)
        orgs = orgs.filter(version=1)
    person_ids = list(people.values_list("pk", flat=True))
    org_ids = list(orgs.values_list("pk", flat=True))
    if keep_used:
        used = {pk for chunk in _chunks(person_ids) for pk in _used_ids(Person, chunk)}
        person_ids = [pk for pk in person_ids if pk not in used]
        used = {pk for chunk in _chunks(org_ids) for pk in _used_ids(Organisation, chunk)}
        org_ids = [pk for pk in org_ids if pk not in used]
    with transaction.atomic():
        for chunk in _chunks(person_ids):
            Person.objects.filter(pk__in=chunk).delete()
        # An organisation stays while anybody works for it.
        staffed = set(
            Person.objects.filter(organisation_id__in=org_ids).values_list(
                "organisation_id", flat=True
            )
        )
        org_ids = [pk for pk in org_ids if pk not in staffed]
        for chunk in _chunks(org_ids):
            Organisation.objects.filter(pk__in=chunk).delete()
    return len(person_ids), len(org_ids)


def import_run_again(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Run again an import whose worker stopped: remove what it wrote, then read or
    import again, as it was doing."""
    runs.check(ImportBatch)
    batch.refresh_from_db()
    run = runs.stopped_run(batch)
    if batch.status != Status.FAILED or run is None:
        raise ValidationError(
            f"This import is {batch.get_status_display().lower()}: only an import that "
            "stopped with its worker can be run again."
        )
    if not batch.file:
        raise ValidationError("The uploaded file is no longer kept; upload it again.")
    with transaction.atomic():
        people, orgs = _remove_written(batch)
        importing = run.task.endswith(".apply_import")
        _save(batch, status=Status.IMPORTING if importing else Status.QUEUED, error="")
        audit.record(
            actor=actor,
            instance=batch,
            action="event",
            note=f"ran the import of {batch.filename} again; removed {people} people and "
            f"{orgs} organisations the stopped run had written",
        )
        runs.run_again(batch)
    batch.refresh_from_db()
    return batch


def import_discard(*, actor: Any, batch: ImportBatch) -> None:
    """Remove a failed import with its file and what a stopped run of it wrote."""
    runs.check(ImportBatch)
    batch.refresh_from_db()
    if batch.status != Status.FAILED:
        raise ValidationError(
            f"This import is {batch.get_status_display().lower()}: only a failed import can "
            "be discarded (undo a finished one)."
        )
    name = batch.file.name
    with transaction.atomic():
        _remove_written(batch)
        runs.forget(batch)
        audit.delete(actor=actor, instance=batch, note=f"discarded the import of {batch.filename}")
    if name:
        transaction.on_commit(lambda: batch.file.storage.delete(name))
