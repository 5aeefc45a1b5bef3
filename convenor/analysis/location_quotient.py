"""Location quotients, the way BLS computes them (Ibis expressions on any engine).

BLS's employment LQ for area *a*, ownership *o*, industry *i*::

    LQ = (e[a,o,i] / E[a]) / (N[o,i] / N)

where ``E[a]`` and ``N`` are the all-industry, **all-ownership** totals
(``own_code`` 0, industry 10) of the area and of the nation, and ``N[o,i]``
is the nation's figure for the same ownership and industry. BLS rounds it to
two decimals. Three sources, in order of preference:

* ``computed``: national (``US000``) data for the period is loaded;
* ``published``: a single area without national data shows BLS's own LQ;
* ``estimated``: without national data, the nation's share ``N[o,i]/N`` is
  estimated from the published LQs of every loaded area. Each LQ is rounded
  to a hundredth, so each bounds the share between
  ``e / (E * (LQ + 0.005))`` and ``e / (E * (LQ - 0.005))``; the estimate is
  the middle of the bounds all areas agree on. Where they disagree (BLS
  works from unrounded figures) it is the employment-weighted ratio
  ``sum(e[a,o,i]) / sum(E[a] * LQ[a,o,i])``, which keeps the rounding of
  small LQs from dominating.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from convenor.analysis.reference import NATION

# Ibis (and the expression helpers that import it) load inside the functions
# that build expressions: `convenor qcew lq` whose compiled SQL is cached
# (see convenor.analysis.store) runs without them.

# BLS publishes LQs rounded to this.
ROUNDING = 0.01


def area_totals(rows: Any, areas: Sequence[str] | None = None) -> Any:
    """Each area's all-industry, all-ownership employment (the LQ denominator)."""
    from convenor.analysis.regional import cells

    c = cells(rows, areas, [0], [0])
    return c.select(_t_area=c.area_fips, _t_employment=c.employment)


def estimated_national_shares(
    rows: Any,
    own_codes: Sequence[int],
    digits: Sequence[int],
    *,
    exclude: Sequence[str] = (),
    nation: str = NATION,
) -> Any:
    """Per industry, the nation's employment share estimated from published LQs.

    Uses every loaded area of the period except ``nation`` and ``exclude``
    (a test leaves one county out to check the estimate against BLS). With
    several ownerships the shares of each are added. Returns
    ``industry_code, national_share, share_areas``.
    """
    import ibis
    from ibis import _

    from convenor.analysis.regional import cells

    skip = [nation, *exclude]
    c = cells(rows, None, own_codes, digits)
    c = c.filter(~c.area_fips.isin(skip))
    totals = area_totals(rows)
    j = c.join(totals, c.area_fips == totals._t_area)
    usable = j.employment.notnull() & j.pub_lq.notnull() & (j.pub_lq > 0)
    j = j.filter(usable, j._t_employment > 0)
    # Each area's LQ is rounded to a hundredth, so it bounds the share:
    # e / (E * (LQ + 0.005)) <= share <= e / (E * (LQ - 0.005)).
    area_emp = j._t_employment.cast("float64")
    cell_emp = j.employment.cast("float64")
    half = ROUNDING / 2
    j = j.mutate(
        _lo=cell_emp / (area_emp * (j.pub_lq + half)),
        _hi=ibis.ifelse(j.pub_lq > half, cell_emp / (area_emp * (j.pub_lq - half)), None),
    )
    per_own = j.group_by(["own_code", "industry_code"]).aggregate(
        _num=_.employment.sum().cast("float64"),
        _den=(_._t_employment.cast("float64") * _.pub_lq).sum(),
        _lo=_._lo.max(),
        _hi=_._hi.min(),
        _areas=_.area_fips.nunique(),
    )
    bounded = per_own._hi.notnull() & (per_own._lo <= per_own._hi)
    per_own = per_own.mutate(
        _share=ibis.ifelse(bounded, (per_own._lo + per_own._hi) / 2.0, per_own._num / per_own._den)
    )
    return per_own.group_by("industry_code").aggregate(
        national_share=_._share.sum(), share_areas=_._areas.max()
    )


def all_area_lq(
    store: Any,
    year: int,
    period: str = "a",
    *,
    nation: str = NATION,
    published: bool = False,
) -> Any:
    """The employment LQ of every area, ownership and industry of one period.

    ``store`` is a :class:`~convenor.analysis.store.Store` holding the
    period's rows, the nation's included. Returns a pyarrow table of
    ``area_fips, own_code, industry_code, agglvl_code, lq`` and, with
    ``published``, BLS's own ``published_lq`` beside it. Suppressed cells
    get a null LQ; a cell whose ownership and industry the nation has no row
    for (or an area without an all-industry total) is left out.

    Two queries. The first computes the few thousand rows the denominators
    need (each area's all-industry total, every national cell's share of the
    nation's jobs), kept in the engine as a small table (``Store.materialize``).
    The second joins the millions of area rows to them: the engine then knows
    which side is small (written as one query, DuckDB's estimates put the big
    side in the hash table, three times slower). The ownership and industry
    codes identify a national cell: each industry code sits at one
    aggregation level per ownership.
    """
    key, build = _all_area_lq(store, year, period, nation=nation, published=published)
    return store.run(key, build)


def write_all_area_lq(
    store: Any,
    year: int,
    out: Any,
    period: str = "a",
    *,
    industries: Sequence[str] = (),
    nation: str = NATION,
) -> int:
    """:func:`all_area_lq` (with BLS's published LQ) written to ``out`` by the engine.

    ``out`` is a ``.parquet`` or ``.csv`` path; rows are sorted by area and
    ownership, and limited to ``industries`` when given. The millions of
    rows go from the engine to the file (DuckDB's ``COPY``, Spark's writer),
    never through Python. Returns the number of rows written.
    """
    key, build = _all_area_lq(
        store, year, period, nation=nation, published=True, industries=tuple(industries)
    )
    # Every area and industry of the result is one of the lookup's (inner joins).
    lookup = {"area_fips": "_lq_lookup", "industry_code": "_lq_lookup"}
    return int(store.write(key, build, out, order_by=("area_fips", "own_code"), categories=lookup))


def _all_area_lq(
    store: Any,
    year: int,
    period: str,
    *,
    nation: str,
    published: bool,
    industries: tuple[str, ...] = (),
) -> tuple[Any, Any]:
    """Run the lookup query; return the cache key and builder of the join (see above)."""

    def base() -> Any:
        import ibis
        from ibis import _

        from convenor.analysis.regional import period_rows

        rows = period_rows(store.table(), year, period)
        if industries:
            # The all-industry totals stay: they are every area's denominator.
            rows = rows.filter(rows.industry_code.isin([*industries, "10"]))
        rows = rows.filter(
            _.size_code == 0,
            ~_.agglvl_code.between(20, 29),
            _.disclosure_code.fill_null("") != "-",  # COALESCE: cheaper than IS NULL OR
        )
        return rows.select(
            "area_fips",
            "own_code",
            "industry_code",
            "agglvl_code",
            *(["lq_disclosure_code", "lq_employment"] if published else []),
            # A suppressed cell's 0 is not a zero (a null code makes CASE take the else branch).
            _emp=ibis.ifelse(rows.disclosure_code == "N", ibis.null("int64"), rows.employment),
        )

    def lookup() -> Any:
        import ibis

        b = base()
        keys = ["area_fips", "own_code", "industry_code", "_emp"]
        is_total = (b.own_code == 0) & (b.industry_code == "10")
        # One query; a union of two filters reads less than one filter with an OR.
        u = b.filter(is_total).select(*keys, _part=ibis.literal("area"))
        u = u.union(
            b.filter(b.area_fips == nation).select(*keys, _part=ibis.literal("nation")),
            distinct=False,
        )
        # A non-positive denominator becomes null, so the LQ's division needs no
        # guard (Spark's ANSI mode raises on a division by zero).
        f = "float64"
        positive = ibis.ifelse(u._emp > 0, u._emp.cast(f), ibis.null(f))
        nat_total = u._emp.max(where=(u._part == "area") & (u.area_fips == nation)).over(
            ibis.window()
        )
        denominator = ibis.ifelse(nat_total > 0, nat_total.cast(f), ibis.null(f))
        value = ibis.ifelse(u._part == "area", positive, positive / denominator)
        return u.select("_part", "area_fips", "own_code", "industry_code", _value=value)

    # The lookup stays in the engine (on DuckDB the rows never reach Python).
    store.materialize("_lq_lookup", ("lq-lookup", year, period, nation, industries), lookup)

    def join() -> Any:
        import ibis

        found = store.named("_lq_lookup")
        totals = found.filter(found._part == "area").select(
            _t_area=found.area_fips, _t_emp=found._value
        )
        shares = found.filter(found._part == "nation").select(
            _n_own=found.own_code, _n_ind=found.industry_code, _n_share=found._value
        )
        b = base()
        if industries:
            b = b.filter(b.industry_code.isin(list(industries)))
        j = b.join(totals, b.area_fips == totals._t_area)
        j = j.join(shares, [j.own_code == shares._n_own, j.industry_code == shares._n_ind])
        extra = {}
        if published:
            extra["published_lq"] = ibis.ifelse(
                j.lq_disclosure_code.isnull(), j.lq_employment, ibis.null("float64")
            )
        lq = j._emp.cast("float64") / j._t_emp / j._n_share
        return j.select("area_fips", "own_code", "industry_code", "agglvl_code", lq=lq, **extra)

    return ("lq", year, period, nation, published, industries), join
