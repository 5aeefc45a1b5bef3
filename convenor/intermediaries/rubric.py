"""The intermediary rubric: criteria, and the weighted score of a candidate (pure).

Each criterion rests on a passage of "Step One: Identify and Employ the Right
Partnership Intermediary" or of "Who Convenes Industry Sector Partnerships?".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_WEIGHT = 2
STEP_ONE = "Step One: Identify and Employ the Right Partnership Intermediary"
WHO_CONVENES = "Who Convenes Industry Sector Partnerships? (Maher & Maher)"


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    help: str
    source: str
    short: str = ""
    optional: bool = False


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "understanding",
        "Understanding of employer and worker issues in the industry",
        "The right convener implies an organization with an understanding of employer and "
        "worker issues in a specific industry.",
        STEP_ONE,
        "Understanding of the industry",
    ),
    Criterion(
        "staffing",
        "Staffing mix and skills",
        "The intermediary entity must possess the appropriate staffing mix and skills set to "
        "coordinate the sector partnership.",
        STEP_ONE,
        "Staffing",
    ),
    Criterion(
        "employers",
        "Relationships with employers",
        "Its first responsibilities: to engage industry leaders who will participate as full "
        "partners and chart the direction of the initiative.",
        STEP_ONE,
        "Employer relationships",
    ),
    Criterion(
        "systems",
        "Relationships with the public workforce and education systems",
        "A convener organizes the multiple partners and funding streams; workforce boards "
        "already have most of the key regional workforce players around the table.",
        WHO_CONVENES,
        "System relationships",
    ),
    Criterion(
        "fiscal",
        "Capacity as fiscal agent (optional)",
        "The intermediary may or may not be the fiscal agent of a sector initiative; score it "
        "only if it would manage the funds.",
        STEP_ONE,
        "Fiscal agent",
        optional=True,
    ),
    Criterion(
        "neutrality",
        "Neutrality",
        "Conveners must operate as '3rd party' entities; to avoid conflicts of interest, "
        "intermediaries are not typically a single employer or a single training provider.",
        STEP_ONE,
        "Neutrality",
    ),
)
CRITERION_KEYS = tuple(c.key for c in CRITERIA)
CRITERION_BY_KEY = {c.key: c for c in CRITERIA}


@dataclass(frozen=True)
class WeightedScore:
    """A candidate's weighted score (1-5) over the criteria scored, and what is missing."""

    value: float | None
    scored: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "scored": self.scored,
            "missing": self.missing,
            "excluded": self.excluded,
        }


def weighted_score(
    scores: Mapping[str, int | None],
    weights: Mapping[str, int],
    *,
    separate_fiscal_agent: bool = False,
) -> WeightedScore:
    """Weighted mean of the scored criteria; weight 0 or a separate fiscal agent leave one out.

    An unscored required criterion counts as missing (not as zero): the score is
    shown with what is missing so a half-scored candidate does not look weak.
    """
    total = 0.0
    weight_sum = 0
    scored, missing, excluded = [], [], []
    for criterion in CRITERIA:
        weight = int(weights.get(criterion.key, DEFAULT_WEIGHT) or 0)
        if weight == 0 or (criterion.key == "fiscal" and separate_fiscal_agent):
            excluded.append(criterion.key)
            continue
        value = scores.get(criterion.key)
        if value is None:
            if not criterion.optional:
                missing.append(criterion.key)
            continue
        if not 1 <= int(value) <= 5:
            raise ValueError(f"{criterion.label}: a score is 1 to 5, not {value}")
        total += weight * int(value)
        weight_sum += weight
        scored.append(criterion.key)
    mean = round(total / weight_sum, 2) if weight_sum else None
    return WeightedScore(mean, scored, missing, excluded)


def strengths(scores: Mapping[str, int | None]) -> list[str]:
    """Labels of the criteria scored 4 or 5: 'What are their strengths?' (review question 1)."""
    return [c.label for c in CRITERIA if (scores.get(c.key) or 0) >= 4]
