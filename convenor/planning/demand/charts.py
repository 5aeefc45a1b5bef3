"""The pooled-demand chart (Vega-Lite), for the demand page and the plan exports."""

from __future__ import annotations

from typing import Any

from convenor.lib.charts import SCHEMA, styled
from convenor.lib.palette import ACCENT, MUTED
from convenor.planning.demand.disclosure import PooledDemand


def demand_chart(pooled: PooledDemand) -> dict[str, Any]:
    """Pooled openings by occupation; suppressed pools are not in the data at all."""
    values = []
    for row in pooled.shown:
        values.append(
            {
                "occupation": row.occupation,
                "horizon": "Next 12 months",
                "openings": row.openings_12m,
            }
        )
        values.append(
            {
                "occupation": row.occupation,
                "horizon": "Next 36 months",
                "openings": row.openings_36m,
            }
        )
    return styled(
        {
            "$schema": SCHEMA,
            "width": "container",
            "data": {"values": values},
            "mark": "bar",
            "encoding": {
                "y": {"field": "occupation", "type": "nominal", "title": None, "sort": "-x"},
                "yOffset": {"field": "horizon"},
                "x": {
                    "field": "openings",
                    "type": "quantitative",
                    "title": "Openings (all employers)",
                },
                "color": {
                    "field": "horizon",
                    "type": "nominal",
                    "title": None,
                    "scale": {
                        "domain": ["Next 12 months", "Next 36 months"],
                        "range": [ACCENT, MUTED],
                    },
                },
                "tooltip": [
                    {"field": "occupation", "title": "Occupation"},
                    {"field": "horizon", "title": "Openings in the"},
                    {"field": "openings", "title": "Openings", "format": ","},
                ],
            },
        }
    )
