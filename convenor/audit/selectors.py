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


def field_label(entry: AuditEntry, field: str) -> str:
    """The label a form shows for a changed field: the model field's verbose name."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    if model is not None:
        try:
            found = model._meta.get_field(field)
        except FieldDoesNotExist:
            found = None
        label = getattr(found, "verbose_name", None)
        if label:
            return str(capfirst(label))
    return capfirst(field.replace("_", " "))


def changes_of(entry: AuditEntry) -> list[Change]:
    """An entry's changes as (label, before, after), in the order they were recorded."""
    rows = []
    for field, pair in (entry.changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list | tuple) else (None, pair)
        rows.append(Change(field_label(entry, field), before, after))
    return rows
