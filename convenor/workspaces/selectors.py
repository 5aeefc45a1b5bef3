"""Reads for workspaces."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from convenor.workspaces.access import memberships_of
from convenor.workspaces.models import Invitation, Membership, Workspace


def current_membership(request: Any) -> Membership | None:
    """The membership of the workspace the user last switched to (or their first)."""
    memberships = memberships_of(request.user)
    if not memberships:
        return None
    wanted = request.session.get("workspace_id")
    if wanted in memberships:
        return memberships[wanted]
    return sorted(memberships.values(), key=lambda m: m.workspace.name.lower())[0]


def members_of(workspace: Workspace) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .prefetch_related("partnerships")
        .order_by("user__email")
    )


def open_invitations(workspace: Workspace) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        workspace=workspace, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")
