"""API schemas of the direction, the organisational chart and the logic model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from convenor.lib.schemas import VERSION_HELP
from convenor.planning.models import CoordinatorFrom, LogicColumn, LogicModelEntry


class DirectionOut(Schema):
    name: str = Field(description="The effort's name (the partnership's name).")
    mission: str
    mission_adopted_at_meeting_id: int | None
    mission_adopted_on: dt.date | None
    areas_for_analysis: str
    coordinator_id: int | None
    coordinator_from: str
    coordinator_hours: Decimal | None
    staffing_notes: str
    internal_communication: str
    external_messaging: str
    version: int | None = Field(description="Null until the direction is first saved.")
    partnership_version: int


class DirectionPatch(Schema):
    version: int | None = Field(None, description="The version you read; null the first time.")
    partnership_version: int | None = Field(
        None, description="The partnership's version you read, when changing name or mission."
    )
    name: str | None = Field(None, min_length=1, max_length=150)
    mission: str | None = Field(None, max_length=20000)
    mission_adopted_at_meeting_id: int | None = None
    mission_adopted_on: dt.date | None = None
    areas_for_analysis: str | None = Field(None, max_length=20000)
    coordinator_id: int | None = None
    coordinator_from: CoordinatorFrom | None = None
    coordinator_hours: Decimal | None = Field(None, ge=0, le=80)
    staffing_notes: str | None = Field(None, max_length=20000)
    internal_communication: str | None = Field(None, max_length=20000)
    external_messaging: str | None = Field(None, max_length=20000)


class RoleIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    person_id: int | None = None
    holder: str = Field("", max_length=200)
    reports_to_id: int | None = None
    duties: str = Field("", max_length=20000)


class RolePatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=200)
    person_id: int | None = None
    holder: str | None = Field(None, max_length=200)
    reports_to_id: int | None = None
    duties: str | None = Field(None, max_length=20000)


class RoleOut(Schema):
    id: int
    title: str
    person_id: int | None
    holder: str
    reports_to_id: int | None
    duties: str
    version: int


LEADS_TO_HELP = (
    "Ids of the partnership's logic model entries this one leads to, in columns to its right."
)


class LogicEntryIn(Schema):
    column: LogicColumn
    text: str = Field(min_length=1, max_length=500)
    position: int | None = Field(None, ge=0)
    issue_id: int | None = Field(None, description="For an activity: the issue it addresses.")
    problem_statement_id: int | None = Field(
        None, description="For an activity: the problem statement it addresses."
    )
    leads_to_ids: list[int] = Field(default_factory=list, description=LEADS_TO_HELP)
    goal_ids: list[int] = Field(
        default_factory=list, description="The action plan's goals that measure it."
    )
    benchmark_ids: list[int] = Field(
        default_factory=list, description="The benchmarks that measure it."
    )


class LogicEntryPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    column: LogicColumn | None = None
    text: str | None = Field(None, min_length=1, max_length=500)
    position: int | None = Field(None, ge=0)
    issue_id: int | None = Field(None, description="Null clears it.")
    problem_statement_id: int | None = Field(None, description="Null clears it.")
    leads_to_ids: list[int] | None = Field(
        None, description=LEADS_TO_HELP + " Replaces the list; omit to keep it."
    )
    goal_ids: list[int] | None = Field(None, description="Replaces the list; omit to keep it.")
    benchmark_ids: list[int] | None = Field(None, description="Replaces the list; omit to keep it.")


class LogicEntryOut(Schema):
    id: int
    column: LogicColumn
    text: str
    position: int
    issue_id: int | None
    problem_statement_id: int | None
    leads_to_ids: list[int] = Field(description="The entries it leads to (columns to its right).")
    goal_ids: list[int]
    benchmark_ids: list[int]
    version: int

    # Read through ``.all()`` so the prefetch of ``selectors.logic_model`` serves the list.
    @staticmethod
    def resolve_leads_to_ids(obj: LogicModelEntry) -> list[int]:
        return sorted(e.pk for e in obj.leads_to.all())

    @staticmethod
    def resolve_goal_ids(obj: LogicModelEntry) -> list[int]:
        return sorted(g.pk for g in obj.goals.all())

    @staticmethod
    def resolve_benchmark_ids(obj: LogicModelEntry) -> list[int]:
        return sorted(b.pk for b in obj.benchmarks.all())


class LogicColumnOut(Schema):
    column: LogicColumn
    label: str
    entries: list[LogicEntryOut]
