"""Writes of the plan: problem statements and their "why?" chains, solutions, goals,
benchmarks with their results, and action steps (meetings' action items, linked to the
decision that created them).

Rules that need more than one row live here: a solution is chosen only once it names
the "why?" step it targets and the chain under that step ends in a cause the partners
agreed by a decision; a root-cause chain never loops; a benchmark result lies within
its benchmark's span.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.meetings import services as meetings_services
from convenor.meetings.models import ActionItem, ActionStatus, Decision, Meeting
from convenor.partners.models import Person
from convenor.partnerships.models import Partnership
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    Issue,
    ProblemStatement,
    Resource,
    Solution,
    SolutionStatus,
    WhyStep,
)
from convenor.planning.writes import check_fields, created, same_partnership, updated

# The seeds' warning, shown when a solution is adopted before its problem is known.
SOLUTION_FIRST_WARNING = (
    "“Here's the solution. Do you have our problem?” Write the problem statement this "
    "solution answers first, then ask what the underlying cause is and what the right "
    "solution is (Every Partnership Needs Direction and Connection)."
)
NO_ROOT_CAUSE_WARNING = (
    "Ask “why?” at least once before choosing a solution: break through the surface of the "
    "challenge to its underlying root cause (Every Partnership Needs Direction and Connection)."
)
NO_TARGET_WARNING = (
    "Name the “why?” step this solution targets: a solution answers a root cause, not the "
    "surface of the challenge."
)
NOT_AGREED_WARNING = (
    "The chain under the step this solution targets does not end in a cause the partners "
    "agreed: ask “why?” until you reach the root cause, and record the decision in which the "
    "partners agreed it (“agreed by the partners in” on the step) before choosing a solution."
)


# --- Problem statements, why? chains, solutions -------------------------------------

PROBLEM_FIELDS = ("problem", "impact", "strategies", "strategy_categories")


def problem_statement_create(
    *,
    actor: Any,
    issue: Issue,
    problem: str,
    impact: str = "",
    strategies: str = "",
    strategy_categories: Iterable[str] = (),
) -> ProblemStatement:
    if not problem.strip():
        raise ValidationError({"problem": "Write the problem."})
    return created(
        ProblemStatement(
            workspace_id=issue.workspace_id,
            partnership_id=issue.partnership_id,
            issue=issue,
            problem=problem.strip(),
            impact=impact,
            strategies=strategies,
            strategy_categories=list(dict.fromkeys(strategy_categories)),
        ),
        actor=actor,
    )


def problem_statement_update(
    *,
    actor: Any,
    problem_statement: ProblemStatement,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> ProblemStatement:
    check_fields(changes, PROBLEM_FIELDS)
    return updated(
        problem_statement,
        actor=actor,
        changes=changes,
        expected_version=expected_version,
    )


def problem_statement_delete(
    *, actor: Any, problem_statement: ProblemStatement, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=problem_statement, expected_version=expected_version)


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("because", " ").split()).strip(" .")


def _check_why(
    problem_statement: ProblemStatement,
    *,
    because: str,
    parent: WhyStep | None,
    step: WhyStep | None = None,
    agreed_in: Decision | None = None,
) -> None:
    """Refuse a "why?" answer that closes a loop in the chain, or one agreed in a decision
    of another partnership."""
    if not because.strip():
        raise ValidationError({"because": "Write the answer to “why?”."})
    if agreed_in is not None and agreed_in.partnership_id != problem_statement.partnership_id:
        raise ValidationError({"agreed_in": "That decision belongs to another partnership."})
    if parent is not None and parent.problem_statement_id != problem_statement.pk:
        raise ValidationError({"parent": "That step belongs to another problem statement."})
    steps = {s.pk: s for s in problem_statement.why_steps.all()}
    # Walk from the new parent up to the problem: meeting the step itself is a loop.
    chain: list[WhyStep] = []
    seen: set[int] = set()
    node = steps.get(parent.pk) if parent is not None else None
    while node is not None:
        if step is not None and node.pk == step.pk:
            raise ValidationError(
                {
                    "parent": "That would make the chain go in a circle: this step would "
                    "answer “why?” of its own consequence. Pick an earlier step."
                }
            )
        if node.pk in seen:  # a loop recorded before this rule existed
            break
        seen.add(node.pk)
        chain.append(node)
        node = steps.get(node.parent_id) if node.parent_id else None
    answer = _norm(because)
    if answer == _norm(problem_statement.problem):
        raise ValidationError(
            {"because": "This answer repeats the problem itself: the chain goes in a circle."}
        )
    for i, earlier in enumerate(chain):
        if _norm(earlier.because) == answer:
            raise ValidationError(
                {
                    "because": f"This answer repeats an earlier step (“{earlier.because[:60]}”, "
                    f"{i + 1} up the chain): the chain goes in a circle. Ask why that happens "
                    "instead."
                }
            )


def why_step_add(
    *,
    actor: Any,
    problem_statement: ProblemStatement,
    because: str,
    parent: WhyStep | None = None,
    agreed_in: Decision | None = None,
) -> WhyStep:
    _check_why(problem_statement, because=because, parent=parent, agreed_in=agreed_in)
    return created(
        WhyStep(
            workspace_id=problem_statement.workspace_id,
            partnership_id=problem_statement.partnership_id,
            problem_statement=problem_statement,
            parent=parent,
            because=because.strip(),
            agreed_in=agreed_in,
        ),
        actor=actor,
    )


def why_step_update(
    *, actor: Any, step: WhyStep, changes: Mapping[str, Any], expected_version: int | None
) -> WhyStep:
    check_fields(changes, ("because", "parent", "agreed_in"))
    _check_why(
        step.problem_statement,
        because=changes.get("because", step.because),
        parent=changes.get("parent", step.parent),
        step=step,
        agreed_in=changes.get("agreed_in", step.agreed_in),
    )
    if "because" in changes:
        changes = {**changes, "because": changes["because"].strip()}
    return updated(step, actor=actor, changes=changes, expected_version=expected_version)


def why_step_delete(*, actor: Any, step: WhyStep, expected_version: int | None = None) -> None:
    """Delete a step; the steps that answered why of it move up one level."""
    with transaction.atomic():
        for child in step.children.all():
            updated(
                child,
                actor=actor,
                changes={"parent": step.parent},
                expected_version=None,
                note="moved up: the step it answered was deleted",
            )
        audit.delete(actor=actor, instance=step, expected_version=expected_version)


SOLUTION_FIELDS = ("title", "description", "status", "problem_statement", "root_cause", "resource")


def _check_solution(partnership: Partnership, fields: Mapping[str, Any]) -> None:
    problem = fields.get("problem_statement")
    root_cause = fields.get("root_cause")
    same_partnership(
        partnership,
        problem_statement=problem,
        root_cause=root_cause,
        resource=fields.get("resource"),
    )
    if root_cause is not None and (
        problem is None or root_cause.problem_statement_id != problem.pk
    ):
        raise ValidationError(
            {"root_cause": "Pick a root cause from the chain of this solution's problem statement."}
        )
    if fields.get("status") == SolutionStatus.CHOSEN:
        if problem is None:
            raise ValidationError({"status": SOLUTION_FIRST_WARNING})
        steps = list(problem.why_steps.all())
        if not steps:
            raise ValidationError({"status": NO_ROOT_CAUSE_WARNING})
        if root_cause is None:
            raise ValidationError({"root_cause": NO_TARGET_WARNING})
        if not ends_in_agreed_cause(root_cause, steps):
            raise ValidationError({"root_cause": NOT_AGREED_WARNING})


def ends_in_agreed_cause(target: WhyStep, steps: Iterable[WhyStep]) -> bool:
    """Does the chain from ``target`` down to its last "why?" end in a cause the partners
    agreed? Some step at or under ``target`` with no further "why?" below it carries the
    decision that agreed it."""
    children: dict[int | None, list[WhyStep]] = {}
    for s in steps:
        children.setdefault(s.parent_id, []).append(s)
    todo, seen = [target], set()
    while todo:
        node = todo.pop()
        if node.pk in seen:  # a loop recorded before loops were refused
            continue
        seen.add(node.pk)
        below = children.get(node.pk, [])
        if not below and node.agreed_in_id is not None:
            return True
        todo.extend(below)
    return False


def solution_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    description: str = "",
    status: str = SolutionStatus.PROPOSED,
    problem_statement: ProblemStatement | None = None,
    root_cause: WhyStep | None = None,
    resource: Resource | None = None,
) -> Solution:
    fields = {
        "title": title.strip(),
        "description": description,
        "status": status,
        "problem_statement": problem_statement,
        "root_cause": root_cause,
        "resource": resource,
    }
    _check_solution(partnership, fields)
    return created(
        Solution(workspace_id=partnership.workspace_id, partnership=partnership, **fields),
        actor=actor,
    )


def solution_update(
    *, actor: Any, solution: Solution, changes: Mapping[str, Any], expected_version: int | None
) -> Solution:
    check_fields(changes, SOLUTION_FIELDS)
    merged = {name: getattr(solution, name) for name in SOLUTION_FIELDS}
    merged.update(changes)
    _check_solution(solution.partnership, merged)
    return updated(solution, actor=actor, changes=changes, expected_version=expected_version)


def solution_delete(*, actor: Any, solution: Solution, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=solution, expected_version=expected_version)


# --- Action plan: goals, benchmarks, results, action steps ----------------------------

GOAL_FIELDS = ("title", "description", "problem_statement")


def goal_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    description: str = "",
    problem_statement: ProblemStatement | None = None,
) -> Goal:
    same_partnership(partnership, problem_statement=problem_statement)
    return created(
        Goal(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            title=title.strip(),
            description=description,
            problem_statement=problem_statement,
        ),
        actor=actor,
    )


def goal_update(
    *, actor: Any, goal: Goal, changes: Mapping[str, Any], expected_version: int | None
) -> Goal:
    check_fields(changes, GOAL_FIELDS)
    same_partnership(goal.partnership, problem_statement=changes.get("problem_statement"))
    return updated(goal, actor=actor, changes=changes, expected_version=expected_version)


def goal_delete(*, actor: Any, goal: Goal, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=goal, expected_version=expected_version)


BENCHMARK_FIELDS = (
    "indicator",
    "unit",
    "baseline_value",
    "baseline_on",
    "target_value",
    "target_on",
)


def benchmark_create(*, actor: Any, goal: Goal, **fields: Any) -> Benchmark:
    check_fields(fields, BENCHMARK_FIELDS)
    return created(
        Benchmark(
            workspace_id=goal.workspace_id, partnership_id=goal.partnership_id, goal=goal, **fields
        ),
        actor=actor,
    )


def benchmark_update(
    *, actor: Any, benchmark: Benchmark, changes: Mapping[str, Any], expected_version: int | None
) -> Benchmark:
    check_fields(changes, BENCHMARK_FIELDS)
    start = changes.get("baseline_on", benchmark.baseline_on)
    end = changes.get("target_on", benchmark.target_on)
    outside = benchmark.results.exclude(period_end__gte=start, period_end__lte=end)
    if outside.exists():
        dates = ", ".join(f"{r.period_end:%Y-%m-%d}" for r in outside)
        raise ValidationError(
            f"Results are recorded for {dates}, outside the new span ({start} to {end}); "
            "nothing was changed. Keep the span around the recorded results."
        )
    return updated(benchmark, actor=actor, changes=changes, expected_version=expected_version)


def benchmark_delete(
    *, actor: Any, benchmark: Benchmark, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=benchmark, expected_version=expected_version)


def benchmark_result_record(
    *,
    actor: Any,
    benchmark: Benchmark,
    period_end: dt.date,
    value: Decimal | int | float | str,
    note: str = "",
) -> BenchmarkResult:
    """Record the result of one period; a second result for the same period replaces it."""
    value = Decimal(str(value))
    existing = BenchmarkResult.objects.filter(benchmark=benchmark, period_end=period_end).first()
    if existing is not None:
        return updated(
            existing,
            actor=actor,
            changes={"value": value, "note": note},
            expected_version=None,
        )
    return created(
        BenchmarkResult(
            workspace_id=benchmark.workspace_id,
            benchmark=benchmark,
            period_end=period_end,
            value=value,
            note=note,
        ),
        actor=actor,
    )


def benchmark_result_delete(
    *, actor: Any, result: BenchmarkResult, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=result, expected_version=expected_version)


def _link(actor: Any, instance: Any, field: str, obj: Any) -> None:
    """Add ``obj`` to a many-to-many link and record it, without bumping the version.

    Adding an action step to a goal is not an edit of the goal's own fields, so a
    goal form open elsewhere stays valid.
    """
    getattr(instance, field).add(obj)
    audit.record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.EVENT,
        changes={field: [None, str(obj)]},
        note=f"linked {obj._meta.verbose_name} {obj.pk}",
    )


def action_step_create(
    *,
    actor: Any,
    goal: Goal,
    title: str,
    owner: Person | None = None,
    due_on: dt.date | None = None,
    status: str = ActionStatus.OPEN,
    decision: Decision | None = None,
    new_decision: str = "",
    benchmarks: Iterable[Benchmark] = (),
    meeting: Meeting | None = None,
) -> ActionItem:
    """Create an action step of ``goal``, linked to the decision that created it.

    ``new_decision`` records that decision in the decision log first.
    """
    partnership = goal.partnership
    benchmarks = list(benchmarks)
    if any(b.goal_id != goal.pk for b in benchmarks):
        raise ValidationError({"benchmarks": "Pick benchmarks of this goal."})
    if not title.strip():
        raise ValidationError({"title": "Write what is to be done."})
    with transaction.atomic():
        if new_decision.strip():
            if decision is not None:
                raise ValidationError(
                    {"new_decision": "Pick a decision from the log or write a new one, not both."}
                )
            decision = meetings_services.decision_create(
                actor=actor,
                partnership=partnership,
                text=new_decision,
                decided_on=timezone.localdate(),
                meeting=meeting,
            )
        item = meetings_services.action_item_create(
            actor=actor,
            partnership=partnership,
            title=title,
            owner=owner,
            due_on=due_on,
            status=status,
            meeting=meeting,
            decision=decision,
        )
        _link(actor, goal, "action_items", item)
        if decision is not None and not goal.decisions.filter(pk=decision.pk).exists():
            _link(actor, goal, "decisions", decision)
        for benchmark in benchmarks:
            _link(actor, benchmark, "action_items", item)
    return item


STEP_FIELDS = ("title", "owner", "due_on", "status", "decision")


def action_step_update(
    *,
    actor: Any,
    goal: Goal,
    item: ActionItem,
    changes: Mapping[str, Any],
    expected_version: int | None,
    benchmarks: Iterable[Benchmark] | None = None,
) -> ActionItem:
    """Change an action step of the plan (owner, due date, status, decision, benchmarks)."""
    check_fields(changes, STEP_FIELDS)
    same_partnership(goal.partnership, owner=changes.get("owner"), decision=changes.get("decision"))
    changes = dict(changes)
    # A bound model form has already written the new values onto ``item``.
    stored = ActionItem.objects.get(pk=item.pk)
    if "status" in changes:
        if changes["status"] == ActionStatus.DONE and stored.status != ActionStatus.DONE:
            changes["completed_on"] = stored.completed_on or timezone.localdate()
        elif changes["status"] != ActionStatus.DONE:
            changes["completed_on"] = None
    with transaction.atomic():
        saved = updated(item, actor=actor, changes=changes, expected_version=expected_version)
        if benchmarks is not None:
            wanted = {b.pk: b for b in benchmarks}
            if any(b.goal_id != goal.pk for b in wanted.values()):
                raise ValidationError({"benchmarks": "Pick benchmarks of this goal."})
            for benchmark in goal.benchmarks.all():
                linked = benchmark.action_items.filter(pk=item.pk).exists()
                if benchmark.pk in wanted and not linked:
                    _link(actor, benchmark, "action_items", item)
                elif benchmark.pk not in wanted and linked:
                    benchmark.action_items.remove(item)
                    audit.record(
                        actor=actor,
                        instance=benchmark,
                        action=AuditEntry.Action.EVENT,
                        changes={"action_items": [str(item), None]},
                        note=f"unlinked action item {item.pk}",
                    )
        if saved.decision_id and not goal.decisions.filter(pk=saved.decision_id).exists():
            _link(actor, goal, "decisions", saved.decision)
    return saved
