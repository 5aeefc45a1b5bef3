from __future__ import annotations

from convenor.workspaces.models import Membership, Role
from convenor.workspaces.services import invitation_create

ORDER = 0


def build_workspace(world) -> None:
    world.kwargs["slug"] = world.workspace.slug
    world.kwargs["membership_id"] = Membership.objects.get(
        workspace=world.workspace, user=world.viewer
    ).pk
    invitation = invitation_create(
        actor=world.owner,
        workspace=world.workspace,
        email="newcomer@world.example",
        role=Role.STAFF,
    )
    world.kwargs["invitation_id"] = invitation.pk
    world.kwargs["invitation_token"] = invitation.token


def build(world, partnership) -> None:
    world.kwargs_for(partnership)["partnership_id"] = partnership.pk
