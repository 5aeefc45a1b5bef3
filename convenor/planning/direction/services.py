"""Writes of the direction, the organisational chart (which never loops) and the logic
model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.partnerships.models import Partnership
from convenor.partnerships.services import partnership_update
from convenor.planning.direction.selectors import direction_of
from convenor.planning.models import (
    Benchmark,
    Direction,
    Goal,
    GovernanceRole,
    Issue,
    LogicColumn,
    LogicModelEntry,
    ProblemStatement,
)
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


LOGIC_LINKS = ("issue", "problem_statement", "leads_to", "goals", "benchmarks")
_COLUMN_ORDER = {c.value: i for i, c in enumerate(LogicColumn)}


def _check_links(partnership_id: int, column: str, links: Mapping[str, Any]) -> None:
    """Every linked row is the partnership's own; an entry leads only to columns on its
    right (the logic model reads left to right), never to itself."""
    for name in ("issue", "problem_statement"):
        row = links.get(name)
        if row is not None and row.partnership_id != partnership_id:
            raise ValidationError({name: f"{row} is not in this partnership."})
    for name in ("goals", "benchmarks"):
        for row in links.get(name) or ():
            if row.partnership_id != partnership_id:
                raise ValidationError({name: f"{row} is not in this partnership."})
    here = _COLUMN_ORDER[column]
    for target in links.get("leads_to") or ():
        if target.partnership_id != partnership_id:
            raise ValidationError({"leads_to": f"“{target}” is not in this partnership."})
        if _COLUMN_ORDER[target.column] <= here:
            raise ValidationError(
                {
                    "leads_to": f"“{target}” is in {target.get_column_display()}; an entry in "
                    f"{LogicColumn(column).label} can only lead to a column on its right."
                }
            )


def logic_entry_create(
    *,
    actor: Any,
    partnership: Partnership,
    column: str,
    text: str,
    position: int | None = None,
    issue: Issue | None = None,
    problem_statement: ProblemStatement | None = None,
    leads_to: Iterable[LogicModelEntry] = (),
    goals: Iterable[Goal] = (),
    benchmarks: Iterable[Benchmark] = (),
) -> LogicModelEntry:
    """Add an entry to a column of the logic model; without a position, at its end."""
    many: dict[str, list[Any]] = {
        "leads_to": list(leads_to),
        "goals": list(goals),
        "benchmarks": list(benchmarks),
    }
    _check_links(
        partnership.pk, column, {"issue": issue, "problem_statement": problem_statement, **many}
    )
    if position is None:
        last = (
            LogicModelEntry.objects.filter(partnership=partnership, column=column)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        position = (last or 0) + 1
    m2m = {name: rows for name, rows in many.items() if rows}
    return created(
        LogicModelEntry(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            column=column,
            text=text.strip(),
            position=position,
            issue=issue,
            problem_statement=problem_statement,
        ),
        actor=actor,
        m2m=m2m,
    )


def logic_entry_update(
    *,
    actor: Any,
    entry: LogicModelEntry,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> LogicModelEntry:
    check_fields(changes, ("column", "text", "position", *LOGIC_LINKS))
    links = {name: changes[name] for name in LOGIC_LINKS if name in changes}
    column = changes.get("column") or entry.column
    if "leads_to" not in links and "column" in changes:
        links["leads_to"] = list(entry.leads_to.all())  # a moved entry keeps reading right
    _check_links(entry.partnership_id, column, links)
    if "column" in changes:
        for source in entry.led_from.all():
            if _COLUMN_ORDER[source.column] >= _COLUMN_ORDER[column]:
                raise ValidationError(
                    {
                        "column": f"“{source}” ({source.get_column_display()}) leads to this "
                        f"entry; it cannot move to {LogicColumn(column).label}, left of it."
                    }
                )
    return updated(entry, actor=actor, changes=changes, expected_version=expected_version)


def logic_entry_delete(
    *, actor: Any, entry: LogicModelEntry, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=entry, expected_version=expected_version)
