"""A region's analysis as one Ibis expression (the figures; titles and scores are Python).

:func:`region_query` is what :func:`convenor.analysis.analyze.analyze` runs
on the store's engine. It lives apart from that module so the command line
can answer from the store's compiled-SQL cache (see
:mod:`convenor.analysis.store`) without importing Ibis: this module is
imported only when the expression has to be built.
"""

from __future__ import annotations

from typing import Any

import ibis
from ibis import _

from convenor.analysis import reference as ref
from convenor.analysis.location_quotient import estimated_national_shares
from convenor.analysis.plan import Plan
from convenor.analysis.regional import (
    annual_pay,
    cells,
    period_rows,
    quarterly_weekly_wage,
    regional_sum,
)
from convenor.analysis.request import Region
from convenor.analysis.shift_share import shift_share_columns
from convenor.analysis.suppression import fill_suppressed, levels_to


def region_query(
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
