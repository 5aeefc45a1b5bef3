"""Writes of the direction, the organisational chart (which never loops) and the logic
model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.partnerships.models import Partnership
from convenor.partnerships.services import partnership_update
from convenor.planning.direction.selectors import direction_of
from convenor.planning.models import Direction, GovernanceRole, LogicModelEntry
from convenor.planning.writes import check_fields, created, same_partnership, updated

DIRECTION_FIELDS = (
    "mission_adopted_at",
    "mission_adopted_on",
    "areas_for_analysis",
    "coordinator",
    "coordinator_from",
    "coordinator_hours",
    "staffing_notes",
    "internal_communication",
    "external_messaging",
)


def direction_save(
    *,
    actor: Any,
    partnership: Partnership,
    changes: Mapping[str, Any],
    expected_version: int | None,
    name: str | None = None,
    mission: str | None = None,
    partnership_version: int | None = None,
) -> Direction:
    """Save the direction; the effort's name and mission are written to the partnership."""
    check_fields(changes, DIRECTION_FIELDS)
    same_partnership(
        partnership,
        mission_adopted_at=changes.get("mission_adopted_at"),
        coordinator=changes.get("coordinator"),
    )
    meeting = changes.get("mission_adopted_at")
    if meeting is not None and not changes.get("mission_adopted_on"):
        changes = {**changes, "mission_adopted_on": timezone.localdate(meeting.starts_at)}
    with transaction.atomic():
        partnership_changes = {}
        if name is not None and name.strip() != partnership.name:
            partnership_changes["name"] = name.strip()
        if mission is not None and mission != partnership.mission:
            partnership_changes["mission"] = mission
        if partnership_changes:
            partnership_update(
                actor=actor,
                partnership=partnership,
                changes=partnership_changes,
                expected_version=partnership_version,
            )
        direction = direction_of(partnership)
        if direction.pk is None:
            for field, value in changes.items():
                setattr(direction, field, value)
            return created(direction, actor=actor)
        return updated(direction, actor=actor, changes=changes, expected_version=expected_version)


ROLE_FIELDS = ("title", "person", "holder", "reports_to", "duties")


def _check_role(
    partnership: Partnership, role: GovernanceRole | None, fields: Mapping[str, Any]
) -> None:
    same_partnership(partnership, person=fields.get("person"), reports_to=fields.get("reports_to"))
    boss = fields.get("reports_to")
    if role is None or boss is None:
        return
    roles = {r.pk: r for r in GovernanceRole.objects.filter(partnership=partnership)}
    node = roles.get(boss.pk)
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if node.pk == role.pk:
            raise ValidationError(
                {"reports_to": "That would make the chart a loop: the role would report to itself."}
            )
        seen.add(node.pk)
        node = roles.get(node.reports_to_id) if node.reports_to_id else None


def governance_role_create(
    *, actor: Any, partnership: Partnership, **fields: Any
) -> GovernanceRole:
    check_fields(fields, ROLE_FIELDS)
    _check_role(partnership, None, fields)
    return created(
        GovernanceRole(workspace_id=partnership.workspace_id, partnership=partnership, **fields),
        actor=actor,
    )


def governance_role_update(
    *, actor: Any, role: GovernanceRole, changes: Mapping[str, Any], expected_version: int | None
) -> GovernanceRole:
    check_fields(changes, ROLE_FIELDS)
    _check_role(role.partnership, role, changes)
    return updated(role, actor=actor, changes=changes, expected_version=expected_version)


def governance_role_delete(
    *, actor: Any, role: GovernanceRole, expected_version: int | None = None
) -> None:
    """Delete a role; the roles that reported to it report one level up."""
    with transaction.atomic():
        for report in GovernanceRole.objects.filter(reports_to=role):
            updated(
                report, actor=actor, changes={"reports_to": role.reports_to}, expected_version=None
            )
        audit.delete(actor=actor, instance=role, expected_version=expected_version)


def logic_entry_create(
    *, actor: Any, partnership: Partnership, column: str, text: str, position: int | None = None
) -> LogicModelEntry:
    """Add an entry to a column of the logic model; without a position, at its end."""
    if position is None:
        last = (
            LogicModelEntry.objects.filter(partnership=partnership, column=column)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        position = (last or 0) + 1
    return created(
        LogicModelEntry(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            column=column,
            text=text.strip(),
            position=position,
        ),
        actor=actor,
    )


def logic_entry_update(
    *,
    actor: Any,
    entry: LogicModelEntry,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> LogicModelEntry:
    check_fields(changes, ("column", "text", "position"))
    return updated(entry, actor=actor, changes=changes, expected_version=expected_version)


def logic_entry_delete(
    *, actor: Any, entry: LogicModelEntry, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=entry, expected_version=expected_version)
