"""Reads for partnerships."""

from __future__ import annotations

from django.db.models import QuerySet

from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Membership


def partnerships_visible(membership: Membership) -> QuerySet[Partnership]:
    """The partnerships a member may see: all of the workspace, or the shared ones."""
    qs = Partnership.objects.filter(workspace_id=membership.workspace_id)
    if not membership.on_team:
        qs = qs.filter(pk__in=membership.shared_partnership_ids)
    return qs.order_by("name")
