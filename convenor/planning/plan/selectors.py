"""Reads of the plan, with their joins decided here so pages do no N+1 queries: the
"why?" chains as trees, benchmark progress, the goals with their benchmarks and action
steps, the whole chain issue -> problem statement -> goal -> benchmark -> action step
-> decision for the plan page and the exports, and the walk up from a decision."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from convenor.meetings.models import ActionItem, ActionStatus, Decision
from convenor.partnerships.models import Partnership
from convenor.planning.issues.selectors import employer_counts
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    Issue,
    IssueStatus,
    PrioritisationRound,
    ProblemStatement,
    Solution,
    WhyStep,
)

# --- Root-cause chains --------------------------------------------------------------------


@dataclass
class WhyNode:
    step: WhyStep
    depth: int
    children: list[WhyNode] = field(default_factory=list)


def why_tree(steps: list[WhyStep]) -> list[WhyNode]:
    """The steps as a tree: roots answer why of the problem itself."""
    by_parent: dict[int | None, list[WhyStep]] = defaultdict(list)
    for s in steps:
        by_parent[s.parent_id].append(s)

    def build(parent: int | None, depth: int, seen: frozenset[int]) -> list[WhyNode]:
        nodes = []
        for s in by_parent.get(parent, []):
            if s.pk in seen:
                continue
            nodes.append(WhyNode(s, depth, build(s.pk, depth + 1, seen | {s.pk})))
        return nodes

    return build(None, 0, frozenset())


def why_flat(steps: list[WhyStep]) -> list[WhyNode]:
    """The tree in reading order, each node with its depth (for lists and exports)."""
    out: list[WhyNode] = []

    def walk(nodes: list[WhyNode]) -> None:
        for n in nodes:
            out.append(n)
            walk(n.children)

    walk(why_tree(steps))
    return out


# --- Benchmarks --------------------------------------------------------------------------


@dataclass
class Progress:
    latest: BenchmarkResult | None
    share: float | None  # share of the way from baseline to target, 0..1+
    expected: float | None  # share expected by the latest result's date on a straight line
    on_track: bool | None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


def benchmark_progress(
    benchmark: Benchmark, results: list[BenchmarkResult] | None = None
) -> Progress:
    results = list(benchmark.results.all()) if results is None else results
    if not results:
        return Progress(None, None, None, None)
    latest = max(results, key=lambda r: r.period_end)
    span = Decimal(benchmark.target_value) - Decimal(benchmark.baseline_value)
    share = float((latest.value - benchmark.baseline_value) / span) if span else None
    days = (benchmark.target_on - benchmark.baseline_on).days
    expected = (latest.period_end - benchmark.baseline_on).days / days if days > 0 else None
    on_track = None
    if share is not None and expected is not None:
        on_track = share >= expected - 0.05
    return Progress(latest, share, expected, on_track)


def progress_of(goal: Goal) -> list[tuple[Benchmark, Progress]]:
    """Each benchmark of ``goal`` (with results prefetched, as ``goals_of`` does) and its
    progress."""
    return [(b, benchmark_progress(b, list(b.results.all()))) for b in goal.benchmarks.all()]


# --- The chain: issue -> problem statement -> goal -> benchmark -> action step -> decision --


def goals_of(partnership: Partnership) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(partnership=partnership)
        .select_related("problem_statement__issue")
        .prefetch_related(
            Prefetch(
                "benchmarks", queryset=Benchmark.objects.prefetch_related("results", "action_items")
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner", "decision").order_by(
                    "due_on", "id"
                ),
            ),
            "decisions",
        )
    )


def action_plan(partnership: Partnership, today: dt.date) -> list[dict[str, Any]]:
    """Each goal with its benchmarks' progress and its action steps (each with whether it
    is overdue): the goals page and the exports."""
    return [
        {
            "goal": g,
            "benchmarks": progress_of(g),
            "steps": [(s, overdue(s, today)) for s in g.action_items.all()],
        }
        for g in goals_of(partnership)
    ]


def goal_detail(partnership: Partnership, goal_id: int) -> Goal:
    return goals_of(partnership).get(pk=goal_id)


def overdue(item: ActionItem, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        item.due_on
        and item.due_on < today
        and item.status not in (ActionStatus.DONE, ActionStatus.DROPPED)
    )


@dataclass
class ChainProblem:
    statement: ProblemStatement
    whys: list[WhyNode]
    solutions: list[Solution]
    goals: list[Goal]

    @property
    def why_count(self) -> int:
        def count(nodes: list[WhyNode]) -> int:
            return sum(1 + count(n.children) for n in nodes)

        return count(self.whys)


@dataclass
class ChainIssue:
    issue: Issue
    problems: list[ChainProblem]
    employer_count: int


@dataclass
class Chain:
    issues: list[ChainIssue]
    loose_goals: list[Goal]  # goals not tied to a problem statement yet


def plan_chain(partnership: Partnership, *, prioritised_only: bool = False) -> Chain:
    """The whole plan as one linked structure, for the plan page and the exports."""
    found = Issue.objects.filter(partnership=partnership)
    if prioritised_only:
        found = found.filter(status=IssueStatus.PRIORITISED)
    found = found.prefetch_related(
        Prefetch(
            "problem_statements",
            queryset=ProblemStatement.objects.prefetch_related(
                "why_steps",
                Prefetch("solutions", queryset=Solution.objects.select_related("resource")),
            ),
        )
    )
    status_order: dict[str, int] = {
        IssueStatus.PRIORITISED: 0,
        IssueStatus.OPEN: 1,
        IssueStatus.PARKED: 2,
        IssueStatus.RESOLVED: 3,
    }
    issues = sorted(found, key=lambda i: (status_order.get(i.status, 9), i.title.lower()))
    goals = list(goals_of(partnership))
    goals_by_problem: dict[int | None, list[Goal]] = defaultdict(list)
    for g in goals:
        goals_by_problem[g.problem_statement_id].append(g)
    counts = employer_counts(issues)
    chain = []
    for issue in issues:
        problems = [
            ChainProblem(
                ps,
                why_tree(list(ps.why_steps.all())),
                list(ps.solutions.all()),
                goals_by_problem.get(ps.pk, []),
            )
            for ps in issue.problem_statements.all()
        ]
        chain.append(ChainIssue(issue, problems, counts.get(issue.pk, 0)))
    return Chain(chain, goals_by_problem.get(None, []))


@dataclass
class Trace:
    decision: Decision
    action_items: list[ActionItem]
    goals: list[Goal]
    benchmarks: list[Benchmark]
    problem_statements: list[ProblemStatement]
    issues: list[Issue]
    rounds: list[PrioritisationRound]


def decision_trace(decision: Decision) -> Trace:
    """Walk up the chain from a decision: the steps it created, their goals and benchmarks,
    the problem statements and issues behind them, and rounds whose consensus it records."""
    items = list(
        ActionItem.objects.filter(decision=decision)
        .select_related("owner")
        .order_by("due_on", "id")
    )
    goals = list(
        Goal.objects.filter(Q(action_items__in=items) | Q(decisions=decision))
        .distinct()
        .select_related("problem_statement__issue")
    )
    benchmarks = list(
        Benchmark.objects.filter(action_items__in=items).distinct().select_related("goal")
    )
    statements = list(
        {g.problem_statement.pk: g.problem_statement for g in goals if g.problem_statement}.values()
    )
    issues = {ps.issue.pk: ps.issue for ps in statements}
    for issue in Issue.objects.filter(decisions=decision):
        issues.setdefault(issue.pk, issue)
    rounds = list(PrioritisationRound.objects.filter(decision=decision))
    return Trace(
        decision,
        items,
        goals,
        benchmarks,
        statements,
        sorted(issues.values(), key=lambda i: i.title.lower()),
        rounds,
    )


def step_goal(partnership: Partnership, item_id: int) -> tuple[ActionItem, Goal]:
    """An action item of the plan and its goal; ``DoesNotExist`` when it is no plan step."""
    item = ActionItem.objects.select_related("owner", "decision").get(
        pk=item_id, partnership=partnership
    )
    goal = Goal.objects.filter(partnership=partnership, action_items=item).order_by("pk").first()
    if goal is None:
        raise ActionItem.DoesNotExist
    return item, goal
