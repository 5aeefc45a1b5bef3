"""Vega-Lite specs for the region analysis page and reports."""

from __future__ import annotations

from typing import Any

SMALLEST_SHARE = 0.001  # industries under 0.1% of the region's jobs are left off the chart


def bubble_chart(records: list[dict[str, Any]], average_pay: float | None) -> dict[str, Any]:
    """LQ against employment growth; bubble size = employment, colour = pay vs the region.

    Suppressed cells have no figures and are left out (the table lists them), as are
    industries with under 0.1% of the region's jobs.
    """
    total = sum(r["employment"] or 0 for r in records if not r.get("suppressed"))
    points = []
    for r in records:
        if r.get("lq") is None or r.get("employment") in (None, 0) or r.get("suppressed"):
            continue
        if total and r["employment"] < total * SMALLEST_SHARE:
            continue  # a handful of jobs makes any growth rate look extreme
        growth = r.get("employment_cagr")
        pay = r.get("avg_annual_pay") or (r.get("avg_weekly_wage") or 0) * 52 or None
        points.append(
            {
                "industry": r["industry_title"],
                "code": r["industry_code"],
                "lq": r["lq"],
                "growth": round(growth * 100, 2) if growth is not None else 0.0,
                "has_growth": growth is not None,
                "employment": r["employment"],
                "pay_ratio": round(pay / average_pay * 100) if pay and average_pay else None,
                "score": r.get("score"),
            }
        )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 420,
        "data": {"values": points},
        "layer": [
            {
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#888"},
                "encoding": {"x": {"datum": 1}},
            },
            {
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#888"},
                "encoding": {"y": {"datum": 0}},
            },
            {
                "mark": {"type": "circle", "opacity": 0.75, "stroke": "#333", "strokeWidth": 0.5},
                "encoding": {
                    "x": {
                        "field": "lq",
                        "type": "quantitative",
                        "title": "Location quotient (1 = national share)",
                        "scale": {"type": "log"},
                    },
                    "y": {
                        "field": "growth",
                        "type": "quantitative",
                        "title": "Employment growth per year (%)",
                    },
                    "size": {
                        "field": "employment",
                        "type": "quantitative",
                        "title": "Employment",
                        "scale": {"range": [30, 2500]},
                    },
                    "color": {
                        "field": "pay_ratio",
                        "type": "quantitative",
                        "title": "Pay, % of regional average",
                        "scale": {"scheme": "blueorange", "domainMid": 100},
                    },
                    "tooltip": [
                        {"field": "industry", "title": "Industry"},
                        {"field": "code", "title": "NAICS"},
                        {"field": "lq", "title": "LQ", "format": ".2f"},
                        {"field": "growth", "title": "Growth %/yr", "format": ".1f"},
                        {"field": "employment", "title": "Employment", "format": ","},
                        {"field": "pay_ratio", "title": "Pay % of average"},
                        {"field": "score", "title": "Score", "format": ".0f"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 8, "fontSize": 10},
                "transform": [
                    {
                        "window": [{"op": "rank", "as": "rank"}],
                        "sort": [{"field": "employment", "order": "descending"}],
                    },
                    {"filter": "datum.rank <= 8"},
                ],
                "encoding": {
                    "x": {"field": "lq", "type": "quantitative"},
                    "y": {"field": "growth", "type": "quantitative"},
                    "text": {"field": "industry"},
                },
            },
        ],
    }


def trend_chart(series: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """Employment over the loaded periods for a few industries (one line each)."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 300,
        "title": title,
        "data": {"values": series},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "date",
                "timeUnit": "yearmonth",
                "type": "temporal",
                "title": "Month",
                "axis": {"format": "%b %Y", "labelAngle": 0},
            },
            "y": {"field": "employment", "type": "quantitative", "title": "Employment"},
            "color": {"field": "industry", "type": "nominal", "title": "Industry"},
            "tooltip": [
                {"field": "industry"},
                {"field": "date", "type": "temporal", "format": "%b %Y"},
                {"field": "employment", "format": ","},
            ],
        },
    }
