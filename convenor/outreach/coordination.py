"""One voice to employers: a finding when two partner organisations called on the same
employer within 30 days with different asks ("work with business customers as one
voice"). A pure function over plain rows, so the partnership page, the follow-ups list
and the API say the same words."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from convenor.lib.findings import Finding, Severity

WINDOW_DAYS = 30
ONE_VOICE = "Who convenes: work with business customers as one voice"


@dataclass(frozen=True)
class EmployerTouch:
    """One touch that reached an employer, made by a partner organisation."""

    employer_id: int
    employer: str
    by_id: int
    by: str
    purpose: str
    occurred_on: dt.date


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def coordination_findings(
    touches: Iterable[EmployerTouch],
    contacts: Mapping[int, str],
    *,
    today: dt.date,
    window_days: int = WINDOW_DAYS,
) -> list[Finding]:
    """A finding per employer that two or more partner organisations touched within the
    window with different purposes; ``contacts`` names each employer's point of contact."""
    since = today - dt.timedelta(days=window_days)
    by_employer: dict[int, list[EmployerTouch]] = defaultdict(list)
    for t in touches:
        if since <= t.occurred_on <= today:
            by_employer[t.employer_id].append(t)
    findings = []
    for employer_id, rows in by_employer.items():
        rows.sort(key=lambda r: (r.occurred_on, r.by))
        callers = list(dict.fromkeys(r.by for r in rows))
        purposes = list(dict.fromkeys(r.purpose.strip().lower() for r in rows))
        if len(callers) < 2 or len(purposes) < 2:
            continue
        employer = rows[0].employer
        both = "both" if len(callers) == 2 else "all"
        asks = "; ".join(
            dict.fromkeys(f"{r.by}: {r.purpose.strip() or 'no purpose noted'}" for r in rows)
        )
        contact = contacts.get(employer_id)
        findings.append(
            Finding(
                code="outreach.uncoordinated_asks",
                severity=Severity.WARNING,
                reason=f"{_and(callers)} {both} contacted {employer} in the last {window_days} "
                f"days with different asks ({asks}).",
                next_step=(
                    f"Coordinate through its point of contact, {contact}, so {employer} hears "
                    "one voice."
                    if contact
                    else f"Name a point of contact for {employer} (a person at one of the "
                    "partner organisations) and coordinate asks through them."
                ),
                source=ONE_VOICE,
                evidence={
                    "employer_id": employer_id,
                    "employer": employer,
                    "organisations": callers,
                    "touches": len(rows),
                    "point_of_contact": contact or None,
                },
            )
        )
    return sorted(findings, key=lambda f: str(f.evidence["employer"]))
