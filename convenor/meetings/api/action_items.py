"""API of action items: staff run them; a partner changes the status of her own."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Query  # ninja.Query, typed as the function it is

from convenor.lib.schemas import Message
from convenor.meetings import selectors, services
from convenor.meetings.api.common import VERSION, in_partnership, person_in
from convenor.meetings.models import ActionItem, ActionStatus, Decision, Meeting
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import needs, object_for, partnership_for, workspace_for
from convenor.workspaces.models import Access, Membership

router = Router()


class ActionItemIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    owner_id: int | None = None
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    meeting_id: int | None = None
    decision_id: int | None = None


class ActionItemPatch(Schema):
    version: int = VERSION
    title: str | None = Field(None, min_length=1, max_length=300)
    owner_id: int | None = None
    due_on: dt.date | None = None
    status: ActionStatus | None = Field(
        None, description="Partners may change only this, on their own items."
    )
    meeting_id: int | None = None
    decision_id: int | None = None


class ActionItemOut(Schema):
    id: int
    partnership_id: int
    title: str
    owner_id: int | None
    owner_name: str | None = Field(None, alias="owner.name")
    due_on: dt.date | None
    status: ActionStatus
    meeting_id: int | None
    decision_id: int | None
    completed_on: dt.date | None
    is_overdue: bool
    version: int


@router.get(
    "/partnerships/{partnership_id}/action-items",
    response=list[ActionItemOut],
    summary="Action items of a partnership (status=open|in_progress|done|dropped, overdue)",
)
@paginate
def action_item_list(
    request: HttpRequest,
    partnership_id: int,
    status: str = Query("", pattern="^(|open|in_progress|done|dropped)$"),
    overdue: bool = False,
) -> QuerySet[ActionItem]:
    partnership = partnership_for(request.user, partnership_id)
    if overdue:
        return selectors.overdue_action_items(partnership, today=timezone.localdate())
    return selectors.action_items_of(partnership, status=status)


def _action_links(partnership: Partnership, data: dict[str, Any]) -> None:
    if "owner_id" in data:
        data["owner"] = person_in(partnership.workspace_id, data.pop("owner_id"), "owner_id")
    if "meeting_id" in data:
        data["meeting"] = in_partnership(Meeting, partnership, data.pop("meeting_id"), "meeting_id")
    if "decision_id" in data:
        data["decision"] = in_partnership(
            Decision, partnership, data.pop("decision_id"), "decision_id"
        )


@router.post(
    "/partnerships/{partnership_id}/action-items",
    response={201: ActionItemOut},
    summary="Add an action item with an owner (a person, who may be an external partner)",
)
def action_item_create(
    request: HttpRequest, partnership_id: int, payload: ActionItemIn
) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict()
    _action_links(partnership, data)
    item = services.action_item_create(actor=request.user, partnership=partnership, **data)
    return Status(201, item)


@router.get("/action-items/{action_item_id}", response=ActionItemOut, summary="One action item")
def action_item_detail(request: HttpRequest, action_item_id: int) -> ActionItem:
    return object_for(request.user, ActionItem.objects.select_related("owner"), pk=action_item_id)


@router.patch(
    "/action-items/{action_item_id}",
    response=ActionItemOut,
    summary="Change an action item; a partner may change the status of their own items",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def action_item_update(
    request: HttpRequest, action_item_id: int, payload: ActionItemPatch
) -> ActionItem:
    item = object_for(
        request.user,
        ActionItem.objects.select_related("owner", "partnership"),
        need=Access.CONTRIBUTE,
        pk=action_item_id,
    )
    membership: Membership = item.membership  # type: ignore[attr-defined]  # from object_for
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if not membership.can_edit:
        if set(changes) - {"status"}:
            raise PermissionDenied("Partners may change only the status of their own items.")
        if changes.get("status") is None:
            raise ValidationError({"status": "Give the new status."})
        return services.action_item_set_status(
            actor=request.user,
            item=item,
            status=changes["status"],
            expected_version=version,
            can_edit=False,
        )
    _action_links(item.partnership, changes)
    for name in ("title", "status"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: "This field cannot be empty."})
    return services.action_item_update(
        actor=request.user, item=item, changes=changes, expected_version=version
    )


@router.delete("/action-items/{action_item_id}", response=Message, summary="Delete an item")
def action_item_delete(request: HttpRequest, action_item_id: int, version: int) -> dict[str, str]:
    item = object_for(request.user, ActionItem, need=Access.EDIT, pk=action_item_id)
    services.action_item_delete(actor=request.user, item=item, expected_version=version)
    return {"detail": f"Action item {action_item_id} deleted."}


@router.get(
    "/workspaces/{slug}/my-action-items",
    response=list[ActionItemOut],
    summary="Your own action items (via the person record linked to your account)",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def my_action_items(request: HttpRequest, slug: str) -> list[ActionItem]:
    membership = workspace_for(request.user, slug, need=Access.CONTRIBUTE, partner_ok=True)
    return list(selectors.my_action_items(membership, request.user))
