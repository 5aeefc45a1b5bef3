"""The disclosure rule for pooled employer demand, and the pooling itself.

After the count and dominance rules statistical agencies use (BLS QCEW, Census p%):
a pool of fewer than ``MIN_EMPLOYERS_FOR_TOTALS`` employers is never shown, nor one
where an employer, subtracting its own rows, would be left with a rest that is zero or
more than ``MAX_SHARE_PERCENT`` one other employer's (``DISCLOSURE_RULE`` says it in
words). Pages, API and exports read ``pool``, so they hide the same figures for everyone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from convenor.planning.models import DISCLOSURE_RULE, MAX_SHARE_PERCENT, MIN_EMPLOYERS_FOR_TOTALS

HIDDEN_FEW = f"hidden: fewer than {MIN_EMPLOYERS_FOR_TOTALS} employers"
HIDDEN_DOMINANT = "hidden: one employer would learn the others' figures"


@dataclass
class PooledRow:
    key: str
    occupation: str
    soc_code: str
    employers: int
    openings_12m: int | None  # None when hidden
    openings_36m: int | None
    skills: list[str]
    hidden_reason: str = ""  # HIDDEN_FEW, HIDDEN_DOMINANT or "" when shown

    @property
    def suppressed(self) -> bool:
        return self.openings_12m is None

    @property
    def too_few(self) -> bool:
        return self.hidden_reason == HIDDEN_FEW

    @property
    def employers_label(self) -> str:
        """How many employers contribute, as exports print it (not exact when too few)."""
        if self.too_few:
            return f"fewer than {MIN_EMPLOYERS_FOR_TOTALS}"
        return str(self.employers)

    def as_dict(self) -> dict[str, Any]:
        return {
            "occupation": self.occupation,
            "soc_code": self.soc_code,
            "employers": None if self.too_few else self.employers,
            "openings_12m": self.openings_12m,
            "openings_36m": self.openings_36m,
            "suppressed": self.suppressed,
            "hidden_reason": self.hidden_reason or None,
            "skills": self.skills,
        }


@dataclass
class PooledDemand:
    rows: list[PooledRow]
    employers: int  # distinct employers who entered projections
    rule: str = DISCLOSURE_RULE  # for pages and exports to state next to the figures

    @property
    def shown(self) -> list[PooledRow]:
        return [r for r in self.rows if not r.suppressed]

    @property
    def total_12m(self) -> int:
        """Total of the occupations shown only: adding hidden ones would let a reader
        subtract the shown rows and find them. Each shown row passes the disclosure rule,
        so their sum does too (a share at most 80% in every row is at most 80% of the sum)."""
        return sum(r.openings_12m or 0 for r in self.shown)

    @property
    def total_36m(self) -> int:
        return sum(r.openings_36m or 0 for r in self.shown)

    @property
    def suppressed_count(self) -> int:
        return len(self.rows) - len(self.shown)


def _reveals(values: list[int]) -> bool:
    """Whether publishing the sum of ``values`` (one per employer) would let a reader
    learn, or closely estimate, one employer's value: one employer holds more than
    MAX_SHARE_PERCENT of the sum, or some employer, subtracting its own value, is left
    with a rest that is zero (every other value is then known: zero) or more than
    MAX_SHARE_PERCENT one other employer's."""
    if min(values) < 0:  # shares mean nothing; never reached with validated rows
        return True
    total = sum(values)
    top, second = sorted(values, reverse=True)[:2]
    if 100 * top > MAX_SHARE_PERCENT * total:
        return True
    for own in values:
        rest = total - own
        largest_other = second if own == top else top
        if rest == 0 or 100 * largest_other > MAX_SHARE_PERCENT * rest:
            return True
    return False


def disclosure_reason(per_employer: list[tuple[int, int]]) -> str:
    """Why a pool's figures are hidden, or "" when they may be shown.

    ``per_employer`` holds each contributing employer's (openings in 12 months, openings
    in 36 months), summed over its rows in the pool. The rule (``DISCLOSURE_RULE``) is
    checked for every contributing employer, so it does not depend on who reads: pages,
    API and exports hide the same figures for everyone. The difference of the two
    horizons is checked too, since a reader can subtract one pooled figure from the other.
    """
    if len(per_employer) < MIN_EMPLOYERS_FOR_TOTALS:
        return HIDDEN_FEW
    measures = (
        [n12 for n12, _ in per_employer],
        [n36 for _, n36 in per_employer],
        [n36 - n12 for n12, n36 in per_employer],
    )
    if any(_reveals(values) for values in measures):
        return HIDDEN_DOMINANT
    return ""


def _occupation_key(p: Any) -> str:
    return p.soc_code or " ".join(p.occupation_title.lower().split())


def pool(projections: list[Any]) -> PooledDemand:
    """Openings pooled by occupation (SOC code, else title). A pool that fails the
    disclosure rule (``disclosure_reason``) is hidden: its figures are never computed
    into the output, only the reason.

    ``projections`` are hiring projections or anything with their attributes.
    """
    groups: dict[str, list[Any]] = defaultdict(list)
    for p in projections:
        groups[_occupation_key(p)].append(p)
    rows = []
    for key, items in groups.items():
        by_employer: dict[Any, list[int]] = defaultdict(lambda: [0, 0])
        for p in items:
            by_employer[p.organisation_id][0] += p.openings_12m
            by_employer[p.organisation_id][1] += p.openings_36m
        title = Counter(p.occupation_title.strip() for p in items).most_common(1)[0][0]
        soc = next((p.soc_code for p in items if p.soc_code), "")
        reason = disclosure_reason([(n12, n36) for n12, n36 in by_employer.values()])
        skills: list[str] = []
        if reason != HIDDEN_FEW:
            skills = sorted({s.strip() for p in items for s in p.skills.split(",") if s.strip()})
        if reason:
            rows.append(PooledRow(key, title, soc, len(by_employer), None, None, skills, reason))
        else:
            rows.append(
                PooledRow(
                    key,
                    title,
                    soc,
                    len(by_employer),
                    sum(p.openings_12m for p in items),
                    sum(p.openings_36m for p in items),
                    skills,
                )
            )
    rows.sort(key=lambda r: (r.suppressed, -(r.openings_36m or 0), r.occupation.lower()))
    all_employers = {p.organisation_id for p in projections}
    return PooledDemand(rows, len(all_employers))
