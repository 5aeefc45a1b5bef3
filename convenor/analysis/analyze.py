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

import ibis
from ibis import _

from convenor.analysis import reference as ref
from convenor.analysis.location_quotient import estimated_national_shares
from convenor.analysis.plan import DEFAULT_BASE_SPAN, Plan, area_state
from convenor.analysis.regional import (
    annual_pay,
    cells,
    period_rows,
    quarterly_weekly_wage,
    regional_sum,
)
from convenor.analysis.request import AnalysisRequest, Region, region_name
from convenor.analysis.result import ANNUAL_FIELDS, QUARTERLY_FIELDS, RegionAnalysis
from convenor.analysis.score import ScoreWeights, score_rows
from convenor.analysis.shift_share import shift_share_columns
from convenor.analysis.store import Store
from convenor.analysis.suppression import fill_suppressed, levels_to

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
        return _query(
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


def _query(
    table: Any,
    region: Region,
    year: int,
    period: str,
    own_codes: tuple[int, ...],
    digit: int,
    estimate_suppressed: bool,
    plan: Plan,
) -> Any:
    """The whole analysis as one Ibis expression (one row per industry).

    Without estimates, everything comes from one scan and one grouped
    aggregation (:func:`_single_pass`); with them, the hierarchy fill needs
    per-level joins (:func:`_joined`). Both give :func:`_derive` the same
    columns.
    """
    if estimate_suppressed and digit >= 1:
        expr = _joined(table, region, year, period, own_codes, digit, plan)
    else:
        expr = _single_pass(table, region, year, period, own_codes, digit, plan)
    if not plan.national:
        # Also for a single area: cells BLS publishes no LQ for get an estimate.
        rows = period_rows(table, year, period, plan.quarters_for)
        shares = estimated_national_shares(rows, own_codes, [digit])
        expr = _left(expr, shares, "_s", ["national_share"])
    return _derive(expr, plan, period, len(region.codes) == 1).order_by("industry_code")


def _single_pass(
    table: Any,
    region: Region,
    year: int,
    period: str,
    own_codes: tuple[int, ...],
    digit: int,
    plan: Plan,
) -> Any:
    """Region, nation, base year and totals as conditional sums over one scan.

    Many small joins cost DuckDB more than reading the few row groups
    involved, so every figure is a ``sum(..., where=...)`` of the same rows:
    region or nation, current or base year, the industry level or a total.
    """
    areas = list(region.codes)
    state = plan.state_code
    wanted = areas + ([ref.NATION] if plan.national else [])
    if state is not None and state not in wanted:
        wanted.append(state)
    stored_base = plan.base_source == "stored"
    rows = period_rows(table, year, period, plan.quarters_for)
    if stored_base:
        assert plan.base_year is not None  # a stored base is a loaded year
        rows = rows.union(period_rows(table, plan.base_year, period, plan.base_quarters_for))
    own_digit = 0 if digit == 0 else 1
    r = rows.filter(
        _.area_fips.isin(wanted),
        _.own_code.isin([0, *own_codes]),
        (_.agglvl_code % 10).isin(sorted({0, own_digit, digit})),
        ~_.agglvl_code.between(20, 29),
        _.size_code == 0,
        _.disclosure_code.fill_null("") != "-",
    )
    null_i = ibis.null("int64")
    hidden = r.disclosure_code.notnull() & (r.disclosure_code == "N")
    prior_hidden = hidden | r.oty_disclosure_code.notnull()
    r = r.mutate(
        _region=r.area_fips.isin(areas),
        _nation=r.area_fips == ref.NATION,
        _state=r.area_fips == state if state is not None else ibis.literal(False),
        _cur=r.year == year,
        _lvl=r.agglvl_code % 10,
        _hidden=hidden,
        _emp=ibis.ifelse(hidden, null_i, r.employment),
        _prior=ibis.ifelse(prior_hidden, null_i, r.employment - r.oty_employment_chg),
    )
    industry = r.own_code.isin(list(own_codes)) & (r._lvl == digit)
    region_now = industry & r._region & r._cur
    nation_now = industry & r._nation & r._cur
    if stored_base:
        base_value = r._emp
        region_base = industry & r._region & ~r._cur
        nation_base = industry & r._nation & ~r._cur
    else:
        base_value, region_base, nation_base = r._prior, region_now, nation_now

    # Annual rows carry no months: not reading them saves three columns.
    quarterly = not ref.is_annual(period)

    def month(m: int) -> Any:
        return ibis.ifelse(r._hidden, null_i, r[f"month{m}_employment"])

    wages = ibis.ifelse(r._hidden, null_i, r.total_wages)
    measures = {
        "establishments": r.establishments.sum(where=region_now),
        "employment": r._emp.sum(where=region_now),
        "total_wages": wages.sum(where=region_now),
        **{f"month{m}_employment": month(m).sum(where=region_now) for m in (1, 2, 3) if quarterly},
        "parts": r.area_fips.count(where=region_now),
        "suppressed_parts": r._hidden.cast("int64").sum(where=region_now),
        "missing_parts": r._emp.isnull().cast("int64").sum(where=region_now),
        "pub_avg_weekly_wage": ibis.ifelse(r._hidden, null_i, r.avg_weekly_wage).max(
            where=region_now
        ),
        "pub_avg_annual_pay": ibis.ifelse(r._hidden, null_i, r.avg_annual_pay).max(
            where=region_now
        ),
        "pub_lq": ibis.ifelse(
            r.lq_disclosure_code.isnull() & ~r._hidden, r.lq_employment, ibis.null("float64")
        ).max(where=region_now),
        "employment_n": r._emp.sum(where=nation_now),
    }
    if state is not None:
        measures["employment_st"] = r._emp.sum(where=industry & r._state & r._cur)
    if plan.base_year is not None:
        measures["employment_b"] = base_value.sum(where=region_base)
        # Null when the industry is absent from the base year (no change then).
        measures["missing_parts_b"] = ibis.ifelse(
            r.area_fips.count(where=region_base) > 0,
            base_value.isnull().cast("int64").sum(where=region_base),
            null_i,
        )
        measures["employment_nb"] = base_value.sum(where=nation_base)
    # Totals are sums over the all-industry rows (industry 10); computing them
    # in the same grouping, then spreading them over every row with a window,
    # saves a second scan.
    everything = (r.own_code == 0) & (r._lvl == 0)
    own_total = everything if digit == 0 else r.own_code.isin(list(own_codes)) & (r._lvl == 1)
    region_total = own_total & r._region & r._cur
    totals = {
        "all_r": r._emp.sum(where=everything & r._region & r._cur),
        "all_n": r._emp.sum(where=everything & r._nation & r._cur),
        **({"all_st": r._emp.sum(where=everything & r._state & r._cur)} if state else {}),
        "own_emp_r": r._emp.sum(where=region_total),
        "own_wages_r": wages.sum(where=region_total),
        "own_estabs_r": r.establishments.sum(where=region_total),
        **{f"own_m{m}_r": month(m).sum(where=region_total) for m in (1, 2, 3) if quarterly},
    }
    if plan.base_year is not None:
        base_everything = everything & r._nation & (~r._cur if stored_base else r._cur)
        totals["all_nb"] = base_value.sum(where=base_everything)
    g = r.group_by("industry_code").aggregate(
        **measures, **{f"_t_{k}": v for k, v in totals.items()}
    )
    whole = ibis.window()
    g = g.mutate(**{k: g[f"_t_{k}"].max().over(whole) for k in totals})
    g = g.drop(*[f"_t_{k}" for k in totals])
    if not quarterly:
        g = g.mutate(
            **{f"month{m}_employment": null_i for m in (1, 2, 3)},
            **{f"own_m{m}_r": null_i for m in (1, 2, 3)},
        )
    return g.filter(g.parts > 0).mutate(estimated_parts=ibis.literal(0, "int64"))


def _joined(
    table: Any,
    region: Region,
    year: int,
    period: str,
    own_codes: tuple[int, ...],
    digit: int,
    plan: Plan,
) -> Any:
    """The same columns as :func:`_single_pass`, with suppressed cells estimated."""
    estimate_suppressed = True  # the hierarchy fill needs the cells of every level
    rows = period_rows(table, year, period, plan.quarters_for)
    current = _snapshot(rows, region.codes, own_codes, digit, estimate_suppressed)
    expr = current
    scalars = [_totals(rows, region.codes, own_codes, digit, "_r")]
    if plan.national:
        nat = _snapshot(rows, [ref.NATION], own_codes, digit, False)
        expr = _left(expr, nat, "_n", ["employment"])
        scalars.append(_totals(rows, [ref.NATION], own_codes, digit, "_n"))
    if plan.state_code is not None:
        # The state's own cells, as published (never estimated): the LQ's base.
        st = _snapshot(rows, [plan.state_code], own_codes, digit, False)
        expr = _left(expr, st, "_st", ["employment"])
        scalars.append(
            cells(rows, [plan.state_code], [0], [0]).aggregate(all_st=_.employment.sum())
        )
    if plan.base_year is not None:
        prior = plan.base_source == "oty"
        if prior:
            base_rows = rows
        else:
            base_rows = period_rows(table, plan.base_year, period, plan.base_quarters_for)
        base = _snapshot(
            base_rows, region.codes, own_codes, digit, estimate_suppressed, prior=prior
        )
        expr = _left(expr, base, "_b", ["employment", "missing_parts"])
        if plan.base_national:
            nat_base = _snapshot(base_rows, [ref.NATION], own_codes, digit, False, prior=prior)
            expr = _left(expr, nat_base, "_nb", ["employment"])
            scalars.append(_totals(base_rows, [ref.NATION], own_codes, digit, "_nb", prior=prior))
    for scalar in scalars:
        expr = expr.cross_join(scalar)
    return expr


def _snapshot(
    rows: Any,
    areas: tuple[str, ...] | list[str],
    own_codes: tuple[int, ...],
    digit: int,
    estimate: bool,
    *,
    prior: bool = False,
) -> Any:
    if estimate and digit >= 1:
        all_cells = cells(rows, areas, own_codes, levels_to(digit), prior=prior)
        return regional_sum(fill_suppressed(all_cells, digit))
    return regional_sum(cells(rows, areas, own_codes, [digit], prior=prior))


def _totals(
    rows: Any,
    areas: tuple[str, ...] | list[str],
    own_codes: tuple[int, ...],
    digit: int,
    suffix: str,
    *,
    prior: bool = False,
) -> Any:
    """One row: the all-ownership total (LQ denominator) and the ownership's total."""
    everything = cells(rows, areas, [0], [0], prior=prior).aggregate(
        **{f"all{suffix}": _.employment.sum()}
    )
    own_digit = 0 if digit == 0 else 1
    own = cells(rows, areas, own_codes, [own_digit], prior=prior).aggregate(
        **{
            f"own_emp{suffix}": _.employment.sum(),
            f"own_wages{suffix}": _.total_wages.sum(),
            f"own_m1{suffix}": _.month1_employment.sum(),
            f"own_m2{suffix}": _.month2_employment.sum(),
            f"own_m3{suffix}": _.month3_employment.sum(),
            f"own_estabs{suffix}": _.establishments.sum(),
        }
    )
    return everything.cross_join(own)


def _left(expr: Any, other: Any, suffix: str, columns: list[str]) -> Any:
    picked = other.select(
        **{f"_k{suffix}": other.industry_code}, **{f"{c}{suffix}": other[c] for c in columns}
    )
    return expr.left_join(picked, expr.industry_code == picked[f"_k{suffix}"])


def _derive(expr: Any, plan: Plan, period: str, single_area: bool) -> Any:
    e = expr
    f = "float64"
    null_f = ibis.null(f)
    null_i = ibis.null("int64")
    suppressed = e.suppressed_parts == e.parts
    lower_bound = (e.missing_parts > 0) & (e.missing_parts < e.parts)
    estimated = e.estimated_parts > 0
    single = (e.parts == 1) & (e.estimated_parts == 0)
    if ref.is_annual(period):
        pay, weekly = annual_pay(e.total_wages, e.employment)
        avg_annual = ibis.ifelse(single, e.pub_avg_annual_pay, pay)
        avg_weekly = ibis.ifelse(single, e.pub_avg_weekly_wage, weekly)
    else:
        weekly = quarterly_weekly_wage(
            e.total_wages, e.month1_employment, e.month2_employment, e.month3_employment
        )
        avg_weekly = ibis.ifelse(single, e.pub_avg_weekly_wage, weekly)
        avg_annual = null_i
    region_share = e.employment.cast(f) / e.all_r.cast(f)
    if plan.national:
        nat_share = e.employment_n.cast(f) / e.all_n.cast(f)
        lq = ibis.ifelse((e.all_r > 0) & (e.employment_n > 0), region_share / nat_share, null_f)
        lq_source = ibis.ifelse(lq.notnull(), "computed", ibis.null("string"))
    else:
        estimated_lq = ibis.ifelse(
            (e.all_r > 0) & (e.national_share_s > 0), region_share / e.national_share_s, null_f
        )
        if single_area:
            use_pub = single & e.pub_lq.notnull()
            lq = ibis.ifelse(use_pub, e.pub_lq, estimated_lq)
            lq_source = ibis.cases(
                (use_pub, "published"), (estimated_lq.notnull(), "estimated"), else_=None
            )
        else:
            lq = estimated_lq
            lq_source = ibis.ifelse(lq.notnull(), "estimated", ibis.null("string"))
    lq = ibis.ifelse(e.employment.notnull(), lq, null_f)
    lq_source = ibis.ifelse(e.employment.notnull(), lq_source, ibis.null("string"))
    if plan.state_code is not None:
        # The same formula with the state as the base: a suppressed state cell is null,
        # so the LQ is left empty, never computed against a zero.
        state_share = e.employment_st.cast(f) / e.all_st.cast(f)
        lq_state = ibis.ifelse(
            e.employment.notnull() & (e.all_r > 0) & (e.all_st > 0) & (e.employment_st > 0),
            region_share / state_share,
            null_f,
        )
    else:
        lq_state = null_f
    out = {
        "industry_code": e.industry_code,
        "establishments": e.establishments,
        "employment": e.employment,
        "month1_employment": e.month1_employment,
        "month2_employment": e.month2_employment,
        "month3_employment": e.month3_employment,
        "total_wages": e.total_wages,
        "avg_weekly_wage": avg_weekly.cast("int64"),
        "avg_annual_pay": avg_annual.cast("int64"),
        "lq": lq,
        "lq_source": lq_source,
        "lq_state": lq_state,
        "suppressed": suppressed,
        "lower_bound": lower_bound,
        "estimated": estimated,
    }
    totals = {
        "_all_r": e.all_r,
        "_own_emp": e.own_emp_r,
        "_own_wages": e.own_wages_r,
        "_own_m1": e.own_m1_r,
        "_own_m2": e.own_m2_r,
        "_own_m3": e.own_m3_r,
        "_own_estabs": e.own_estabs_r,
    }
    if plan.base_year is not None:
        # A lower bound's change would compare two incomplete sums: left empty.
        complete = (e.missing_parts == 0) & (e.missing_parts_b == 0)
        e0 = ibis.ifelse(complete, e.employment_b, null_i)
        years = plan.year - plan.base_year
        if plan.base_national:
            cols = shift_share_columns(
                e0, e.employment, e.all_nb, e.all_n, e.employment_nb, e.employment_n, years
            )
        else:
            cols = shift_share_columns(e0, e.employment, null_i, null_i, null_i, null_i, years)
            cols["shift_national"] = null_f
            cols["shift_industry_mix"] = null_f
            cols["shift_competitive"] = null_f
        out.update(cols)
        out["_base_employment"] = e0
    else:
        out.update(
            employment_change=null_i,
            employment_cagr=null_f,
            shift_national=null_f,
            shift_industry_mix=null_f,
            shift_competitive=null_f,
            _base_employment=null_i,
        )
    return e.select(**out, **totals)


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
