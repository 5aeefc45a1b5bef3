"""Findings: what a rule over the data says, why, and what to do next.

Partner mix, meeting checks, readiness, health and the guide all return lists
of ``Finding`` from pure functions, so pages, API and reports show the same
words. A rule that does not fire returns nothing (or an ``OK`` finding when
the page should say so).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class Severity(enum.StrEnum):
    OK = "ok"
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


@dataclass(frozen=True)
class Finding:
    code: str  # stable identifier, e.g. "mix.no_employer_champion"
    severity: Severity
    reason: str  # one sentence: what the data shows
    next_step: str  # one sentence: what to do about it
    source: str = ""  # the toolkit passage it rests on, e.g. "Step Two: Identify Partners"
    evidence: dict[str, Any] = field(default_factory=dict)  # figures behind the reason

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2, Severity.OK: 3}


def by_severity(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
