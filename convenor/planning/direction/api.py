"""Direction API: the direction (name, mission, analysis, staffing, communication), the
organisational chart and the logic model."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Status

from convenor.lib.schemas import Message
from convenor.meetings.models import Meeting
from convenor.partners.models import Person
from convenor.partnerships.models import Partnership
from convenor.planning.direction import selectors, services
from convenor.planning.direction.schemas import (
    DirectionOut,
    DirectionPatch,
    LogicColumnOut,
    LogicEntryIn,
    LogicEntryOut,
    LogicEntryPatch,
    RoleIn,
    RoleOut,
    RolePatch,
)
from convenor.planning.endpoints import SubjectRouter, many, optional, patch
from convenor.planning.models import (
    Benchmark,
    Goal,
    GovernanceRole,
    Issue,
    LogicModelEntry,
    ProblemStatement,
)
from convenor.workspaces.access import child_or_404, partnership_for
from convenor.workspaces.models import Access

router = SubjectRouter()


def _direction_out(partnership: Partnership) -> dict[str, Any]:
    d = selectors.direction_of(partnership)
    return {
        "name": partnership.name,
        "mission": partnership.mission,
        "mission_adopted_at_meeting_id": d.mission_adopted_at_id,
        "mission_adopted_on": d.mission_adopted_on,
        "areas_for_analysis": d.areas_for_analysis,
        "coordinator_id": d.coordinator_id,
        "coordinator_from": d.coordinator_from,
        "coordinator_hours": d.coordinator_hours,
        "staffing_notes": d.staffing_notes,
        "internal_communication": d.internal_communication,
        "external_messaging": d.external_messaging,
        "version": d.version if d.pk else None,
        "partnership_version": partnership.version,
    }


@router.get(
    "/partnerships/{partnership_id}/direction",
    response=DirectionOut,
    summary="Direction and governance",
)
def direction_detail(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    return _direction_out(partnership_for(request.user, partnership_id))


@router.patch(
    "/partnerships/{partnership_id}/direction",
    response=DirectionOut,
    summary="Change the direction: name, mission, analysis, staffing, communication",
)
def direction_update(
    request: HttpRequest, partnership_id: int, payload: DirectionPatch
) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    changes, version = patch(payload)
    partnership_version = changes.pop("partnership_version", None)
    name = changes.pop("name", None)
    mission = changes.pop("mission", None)
    if "mission_adopted_at_meeting_id" in changes:
        changes["mission_adopted_at"] = optional(
            Meeting.objects.filter(partnership=partnership),
            changes.pop("mission_adopted_at_meeting_id"),
            "mission_adopted_at_meeting_id",
        )
    if "coordinator_id" in changes:
        changes["coordinator"] = optional(
            Person.objects.filter(workspace_id=partnership.workspace_id),
            changes.pop("coordinator_id"),
            "coordinator_id",
        )
    if changes.get("coordinator_from") is None and "coordinator_from" in changes:
        changes["coordinator_from"] = ""
    services.direction_save(
        actor=request.user,
        partnership=partnership,
        changes=changes,
        expected_version=version,
        name=name,
        mission=mission,
        partnership_version=partnership_version,
    )
    return _direction_out(partnership_for(request.user, partnership_id))


def _role_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "person_id" in data:
        data["person"] = optional(
            Person.objects.filter(workspace_id=partnership.workspace_id),
            data.pop("person_id"),
            "person_id",
        )
    if "reports_to_id" in data:
        data["reports_to"] = optional(
            GovernanceRole.objects.filter(partnership=partnership),
            data.pop("reports_to_id"),
            "reports_to_id",
        )
    return data


@router.get(
    "/partnerships/{partnership_id}/governance-roles",
    response=list[RoleOut],
    summary="The organisational chart: roles and whom they report to",
)
def role_list(request: HttpRequest, partnership_id: int) -> QuerySet[GovernanceRole]:
    partnership = partnership_for(request.user, partnership_id)
    return GovernanceRole.objects.filter(partnership=partnership)


@router.post(
    "/partnerships/{partnership_id}/governance-roles", response={201: RoleOut}, summary="Add a role"
)
def role_create(request: HttpRequest, partnership_id: int, payload: RoleIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    fields = _role_fields(partnership, payload.dict())
    return Status(
        201, services.governance_role_create(actor=request.user, partnership=partnership, **fields)
    )


@router.patch(
    "/partnerships/{partnership_id}/governance-roles/{role_id}",
    response=RoleOut,
    summary="Change a role; a reporting line that loops is refused",
)
def role_update(
    request: HttpRequest, partnership_id: int, role_id: int, payload: RolePatch
) -> GovernanceRole:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    role = child_or_404(GovernanceRole.objects.filter(partnership=partnership), pk=role_id)
    changes, version = patch(payload)
    return services.governance_role_update(
        actor=request.user,
        role=role,
        changes=_role_fields(partnership, changes),
        expected_version=version,
    )


@router.delete(
    "/partnerships/{partnership_id}/governance-roles/{role_id}",
    response=Message,
    summary="Remove a role",
)
def role_delete(
    request: HttpRequest, partnership_id: int, role_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    role = child_or_404(GovernanceRole.objects.filter(partnership=partnership), pk=role_id)
    services.governance_role_delete(actor=request.user, role=role, expected_version=version)
    return {"detail": f"Role {role_id} removed."}


@router.get(
    "/partnerships/{partnership_id}/logic-model",
    response=list[LogicColumnOut],
    summary="The logic model, columns left to right",
)
def logic_model(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    return [
        {"column": code, "label": label, "entries": entries}
        for code, label, entries in selectors.logic_model(partnership)
    ]


def _logic_links(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    """Ids to the partnership's own rows: an id of another partnership or workspace
    answers like one that does not exist (422 naming it). A list sent as null is left
    as it is; the services check which columns an entry may lead to."""
    one: dict[str, tuple[str, QuerySet[Any]]] = {
        "issue_id": ("issue", Issue.objects.filter(partnership=partnership)),
        "problem_statement_id": (
            "problem_statement",
            ProblemStatement.objects.filter(partnership=partnership),
        ),
    }
    for key, (name, rows) in one.items():
        if key in data:
            data[name] = optional(rows, data.pop(key), key)
    lists: dict[str, tuple[str, QuerySet[Any]]] = {
        "leads_to_ids": ("leads_to", LogicModelEntry.objects.filter(partnership=partnership)),
        "goal_ids": ("goals", Goal.objects.filter(partnership=partnership)),
        "benchmark_ids": ("benchmarks", Benchmark.objects.filter(partnership=partnership)),
    }
    for key, (name, rows) in lists.items():
        ids = data.pop(key, None)
        if ids is not None:
            data[name] = many(rows, ids, key)
    return data


@router.post(
    "/partnerships/{partnership_id}/logic-model",
    response={201: LogicEntryOut},
    summary="Add an entry, with what it addresses, leads to and is measured by",
)
def logic_entry_create(request: HttpRequest, partnership_id: int, payload: LogicEntryIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    fields = _logic_links(partnership, payload.dict())
    return Status(
        201,
        services.logic_entry_create(actor=request.user, partnership=partnership, **fields),
    )


@router.patch(
    "/partnerships/{partnership_id}/logic-model/{entry_id}",
    response=LogicEntryOut,
    summary="Change an entry or its links (each list sent replaces the old one)",
)
def logic_entry_update(
    request: HttpRequest, partnership_id: int, entry_id: int, payload: LogicEntryPatch
) -> LogicModelEntry:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    entry = child_or_404(LogicModelEntry.objects.filter(partnership=partnership), pk=entry_id)
    changes, version = patch(payload)
    if changes.get("position", 0) is None:
        changes.pop("position")
    return services.logic_entry_update(
        actor=request.user,
        entry=entry,
        changes=_logic_links(partnership, changes),
        expected_version=version,
    )


@router.delete(
    "/partnerships/{partnership_id}/logic-model/{entry_id}",
    response=Message,
    summary="Remove an entry",
)
def logic_entry_delete(
    request: HttpRequest, partnership_id: int, entry_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    entry = child_or_404(LogicModelEntry.objects.filter(partnership=partnership), pk=entry_id)
    services.logic_entry_delete(actor=request.user, entry=entry, expected_version=version)
    return {"detail": f"Entry {entry_id} removed."}
