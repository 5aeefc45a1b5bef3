from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from convenor.workspaces import selectors
from convenor.workspaces.access import SignedInRequest, memberships_of, needs, workspace_for
from convenor.workspaces.models import Access

router = Router(tags=["workspaces"])


class LinkedPersonOut(Schema):
    id: int
    name: str
    organisation: str | None = Field(description="the organisation the person speaks for")


class MeMembershipOut(Schema):
    workspace: str
    workspace_name: str
    role: str
    person: LinkedPersonOut | None = Field(
        description="the registry person this sign-in is linked to in the workspace: her "
        "votes, projections and action items are this person's (null: not linked)"
    )


class MeOut(Schema):
    email: str
    name: str
    memberships: list[MeMembershipOut]


@router.get(
    "/me",
    response=MeOut,
    summary="The signed-in user, her workspaces and the person she is in each",
    tags=["me"],
    operation_id="convenor_accounts_api_me",  # as published before it moved here
)
def me(request: SignedInRequest) -> dict[str, Any]:
    memberships = sorted(memberships_of(request.user).values(), key=lambda m: m.workspace.name)
    people = selectors.linked_people_of(request.user, [m.workspace_id for m in memberships])
    return {
        "email": request.user.email,
        "name": request.user.name,
        "memberships": [
            {
                "workspace": m.workspace.slug,
                "workspace_name": m.workspace.name,
                "role": m.role,
                "person": _person_out(people.get(m.workspace_id)),
            }
            for m in memberships
        ],
    }


def _person_out(person: Any) -> dict[str, Any] | None:
    if person is None:
        return None
    organisation = person.organisation
    return {
        "id": person.pk,
        "name": person.name,
        "organisation": organisation.name if organisation is not None else None,
    }


class WorkspaceOut(Schema):
    slug: str
    name: str
    role: str


class WorkspaceMemberOut(Schema):
    """A member of the workspace (named apart from a partnership's MemberOut in the schema)."""

    email: str
    name: str
    role: str
    since: dt.datetime


@router.get("/workspaces", response=list[WorkspaceOut], summary="Workspaces you belong to")
def workspace_list(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"slug": m.workspace.slug, "name": m.workspace.name, "role": m.role}
        for m in sorted(memberships_of(request.user).values(), key=lambda m: m.workspace.name)
    ]


@router.get(
    "/workspaces/{slug}", response=WorkspaceOut, summary="One workspace and your role in it"
)
def workspace_detail(request: HttpRequest, slug: str) -> dict[str, str]:
    membership = workspace_for(request.user, slug, partner_ok=True)
    return {"slug": slug, "name": membership.workspace.name, "role": membership.role}


@router.get(
    "/workspaces/{slug}/members",
    response=list[WorkspaceMemberOut],
    summary="Members (owners only)",
    openapi_extra=needs(Access.MANAGE),
)
def member_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    membership = workspace_for(request.user, slug, need=Access.MANAGE)
    return [
        {"email": m.user.email, "name": m.user.name, "role": m.role, "since": m.created_at}
        for m in selectors.members_of(membership.workspace)
    ]
