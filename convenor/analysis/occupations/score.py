"""The critical-occupation score: transparent, adjustable weights, a reason per row.

Like the target-industry score (:mod:`convenor.analysis.score`), each factor
is the occupation's *percentile* among the industry's ranked occupations
(0 = lowest, 1 = highest), so factors of different units can be weighed:

* size: the occupation's share of the industry's employment (nationally,
  which ranks occupations exactly as the regional estimate does: the
  estimate is the same regional figure times each share);
* openings: its share times its projected openings per job (EP), so the
  occupations with the most openings in the industry rank highest;
* wage: its median annual wage in the wage area used (top-coded ``#`` wages
  rank highest; hourly-only occupations use 2,080 hours);
* training: the preparation it needs, the sum of EP's entry education
  (0 no credential ... 6 doctoral or professional degree), work experience
  (0 none, 1 under 5 years, 2 five years or more) and on-the-job training
  (0 none ... 3 long-term, apprenticeship or residency).

``score = 100 * sum(weight * percentile) / sum(weight)`` over the factors
the row has. Occupations whose employment BLS did not publish (``**``) are
not ranked.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any

from convenor.analysis.occupations.errors import InputError

FACTORS = ("size", "openings", "wage", "training")

EDUCATION_RANK = {
    "No formal educational credential": 0,
    "High school diploma or equivalent": 1,
    "Postsecondary nondegree award": 2,
    "Some college, no degree": 2,
    "Associate's degree": 3,
    "Bachelor's degree": 4,
    "Master's degree": 5,
    "Doctoral or professional degree": 6,
}
EXPERIENCE_RANK = {"None": 0, "Less than 5 years": 1, "5 years or more": 2}
TRAINING_RANK = {
    "None": 0,
    "Short-term on-the-job training": 1,
    "Moderate-term on-the-job training": 2,
    "Long-term on-the-job training": 3,
    "Apprenticeship": 3,
    "Internship/residency": 3,
}
HOURS_A_YEAR = 2080


@dataclass(frozen=True)
class CriticalWeights:
    """How much each factor counts (any non-negative numbers; only ratios matter)."""

    size: float = 1.0
    openings: float = 1.0
    wage: float = 1.0
    training: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise InputError(f"weight {f.name} must be a number >= 0, not {value!r}")
            if isinstance(value, float) and math.isnan(value):
                raise InputError(f"weight {f.name} must be a number >= 0, not {value!r}")
        if not any(getattr(self, f.name) for f in fields(self)):
            raise InputError("at least one weight must be above 0")

    def as_dict(self) -> dict[str, float]:
        """The weights by factor name."""
        return {k: float(v) for k, v in asdict(self).items()}

    @classmethod
    def parse(cls, text: str) -> CriticalWeights:
        """``"size=2,wage=0.5"`` -> weights (unnamed factors keep 1)."""
        values: dict[str, float] = {}
        for item in text.split(","):
            if not item.strip():
                continue
            name, sep, raw = item.partition("=")
            name = name.strip().lower()
            if not sep or name not in FACTORS:
                raise InputError(
                    f"bad weight {item.strip()!r}: use name=number with names {', '.join(FACTORS)}"
                )
            try:
                values[name] = float(raw)
            except ValueError:
                raise InputError(
                    f"bad weight {item.strip()!r}: {raw.strip()!r} is not a number"
                ) from None
        return cls(**values)


def training_level(
    education: str | None, experience: str | None, training: str | None
) -> int | None:
    """The preparation an occupation needs (0-11), or ``None`` without EP's education."""
    if education not in EDUCATION_RANK:
        return None
    return (
        EDUCATION_RANK[education]
        + EXPERIENCE_RANK.get(experience or "None", 0)
        + TRAINING_RANK.get(training or "None", 0)
    )


def percentiles(values: dict[str, float]) -> dict[str, float]:
    """Percentile rank in [0, 1] per key, ties sharing their average rank."""
    if not values:
        return {}
    if len(values) == 1:
        return dict.fromkeys(values, 0.5)
    ordered = sorted(values.items(), key=lambda kv: kv[1])
    ranks: dict[str, float] = {}
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1][1] == ordered[i][1]:
            j += 1
        for k in range(i, j + 1):
            ranks[ordered[k][0]] = (i + j) / 2.0 / (len(ordered) - 1)
        i = j + 1
    return ranks


def annual_wage_for_ranking(row: dict[str, Any]) -> float | None:
    """The median annual wage to rank by: top-coded is highest, hourly x 2,080."""
    if row.get("median_annual_wage_flag") == "#" or row.get("median_hourly_wage_flag") == "#":
        return math.inf
    if row.get("median_annual_wage") is not None:
        return float(row["median_annual_wage"])
    if row.get("median_hourly_wage") is not None:
        return float(row["median_hourly_wage"]) * HOURS_A_YEAR
    return None


def factor_values(row: dict[str, Any]) -> dict[str, float]:
    """The raw figures behind each factor of one occupation."""
    out: dict[str, float] = {}
    share = row.get("industry_share")
    if share is None:
        return out
    out["size"] = float(share)
    rate = row.get("openings_rate")
    if rate is not None:
        out["openings"] = float(share) * float(rate)
    wage = annual_wage_for_ranking(row)
    if wage is not None:
        out["wage"] = wage
    level = training_level(
        row.get("entry_education"), row.get("work_experience"), row.get("on_the_job_training")
    )
    if level is not None:
        out["training"] = float(level)
    return out


def score_rows(rows: list[dict[str, Any]], weights: CriticalWeights) -> dict[str, dict[str, float]]:
    """Set ``score`` on every row (in place); returns each ranked row's percentiles."""
    values = {
        row["soc_code"]: factor_values(row)
        for row in rows
        if row.get("industry_share") is not None and row["industry_share"] > 0
    }
    ranked: dict[str, dict[str, float]] = {code: {} for code in values}
    for factor in FACTORS:
        ranks = percentiles({c: v[factor] for c, v in values.items() if factor in v})
        for code, rank in ranks.items():
            ranked[code][factor] = rank
    weight = weights.as_dict()
    for row in rows:
        parts = ranked.get(row["soc_code"])
        total = sum(weight[f] for f in parts) if parts else 0.0
        row["score"] = (
            round(100.0 * sum(weight[f] * p for f, p in parts.items()) / total, 1)
            if parts and total
            else None
        )
    return ranked


def _share(percent: float) -> str:
    if percent >= 0.1:
        return f"{percent:.1f}%"
    if percent >= 0.01:
        return f"{percent:.2f}%"
    return "under 0.01%"


def _money(value: float) -> str:
    return f"${value:,.0f}"


def reasons(row: dict[str, Any], *, area_median: float | None) -> str:
    """One sentence saying what drives an occupation's score (or why it has none)."""
    if row.get("industry_share") is None:
        return "BLS did not publish this occupation's employment in the industry (**); not ranked."
    clauses = []
    size = f"{_share(100.0 * float(row['industry_share']))} of the industry's jobs nationally"
    estimate = row.get("estimated_employment")
    if estimate is not None:
        if estimate == 0:
            size += " (under 1 here)"
        else:
            size += f" ({'at least ' if row.get('lower_bound') else 'about '}{estimate:,} here)"
    elif row.get("suppressed"):
        size += " (the region's figure is suppressed)"
    clauses.append(size)
    openings = row.get("annual_openings")
    if openings is not None:
        if openings < 1:
            clauses.append("under 1 opening a year here")
        else:
            prefix = "at least " if row.get("lower_bound") else "about "
            plural = "" if round(openings) == 1 else "s"
            clauses.append(f"{prefix}{openings:,.0f} opening{plural} a year here")
    elif row.get("openings_rate") is not None:
        clauses.append(f"openings {100 * row['openings_rate']:.1f}% of its jobs a year nationally")
    wage = row.get("median_annual_wage")
    where = row.get("wage_area_title") or ""
    if row.get("median_annual_wage_flag") == "#":
        clauses.append(f"median pay at or above BLS's top code ({where})")
    elif wage is not None:
        text = f"median pay {_money(wage)} ({where})"
        if area_median:
            text += f", {wage / area_median:.1f}x the area's median"
        clauses.append(text)
    elif row.get("median_hourly_wage") is not None:
        clauses.append(f"median pay ${row['median_hourly_wage']:.2f} an hour ({where})")
    education = row.get("entry_education")
    if education:
        needs = f"typically needs: {education.lower()}"
        experience = row.get("work_experience")
        if experience and experience != "None":
            needs += f", {experience.lower()} of experience"
        training = row.get("on_the_job_training")
        if training and training != "None":
            needs += f", {training.lower()}"
        clauses.append(needs)
    sentence = "; ".join(clauses)
    return sentence[0].upper() + sentence[1:]
