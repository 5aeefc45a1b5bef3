from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from convenor.workspaces.access import memberships_of, needs, workspace_for
from convenor.workspaces.models import Access
from convenor.workspaces.selectors import members_of

router = Router(tags=["workspaces"])


class WorkspaceOut(Schema):
    slug: str
    name: str
    role: str


class MemberOut(Schema):
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
    response=list[MemberOut],
    summary="Members (owners only)",
    openapi_extra=needs(Access.MANAGE),
)
def member_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    membership = workspace_for(request.user, slug, need=Access.MANAGE)
    return [
        {"email": m.user.email, "name": m.user.name, "role": m.role, "since": m.created_at}
        for m in members_of(membership.workspace)
    ]
