"""A region's industry analysis: the one call pages, API, reports and CLI share.

:func:`analyze` takes a store and an :class:`~convenor.analysis.request.AnalysisRequest`
and returns a :class:`~convenor.analysis.result.RegionAnalysis`: one row per
industry with the fields of :data:`ANNUAL_FIELDS` (or
:data:`QUARTERLY_FIELDS`), plus what was used to make them (region, period,
base year, data sources) and notes a reader needs ("national data not
loaded, LQ estimated"). The figures are one Ibis expression run on the
store's engine; titles, scores and reasons are added in Python.
:func:`analyze_region` is the same with the options as keyword arguments.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from convenor.analysis import reference as ref
from convenor.analysis.plan import DEFAULT_BASE_SPAN, Plan, area_state
from convenor.analysis.request import AnalysisRequest, Region, region_name
from convenor.analysis.result import ANNUAL_FIELDS, QUARTERLY_FIELDS, RegionAnalysis
from convenor.analysis.score import ScoreWeights, score_rows
from convenor.analysis.store import Store

# The expression (and Ibis with it) loads in the builders below, only when the
# store has no compiled SQL for the query (convenor.analysis.store).

__all__ = [
    "ANNUAL_FIELDS",
    "DEFAULT_BASE_SPAN",
    "QUARTERLY_FIELDS",
    "Region",
    "RegionAnalysis",
    "analyze",
    "analyze_region",
    "region_name",
]


def analyze(store: Store, request: AnalysisRequest) -> RegionAnalysis:
    """Analyse a region's industries for the request's year and period.

    Raises :class:`~convenor.analysis.errors.InputError` when the data
    needed is not loaded (the request itself was validated when built).
    """
    plan = Plan.make(
        store, request, lambda quarters_for: _state_weights(store, request, quarters_for)
    )
    region, own_codes, digit = request.region, request.own_codes, request.digit
    key = (
        "analyze_region",
        region.codes,
        request.year,
        request.period,
        own_codes,
        digit,
        request.estimate_suppressed,
        plan.signature(),
    )

    def build() -> Any:
        from convenor.analysis.region_query import region_query

        return region_query(
            store.table(),
            region,
            request.year,
            request.period,
            own_codes,
            digit,
            request.estimate_suppressed,
            plan,
        )

    raw = store.records(key, build)
    return _finish(store, request, plan, raw)


def _state_weights(
    store: Store, request: AnalysisRequest, quarters_for: list[str]
) -> dict[str, int]:
    """The region's all-industry, all-ownership employment per state (``SS000``).

    For a region across a state line: the state holding most of it is the
    one the LQ against the state uses. A suppressed area total counts for
    nothing (it is not read as a zero job count, only left out of the weighing).
    """
    codes = request.region.codes

    def build() -> Any:
        from convenor.analysis.regional import cells, period_rows

        rows = period_rows(store.table(), request.year, request.period, quarters_for)
        return cells(rows, codes, [0], [0]).select("area_fips", "employment")

    key = ("state-weights", codes, request.year, request.period, tuple(quarters_for))
    weights: dict[str, int] = {}
    for row in store.records(key, build):
        state = area_state(row["area_fips"])
        if state is not None and row["employment"] is not None:
            weights[state] = weights.get(state, 0) + int(row["employment"])
    return weights


def analyze_region(
    store: Store,
    areas: str | Sequence[str] | Region,
    year: int | str,
    *,
    period: str = "a",
    ownership: str = "private",
    level: str = "sector",
    base_year: int | None = None,
    estimate_suppressed: bool = False,
    weights: ScoreWeights | str | None = None,
    region_name: str | None = None,
) -> RegionAnalysis:
    """:func:`analyze` with the request's options as arguments.

    ``areas``: one code or several (a local workforce area), as a list, a
    ``"39049,39041"`` string or a :class:`Region`; the other options as in
    :class:`~convenor.analysis.request.AnalysisRequest`. Raises
    :class:`~convenor.analysis.errors.InputError` naming a bad option, or
    when the data needed is not loaded.
    """
    if isinstance(areas, Region):
        region_name = region_name or areas.name
        areas = areas.codes
    request = AnalysisRequest.parse(
        areas,
        year,
        period=period,
        ownership=ownership,
        level=level,
        base_year=base_year,
        estimate_suppressed=estimate_suppressed,
        weights=weights,
        name=region_name,
    )
    return analyze(store, request)


def _finish(
    store: Store, request: AnalysisRequest, plan: Plan, raw: list[dict[str, Any]]
) -> RegionAnalysis:
    year, period, ownership = request.year, request.period, request.ownership
    estimate, weights = request.estimate_suppressed, request.weights
    totals_row = raw[0] if raw else None
    titles = store.titles().get("industry", {})
    rows: list[dict[str, Any]] = []
    for r in raw:
        row = {k: v for k, v in r.items() if not k.startswith("_")}
        row["industry_title"] = ref.industry_title(r["industry_code"], titles)
        row["ownership"] = ownership
        row["lq"] = _round(row["lq"], 4)
        row["lq_state"] = _round(row["lq_state"], 4)
        row["employment_cagr"] = _round(row["employment_cagr"], 6)
        for key in ("shift_national", "shift_industry_mix"):
            row[key] = _round(row[key], 2)
        if row["shift_competitive"] is not None:
            # The remainder of the rounded parts, so the three add up to the change.
            row["shift_competitive"] = round(
                row["employment_change"] - row["shift_national"] - row["shift_industry_mix"], 2
            )
        row["suppressed"] = bool(row["suppressed"])
        row["lower_bound"] = bool(row["lower_bound"])
        row["estimated"] = bool(row["estimated"])
        row["_base_employment"] = r["_base_employment"]
        rows.append(row)
    totals: dict[str, Any] = {}
    average_pay = None
    if totals_row:
        emp = totals_row["_own_emp"]
        wages = totals_row["_own_wages"]
        totals = {
            "establishments": totals_row["_own_estabs"],
            "employment": emp,
            "total_wages": wages,
            "all_ownerships_employment": totals_row["_all_r"],
        }
        if ref.is_annual(period) and emp:
            average_pay = wages / emp
            totals["avg_annual_pay"] = math.floor(average_pay + 0.5)
        elif not ref.is_annual(period):
            months = [totals_row["_own_m1"], totals_row["_own_m2"], totals_row["_own_m3"]]
            if all(months) and wages:
                average_pay = wages / (sum(months) / 3.0) / 13.0
                totals["avg_weekly_wage"] = math.floor(average_pay + 0.5)
    notes = list(plan.notes)
    lower = sum(1 for r in rows if r["lower_bound"])
    if lower:
        notes.append(
            f"{lower} industr{'y' if lower == 1 else 'ies'} include suppressed areas: "
            "their figures are lower bounds."
        )
    if estimate:
        notes.append(
            "Suppressed cells are estimated from the industry hierarchy and marked estimated; "
            "estimated rows are not ranked."
        )
    base_years = year - plan.base_year if plan.base_year is not None else None
    factors = score_rows(
        rows,
        weights,
        average_pay=average_pay,
        region_employment=totals.get("employment"),
        base_years=base_years,
    )
    for row in rows:
        row.pop("_base_employment", None)
    return RegionAnalysis(
        request=request,
        base_year=plan.base_year,
        base_source=plan.base_source,
        national_data=plan.national,
        rows=rows,
        totals=totals,
        notes=notes,
        sources=plan.sources,
        engine=store.engine,
        score_factors=factors,
        source_hashes=plan.source_hashes,
        state=plan.state,
    )


def _round(value: float | None, digits: int) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)
