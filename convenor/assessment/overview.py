"""The workspace overview: every partnership's stage, readiness, health and last activity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from convenor.assessment import health, readiness
from convenor.assessment.lifecycle import ORDER
from convenor.assessment.selectors import partnership_facts
from convenor.lib.findings import Finding, Severity
from convenor.lib.spreadsheets import safe_cell
from convenor.partnerships.models import Partnership, Stage
from convenor.partnerships.selectors import partnerships_visible
from convenor.workspaces.models import Membership

HEALTH_RANK = {health.NOT_STARTED: -1, "ok": 0, "info": 1, "warning": 2, "critical": 3}
COLUMNS = (
    ("name", "Partnership"),
    ("stage", "Stage"),
    ("readiness", "Readiness"),
    ("health", "Health"),
    ("activity", "Last activity"),
)
CSV_HEADER = (
    "partnership",
    "industry",
    "region",
    "stage",
    "readiness_score",
    "health",
    "warnings",
    "first_warning",
    "last_activity",
    "days_since_last_meeting",
    "overdue_action_items",
    "convener",
)


@dataclass
class Row:
    partnership: Partnership
    stage: Stage
    readiness: int
    readiness_reasons: list[str]
    health: str
    warnings: list[Finding] = field(default_factory=list)
    last_activity: dt.date | None = None
    days_since_last_meeting: int | None = None
    overdue: int = 0
    convener: str = ""

    @property
    def first_warning(self) -> Finding | None:
        return self.warnings[0] if self.warnings else None


def rows_for(membership: Membership) -> list[Row]:
    partnerships = list(partnerships_visible(membership).select_related("workspace"))
    # Workspace pages are the team's: a partner never reaches them (workspace_for).
    facts = partnership_facts(partnerships, team=membership.on_team, extras=False)
    rows = []
    for p in partnerships:
        f = facts[p.pk]
        m = health.metrics(f)
        findings = health.health_findings(f, m)
        score = readiness.score(f)
        rows.append(
            Row(
                partnership=p,
                stage=Stage(p.stage),
                readiness=score.value,
                readiness_reasons=score.reasons,
                health=health.status(f, findings),
                warnings=[
                    x for x in findings if x.severity in (Severity.WARNING, Severity.CRITICAL)
                ],
                last_activity=f.last_activity,
                days_since_last_meeting=m.days_since_last_meeting,
                overdue=m.overdue_actions,
                convener=f.convener.name if f.convener else "",
            )
        )
    return rows


SORTS = {
    "name": lambda r: r.partnership.name.lower(),
    "stage": lambda r: ORDER.index(r.stage),
    "readiness": lambda r: r.readiness,
    "health": lambda r: (HEALTH_RANK[r.health], len(r.warnings)),
    "activity": lambda r: r.last_activity or dt.date.min,
}


def sort_key(sort: str, direction: str) -> tuple[str, bool]:
    return (sort if sort in SORTS else "name"), direction == "desc"


def sorted_rows(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    return sorted(rows, key=SORTS[sort], reverse=descending)


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will never run as a formula."""
    return str(safe_cell("" if value is None else str(value)))


def csv_row(row: Row) -> list[str]:
    p = row.partnership
    return [
        _cell(v)
        for v in (
            p.name,
            p.industry_label,
            p.region,
            row.stage.label,
            row.readiness,
            row.health,
            len(row.warnings),
            row.first_warning.reason if row.first_warning else "",
            row.last_activity.isoformat() if row.last_activity else "",
            row.days_since_last_meeting if row.days_since_last_meeting is not None else "",
            row.overdue,
            row.convener,
        )
    ]
