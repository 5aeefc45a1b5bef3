"""Plan guidance: pure functions over the plan that return findings (the resource
map's own rule is ``resources.findings``).

Each rule names the toolkit passage it rests on, so the page, the API and the
exports say the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from convenor.lib.findings import Finding, Severity, by_severity
from convenor.partnerships.models import Partnership
from convenor.planning.models import (
    EffortKind,
    IssueStatus,
    PastEffort,
    Resource,
    Solution,
    SolutionStatus,
)
from convenor.planning.plan.selectors import Chain
from convenor.planning.resources.findings import resource_findings
from convenor.planning.sources import CHAPTER_3, DIRECTION, STEP_FOUR


def issue_findings(chain: Chain) -> list[Finding]:
    """Issues raised by a single employer, prioritised issues without a problem statement."""
    out = []
    for ci in chain.issues:
        issue = ci.issue
        if issue.status in (IssueStatus.OPEN, IssueStatus.PRIORITISED) and ci.employer_count < 2:
            out.append(
                Finding(
                    code="planning.issue_one_employer",
                    severity=Severity.INFO,
                    reason=f"“{issue.title}” was raised by {ci.employer_count or 'no'} "
                    f"employer{'s' if ci.employer_count != 1 else ''} in the touches linked to it.",
                    next_step="Check with other employers that the problem is common across the "
                    "industry, not within a single firm, and link those conversations.",
                    source=CHAPTER_3,
                    evidence={"issue_id": issue.pk, "employers": ci.employer_count},
                )
            )
        if issue.status == IssueStatus.PRIORITISED and not ci.problems:
            out.append(
                Finding(
                    code="planning.priority_without_problem_statement",
                    severity=Severity.WARNING,
                    reason=f"“{issue.title}” is prioritised but has no problem statement.",
                    next_step="For each issue, articulate a problem statement, the impact the "
                    "partnership can have and general categories of strategies.",
                    source=STEP_FOUR,
                    evidence={"issue_id": issue.pk},
                )
            )
    return out


def root_cause_findings(chain: Chain) -> list[Finding]:
    """Problem statements without a "why?" and solutions proposed with no problem behind them."""
    out = []
    for ci in chain.issues:
        for cp in ci.problems:
            if not cp.whys:
                out.append(
                    Finding(
                        code="planning.no_root_cause",
                        severity=Severity.WARNING,
                        reason=f"The problem “{cp.statement.problem[:80]}” has no “why?” step.",
                        next_step="Ask why the problem happens until you reach its underlying "
                        "root cause, before choosing a solution.",
                        source=DIRECTION,
                        evidence={"problem_statement_id": cp.statement.pk},
                    )
                )
    return out


def solution_findings(solutions: Iterable[Solution]) -> list[Finding]:
    out = []
    for s in solutions:
        if s.problem_statement_id is None and s.status != SolutionStatus.SET_ASIDE:
            out.append(
                Finding(
                    code="planning.solution_without_problem",
                    severity=Severity.WARNING,
                    reason=f"The solution “{s.title}” answers no problem statement: "
                    "“Here's the solution. Do you have our problem?”",
                    next_step="Start from the problem: what is its underlying cause, and what "
                    "is the right solution?",
                    source=DIRECTION,
                    evidence={"solution_id": s.pk},
                )
            )
    return out


def effort_findings(efforts: Iterable[PastEffort]) -> list[Finding]:
    out = []
    for e in efforts:
        if e.kind == EffortKind.EXISTS and e.resource_id is None:
            out.append(
                Finding(
                    code="planning.existing_effort_not_mapped",
                    severity=Severity.INFO,
                    reason=f"“{e.who}” already does something about “{e.issue}”, but it is not "
                    "on the resource map.",
                    next_step="Add the program to the resource map and take a second look: "
                    "is it a solution to this challenge, and could it scale?",
                    source=DIRECTION,
                    evidence={"past_effort_id": e.pk},
                )
            )
    return out


def plan_findings(
    chain: Chain,
    *,
    solutions: Iterable[Solution],
    efforts: Iterable[PastEffort],
    resources: Iterable[Resource],
    today: dt.date,
) -> list[Finding]:
    return by_severity(
        [
            *issue_findings(chain),
            *root_cause_findings(chain),
            *solution_findings(solutions),
            *effort_findings(efforts),
            *resource_findings(resources, today),
        ]
    )


def findings_for(partnership: Partnership, chain: Chain, today: dt.date) -> list[Finding]:
    """``plan_findings`` over the partnership's chain, solutions, efforts and resource map
    (the plan page and the API)."""
    return plan_findings(
        chain,
        solutions=list(Solution.objects.filter(partnership=partnership)),
        efforts=list(PastEffort.objects.filter(partnership=partnership).select_related("issue")),
        resources=list(Resource.objects.filter(partnership=partnership)),
        today=today,
    )
