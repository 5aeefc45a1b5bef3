from __future__ import annotations

from ninja import Router, Schema

router = Router(tags=["me"])


class MembershipOut(Schema):
    workspace: str
    workspace_name: str
    role: str


class MeOut(Schema):
    email: str
    name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="The signed-in user and their workspaces")
def me(request):
    from convenor.workspaces.access import memberships_of

    return {
        "email": request.user.email,
        "name": request.user.name,
        "memberships": [
            {"workspace": m.workspace.slug, "workspace_name": m.workspace.name, "role": m.role}
            for m in sorted(memberships_of(request.user).values(), key=lambda m: m.workspace.name)
        ],
    }
