"""The benchmark chart (Vega-Lite), for the benchmark page and the plan exports."""

from __future__ import annotations

from typing import Any

from convenor.lib.charts import SCHEMA, styled, wrap
from convenor.lib.palette import ACCENT, MUTED, RULE
from convenor.planning.models import Benchmark, BenchmarkResult


def benchmark_chart(
    benchmark: Benchmark, results: list[BenchmarkResult] | None = None
) -> dict[str, Any]:
    """Baseline, target, the straight line between them, and the results per period."""
    results = list(benchmark.results.all()) if results is None else results
    unit = f" ({benchmark.unit})" if benchmark.unit else ""
    planned = [
        {
            "date": benchmark.baseline_on.isoformat(),
            "value": float(benchmark.baseline_value),
            "series": "Baseline to target",
        },
        {
            "date": benchmark.target_on.isoformat(),
            "value": float(benchmark.target_value),
            "series": "Baseline to target",
        },
    ]
    marks = [
        {
            "date": benchmark.baseline_on.isoformat(),
            "value": float(benchmark.baseline_value),
            "label": "Baseline",
        },
        {
            "date": benchmark.target_on.isoformat(),
            "value": float(benchmark.target_value),
            "label": "Target",
        },
    ]
    actual = [
        {"date": r.period_end.isoformat(), "value": float(r.value), "series": "Results"}
        for r in sorted(results, key=lambda r: r.period_end)
    ]
    x = {"field": "date", "type": "temporal", "title": "Period ending"}
    y = {
        "field": "value",
        "type": "quantitative",
        "title": wrap(f"{benchmark.indicator}{unit}", 40),
    }
    return styled(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 300,
            "layer": [
                {
                    "data": {"values": planned},
                    "mark": {"type": "line", "strokeDash": [6, 4], "color": RULE},
                    "encoding": {"x": x, "y": y},
                },
                {
                    "data": {"values": marks},
                    "mark": {"type": "point", "filled": True, "size": 90, "color": MUTED},
                    "encoding": {
                        "x": x,
                        "y": y,
                        "tooltip": [
                            {"field": "label"},
                            {"field": "date", "type": "temporal"},
                            {"field": "value"},
                        ],
                    },
                },
                {
                    "data": {"values": marks},
                    "mark": {"type": "text", "dy": -12, "color": MUTED},
                    "encoding": {"x": x, "y": y, "text": {"field": "label"}},
                },
                {
                    "data": {"values": actual},
                    "mark": {"type": "line", "point": True, "color": ACCENT},
                    "encoding": {
                        "x": x,
                        "y": y,
                        "tooltip": [
                            {"field": "date", "type": "temporal", "title": "Period ending"},
                            {"field": "value", "title": "Result"},
                        ],
                    },
                },
            ],
        }
    )
