"""Target-industry score: transparent, with editable weights and a reason per row.

Each factor is the industry's *percentile* among the region's ranked
industries (0 = lowest, 1 = highest), so factors of different units can be
weighed against each other and a person can check any of them:

* size: employment;
* concentration: location quotient;
* growth: employment CAGR since the base year;
* wages: average pay relative to the region's average;
* competitive: the shift-share competitive effect per base-year job.

``score = 100 * sum(weight * percentile) / sum(weight)`` over the factors
the row has (a factor missing for every row, e.g. growth without a base
year, simply drops out; if every weighted factor is missing, there is no
score). Rows whose figures are suppressed or estimated are
never ranked: their score is empty and the reason says why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from convenor.analysis.errors import InputError

FACTORS = ("size", "concentration", "growth", "wages", "competitive")


@dataclass(frozen=True)
class ScoreWeights:
    """How much each factor counts (any non-negative numbers; only ratios matter)."""

    size: float = 1.0
    concentration: float = 1.0
    growth: float = 1.0
    wages: float = 1.0
    competitive: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or value < 0:
                raise InputError(f"weight {f.name} must be a number >= 0, not {value!r}")
        if not any(getattr(self, f.name) for f in fields(self)):
            raise InputError("at least one score weight must be above 0")

    def as_dict(self) -> dict[str, float]:
        """The weights by factor name."""
        return {k: float(v) for k, v in asdict(self).items()}

    @classmethod
    def parse(cls, text: str) -> ScoreWeights:
        """``"size=2,growth=0.5"`` -> weights (unnamed factors keep 1)."""
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


def _percentiles(values: dict[str, float]) -> dict[str, float]:
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
        rank = (i + j) / 2.0
        for k in range(i, j + 1):
            ranks[ordered[k][0]] = rank / (len(ordered) - 1)
        i = j + 1
    return ranks


def _factor_values(row: dict[str, Any], average_pay: float | None) -> dict[str, float]:
    out: dict[str, float] = {}
    if row.get("employment") is not None:
        out["size"] = float(row["employment"])
    if row.get("lq") is not None:
        out["concentration"] = float(row["lq"])
    if row.get("employment_cagr") is not None:
        out["growth"] = float(row["employment_cagr"])
    pay = row.get("avg_annual_pay") or row.get("avg_weekly_wage")
    if pay is not None and average_pay:
        out["wages"] = float(pay) / average_pay
    base = row.get("_base_employment")
    if row.get("shift_competitive") is not None and base:
        out["competitive"] = float(row["shift_competitive"]) / float(base)
    return out


def rankable(row: dict[str, Any]) -> bool:
    """Only published figures rank: not suppressed, not estimated, some jobs."""
    return not row.get("suppressed") and not row.get("estimated") and bool(row.get("employment"))


def score_rows(
    rows: list[dict[str, Any]],
    weights: ScoreWeights,
    *,
    average_pay: float | None,
    region_employment: float | None,
    base_years: int | None,
) -> dict[str, dict[str, float]]:
    """Set ``score`` and ``reasons`` on every row (in place).

    ``average_pay`` is the region's average (annual pay, or weekly wage for
    a quarter) that wages are compared with; ``region_employment`` the total
    that size shares use; ``base_years`` the span of the growth figures.
    Returns each ranked row's factor percentiles by industry code, for pages
    that show how a score was made.
    """
    values = {
        row["industry_code"]: _factor_values(row, average_pay) for row in rows if rankable(row)
    }
    percentiles: dict[str, dict[str, float]] = {code: {} for code in values}
    for factor in FACTORS:
        ranks = _percentiles({c: v[factor] for c, v in values.items() if factor in v})
        for code, rank in ranks.items():
            percentiles[code][factor] = rank
    weight = weights.as_dict()
    for row in rows:
        code = row["industry_code"]
        if percentiles.get(code):
            parts = percentiles[code]
            total = sum(weight[f] for f in parts)
            row["score"] = (
                round(100.0 * sum(weight[f] * p for f, p in parts.items()) / total, 1)
                if total
                else None
            )
        else:
            row["score"] = None
        row["reasons"] = reasons(
            row,
            average_pay=average_pay,
            region_employment=region_employment,
            base_years=base_years,
        )
    return percentiles


def _pct(value: float) -> str:
    shown = f"{value:+.1f}" if abs(value) < 1 else f"{value:+.0f}"
    return shown + "%"


def reasons(
    row: dict[str, Any],
    *,
    average_pay: float | None,
    region_employment: float | None,
    base_years: int | None,
) -> str:
    """One sentence saying what drives an industry's score (or why it has none)."""
    if row.get("estimated"):
        return "Figures estimated from the industry hierarchy (BLS suppressed them); not ranked."
    if row.get("suppressed"):
        return "Suppressed by BLS to protect employers' data; not ranked."
    if not row.get("employment"):
        return "No employment reported; not ranked."
    first: list[str] = []
    if row.get("lq") is not None:
        lq = row["lq"]
        first.append(f"LQ {lq:.1f}" if lq >= 0.95 else f"LQ {lq:.2f}")
    base = row.get("_base_employment")
    if row.get("employment_change") is not None and base and base_years:
        span = f"{base_years} year" + ("s" if base_years != 1 else "")
        first.append(f"{_pct(100.0 * row['employment_change'] / base)} in {span}")
    clauses = [" and ".join(first)] if first else []
    pay = row.get("avg_annual_pay") or row.get("avg_weekly_wage")
    if pay and average_pay:
        clauses.append(f"pays {100.0 * pay / average_pay:.0f}% of the regional average")
    jobs = f"{row['employment']:,} jobs"
    if region_employment:
        jobs += f" ({100.0 * row['employment'] / region_employment:.1f}% of the region)"
    if row.get("lower_bound"):
        jobs = "at least " + jobs + ", some areas suppressed"
    clauses.append(jobs)
    if row.get("shift_competitive") is not None:
        effect = round(row["shift_competitive"])
        direction = "ahead of" if effect >= 0 else "behind"
        clauses.append(f"{abs(effect):,} jobs {direction} national and industry trends")
    sentence = "; ".join(clauses)
    return sentence[0].upper() + sentence[1:]
