"""Reads of the audit trail."""

from __future__ import annotations

from django.db.models import Q, QuerySet

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
