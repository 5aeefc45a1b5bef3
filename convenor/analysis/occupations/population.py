"""ACS figures of a region's counties: educational attainment and employment status.

From the ACS 5-year detailed tables B15003 (educational attainment of the
population 25 years and over) and B23025 (employment status of the
population 16 and over), summed over the region's counties. Margins of error
of sums are Census's approximation, the square root of the sum of squared
margins; a share's margin uses the Census formula for a proportion. A
county missing from the loaded table leaves the figure unknown (never a sum
of the counties that happen to be loaded).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from convenor.analysis.occupations.store import LabourStore

# B15003 variables, 001 the total; 002-016 below a high school diploma.
ATTAINMENT = "B15003"
EMPLOYMENT_STATUS = "B23025"
# EP's typical entry education -> (the first B15003 line counted, how people read it).
AT_LEAST: dict[str, tuple[int | None, str]] = {
    "No formal educational credential": (None, "any level of education"),
    "High school diploma or equivalent": (17, "a high school diploma or more"),
    # ACS does not count certificates: some college is the nearest it sees.
    "Postsecondary nondegree award": (19, "some college or more"),
    "Some college, no degree": (19, "some college or more"),
    "Associate's degree": (21, "an associate's degree or more"),
    "Bachelor's degree": (22, "a bachelor's degree or more"),
    "Master's degree": (23, "a master's degree or more"),
    "Doctoral or professional degree": (24, "a professional or doctoral degree"),
}
NEEDS = {
    "No formal educational credential": "no formal credential",
    "High school diploma or equivalent": "a high school diploma or equivalent",
    "Postsecondary nondegree award": "a postsecondary nondegree award",
    "Some college, no degree": "some college",
    "Associate's degree": "an associate's degree",
    "Bachelor's degree": "a bachelor's degree",
    "Master's degree": "a master's degree",
    "Doctoral or professional degree": "a doctoral or professional degree",
}


@dataclass
class Table:
    """One ACS table summed over counties: ``{line: (estimate, moe)}``."""

    table_id: str
    vintage: str | None
    counties: list[str]
    lines: dict[int, tuple[int, float | None]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(self.lines) and not self.missing

    def total(self, first: int, last: int) -> tuple[int, float | None]:
        """Sum of lines ``first``..``last`` and its approximate margin of error."""
        estimate = sum(self.lines[i][0] for i in range(first, last + 1))
        margins = [self.lines[i][1] for i in range(first, last + 1)]
        if any(m is None for m in margins):
            return estimate, None
        return estimate, math.sqrt(sum(float(m) ** 2 for m in margins if m is not None))


def acs_table(
    store: LabourStore, table_id: str, counties: list[str], *, vintage: str | None = None
) -> Table:
    """A table summed over ``counties`` (the latest vintage loaded by default)."""

    def build() -> Any:
        t = store.table("acs")
        t = t.filter(t.table_id == table_id, t.sumlev == "050", t.geo_code.isin(counties))
        if vintage is not None:
            t = t.filter(t.vintage == vintage)
        return t.select("vintage", "geo_code", "variable", "estimate", "moe", "moe_flag")

    rows = store.records(build)
    if not rows:
        return Table(table_id, vintage, counties, missing=list(counties))
    chosen = vintage or max(r["vintage"] for r in rows)
    rows = [r for r in rows if r["vintage"] == chosen]
    loaded = {r["geo_code"] for r in rows}
    out = Table(table_id, chosen, counties, missing=[c for c in counties if c not in loaded])
    if out.missing:
        return out
    sums: dict[int, list[Any]] = {}
    for r in rows:
        line = int(r["variable"].rsplit("_", 1)[1])
        entry = sums.setdefault(line, [0, 0.0, True])
        entry[0] += r["estimate"] or 0
        if r["moe"] is None:
            # A controlled estimate (*****) has no sampling error; others are unknown.
            entry[2] = entry[2] and r["moe_flag"] == "*****"
        else:
            entry[1] += float(r["moe"]) ** 2
    out.lines = {
        line: (int(v[0]), math.sqrt(v[1]) if v[2] else None) for line, v in sorted(sums.items())
    }
    return out


def share_moe(
    part: int, part_moe: float | None, whole: int, whole_moe: float | None
) -> float | None:
    """Census's margin of error of a proportion ``part / whole``."""
    if part_moe is None or whole_moe is None or whole <= 0:
        return None
    p = part / whole
    inside = part_moe**2 - p**2 * whole_moe**2
    if inside < 0:
        inside = part_moe**2 + p**2 * whole_moe**2
    return math.sqrt(inside) / whole


@dataclass
class Attainment:
    """Educational attainment of the region's adults 25+ (B15003)."""

    table: Table

    @property
    def adults(self) -> int | None:
        return self.table.lines[1][0] if self.table.complete else None

    def at_least(self, education: str | None) -> dict[str, Any] | None:
        """The share of adults holding at least the level an occupation needs."""
        if not self.table.complete or education not in AT_LEAST:
            return None
        first, label = AT_LEAST[education]
        whole, whole_moe = self.table.lines[1]
        if first is None:
            count, moe = whole, whole_moe
        else:
            count, moe = self.table.total(first, 25)
        share = count / whole if whole else None
        return {
            "education": education,
            "level": label,
            "adults": whole,
            "count": count,
            "count_moe": None if moe is None else round(moe),
            "share": None if share is None else round(share, 4),
            "share_moe": _round(share_moe(count, moe, whole, whole_moe), 4),
            "vintage": self.table.vintage,
        }

    def sentence(self, education: str | None, place: str) -> str | None:
        """``"42% of adults 25+ in X hold a bachelor's degree or more; this occupation
        typically needs a bachelor's degree."``"""
        figure = self.at_least(education)
        if figure is None or figure["share"] is None or education is None:
            return None
        return (
            f"{100 * figure['share']:.0f}% of adults 25+ in {place} hold {figure['level']}; "
            f"this occupation typically needs {NEEDS[education]}."
        )


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def attainment(
    store: LabourStore, counties: list[str], *, vintage: str | None = None
) -> Attainment:
    """Educational attainment (B15003) of ``counties``."""
    return Attainment(acs_table(store, ATTAINMENT, counties, vintage=vintage))


def labor_force(
    store: LabourStore, counties: list[str], *, vintage: str | None = None
) -> dict[str, Any] | None:
    """Employment status (B23025) of ``counties``; ``None`` unless all are loaded.

    Lines: 001 population 16+, 002 in labor force, 003 civilian labor force,
    004 employed, 005 unemployed, 006 armed forces, 007 not in labor force.
    """
    table = acs_table(store, EMPLOYMENT_STATUS, counties, vintage=vintage)
    if not table.complete:
        return None
    civilian, civilian_moe = table.lines[3]
    unemployed, unemployed_moe = table.lines[5]
    rate = unemployed / civilian if civilian else None
    return {
        "vintage": table.vintage,
        "population_16_plus": table.lines[1][0],
        "labor_force": table.lines[2][0],
        "civilian_labor_force": civilian,
        "employed": table.lines[4][0],
        "unemployed": unemployed,
        "unemployment_rate": None if rate is None else round(rate, 4),
        "unemployment_rate_moe": _round(
            share_moe(unemployed, unemployed_moe, civilian, civilian_moe), 4
        ),
        "participation_rate": round(table.lines[2][0] / table.lines[1][0], 4)
        if table.lines[1][0]
        else None,
    }
