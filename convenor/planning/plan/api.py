"""Plan API: problem statements with their "why?" chains, solutions, goals, benchmarks
and their results, action steps, the whole chain, the walk up from a decision and the
plan's findings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Status

from convenor.lib.schemas import FindingOut, Message
from convenor.meetings.models import ActionItem, Decision
from convenor.partners.models import Person
from convenor.partnerships.models import Partnership
from convenor.planning.endpoints import SubjectRouter, many, optional, patch
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    Issue,
    ProblemStatement,
    Resource,
    Solution,
    WhyStep,
)
from convenor.planning.plan import selectors, services
from convenor.planning.plan.findings import findings_for
from convenor.planning.plan.schemas import (
    BenchmarkIn,
    BenchmarkOut,
    BenchmarkPatch,
    ChainOut,
    GoalIn,
    GoalOut,
    GoalPatch,
    PlanStepOut,
    ProblemDetailOut,
    ProblemIn,
    ProblemOut,
    ProblemPatch,
    ResultIn,
    ResultOut,
    SolutionIn,
    SolutionOut,
    SolutionPatch,
    StepIn,
    StepPatch,
    TraceOut,
    WhyIn,
    WhyOut,
    WhyPatch,
)
from convenor.workspaces.access import child_or_404, partnership_for
from convenor.workspaces.models import Access

router = SubjectRouter()

# --- Problem statements and their "why?" chains ---------------------------------------


def _problem(partnership: Partnership, problem_id: int) -> ProblemStatement:
    ps: ProblemStatement = child_or_404(
        ProblemStatement.objects.filter(partnership=partnership), pk=problem_id
    )
    return ps


def _whys(ps: ProblemStatement) -> list[dict[str, Any]]:
    """The steps of a problem statement's chain in reading order, with their depth."""
    return [
        {
            "id": n.step.pk,
            "parent_id": n.step.parent_id,
            "because": n.step.because,
            "depth": n.depth,
            "agreed_in_id": n.step.agreed_in_id,
            "version": n.step.version,
        }
        for n in selectors.why_flat(list(ps.why_steps.all()))
    ]


def _why_out(step: WhyStep) -> dict[str, Any]:
    depth = next((w["depth"] for w in _whys(step.problem_statement) if w["id"] == step.pk), 0)
    return {
        "id": step.pk,
        "parent_id": step.parent_id,
        "because": step.because,
        "depth": depth,
        "agreed_in_id": step.agreed_in_id,
        "version": step.version,
    }


@router.get(
    "/partnerships/{partnership_id}/problem-statements",
    response=list[ProblemOut],
    summary="Problem statements of a partnership",
)
def problem_list(request: HttpRequest, partnership_id: int) -> QuerySet[ProblemStatement]:
    partnership = partnership_for(request.user, partnership_id)
    return ProblemStatement.objects.filter(partnership=partnership)


@router.post(
    "/partnerships/{partnership_id}/issues/{issue_id}/problem-statements",
    response={201: ProblemOut},
    summary="Write a problem statement for an issue",
)
def problem_create(
    request: HttpRequest, partnership_id: int, issue_id: int, payload: ProblemIn
) -> Any:
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
def problem_detail(request: HttpRequest, partnership_id: int, problem_id: int) -> dict[str, Any]:
    ps = _problem(partnership_for(request.user, partnership_id), problem_id)
    return {
        **ProblemOut.from_orm(ps).dict(),
        "why_steps": _whys(ps),
        "solutions": list(ps.solutions.all()),
        "goal_ids": [g.pk for g in ps.goals.all()],
    }


@router.patch(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}",
    response=ProblemOut,
    summary="Change a problem statement",
)
def problem_update(
    request: HttpRequest, partnership_id: int, problem_id: int, payload: ProblemPatch
) -> ProblemStatement:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    changes, version = patch(payload)
    return services.problem_statement_update(
        actor=request.user,
        problem_statement=_problem(partnership, problem_id),
        changes=changes,
        expected_version=version,
    )


@router.delete(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}",
    response=Message,
    summary="Delete a problem statement",
)
def problem_delete(
    request: HttpRequest, partnership_id: int, problem_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.problem_statement_delete(
        actor=request.user,
        problem_statement=_problem(partnership, problem_id),
        expected_version=version,
    )
    return {"detail": f"Problem statement {problem_id} deleted."}


@router.post(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}/why-steps",
    response={201: WhyOut},
    summary="Ask “why?”: add a step to the root-cause chain",
)
def why_add(request: HttpRequest, partnership_id: int, problem_id: int, payload: WhyIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = _problem(partnership, problem_id)
    parent = optional(ps.why_steps.all(), payload.parent_id, "parent_id")
    agreed_in = optional(
        Decision.objects.filter(partnership=partnership), payload.agreed_in_id, "agreed_in_id"
    )
    step = services.why_step_add(
        actor=request.user,
        problem_statement=ps,
        because=payload.because,
        parent=parent,
        agreed_in=agreed_in,
    )
    return Status(201, _why_out(step))


@router.patch(
    "/partnerships/{partnership_id}/why-steps/{why_id}",
    response=WhyOut,
    summary="Change a “why?” step; a parent that would close a loop is refused",
)
def why_update(
    request: HttpRequest, partnership_id: int, why_id: int, payload: WhyPatch
) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(
        WhyStep.objects.filter(partnership=partnership).select_related("problem_statement"),
        pk=why_id,
    )
    changes, version = patch(payload)
    if "parent_id" in changes:
        changes["parent"] = optional(
            WhyStep.objects.filter(problem_statement_id=step.problem_statement_id),
            changes.pop("parent_id"),
            "parent_id",
        )
    if "agreed_in_id" in changes:
        changes["agreed_in"] = optional(
            Decision.objects.filter(partnership=partnership),
            changes.pop("agreed_in_id"),
            "agreed_in_id",
        )
    saved = services.why_step_update(
        actor=request.user, step=step, changes=changes, expected_version=version
    )
    return _why_out(saved)


@router.delete(
    "/partnerships/{partnership_id}/why-steps/{why_id}",
    response=Message,
    summary="Delete a “why?” step",
)
def why_delete(
    request: HttpRequest, partnership_id: int, why_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(WhyStep.objects.filter(partnership=partnership), pk=why_id)
    services.why_step_delete(actor=request.user, step=step, expected_version=version)
    return {"detail": f"Step {why_id} deleted; the steps under it moved up."}


# --- Solutions ------------------------------------------------------------------------


def _solution_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    for key, qs in (
        ("problem_statement_id", ProblemStatement.objects.filter(partnership=partnership)),
        ("root_cause_id", WhyStep.objects.filter(partnership=partnership)),
        ("resource_id", Resource.objects.filter(partnership=partnership)),
    ):
        if key in data:
            data[key.removesuffix("_id")] = optional(qs, data.pop(key), key)
    return data


@router.get(
    "/partnerships/{partnership_id}/solutions", response=list[SolutionOut], summary="Solutions"
)
def solution_list(request: HttpRequest, partnership_id: int) -> QuerySet[Solution]:
    partnership = partnership_for(request.user, partnership_id)
    return Solution.objects.filter(partnership=partnership)


@router.post(
    "/partnerships/{partnership_id}/solutions",
    response={201: SolutionOut},
    summary="Propose a solution; choosing one needs the “why?” step it targets, in a chain "
    "that ends in a cause the partners agreed",
)
def solution_create(request: HttpRequest, partnership_id: int, payload: SolutionIn) -> Any:
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
def solution_update(
    request: HttpRequest, partnership_id: int, solution_id: int, payload: SolutionPatch
) -> Solution:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    changes, version = patch(payload)
    return services.solution_update(
        actor=request.user,
        solution=solution,
        changes=_solution_fields(partnership, changes),
        expected_version=version,
    )


@router.delete(
    "/partnerships/{partnership_id}/solutions/{solution_id}",
    response=Message,
    summary="Delete a solution",
)
def solution_delete(
    request: HttpRequest, partnership_id: int, solution_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    services.solution_delete(actor=request.user, solution=solution, expected_version=version)
    return {"detail": f"Solution {solution_id} deleted."}


# --- Goals, benchmarks, results and action steps --------------------------------------


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
    goal: Goal = child_or_404(selectors.goals_of(partnership), pk=goal_id)
    return goal


def _goal_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "problem_statement_id" in data:
        data["problem_statement"] = optional(
            ProblemStatement.objects.filter(partnership=partnership),
            data.pop("problem_statement_id"),
            "problem_statement_id",
        )
    return data


def _benchmark(partnership: Partnership, benchmark_id: int) -> Benchmark:
    benchmark: Benchmark = child_or_404(
        Benchmark.objects.filter(partnership=partnership).prefetch_related(
            "results", "action_items"
        ),
        pk=benchmark_id,
    )
    return benchmark


def _step_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "owner_id" in data:
        data["owner"] = optional(
            Person.objects.filter(workspace_id=partnership.workspace_id),
            data.pop("owner_id"),
            "owner_id",
        )
    if "decision_id" in data:
        data["decision"] = optional(
            Decision.objects.filter(partnership=partnership), data.pop("decision_id"), "decision_id"
        )
    return data


@router.get(
    "/partnerships/{partnership_id}/goals", response=list[GoalOut], summary="The action plan: goals"
)
def goal_list(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    return [_goal_out(g) for g in selectors.goals_of(partnership)]


@router.post("/partnerships/{partnership_id}/goals", response={201: GoalOut}, summary="Set a goal")
def goal_create(request: HttpRequest, partnership_id: int, payload: GoalIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = services.goal_create(
        actor=request.user, partnership=partnership, **_goal_fields(partnership, payload.dict())
    )
    return Status(201, _goal_out(_goal(partnership, goal.pk)))


@router.get("/partnerships/{partnership_id}/goals/{goal_id}", response=GoalOut, summary="One goal")
def goal_detail(request: HttpRequest, partnership_id: int, goal_id: int) -> dict[str, Any]:
    return _goal_out(_goal(partnership_for(request.user, partnership_id), goal_id))


@router.patch(
    "/partnerships/{partnership_id}/goals/{goal_id}", response=GoalOut, summary="Change a goal"
)
def goal_update(
    request: HttpRequest, partnership_id: int, goal_id: int, payload: GoalPatch
) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    changes, version = patch(payload)
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
def goal_delete(
    request: HttpRequest, partnership_id: int, goal_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.goal_delete(
        actor=request.user, goal=_goal(partnership, goal_id), expected_version=version
    )
    return {"detail": f"Goal {goal_id} deleted."}


@router.post(
    "/partnerships/{partnership_id}/goals/{goal_id}/benchmarks",
    response={201: BenchmarkOut},
    summary="Add a benchmark: indicator, unit, baseline and target",
)
def benchmark_create(
    request: HttpRequest, partnership_id: int, goal_id: int, payload: BenchmarkIn
) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    b = services.benchmark_create(actor=request.user, goal=goal, **payload.dict())
    return Status(201, _benchmark_out(_benchmark(partnership, b.pk)))


@router.get(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=BenchmarkOut,
    summary="A benchmark with its results and progress",
)
def benchmark_detail(
    request: HttpRequest, partnership_id: int, benchmark_id: int
) -> dict[str, Any]:
    return _benchmark_out(_benchmark(partnership_for(request.user, partnership_id), benchmark_id))


@router.patch(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=BenchmarkOut,
    summary="Change a benchmark; a span that would leave recorded results outside is refused",
)
def benchmark_update(
    request: HttpRequest, partnership_id: int, benchmark_id: int, payload: BenchmarkPatch
) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    b = _benchmark(partnership, benchmark_id)
    changes, version = patch(payload)
    services.benchmark_update(
        actor=request.user, benchmark=b, changes=changes, expected_version=version
    )
    return _benchmark_out(_benchmark(partnership, benchmark_id))


@router.delete(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=Message,
    summary="Delete a benchmark",
)
def benchmark_delete(
    request: HttpRequest, partnership_id: int, benchmark_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.benchmark_delete(
        actor=request.user,
        benchmark=_benchmark(partnership, benchmark_id),
        expected_version=version,
    )
    return {"detail": f"Benchmark {benchmark_id} deleted."}


@router.post(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}/results",
    response={201: ResultOut},
    summary="Record the result of a period; a period outside the benchmark's span is refused",
)
def result_record(
    request: HttpRequest, partnership_id: int, benchmark_id: int, payload: ResultIn
) -> Any:
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
def result_delete(
    request: HttpRequest, partnership_id: int, result_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    result = child_or_404(
        BenchmarkResult.objects.filter(benchmark__partnership=partnership), pk=result_id
    )
    services.benchmark_result_delete(actor=request.user, result=result, expected_version=version)
    return {"detail": f"Result {result_id} removed."}


@router.post(
    "/partnerships/{partnership_id}/goals/{goal_id}/action-steps",
    response={201: PlanStepOut},
    summary="Add an action step to a goal, linked to the decision that created it",
)
def step_create(request: HttpRequest, partnership_id: int, goal_id: int, payload: StepIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    data = _step_fields(partnership, payload.dict())
    benchmarks = many(goal.benchmarks.all(), data.pop("benchmark_ids"), "benchmark_ids")
    return Status(
        201,
        services.action_step_create(actor=request.user, goal=goal, benchmarks=benchmarks, **data),
    )


@router.patch(
    "/partnerships/{partnership_id}/action-steps/{step_id}",
    response=PlanStepOut,
    summary="Change an action step: owner, due date, status, decision, benchmarks",
)
def step_update(
    request: HttpRequest, partnership_id: int, step_id: int, payload: StepPatch
) -> ActionItem:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    try:
        item, goal = selectors.step_goal(partnership, step_id)
    except ObjectDoesNotExist:
        raise Http404("Not found") from None
    changes, version = patch(payload)
    benchmark_ids = changes.pop("benchmark_ids", None)
    benchmarks = (
        None
        if benchmark_ids is None
        else many(goal.benchmarks.all(), benchmark_ids, "benchmark_ids")
    )
    return services.action_step_update(
        actor=request.user,
        goal=goal,
        item=item,
        changes=_step_fields(partnership, changes),
        expected_version=version,
        benchmarks=benchmarks,
    )


# --- The chain, the walk up from a decision, the findings -----------------------------


@router.get(
    "/partnerships/{partnership_id}/plan-chain",
    response=ChainOut,
    summary="The chain issue → problem statement → goal → benchmark → action step → decision",
)
def plan_chain(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
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
                        "why_steps": _whys(cp.statement),
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


@router.get(
    "/partnerships/{partnership_id}/decisions/{decision_id}/trace",
    response=TraceOut,
    summary="Up the chain from a decision: steps, benchmarks, goals, problems, issues",
)
def decision_trace(request: HttpRequest, partnership_id: int, decision_id: int) -> dict[str, Any]:
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
def findings(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    chain = selectors.plan_chain(partnership)
    return [f.as_dict() for f in findings_for(partnership, chain, timezone.localdate())]
