"""Reads of the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.text import capfirst

from convenor.audit.models import AuditEntry
from convenor.workspaces.models import Workspace


def audit_entries(
    workspace: Workspace, *, query: str = "", actor_email: str = "", model: str = ""
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.filter(workspace=workspace).select_related("actor", "content_type")
    if query:
        qs = qs.filter(Q(object_repr__icontains=query) | Q(note__icontains=query))
    if actor_email:
        qs = qs.filter(actor__email__iexact=actor_email)
    if model:
        qs = qs.filter(content_type__model=model.lower())
    return qs


def audit_page_entries(
    workspace: Workspace, *, query: str = "", actor: str = "", model: str = ""
) -> QuerySet[AuditEntry]:
    """The trail as the page lists it: ``actor`` is an e-mail address or part of a name
    (the account's or the linked person's), and each actor's people come along so the
    page names them without a query per row."""
    qs = audit_entries(workspace, query=query, model=model)
    if actor:
        # The linked person is looked for in this workspace only (one filter(): one join).
        by_person = AuditEntry.objects.filter(
            workspace=workspace,
            actor__people__workspace=workspace,
            actor__people__name__icontains=actor,
        )
        qs = qs.filter(
            Q(actor__email__iexact=actor)
            | Q(actor__name__icontains=actor)
            | Q(pk__in=by_person.values("pk"))
        )
    # The sign-ins' people (a few per actor), so the page names them without a query per row.
    return qs.prefetch_related("actor__people")


@dataclass(frozen=True)
class Change:
    label: str  # the field's label ("Openings in the next 12 months"), never its name
    before: Any
    after: Any


# Said by the entry's "What" already: not repeated as a change of every new record.
CONTEXT_FIELDS = frozenset({"workspace", "partnership"})


def _model_field(entry: AuditEntry, field: str) -> Any:
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is None:
        return None
    try:
        return model._meta.get_field(field)
    except FieldDoesNotExist:
        return None


def field_label(entry: AuditEntry, field: str) -> str:
    """The label a form shows for a changed field: the model field's verbose name."""
    label = getattr(_model_field(entry, field), "verbose_name", None)
    return str(capfirst(label)) if label else capfirst(field.replace("_", " "))


def shown_value(model_field: Any, value: Any) -> Any:
    """A recorded value as a page says it: a choice's label, yes/no, a list joined."""
    if value is None:
        return None
    choices = dict(getattr(model_field, "flatchoices", None) or ())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(shown_value(model_field, v)) for v in value) or None
    if choices and value in choices:
        return str(choices[value])
    return value


def changes_of(entry: AuditEntry) -> list[Change]:
    """An entry's changes as (label, before, after), in the order they were recorded;
    a new record's values without the workspace and partnership it belongs to."""
    rows = []
    for field, pair in (entry.changes or {}).items():
        if entry.action == AuditEntry.Action.CREATE and field in CONTEXT_FIELDS:
            continue
        before, after = [*pair, None, None][:2] if isinstance(pair, list | tuple) else (None, pair)
        model_field = _model_field(entry, field)
        rows.append(
            Change(
                field_label(entry, field),
                shown_value(model_field, before),
                shown_value(model_field, after),
            )
        )
    return rows
