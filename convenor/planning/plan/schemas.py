"""API schemas of the plan: problem statements, "why?" steps, solutions, goals,
benchmarks, results, action steps, the chain and the walk up from a decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from convenor.lib.schemas import VERSION_HELP
from convenor.meetings.models import ActionStatus
from convenor.planning.issues.schemas import DecisionOut
from convenor.planning.models import IssueStatus, SolutionStatus, StrategyCategory


class ProblemIn(Schema):
    problem: str = Field(min_length=1, max_length=20000)
    impact: str = Field("", max_length=20000)
    strategy_categories: list[StrategyCategory] = Field(default_factory=list)
    strategies: str = Field("", max_length=20000)


class ProblemPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    problem: str | None = Field(None, min_length=1, max_length=20000)
    impact: str | None = Field(None, max_length=20000)
    strategy_categories: list[StrategyCategory] | None = None
    strategies: str | None = Field(None, max_length=20000)


class WhyOut(Schema):
    id: int
    parent_id: int | None = Field(
        description="The step whose “why?” this answers; null: the problem."
    )
    because: str
    depth: int
    agreed_in_id: int | None = Field(
        None, description="The decision in which the partners agreed this is the cause."
    )
    version: int


class SolutionOut(Schema):
    id: int
    title: str
    description: str
    status: SolutionStatus
    problem_statement_id: int | None
    root_cause_id: int | None
    resource_id: int | None
    version: int


class ProblemOut(Schema):
    id: int
    issue_id: int
    problem: str
    impact: str
    strategy_categories: list[str]
    strategies: str
    version: int


class ProblemDetailOut(ProblemOut):
    why_steps: list[WhyOut]
    solutions: list[SolutionOut]
    goal_ids: list[int]


class WhyIn(Schema):
    because: str = Field(min_length=1, max_length=5000)
    parent_id: int | None = Field(None, description="The step whose “why?” this answers.")
    agreed_in_id: int | None = Field(
        None,
        description="The decision in which the partners agreed this is the cause; a solution "
        "is chosen only for a chain that ends in an agreed cause.",
    )


class WhyPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    because: str | None = Field(None, min_length=1, max_length=5000)
    parent_id: int | None = None
    agreed_in_id: int | None = None


class SolutionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20000)
    status: SolutionStatus = SolutionStatus.PROPOSED
    problem_statement_id: int | None = None
    root_cause_id: int | None = None
    resource_id: int | None = None


class SolutionPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    status: SolutionStatus | None = None
    problem_statement_id: int | None = None
    root_cause_id: int | None = None
    resource_id: int | None = None


class ResultOut(Schema):
    id: int
    period_end: dt.date
    value: Decimal
    note: str


class ProgressOut(Schema):
    latest_value: Decimal | None
    latest_period_end: dt.date | None
    share: float | None = Field(description="Share of the way from baseline to target.")
    expected: float | None = Field(description="Share expected by then on a straight line.")
    on_track: bool | None


class BenchmarkIn(Schema):
    indicator: str = Field(min_length=1, max_length=300)
    unit: str = Field("", max_length=50)
    baseline_value: Decimal
    baseline_on: dt.date
    target_value: Decimal
    target_on: dt.date


class BenchmarkPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    indicator: str | None = Field(None, min_length=1, max_length=300)
    unit: str | None = Field(None, max_length=50)
    baseline_value: Decimal | None = None
    baseline_on: dt.date | None = None
    target_value: Decimal | None = None
    target_on: dt.date | None = None


class BenchmarkOut(Schema):
    id: int
    goal_id: int
    indicator: str
    unit: str
    baseline_value: Decimal
    baseline_on: dt.date
    target_value: Decimal
    target_on: dt.date
    results: list[ResultOut]
    progress: ProgressOut
    action_step_ids: list[int]
    version: int


class PlanStepOut(Schema):
    id: int
    title: str
    owner_id: int | None
    due_on: dt.date | None
    status: ActionStatus
    decision_id: int | None
    completed_on: dt.date | None
    version: int


class GoalIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20000)
    problem_statement_id: int | None = None


class GoalPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    problem_statement_id: int | None = None


class GoalOut(Schema):
    id: int
    title: str
    description: str
    problem_statement_id: int | None
    issue_id: int | None
    benchmarks: list[BenchmarkOut]
    action_steps: list[PlanStepOut]
    decision_ids: list[int]
    version: int


class ResultIn(Schema):
    period_end: dt.date = Field(
        description="Within the benchmark's span (baseline to target date)."
    )
    value: Decimal
    note: str = Field("", max_length=300)


class StepIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    owner_id: int | None = Field(None, description="A person of the workspace.")
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    decision_id: int | None = Field(None, description="The decision that created the step.")
    new_decision: str = Field(
        "", max_length=20000, description="Or: record that decision now (text), dated today."
    )
    benchmark_ids: list[int] = Field(
        default_factory=list, description="Benchmarks of the goal it moves."
    )


class StepPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=300)
    owner_id: int | None = None
    due_on: dt.date | None = None
    status: ActionStatus | None = None
    decision_id: int | None = None
    benchmark_ids: list[int] | None = None


class ChainProblemOut(Schema):
    id: int
    problem: str
    why_steps: list[WhyOut]
    solution_ids: list[int]
    goal_ids: list[int]


class ChainIssueOut(Schema):
    id: int
    title: str
    status: IssueStatus
    employer_count: int
    problem_statements: list[ChainProblemOut]


class ChainOut(Schema):
    issues: list[ChainIssueOut]
    goals: list[GoalOut] = Field(description="All goals with benchmarks and action steps.")


class TraceOut(Schema):
    decision: DecisionOut
    action_step_ids: list[int]
    benchmark_ids: list[int]
    goal_ids: list[int]
    problem_statement_ids: list[int]
    issue_ids: list[int]
    round_ids: list[int]
