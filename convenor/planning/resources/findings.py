"""Resource-map guidance (see ``lib.findings``): entries nobody has reviewed for a year,
issues no resource bears on, and resources far below the demand employers pooled for
their occupations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from convenor.lib.findings import Finding, Severity
from convenor.planning.demand.disclosure import PooledDemand
from convenor.planning.models import Issue, IssueStatus, Resource
from convenor.planning.sources import MOMENTUM

REVIEW_AFTER_DAYS = 365


def resource_findings(resources: Iterable[Resource], today: dt.date) -> list[Finding]:
    out = []
    for r in resources:
        if r.last_reviewed_on is None or (today - r.last_reviewed_on).days > REVIEW_AFTER_DAYS:
            when = (
                f"last reviewed {r.last_reviewed_on:%Y-%m-%d}"
                if r.last_reviewed_on
                else "never reviewed"
            )
            out.append(
                Finding(
                    code="planning.resource_not_reviewed",
                    severity=Severity.INFO,
                    reason=f"“{r.name}” on the resource map was {when}.",
                    next_step="Review it with its owner: the resource map should evolve as "
                    "programs and resources change.",
                    source=MOMENTUM,
                    evidence={"resource_id": r.pk},
                )
            )
    return out


# "Far below" the pooled demand: a resource serving under half the openings employers
# expect in the next 12 months for its occupations.
FAR_BELOW = 0.5


def unmapped_issue_findings(issues: Iterable[Issue], mapped: set[int]) -> list[Finding]:
    """An open or prioritised issue no resource on the map bears on."""
    return [
        Finding(
            code="planning.issue_without_resource",
            severity=Severity.WARNING,
            reason=f"No resource on the map bears on the issue “{issue.title}”.",
            next_step="Scan for programs, funding streams or policies that address it and add "
            "them to the map (or mark the issue where it is on an existing entry).",
            source=MOMENTUM,
            evidence={"issue_id": issue.pk},
        )
        for issue in issues
        if issue.pk not in mapped and issue.status in (IssueStatus.OPEN, IssueStatus.PRIORITISED)
    ]


def capacity_findings(resources: Iterable[Resource], demand: PooledDemand) -> list[Finding]:
    """A resource whose people a year are under half (``FAR_BELOW``) of the 12-month
    openings employers pooled for its occupations. Only pools the disclosure rule shows
    are compared: a hidden pool's figures never reach a finding."""
    shown = {r.soc_code: r for r in demand.shown if r.soc_code}
    out = []
    for resource in resources:
        if resource.capacity_per_year is None or not resource.soc_codes:
            continue
        rows = [shown[code] for code in resource.soc_codes if code in shown]
        openings = sum(r.openings_12m or 0 for r in rows)
        if not rows or resource.capacity_per_year >= FAR_BELOW * openings:
            continue
        names = ", ".join(f"{r.occupation} ({r.soc_code})" for r in rows)
        out.append(
            Finding(
                code="planning.resource_capacity_below_demand",
                severity=Severity.WARNING,
                reason=f"“{resource.name}” serves {resource.capacity_per_year} "
                f"{'person' if resource.capacity_per_year == 1 else 'people'} a year, under "
                f"half of the {openings} openings employers expect in the next 12 months for "
                f"{names}.",
                next_step="Far below demand means under half the pooled 12-month openings: "
                "ask its owner about adding seats, or map other programs for these "
                "occupations.",
                source=MOMENTUM,
                evidence={
                    "resource_id": resource.pk,
                    "capacity_per_year": resource.capacity_per_year,
                    "openings_12m": openings,
                    "soc_codes": [r.soc_code for r in rows],
                },
            )
        )
    return out
