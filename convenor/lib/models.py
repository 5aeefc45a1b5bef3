"""Abstract bases shared by every app's models."""

from __future__ import annotations

from django.db import models


class WorkspaceOwned(models.Model):
    """A row that belongs to one workspace (a tenant).

    Every tenant row carries its ``workspace`` directly, even when it also
    hangs off a partnership, so access helpers scope any lookup with one
    filter and no join. ``version`` grows by one on every audited update;
    forms and API updates send it back, and a stale one is refused
    (see ``convenor.audit.services.update``).
    """

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
