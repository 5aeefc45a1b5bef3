from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema
from ninja.pagination import paginate

from convenor.audit.selectors import audit_entries
from convenor.workspaces.access import needs, workspace_for
from convenor.workspaces.models import Access

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    at: dt.datetime
    actor: str | None
    action: str
    model: str
    object_id: str
    object: str
    changes: dict[str, Any]
    version: int | None
    note: str

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.email if obj.actor else None

    @staticmethod
    def resolve_model(obj) -> str:
        return obj.content_type.model

    @staticmethod
    def resolve_object(obj) -> str:
        return obj.object_repr


@router.get(
    "/workspaces/{slug}/audit",
    response=list[AuditEntryOut],
    summary="Audit trail of a workspace, newest first (owners only)",
    openapi_extra=needs(Access.MANAGE),
)
@paginate
def audit_list(request, slug: str, q: str = "", actor: str = "", model: str = ""):
    membership = workspace_for(request.user, slug, need=Access.MANAGE)
    return audit_entries(membership.workspace, query=q, actor_email=actor, model=model)
