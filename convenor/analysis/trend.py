"""Employment over time for a region's industries, for trend charts.

Monthly levels come from quarterly rows (three months each); a year loaded
only as an annual average contributes one point at mid-year. A month in
which any part of the region is suppressed (disclosure ``N``) has no point:
a trend line never runs through an invented or partial figure.

The region page's trend chart, ``convenor qcew trend`` and the API's
``/trend`` endpoints all call :func:`employment_trend` with a
:class:`~convenor.analysis.request.TrendRequest`.
"""

from __future__ import annotations

from typing import Any

from ibis import _

from convenor.analysis import reference as ref
from convenor.analysis.request import TrendRequest
from convenor.analysis.store import Store

TREND_FIELDS = ["industry_code", "industry_title", "date", "employment"]


def employment_trend(store: Store, request: TrendRequest) -> list[dict[str, Any]]:
    """Points ``{industry_code, industry_title, date (YYYY-MM-01), employment}``.

    Sorted by industry and date; one point per month from quarterly files,
    one at mid-year (``YYYY-07-01``) for a year loaded only as an annual
    average. A month with a suppressed part of the region has no point.
    """
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
    records = grouped.to_pyarrow().to_pylist()
    titles = store.titles().get("industry", {})
    quarters = {(r["industry_code"], r["year"]) for r in records if r["period"] != "a"}
    points: list[dict[str, Any]] = []
    for r in records:
        year = int(r["year"])
        if r["period"] == "a":
            if (r["industry_code"], year) in quarters:
                continue
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
