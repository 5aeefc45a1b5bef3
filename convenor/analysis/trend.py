"""Employment over time for a region's industries, for trend charts.

Monthly levels come from quarterly rows (three months each); a year with no
quarter loaded for every area of the region contributes its annual average,
one point at mid-year, when every area has one. Only periods loaded for
*every* area of the region are drawn (:func:`trend_coverage`): a quarter
loaded for two of five counties would be a partial sum that reads as a drop
in employment, so it has no point, and :attr:`TrendCoverage.gaps` says which
areas are missing from which periods. A month in which any part of the
region is suppressed (disclosure ``N``) has no point either: a trend line
never runs through an invented or partial figure.

The region page's trend chart, ``convenor qcew trend`` and the API's
``/trend`` endpoints all call :func:`employment_trend` with a
:class:`~convenor.analysis.request.TrendRequest`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ibis import _

from convenor.analysis import reference as ref
from convenor.analysis.request import TrendRequest
from convenor.analysis.store import Store

TREND_FIELDS = ["industry_code", "industry_title", "date", "employment"]


@dataclass
class TrendCoverage:
    """Which periods a region's trend can draw: those loaded for every one of its areas.

    ``quarters``: ``(year, quarter)`` pairs loaded for every area (monthly
    points); ``annual_years``: years drawn as one annual average because no
    quarter of theirs is loaded for every area; ``gaps``: one sentence per
    group of periods loaded for only some areas, naming the missing ones.
    """

    quarters: list[tuple[int, str]] = field(default_factory=list)
    annual_years: list[int] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    def covers(self, year: int, period: str) -> bool:
        if period == "a":
            return year in self.annual_years
        return (year, period) in self.quarters


def trend_coverage(store: Store, areas: tuple[str, ...] | list[str]) -> TrendCoverage:
    """The periods a trend of ``areas`` may draw, from the store's manifest (no query)."""
    wanted = set(areas)
    coverage = store.coverage()
    out = TrendCoverage()
    partial: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for (year, period), have in sorted(coverage.items()):
        if period not in ref.PERIODS:
            continue
        present = wanted & have
        if not present:
            continue
        if present == wanted:
            if period != "a":
                out.quarters.append((year, period))
            continue
        missing = tuple(c for c in areas if c not in have)
        partial.setdefault(missing, []).append((year, period))
    quarter_years = {y for y, _q in out.quarters}
    for (year, period), have in sorted(coverage.items()):
        if period == "a" and wanted <= have and year not in quarter_years:
            out.annual_years.append(year)
    for missing, periods in partial.items():
        names = [ref.area_title(c) for c in missing]
        shown = [p for p in periods if not (p[1] == "a" and p[0] in quarter_years)]
        if not shown:
            continue  # an annual average not needed: the year's months are drawn
        out.gaps.append(
            f"{_periods_text(shown)}: not drawn, no file for {_and(names)} "
            "(a total without them would read as a drop)."
        )
    return out


def _periods_text(periods: list[tuple[int, str]]) -> str:
    by_year: dict[int, list[str]] = {}
    for year, period in periods:
        by_year.setdefault(year, []).append("annual average" if period == "a" else f"Q{period}")
    return "; ".join(f"{year} {_and(labels)}" for year, labels in by_year.items())


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def employment_trend(
    store: Store, request: TrendRequest, coverage: TrendCoverage | None = None
) -> list[dict[str, Any]]:
    """Points ``{industry_code, industry_title, date (YYYY-MM-01), employment}``.

    Sorted by industry and date; one point per month of each quarter loaded
    for every area of the region, one at mid-year (``YYYY-07-01``) for a
    year whose annual average alone is (see :func:`trend_coverage`, computed
    here unless given). A month with a suppressed part of the region has no
    point.
    """
    coverage = coverage if coverage is not None else trend_coverage(store, request.areas)
    areas, industry_codes, ownership = request.areas, request.industries, request.ownership
    own = [int(o) for o in ref.ownership_codes(ownership)]
    if ownership == "total":
        own = [0, *own]
    rows = store.table().filter(
        _.area_fips.isin(list(areas)),
        _.industry_code.isin(list(industry_codes)),
        _.own_code.isin(own),
        _.size_code == 0,
        _.agglvl_code // 10 != 2,
        _.disclosure_code.fill_null("") != "-",
    )
    if ownership == "total":
        # The all-ownership total row exists only for the all-industry total.
        has_total = rows.filter(_.own_code == 0).count().to_pyarrow().as_py() > 0
        rows = rows.filter(_.own_code == 0) if has_total else rows.filter(_.own_code != 0)
    suppressed = (_.disclosure_code.notnull() & (_.disclosure_code == "N")).cast("int64")
    grouped = (
        rows.mutate(hidden=suppressed)
        .group_by(["industry_code", "year", "period"])
        .aggregate(
            hidden=_.hidden.sum(),
            parts=_.count(),
            employment=_.employment.sum(),
            m1=_.month1_employment.sum(),
            m2=_.month2_employment.sum(),
            m3=_.month3_employment.sum(),
        )
        .filter(_.hidden == 0)
    )
    records = [
        r
        for r in grouped.to_pyarrow().to_pylist()
        if coverage.covers(int(r["year"]), str(r["period"]))
    ]
    titles = store.titles().get("industry", {})
    points: list[dict[str, Any]] = []
    for r in records:
        year = int(r["year"])
        if r["period"] == "a":
            points.append(
                {
                    "industry_code": r["industry_code"],
                    "industry_title": ref.industry_title(r["industry_code"], titles),
                    "date": f"{year}-07-01",
                    "employment": r["employment"],
                }
            )
            continue
        first_month = (int(r["period"]) - 1) * 3 + 1
        for offset, key in enumerate(("m1", "m2", "m3")):
            points.append(
                {
                    "industry_code": r["industry_code"],
                    "industry_title": ref.industry_title(r["industry_code"], titles),
                    "date": f"{year}-{first_month + offset:02d}-01",
                    "employment": r[key],
                }
            )
    return sorted(points, key=lambda p: (p["industry_code"], p["date"]))
