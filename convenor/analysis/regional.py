"""From stored rows to a region's industry figures (Ibis expressions).

Three steps, each an Ibis expression over the store's table, so they run on
any engine:

* :func:`cells` picks one period's rows for some areas, ownerships and an
  industry level, and turns BLS's suppressed values into nulls: in an ``N``
  row BLS prints 0 for employment and wages, which is not a zero.
  (``-`` rows, "no data", are left out.) With ``prior=True`` it gives the
  year before instead, from the ``oty_`` change columns.
* :func:`annual_from_quarters` builds annual rows from four quarters when the
  annual file is not out yet (rounded mean of the 12 months, summed wages:
  exactly BLS's annual figures for every cell disclosed in all quarters).
* :func:`regional_sum` adds the cells of a region up per industry, keeping
  count of suppressed parts: a sum with some suppressed parts is a *lower
  bound*, one with all parts suppressed is *suppressed*.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ibis
from ibis import _

from convenor.analysis import reference as ref

# The per-cell measures carried through every step.
MEASURES = (
    "employment",
    "total_wages",
    "month1_employment",
    "month2_employment",
    "month3_employment",
)

CELL_COLUMNS = (
    "area_fips",
    "own_code",
    "industry_code",
    "digit",
    "establishments",
    *MEASURES,
    "suppressed",
    "estimated",
    "pub_avg_weekly_wage",
    "pub_avg_annual_pay",
    "pub_lq",
)


def round_half_up(value: Any) -> Any:
    """Round a non-negative float expression to an integer, halves up (BLS's rounding)."""
    return (value + 0.5).floor().cast("int64")


def quarterly_weekly_wage(wages: Any, m1: Any, m2: Any, m3: Any) -> Any:
    """BLS's quarterly average weekly wage: wages / mean monthly employment / 13."""
    mean = (m1 + m2 + m3).cast("float64") / 3.0
    return ibis.ifelse(mean > 0, round_half_up(wages.cast("float64") / mean / 13.0), None)


def annual_pay(wages: Any, employment: Any) -> tuple[Any, Any]:
    """``(avg_annual_pay, avg_weekly_wage)`` from annual wages and average employment.

    BLS divides by the unrounded mean of the 12 months, which the files do
    not carry; with the published (rounded) employment the result is within
    a dollar of BLS's for large cells.
    """
    emp = employment.cast("float64")
    pay = ibis.ifelse(emp > 0, wages.cast("float64") / emp, None)
    return round_half_up(pay), round_half_up(pay / 52.0)


def period_rows(table: Any, year: int, period: str, quarters_for: Sequence[str] = ()) -> Any:
    """The store's rows for one year and period.

    For ``period="a"``, ``quarters_for`` lists areas whose annual file is not
    loaded but whose four quarters are: their annual rows are built from the
    quarters and added (see :func:`annual_from_quarters`). For a trailing
    period (``t1``-``t3``) every row is built from the four quarters ending
    then, for the areas in ``quarters_for``.
    """
    if period in ref.TRAILING_PERIODS:
        return annual_from_quarters(table, year, list(quarters_for), period=period)
    rows = table.filter(_.year == int(year), _.period == period)
    if period == "a" and quarters_for:
        return rows.union(annual_from_quarters(table, year, list(quarters_for)))
    return rows


def annual_from_quarters(table: Any, year: int, areas: list[str], *, period: str = "a") -> Any:
    """Annual rows built from four quarters for ``areas``.

    The quarters are those of ``year`` (``period="a"``) or the four ending
    with quarter N of ``year`` (``period="tN"``, a trailing year; see
    :func:`convenor.analysis.reference.window_quarters`). Employment is the
    rounded mean of the 12 monthly levels, wages the sum, establishments the
    rounded mean of the quarterly counts, as BLS computes them. A cell
    suppressed in any quarter is suppressed for the year; an industry missing
    from a quarter counts as zero there (BLS's ``-``).

    The over-the-year columns are built the same way from the quarters' own
    (the prior year's 12 months are each month's level minus its change), so
    a change is known without the prior year's files; it is left out (as an
    undisclosed change) when any quarter's change is not disclosed or absent.
    On the Ohio files this reproduces the annual file's employment, wages
    and over-the-year changes exactly for every cell disclosed in all four
    quarters.
    """
    window = ref.window_quarters(year, period)
    in_window = None
    for y, q in window:
        term = (_.year == y) & (_.period == q)
        in_window = term if in_window is None else in_window | term
    q = table.filter(in_window, _.area_fips.isin(areas))
    months = (
        q.month1_employment.fill_null(0)
        + q.month2_employment.fill_null(0)
        + q.month3_employment.fill_null(0)
    )
    changes = (
        q.oty_month1_employment_chg + q.oty_month2_employment_chg + q.oty_month3_employment_chg
    )
    change_hidden = (
        (q.disclosure_code.fill_null("") == "N")
        | (q.oty_disclosure_code.fill_null("") != "")
        | changes.isnull()
        | q.oty_total_wages_chg.isnull()
    )
    q = q.mutate(
        _months=months,
        _prior_months=months - changes.fill_null(0),
        _n=ibis.ifelse(q.disclosure_code == "N", 1, 0),
        _oty_n=ibis.ifelse(change_hidden, 1, 0),
        _estabs=q.establishments.fill_null(0),
        _prior_estabs=q.establishments.fill_null(0) - q.oty_establishments_chg.fill_null(0),
        _wages_chg=q.oty_total_wages_chg,
    )
    g = q.group_by(
        ["area_fips", "own_code", "industry_code", "agglvl_code", "size_code"]
    ).aggregate(
        _estabs=_._estabs.sum(),
        _prior_estabs=_._prior_estabs.sum(),
        _months=_._months.sum(),
        _prior_months=_._prior_months.sum(),
        total_wages=_.total_wages.sum(),
        _wages_chg=_._wages_chg.sum(),
        _n=_._n.sum(),
        _oty_n=_._oty_n.sum(),
        _quarters=_.count(),
    )
    mean = g._months.cast("float64") / 12.0
    employment = (mean + 0.5).floor().cast("int64")
    estabs = ((g._estabs.cast("float64") / 4.0) + 0.5).floor().cast("int64")
    prior_emp = ((g._prior_months.cast("float64") / 12.0) + 0.5).floor().cast("int64")
    prior_estabs = ((g._prior_estabs.cast("float64") / 4.0) + 0.5).floor().cast("int64")
    suppressed = g._n > 0
    # A change needs all four quarters, each with a disclosed change.
    change_known = (g._oty_n == 0) & (g._quarters == 4)
    pay = ibis.ifelse(mean > 0, g.total_wages.cast("float64") / mean, ibis.null("float64"))
    null_i = ibis.null("int64")
    null_f = ibis.null("float64")
    null_s = ibis.null("string")
    return g.select(
        area_fips=g.area_fips,
        own_code=g.own_code,
        industry_code=g.industry_code,
        agglvl_code=g.agglvl_code,
        size_code=g.size_code,
        year=ibis.literal(int(year)).cast("int16"),
        period=ibis.literal(period),
        disclosure_code=ibis.ifelse(suppressed, ibis.literal("N"), null_s),
        establishments=estabs,
        employment=employment,
        month1_employment=null_i,
        month2_employment=null_i,
        month3_employment=null_i,
        total_wages=g.total_wages,
        avg_weekly_wage=(pay / 52.0 + 0.5).floor().cast("int64"),
        avg_annual_pay=(pay + 0.5).floor().cast("int64"),
        lq_disclosure_code=null_s,
        lq_establishments=null_f,
        lq_employment=null_f,
        lq_total_wages=null_f,
        oty_disclosure_code=ibis.ifelse(change_known, null_s, ibis.literal("N")),
        oty_establishments_chg=ibis.ifelse(change_known, estabs - prior_estabs, null_i),
        oty_employment_chg=ibis.ifelse(change_known, employment - prior_emp, null_i),
        oty_month1_employment_chg=null_i,
        oty_month2_employment_chg=null_i,
        oty_month3_employment_chg=null_i,
        oty_total_wages_chg=ibis.ifelse(change_known, g._wages_chg, null_i),
    )


def cells(
    rows: Any,
    areas: Sequence[str] | None,
    own_codes: Sequence[int],
    digits: Sequence[int],
    *,
    prior: bool = False,
) -> Any:
    """One cell per (area, ownership, industry) at the given agglvl digits.

    ``rows`` are one period's rows (:func:`period_rows`). The measures of a
    suppressed cell are null, never 0. ``digits`` are the last digits of
    ``agglvl_code`` (see :data:`convenor.analysis.reference.LEVELS`; 0 is the
    all-ownership total). With ``prior=True`` the figures are the year
    before's, current minus the ``oty_`` change, and a cell whose change is
    not disclosed is suppressed. ``areas=None`` keeps every area.
    """
    if areas is not None:
        rows = rows.filter(_.area_fips.isin(list(areas)))
    r = rows.filter(
        _.own_code.isin([int(o) for o in own_codes]),
        (_.agglvl_code % 10).isin([int(d) for d in digits]),
        # Size classes (agglvl 21-28, national, Q1) are another series; integer
        # comparisons, as floor division compiles to floating point.
        ~_.agglvl_code.between(20, 29),
        _.size_code == 0,
        _.disclosure_code.fill_null("") != "-",  # COALESCE: cheaper than IS NULL OR
    )
    suppressed = r.disclosure_code.notnull() & (r.disclosure_code == "N")
    null_i = ibis.null("int64")
    if prior:
        suppressed = suppressed | (r.oty_disclosure_code.notnull() & (r.oty_disclosure_code != ""))
        values = {
            "establishments": r.establishments - r.oty_establishments_chg.fill_null(0),
            "employment": r.employment - r.oty_employment_chg,
            "total_wages": r.total_wages - r.oty_total_wages_chg,
            "month1_employment": r.month1_employment - r.oty_month1_employment_chg,
            "month2_employment": r.month2_employment - r.oty_month2_employment_chg,
            "month3_employment": r.month3_employment - r.oty_month3_employment_chg,
        }
        published = {
            "pub_avg_weekly_wage": null_i,
            "pub_avg_annual_pay": null_i,
            "pub_lq": ibis.null("float64"),
        }
    else:
        values = {
            "establishments": r.establishments,
            **{m: r[m] for m in MEASURES},
        }
        lq_ok = r.lq_disclosure_code.isnull() & ~suppressed
        published = {
            "pub_avg_weekly_wage": ibis.ifelse(suppressed, null_i, r.avg_weekly_wage),
            "pub_avg_annual_pay": ibis.ifelse(suppressed, null_i, r.avg_annual_pay),
            "pub_lq": ibis.ifelse(lq_ok, r.lq_employment, ibis.null("float64")),
        }
    return r.select(
        area_fips=r.area_fips,
        own_code=r.own_code.cast("int16"),
        industry_code=r.industry_code,
        digit=(r.agglvl_code % 10).cast("int16"),
        establishments=values["establishments"].cast("int64"),
        **{
            m: ibis.ifelse(suppressed, null_i, values[m].cast("int64")).cast("int64")
            for m in MEASURES
        },
        suppressed=suppressed,
        estimated=ibis.literal(False),
        **published,
    )


def regional_sum(c: Any) -> Any:
    """Add cells up per industry over areas (and ownerships).

    Returns one row per ``industry_code`` with the summed establishments and
    measures (disclosed or estimated parts only), ``parts``,
    ``suppressed_parts`` (suppressed by BLS), ``estimated_parts``,
    ``missing_parts`` (no figure at all), and the published averages
    and LQ when a single part makes up the row.
    """
    c = c.mutate(
        _supp=ibis.ifelse(c.suppressed, 1, 0),
        _est=ibis.ifelse(c.estimated, 1, 0),
        _missing=ibis.ifelse(c.employment.isnull(), 1, 0),
    )
    return c.group_by("industry_code").aggregate(
        establishments=_.establishments.sum(),
        **{m: _[m].sum() for m in MEASURES},
        parts=_.count(),
        suppressed_parts=_._supp.sum(),
        estimated_parts=_._est.sum(),
        missing_parts=_._missing.sum(),
        pub_avg_weekly_wage=_.pub_avg_weekly_wage.max(),
        pub_avg_annual_pay=_.pub_avg_annual_pay.max(),
        pub_lq=_.pub_lq.max(),
    )


def region_total(rows: Any, areas: Sequence[str]) -> Any:
    """A one-row table: the areas' all-industry, all-ownership total employment.

    This is the denominator of BLS's location quotient (the own_code 0
    total, not the private one). ``suppressed_parts`` counts areas whose
    total is suppressed.
    """
    c = cells(rows, areas, [0], [0])
    return c.aggregate(
        total_employment=_.employment.sum(),
        total_month3=_.month3_employment.sum(),
        total_wages=_.total_wages.sum(),
        total_parts=_.count(),
    )
