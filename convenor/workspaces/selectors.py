"""Reads for workspaces."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
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
    ).select_related("invited_by", "organisation")


def person_model() -> type[Any]:
    """The registry's people, as the user model's reverse relation ``people`` names them.

    A member's sign-in is linked to the person she is (the partners app writes the
    link); workspaces reads it without importing that app, as ``partnership_model``
    reads partnerships.
    """
    model = get_user_model()._meta.get_field("people").related_model
    assert isinstance(model, type)
    return model


def linked_people(workspace: Workspace) -> dict[int, Any]:
    """The person each member's sign-in is linked to in ``workspace``, by user id."""
    people = (
        person_model()
        ._default_manager.filter(workspace=workspace, user__isnull=False)
        .select_related("organisation")
        .order_by("pk")
    )
    found: dict[int, Any] = {}
    for person in people:
        found.setdefault(person.user_id, person)
    return found


def linked_people_of(user: Any, workspace_ids: list[int]) -> dict[int, Any]:
    """The person ``user``'s sign-in is linked to, by workspace id."""
    people = (
        person_model()
        ._default_manager.filter(workspace_id__in=workspace_ids, user=user)
        .select_related("organisation")
        .order_by("pk")
    )
    found: dict[int, Any] = {}
    for person in people:
        found.setdefault(person.workspace_id, person)
    return found
