"""Planning API: issues, prioritisation rounds and ballots, problem statements and
root causes, solutions, past efforts, direction and governance, the logic model,
the action plan, the resource map and employer demand.

Every route is under ``/partnerships/{partnership_id}/`` and reaches data through
the access helpers: an outsider gets 404, a viewer cannot write, a partner-role
member votes, enters their own employer's hiring projections and reads the plan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from ninja import Field, Router, Schema, Status

from convenor.lib.schemas import VERSION_HELP, FindingOut, Message
from convenor.meetings.models import ActionStatus, Decision
from convenor.partners.models import Person
from convenor.partnerships.models import Partnership
from convenor.planning import selectors, services
from convenor.planning.demand import api as demand_api
from convenor.planning.direction import api as direction_api
from convenor.planning.findings import plan_findings
from convenor.planning.issues import api as issues_api
from convenor.planning.issues.schemas import DecisionOut
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    Issue,
    IssueStatus,
    PastEffort,
    ProblemStatement,
    Resource,
    Solution,
    SolutionStatus,
    StrategyCategory,
    WhyStep,
)
from convenor.planning.resources import api as resources_api
from convenor.workspaces.access import child_or_404, partnership_for
from convenor.workspaces.models import Access

router = Router(tags=["planning"])
router.add_router("", issues_api.router)
router.add_router("", direction_api.router)
router.add_router("", resources_api.router)
router.add_router("", demand_api.router)


def _optional(qs: QuerySet, pk: int | None, field: str) -> Any:
    """An optional related object of the same partnership or workspace, by id."""
    if pk is None:
        return None
    try:
        return qs.get(pk=pk)
    except ObjectDoesNotExist:
        raise ValidationError(
            {field: f"No such {field.replace('_id', '').replace('_', ' ')}: {pk}."}
        ) from None


def _many(qs: QuerySet, ids: list[int], field: str) -> list[Any]:
    found = {o.pk: o for o in qs.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({field: f"Unknown id {missing[0]} for {field}."})
    return [found[i] for i in dict.fromkeys(ids)]


# --- Problem statements, why? steps, solutions ------------------------------------------------


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


def _problem(partnership: Partnership, problem_id: int) -> ProblemStatement:
    return child_or_404(ProblemStatement.objects.filter(partnership=partnership), pk=problem_id)


def _problem_detail(ps: ProblemStatement) -> dict[str, Any]:
    return {
        **ProblemOut.from_orm(ps).dict(),
        "why_steps": [
            {
                "id": n.step.pk,
                "parent_id": n.step.parent_id,
                "because": n.step.because,
                "depth": n.depth,
                "version": n.step.version,
            }
            for n in selectors.why_flat(list(ps.why_steps.all()))
        ],
        "solutions": list(ps.solutions.all()),
        "goal_ids": [g.pk for g in ps.goals.all()],
    }


@router.get(
    "/partnerships/{partnership_id}/problem-statements",
    response=list[ProblemOut],
    summary="Problem statements of a partnership",
)
def problem_list(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return list(ProblemStatement.objects.filter(partnership=partnership))


@router.post(
    "/partnerships/{partnership_id}/issues/{issue_id}/problem-statements",
    response={201: ProblemOut},
    summary="Write a problem statement for an issue",
)
def problem_create(request, partnership_id: int, issue_id: int, payload: ProblemIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = child_or_404(Issue.objects.filter(partnership=partnership), pk=issue_id)
    return Status(
        201, services.problem_statement_create(actor=request.user, issue=issue, **payload.dict())
    )


@router.get(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}",
    response=ProblemDetailOut,
    summary="A problem statement with its root-cause chain and solutions",
)
def problem_detail(request, partnership_id: int, problem_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return _problem_detail(_problem(partnership, problem_id))


@router.patch(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}",
    response=ProblemOut,
    summary="Change a problem statement",
)
def problem_update(request, partnership_id: int, problem_id: int, payload: ProblemPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = _problem(partnership, problem_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.problem_statement_update(
        actor=request.user, problem_statement=ps, changes=changes, expected_version=version
    )


@router.delete(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}",
    response=Message,
    summary="Delete a problem statement",
)
def problem_delete(request, partnership_id: int, problem_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.problem_statement_delete(
        actor=request.user,
        problem_statement=_problem(partnership, problem_id),
        expected_version=version,
    )
    return {"detail": f"Problem statement {problem_id} deleted."}


class WhyIn(Schema):
    because: str = Field(min_length=1, max_length=5000)
    parent_id: int | None = Field(None, description="The step whose “why?” this answers.")


class WhyPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    because: str | None = Field(None, min_length=1, max_length=5000)
    parent_id: int | None = None


@router.post(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}/why-steps",
    response={201: WhyOut},
    summary="Ask “why?”: add a step to the root-cause chain",
)
def why_add(request, partnership_id: int, problem_id: int, payload: WhyIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = _problem(partnership, problem_id)
    parent = _optional(ps.why_steps.all(), payload.parent_id, "parent_id")
    step = services.why_step_add(
        actor=request.user, problem_statement=ps, because=payload.because, parent=parent
    )
    return Status(
        201,
        {
            "id": step.pk,
            "parent_id": step.parent_id,
            "because": step.because,
            "depth": _depth(step),
            "version": step.version,
        },
    )


def _depth(step: WhyStep) -> int:
    return next(
        (
            n.depth
            for n in selectors.why_flat(list(step.problem_statement.why_steps.all()))
            if n.step.pk == step.pk
        ),
        0,
    )


@router.patch(
    "/partnerships/{partnership_id}/why-steps/{why_id}",
    response=WhyOut,
    summary="Change a “why?” step; a parent that would close a loop is refused",
)
def why_update(request, partnership_id: int, why_id: int, payload: WhyPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(
        WhyStep.objects.filter(partnership=partnership).select_related("problem_statement"),
        pk=why_id,
    )
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "parent_id" in changes:
        changes["parent"] = _optional(
            WhyStep.objects.filter(problem_statement_id=step.problem_statement_id),
            changes.pop("parent_id"),
            "parent_id",
        )
    saved = services.why_step_update(
        actor=request.user, step=step, changes=changes, expected_version=version
    )
    return {
        "id": saved.pk,
        "parent_id": saved.parent_id,
        "because": saved.because,
        "depth": _depth(saved),
        "version": saved.version,
    }


@router.delete(
    "/partnerships/{partnership_id}/why-steps/{why_id}",
    response=Message,
    summary="Delete a “why?” step",
)
def why_delete(request, partnership_id: int, why_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(WhyStep.objects.filter(partnership=partnership), pk=why_id)
    services.why_step_delete(actor=request.user, step=step, expected_version=version)
    return {"detail": f"Step {why_id} deleted; the steps under it moved up."}


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


def _solution_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    for key, qs in (
        ("problem_statement_id", ProblemStatement.objects.filter(partnership=partnership)),
        ("root_cause_id", WhyStep.objects.filter(partnership=partnership)),
        ("resource_id", Resource.objects.filter(partnership=partnership)),
    ):
        if key in data:
            data[key.removesuffix("_id")] = _optional(qs, data.pop(key), key)
    return data


@router.get(
    "/partnerships/{partnership_id}/solutions", response=list[SolutionOut], summary="Solutions"
)
def solution_list(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return list(Solution.objects.filter(partnership=partnership))


@router.post(
    "/partnerships/{partnership_id}/solutions",
    response={201: SolutionOut},
    summary="Propose a solution; choosing one needs its problem statement and a “why?”",
)
def solution_create(request, partnership_id: int, payload: SolutionIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    fields = _solution_fields(partnership, payload.dict())
    return Status(
        201, services.solution_create(actor=request.user, partnership=partnership, **fields)
    )


@router.patch(
    "/partnerships/{partnership_id}/solutions/{solution_id}",
    response=SolutionOut,
    summary="Change a solution, e.g. mark it chosen",
)
def solution_update(request, partnership_id: int, solution_id: int, payload: SolutionPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes = _solution_fields(partnership, changes)
    return services.solution_update(
        actor=request.user, solution=solution, changes=changes, expected_version=version
    )


@router.delete(
    "/partnerships/{partnership_id}/solutions/{solution_id}",
    response=Message,
    summary="Delete a solution",
)
def solution_delete(request, partnership_id: int, solution_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    services.solution_delete(actor=request.user, solution=solution, expected_version=version)
    return {"detail": f"Solution {solution_id} deleted."}


# --- Action plan ------------------------------------------------------------------------------


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


class StepOut(Schema):
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
    action_steps: list[StepOut]
    decision_ids: list[int]
    version: int


def _benchmark_out(b: Benchmark) -> dict[str, Any]:
    results = list(b.results.all())
    p = selectors.benchmark_progress(b, results)
    return {
        "id": b.pk,
        "goal_id": b.goal_id,
        "indicator": b.indicator,
        "unit": b.unit,
        "baseline_value": b.baseline_value,
        "baseline_on": b.baseline_on,
        "target_value": b.target_value,
        "target_on": b.target_on,
        "results": results,
        "progress": {
            "latest_value": p.latest.value if p.latest else None,
            "latest_period_end": p.latest.period_end if p.latest else None,
            "share": p.share,
            "expected": p.expected,
            "on_track": p.on_track,
        },
        "action_step_ids": [s.pk for s in b.action_items.all()],
        "version": b.version,
    }


def _goal_out(g: Goal) -> dict[str, Any]:
    ps = g.problem_statement
    return {
        "id": g.pk,
        "title": g.title,
        "description": g.description,
        "problem_statement_id": g.problem_statement_id,
        "issue_id": ps.issue_id if ps else None,
        "benchmarks": [_benchmark_out(b) for b in g.benchmarks.all()],
        "action_steps": list(g.action_items.all()),
        "decision_ids": [d.pk for d in g.decisions.all()],
        "version": g.version,
    }


def _goal(partnership: Partnership, goal_id: int) -> Goal:
    return child_or_404(selectors.goals_of(partnership), pk=goal_id)


def _goal_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "problem_statement_id" in data:
        data["problem_statement"] = _optional(
            ProblemStatement.objects.filter(partnership=partnership),
            data.pop("problem_statement_id"),
            "problem_statement_id",
        )
    return data


@router.get(
    "/partnerships/{partnership_id}/goals", response=list[GoalOut], summary="The action plan: goals"
)
def goal_list(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return [_goal_out(g) for g in selectors.goals_of(partnership)]


@router.post("/partnerships/{partnership_id}/goals", response={201: GoalOut}, summary="Set a goal")
def goal_create(request, partnership_id: int, payload: GoalIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = services.goal_create(
        actor=request.user, partnership=partnership, **_goal_fields(partnership, payload.dict())
    )
    return Status(201, _goal_out(_goal(partnership, goal.pk)))


@router.get("/partnerships/{partnership_id}/goals/{goal_id}", response=GoalOut, summary="One goal")
def goal_detail(request, partnership_id: int, goal_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return _goal_out(_goal(partnership, goal_id))


@router.patch(
    "/partnerships/{partnership_id}/goals/{goal_id}", response=GoalOut, summary="Change a goal"
)
def goal_update(request, partnership_id: int, goal_id: int, payload: GoalPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.goal_update(
        actor=request.user,
        goal=goal,
        changes=_goal_fields(partnership, changes),
        expected_version=version,
    )
    return _goal_out(_goal(partnership, goal_id))


@router.delete(
    "/partnerships/{partnership_id}/goals/{goal_id}", response=Message, summary="Delete a goal"
)
def goal_delete(request, partnership_id: int, goal_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.goal_delete(
        actor=request.user, goal=_goal(partnership, goal_id), expected_version=version
    )
    return {"detail": f"Goal {goal_id} deleted."}


def _benchmark(partnership: Partnership, benchmark_id: int) -> Benchmark:
    return child_or_404(
        Benchmark.objects.filter(partnership=partnership).prefetch_related(
            "results", "action_items"
        ),
        pk=benchmark_id,
    )


@router.post(
    "/partnerships/{partnership_id}/goals/{goal_id}/benchmarks",
    response={201: BenchmarkOut},
    summary="Add a benchmark: indicator, unit, baseline and target",
)
def benchmark_create(request, partnership_id: int, goal_id: int, payload: BenchmarkIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    b = services.benchmark_create(actor=request.user, goal=goal, **payload.dict())
    return Status(201, _benchmark_out(_benchmark(partnership, b.pk)))


@router.get(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=BenchmarkOut,
    summary="A benchmark with its results and progress",
)
def benchmark_detail(request, partnership_id: int, benchmark_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return _benchmark_out(_benchmark(partnership, benchmark_id))


@router.patch(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=BenchmarkOut,
    summary="Change a benchmark; a span that would leave recorded results outside is refused",
)
def benchmark_update(request, partnership_id: int, benchmark_id: int, payload: BenchmarkPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    b = _benchmark(partnership, benchmark_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.benchmark_update(
        actor=request.user, benchmark=b, changes=changes, expected_version=version
    )
    return _benchmark_out(_benchmark(partnership, benchmark_id))


@router.delete(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=Message,
    summary="Delete a benchmark",
)
def benchmark_delete(request, partnership_id: int, benchmark_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.benchmark_delete(
        actor=request.user,
        benchmark=_benchmark(partnership, benchmark_id),
        expected_version=version,
    )
    return {"detail": f"Benchmark {benchmark_id} deleted."}


class ResultIn(Schema):
    period_end: dt.date = Field(
        description="Within the benchmark's span (baseline to target date)."
    )
    value: Decimal
    note: str = Field("", max_length=300)


@router.post(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}/results",
    response={201: ResultOut},
    summary="Record the result of a period; a period outside the benchmark's span is refused",
)
def result_record(request, partnership_id: int, benchmark_id: int, payload: ResultIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    b = _benchmark(partnership, benchmark_id)
    return Status(
        201, services.benchmark_result_record(actor=request.user, benchmark=b, **payload.dict())
    )


@router.delete(
    "/partnerships/{partnership_id}/benchmark-results/{result_id}",
    response=Message,
    summary="Remove a result",
)
def result_delete(request, partnership_id: int, result_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    result = child_or_404(
        BenchmarkResult.objects.filter(benchmark__partnership=partnership), pk=result_id
    )
    services.benchmark_result_delete(actor=request.user, result=result, expected_version=version)
    return {"detail": f"Result {result_id} removed."}


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


def _step_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "owner_id" in data:
        data["owner"] = _optional(
            Person.objects.filter(workspace_id=partnership.workspace_id),
            data.pop("owner_id"),
            "owner_id",
        )
    if "decision_id" in data:
        data["decision"] = _optional(
            Decision.objects.filter(partnership=partnership), data.pop("decision_id"), "decision_id"
        )
    return data


@router.post(
    "/partnerships/{partnership_id}/goals/{goal_id}/action-steps",
    response={201: StepOut},
    summary="Add an action step to a goal, linked to the decision that created it",
)
def step_create(request, partnership_id: int, goal_id: int, payload: StepIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    data = _step_fields(partnership, payload.dict())
    benchmarks = _many(goal.benchmarks.all(), data.pop("benchmark_ids"), "benchmark_ids")
    return Status(
        201,
        services.action_step_create(actor=request.user, goal=goal, benchmarks=benchmarks, **data),
    )


@router.patch(
    "/partnerships/{partnership_id}/action-steps/{step_id}",
    response=StepOut,
    summary="Change an action step: owner, due date, status, decision, benchmarks",
)
def step_update(request, partnership_id: int, step_id: int, payload: StepPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    try:
        item, goal = selectors.step_goal(partnership, step_id)
    except ObjectDoesNotExist:
        raise Http404("Not found") from None
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    benchmark_ids = changes.pop("benchmark_ids", None)
    benchmarks = (
        None
        if benchmark_ids is None
        else _many(goal.benchmarks.all(), benchmark_ids, "benchmark_ids")
    )
    return services.action_step_update(
        actor=request.user,
        goal=goal,
        item=item,
        changes=_step_fields(partnership, changes),
        expected_version=version,
        benchmarks=benchmarks,
    )


# --- The chain --------------------------------------------------------------------------------


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


@router.get(
    "/partnerships/{partnership_id}/plan-chain",
    response=ChainOut,
    summary="The chain issue → problem statement → goal → benchmark → action step → decision",
)
def plan_chain(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    chain = selectors.plan_chain(partnership)
    return {
        "issues": [
            {
                "id": ci.issue.pk,
                "title": ci.issue.title,
                "status": ci.issue.status,
                "employer_count": ci.employer_count,
                "problem_statements": [
                    {
                        "id": cp.statement.pk,
                        "problem": cp.statement.problem,
                        "why_steps": [
                            {
                                "id": n.step.pk,
                                "parent_id": n.step.parent_id,
                                "because": n.step.because,
                                "depth": n.depth,
                                "version": n.step.version,
                            }
                            for n in selectors.why_flat(list(cp.statement.why_steps.all()))
                        ],
                        "solution_ids": [s.pk for s in cp.solutions],
                        "goal_ids": [g.pk for g in cp.goals],
                    }
                    for cp in ci.problems
                ],
            }
            for ci in chain.issues
        ],
        "goals": [_goal_out(g) for g in selectors.goals_of(partnership)],
    }


class TraceOut(Schema):
    decision: DecisionOut
    action_step_ids: list[int]
    benchmark_ids: list[int]
    goal_ids: list[int]
    problem_statement_ids: list[int]
    issue_ids: list[int]
    round_ids: list[int]


@router.get(
    "/partnerships/{partnership_id}/decisions/{decision_id}/trace",
    response=TraceOut,
    summary="Up the chain from a decision: steps, benchmarks, goals, problems, issues",
)
def decision_trace(request, partnership_id: int, decision_id: int):
    partnership = partnership_for(request.user, partnership_id)
    decision = child_or_404(Decision.objects.filter(partnership=partnership), pk=decision_id)
    t = selectors.decision_trace(decision)
    return {
        "decision": decision,
        "action_step_ids": [s.pk for s in t.action_items],
        "benchmark_ids": [b.pk for b in t.benchmarks],
        "goal_ids": [g.pk for g in t.goals],
        "problem_statement_ids": [p.pk for p in t.problem_statements],
        "issue_ids": [i.pk for i in t.issues],
        "round_ids": [r.pk for r in t.rounds],
    }


@router.get(
    "/partnerships/{partnership_id}/plan-findings",
    response=list[FindingOut],
    summary="What to look at in the plan, with the toolkit passage behind each finding",
)
def findings(request, partnership_id: int):
    from django.utils import timezone

    partnership = partnership_for(request.user, partnership_id)
    return [
        f.as_dict()
        for f in plan_findings(
            selectors.plan_chain(partnership),
            solutions=list(Solution.objects.filter(partnership=partnership)),
            efforts=list(
                PastEffort.objects.filter(partnership=partnership).select_related("issue")
            ),
            resources=list(Resource.objects.filter(partnership=partnership)),
            today=timezone.localdate(),
        )
    ]
