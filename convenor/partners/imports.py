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
from django.db import transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.jobs import runs
from convenor.lib.db import analyze
from convenor.lib.errors import file_facts
from convenor.lib.words import agrees, counted
from convenor.partners.import_mapping import (
    FIELDS,
    ORGANISATIONS,
    PEOPLE,
    clean_mapping,
    header_test,
    mapping_problems,
    suggest_mapping,
)
from convenor.partners.import_writer import Writer, used_ids
from convenor.partners.importer import RowOutcome, plan_rows
from convenor.partners.models import Category, ImportBatch, Organisation, Person
from convenor.partners.selectors import existing_keys
from convenor.partners.tabular import ENCODINGS, ImportFileError, Table, read_table, size_problem
from convenor.workspaces.models import Workspace

REPORT_LIMIT = 2000  # problems kept on the batch (the counts are always complete)
PREVIEW_LIMIT = 25
PROGRESS_EVERY = 5000  # rows between two progress notes while a file is read

Status = ImportBatch.Status
# What the preview depends on: changing one of these reads the file again.
READ_SETTINGS = ("mapping", "default_category", "header_row", "encoding")


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
            writer = Writer(batch, actor)
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
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
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
        error=f"Nothing was imported: {counted(counts['rejected'], 'row')} "
        f"{agrees(counts['rejected'], 'was', 'were')} rejected and you chose all-or-nothing. "
        "Fix those rows and upload the file again, or import the valid rows only.",
    )


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
            kept_people |= used_ids(Person, chunk)
        orgs = Organisation.objects.filter(import_batch=batch)
        org_ids = list(orgs.values_list("pk", flat=True))
        kept_orgs = set(orgs.filter(version__gt=1).values_list("pk", flat=True))
        for chunk in _chunks(org_ids):
            kept_orgs |= used_ids(Organisation, chunk)
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
    writer flushes them (``import_writer.CHUNK`` at a time), and the lock is free in between; the
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
        used = {pk for chunk in _chunks(person_ids) for pk in used_ids(Person, chunk)}
        person_ids = [pk for pk in person_ids if pk not in used]
        used = {pk for chunk in _chunks(org_ids) for pk in used_ids(Organisation, chunk)}
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
