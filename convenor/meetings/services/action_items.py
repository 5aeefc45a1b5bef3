"""Writes for action items: staff run them, a partner changes the status of her own.

``action_item_create`` is called by planning too (an action-plan step is an
action item a goal links), so its signature is part of the spine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from convenor.audit import services as audit
from convenor.meetings.models import ActionItem, ActionStatus, Decision, Meeting
from convenor.meetings.services.checks import same_partnership, same_workspace
from convenor.partnerships.models import Partnership


def action_item_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    owner: Any = None,
    due_on: dt.date | None = None,
    status: str = ActionStatus.OPEN,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    """Create an action item (an action-plan step when a goal links it)."""
    same_partnership(partnership, meeting=meeting, decision=decision)
    if owner is not None and owner.workspace_id != partnership.workspace_id:
        raise ValidationError({"owner": "That person belongs to another workspace."})
    if not title.strip():
        raise ValidationError({"title": "Say what must be done."})
    item = ActionItem(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        title=title.strip(),
        owner=owner,
        due_on=due_on,
        status=status,
        meeting=meeting,
        decision=decision,
        completed_on=timezone.localdate() if status == ActionStatus.DONE else None,
    )
    audit.create(actor=actor, instance=item)
    return item


def _with_completion(item: ActionItem, changes: dict[str, Any]) -> dict[str, Any]:
    status = changes.get("status")
    if status == ActionStatus.DONE and item.status != ActionStatus.DONE:
        changes.setdefault("completed_on", timezone.localdate())
    elif status is not None and status != ActionStatus.DONE:
        changes["completed_on"] = None
    return changes


def action_item_update(
    *,
    actor: Any,
    item: ActionItem,
    changes: dict[str, Any],
    expected_version: int | None,
) -> ActionItem:
    changes = dict(changes)
    unknown = set(changes) - {"title", "owner", "due_on", "status", "meeting", "decision"}
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    partnership = item.partnership
    same_partnership(partnership, meeting=changes.get("meeting"), decision=changes.get("decision"))
    if changes.get("owner") is not None:
        same_workspace(item.workspace_id, "owner", [changes["owner"]])
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    return cast(
        ActionItem,
        audit.update(
            actor=actor,
            instance=item,
            changes=_with_completion(item, changes),
            expected_version=expected_version,
        ),
    )


def action_item_set_status(
    *,
    actor: Any,
    item: ActionItem,
    status: str,
    expected_version: int | None,
    can_edit: bool,
) -> ActionItem:
    """Change the status; partners may do so on the items they own, staff on any."""
    owner_user_id = item.owner.user_id if item.owner_id and item.owner else None
    if not can_edit and (owner_user_id is None or owner_user_id != actor.pk):
        raise PermissionDenied("You can change the status of your own action items only.")
    if status not in ActionStatus.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    return cast(
        ActionItem,
        audit.update(
            actor=actor,
            instance=item,
            changes=_with_completion(item, {"status": status}),
            expected_version=expected_version,
        ),
    )


def action_item_delete(
    *, actor: Any, item: ActionItem, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=item, expected_version=expected_version)
