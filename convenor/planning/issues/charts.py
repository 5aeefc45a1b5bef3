"""The prioritisation chart (Vega-Lite), for the round page and the plan exports."""

from __future__ import annotations

from typing import Any

from convenor.lib.charts import SCHEMA, styled
from convenor.lib.palette import RULE, side_scale
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
    groups = [g for g in ("All partners", "Employers") if any(v["group"] == g for v in values)]
    return styled(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 380,
            "data": {"values": values},
            "layer": [
                {
                    "data": {"values": [{"x": 3}]},
                    "mark": {"type": "rule", "strokeDash": [4, 4], "color": RULE},
                    "encoding": {"x": {"field": "x", "type": "quantitative", "scale": scale}},
                },
                {
                    "data": {"values": [{"y": 3}]},
                    "mark": {"type": "rule", "strokeDash": [4, 4], "color": RULE},
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
                            "scale": side_scale(groups),
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
                # Issue names beside the all-partners points, cut at 140 px ("Applicants
                # lack the…"): the table under the chart and the tooltip have them whole.
                # Right of the middle a name reads leftwards, so it stays inside the chart.
                *(
                    {
                        "transform": [
                            {"filter": f"datum.group === 'All partners' && {side}"},
                        ],
                        "mark": {
                            "type": "text",
                            "align": align,
                            "dx": dx,
                            "dy": -6,
                            "limit": 140,
                        },
                        "encoding": {
                            "x": {"field": "feasibility", "type": "quantitative", "scale": scale},
                            "y": {"field": "importance", "type": "quantitative", "scale": scale},
                            "text": {"field": "issue"},
                        },
                    }
                    for side, align, dx in (
                        ("datum.feasibility <= 3", "left", 8),
                        ("datum.feasibility > 3", "right", -8),
                    )
                ),
            ],
        }
    )
