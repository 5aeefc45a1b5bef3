"""Resource-map guidance: entries nobody has reviewed for a year (see ``lib.findings``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from convenor.lib.findings import Finding, Severity
from convenor.planning.models import Resource
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
