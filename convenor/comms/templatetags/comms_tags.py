"""The pulse trend on the health page (the page is assessment's; this section is comms'):
"does this effort support your organisation's needs?" after each meeting."""

from __future__ import annotations

from typing import Any

from django import template

from convenor.comms.selectors import PulsePoint, pulse_trend
from convenor.lib.charts import SCHEMA, styled
from convenor.lib.palette import side_scale
from convenor.partnerships.models import Partnership

register = template.Library()


def pulse_chart(points: list[PulsePoint]) -> dict[str, Any]:
    """Average answer per meeting (1-5), all answers and employers' apart. A meeting
    without answers has no point: nothing is drawn as zero."""
    values = []
    for p in points:
        values.append(
            {
                "date": p.date,
                "meeting": p.title,
                "who": "Everyone",
                "average": p.average,
                "answers": p.answers,
            }
        )
        if p.employer_average is not None:
            values.append(
                {
                    "date": p.date,
                    "meeting": p.title,
                    "who": "Employers",
                    "average": p.employer_average,
                    "answers": p.employers,
                }
            )
    return styled(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 220,
            "data": {"values": values},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": "Meeting"},
                "y": {
                    "field": "average",
                    "type": "quantitative",
                    "title": "Average answer (1 not at all - 5 fully)",
                    "scale": {"domain": [1, 5]},
                },
                "color": {
                    "field": "who",
                    "type": "nominal",
                    "title": None,
                    "scale": side_scale([str(v["who"]) for v in values]),
                },
                "tooltip": [
                    {"field": "meeting", "title": "Meeting"},
                    {"field": "who", "title": "Who"},
                    {"field": "average", "title": "Average", "format": ".2f"},
                    {"field": "answers", "title": "Answers"},
                ],
            },
        }
    )


@register.inclusion_tag("comms/_pulse_trend.html", takes_context=True)
def pulse_section(context: template.Context, partnership: Partnership) -> dict[str, Any]:
    membership = context.get("membership")
    if membership is None or not membership.on_team:
        return {"shown": False}
    points = pulse_trend(partnership)
    return {
        "shown": True,
        "points": points,
        "chart": pulse_chart(points) if points else None,
        "partnership": partnership,
    }
