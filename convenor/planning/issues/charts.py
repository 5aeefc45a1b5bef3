"""The prioritisation chart (Vega-Lite), for the round page and the plan exports."""

from __future__ import annotations

from typing import Any

from convenor.planning.charts import SCHEMA
from convenor.planning.issues.selectors import RoundResults


def priority_chart(results: RoundResults) -> dict[str, Any]:
    """Importance (up) against feasibility (right): the top-right corner is where to start."""
    values = []
    for group, rows in (("All partners", results.overall), ("Employers", results.employers)):
        for r in rows:
            if r.score is None:
                continue
            values.append(
                {
                    "issue": r.issue.title,
                    "group": group,
                    "importance": r.importance,
                    "feasibility": r.feasibility,
                    "voters": r.voters,
                    "rank": r.rank,
                }
            )
    scale = {"domain": [1, 5], "nice": False}
    return {
        "$schema": SCHEMA,
        "width": 520,
        "height": 380,
        "data": {"values": values},
        "layer": [
            {
                "data": {"values": [{"x": 3}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#9aa5b1"},
                "encoding": {"x": {"field": "x", "type": "quantitative", "scale": scale}},
            },
            {
                "data": {"values": [{"y": 3}]},
                "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#9aa5b1"},
                "encoding": {"y": {"field": "y", "type": "quantitative", "scale": scale}},
            },
            {
                "mark": {"type": "point", "filled": True, "opacity": 0.85, "size": 120},
                "encoding": {
                    "x": {
                        "field": "feasibility",
                        "type": "quantitative",
                        "scale": scale,
                        "title": "Feasibility (mean rating, 1-5)",
                    },
                    "y": {
                        "field": "importance",
                        "type": "quantitative",
                        "scale": scale,
                        "title": "Importance (mean rating, 1-5)",
                    },
                    "color": {
                        "field": "group",
                        "type": "nominal",
                        "title": None,
                        "scale": {"range": ["#1d4ed8", "#b45309"]},
                    },
                    "shape": {"field": "group", "type": "nominal", "title": None},
                    "tooltip": [
                        {"field": "issue", "title": "Issue"},
                        {"field": "group", "title": "Who"},
                        {"field": "importance", "title": "Importance"},
                        {"field": "feasibility", "title": "Feasibility"},
                        {"field": "rank", "title": "Rank"},
                        {"field": "voters", "title": "Voters"},
                    ],
                },
            },
            {
                "transform": [{"filter": "datum.group === 'All partners'"}],
                "mark": {"type": "text", "align": "left", "dx": 8, "dy": -6, "fontSize": 11},
                "encoding": {
                    "x": {"field": "feasibility", "type": "quantitative", "scale": scale},
                    "y": {"field": "importance", "type": "quantitative", "scale": scale},
                    "text": {"field": "issue"},
                },
            },
        ],
    }
