"""Location quotients, the way BLS computes them (Ibis expressions).

BLS's employment LQ for area *a*, ownership *o*, industry *i*::

    LQ = (e[a,o,i] / E[a]) / (N[o,i] / N)

where ``E[a]`` and ``N`` are the all-industry, **all-ownership** totals
(``own_code`` 0, industry 10) of the area and of the nation, and ``N[o,i]``
is the nation's figure for the same ownership and industry. BLS rounds it to
two decimals. Three sources, in order of preference:

* ``computed``: national (``US000``) data for the period is loaded;
* ``published``: a single area without national data shows BLS's own LQ;
* ``estimated``: without national data, the nation's share ``N[o,i]/N`` is
  estimated from the published LQs of every loaded area:
  ``sum(e[a,o,i]) / sum(E[a] * LQ[a,o,i])``, an employment-weighted ratio
  that keeps the rounding of small LQs from dominating.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ibis
from ibis import _

from convenor.analysis.reference import NATION
from convenor.analysis.regional import cells


def area_totals(rows: Any, areas: Sequence[str] | None = None) -> Any:
    """Each area's all-industry, all-ownership employment (the LQ denominator)."""
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
    skip = [nation, *exclude]
    c = cells(rows, None, own_codes, digits)
    c = c.filter(~c.area_fips.isin(skip))
    totals = area_totals(rows)
    j = c.join(totals, c.area_fips == totals._t_area)
    usable = j.employment.notnull() & j.pub_lq.notnull() & (j.pub_lq > 0)
    j = j.filter(usable, j._t_employment > 0)
    per_own = j.group_by(["own_code", "industry_code"]).aggregate(
        _num=_.employment.sum().cast("float64"),
        _den=(_._t_employment.cast("float64") * _.pub_lq).sum(),
        _areas=_.area_fips.nunique(),
    )
    per_own = per_own.mutate(_share=per_own._num / per_own._den)
    return per_own.group_by("industry_code").aggregate(
        national_share=_._share.sum(), share_areas=_._areas.max()
    )


def all_area_lq(rows: Any, *, nation: str = NATION) -> Any:
    """The employment LQ of every area, ownership and industry of one period.

    ``rows`` are one period's stored rows including the nation's. Returns
    ``area_fips, own_code, industry_code, agglvl_code, lq, published_lq``;
    suppressed cells get a null LQ.
    """
    base = rows.filter(
        _.size_code == 0,
        (_.agglvl_code < 20) | (_.agglvl_code > 29),
        _.disclosure_code.isnull() | (_.disclosure_code != "-"),
    )
    suppressed = base.disclosure_code.notnull() & (base.disclosure_code == "N")
    base = base.mutate(_emp=ibis.ifelse(suppressed, ibis.null("int64"), base.employment))
    totals = base.filter(_.own_code == 0, _.industry_code == "10").select(
        _t_area=_.area_fips, _t_emp=_._emp
    )
    nat = base.filter(_.area_fips == nation)
    nat_total = nat.filter(_.own_code == 0, _.industry_code == "10").select(_n_total=_._emp)
    nat = nat.select(
        _n_own=_.own_code, _n_ind=_.industry_code, _n_lvl=_.agglvl_code % 10, _n_emp=_._emp
    )
    j = base.join(totals, base.area_fips == totals._t_area)
    j = j.join(
        nat,
        [
            j.own_code == nat._n_own,
            j.industry_code == nat._n_ind,
            (j.agglvl_code % 10) == nat._n_lvl,
        ],
    )
    j = j.cross_join(nat_total)
    area_share = j._emp.cast("float64") / j._t_emp.cast("float64")
    nat_share = j._n_emp.cast("float64") / j._n_total.cast("float64")
    lq = ibis.ifelse((j._t_emp > 0) & (j._n_emp > 0), area_share / nat_share, ibis.null("float64"))
    return j.select(
        "area_fips",
        "own_code",
        "industry_code",
        "agglvl_code",
        lq=lq,
        published_lq=ibis.ifelse(
            j.lq_disclosure_code.isnull(), j.lq_employment, ibis.null("float64")
        ),
    )
