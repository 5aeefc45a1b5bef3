"""Writing an import's valid rows: organisations and people in chunks, tagged with the batch.

The services in ``convenor.partners.imports`` decide what to write and when (the
batch's status, the lock, undo); this module only writes, a chunk at a time, so
the page sees the count grow and a failure leaves whole chunks, which undo removes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from convenor.audit import services as audit
from convenor.partners.import_mapping import FIELDS, ORGANISATIONS
from convenor.partners.importer import RowOutcome, name_key
from convenor.partners.models import Category, ImportBatch, Organisation, Person

CHUNK = 1000
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


class Writer:
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


def used_ids(model: type[models.Model], ids: list[int]) -> set[int]:
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
