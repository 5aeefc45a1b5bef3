"""Writes for meetings, decisions and action items.

``decision_create`` and ``action_item_create`` are called by other apps too
(planning records a prioritisation consensus as a decision; assessment records
a stage move), so their signatures are part of the spine.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from convenor.audit import services as audit
from convenor.meetings.models import ActionItem, ActionStatus, Decision, Meeting
from convenor.partnerships.models import Partnership


def _same_partnership(partnership: Partnership, **objects: Any) -> None:
    for field, obj in objects.items():
        if obj is not None and obj.partnership_id != partnership.pk:
            raise ValidationError(
                {field: f"That {field.replace('_', ' ')} belongs to another partnership."}
            )


def decision_create(
    *,
    actor: Any,
    partnership: Partnership,
    text: str,
    decided_on: dt.date,
    decided_by: str = "",
    meeting: Meeting | None = None,
    touch: Any = None,
) -> Decision:
    """Record a decision in the partnership's decision log."""
    _same_partnership(partnership, meeting=meeting, touch=touch)
    if not text.strip():
        raise ValidationError({"text": "Write what was decided."})
    return audit.create(
        actor=actor,
        instance=Decision(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            text=text.strip(),
            decided_on=decided_on,
            decided_by=decided_by.strip(),
            meeting=meeting,
            touch=touch,
        ),
    )


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
    _same_partnership(partnership, meeting=meeting, decision=decision)
    if owner is not None and owner.workspace_id != partnership.workspace_id:
        raise ValidationError({"owner": "That person belongs to another workspace."})
    return audit.create(
        actor=actor,
        instance=ActionItem(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            title=title.strip(),
            owner=owner,
            due_on=due_on,
            status=status,
            meeting=meeting,
            decision=decision,
        ),
    )
