"""Reads of the direction, the organisational chart and the logic model."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from convenor.partnerships.models import Partnership
from convenor.planning.models import Direction, GovernanceRole, LogicColumn, LogicModelEntry


def direction_of(partnership: Partnership) -> Direction:
    """The partnership's direction row, unsaved and empty when none was written."""
    direction = Direction.objects.filter(partnership=partnership).first()
    return direction or Direction(workspace_id=partnership.workspace_id, partnership=partnership)


@dataclass
class OrgNode:
    role: GovernanceRole
    reports: list[OrgNode] = field(default_factory=list)


def org_chart(partnership: Partnership) -> list[OrgNode]:
    """The organisational chart as a tree: roles reporting to nobody (or to a role that is
    gone) at the top. A reporting loop recorded before services refused them is cut."""
    roles = list(
        GovernanceRole.objects.filter(partnership=partnership).select_related(
            "person__organisation"
        )
    )
    known = {r.pk for r in roles}
    children: dict[int | None, list[GovernanceRole]] = {}
    for r in roles:
        parent = r.reports_to_id if r.reports_to_id in known else None
        children.setdefault(parent, []).append(r)

    def build(parent: int | None, seen: frozenset[int]) -> list[OrgNode]:
        return [
            OrgNode(r, build(r.pk, seen | {r.pk}))
            for r in children.get(parent, [])
            if r.pk not in seen
        ]

    return build(None, frozenset())


def org_chart_rows(nodes: list[OrgNode], depth: int = 0) -> list[tuple[int, GovernanceRole]]:
    """The chart in reading order, each role with its depth (for the exports)."""
    rows: list[tuple[int, GovernanceRole]] = []
    for node in nodes:
        rows.append((depth, node.role))
        rows.extend(org_chart_rows(node.reports, depth + 1))
    return rows


def logic_model(partnership: Partnership) -> list[tuple[str, str, list[LogicModelEntry]]]:
    """(column code, label, entries) left to right."""
    by_column: dict[str, list[LogicModelEntry]] = defaultdict(list)
    entries = LogicModelEntry.objects.filter(partnership=partnership).select_related(
        "issue", "problem_statement__issue"
    )
    for entry in entries.prefetch_related("leads_to", "goals", "benchmarks"):
        by_column[entry.column].append(entry)
    return [(c.value, c.label, by_column.get(c.value, [])) for c in LogicColumn]
