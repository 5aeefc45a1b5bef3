"""Template helpers shared by every page."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from convenor.workspaces.models import Access, Membership

register = template.Library()


@register.simple_tag
def vega_chart(spec: dict[str, Any], chart_id: str, label: str = "") -> SafeString:
    """A Vega-Lite chart rendered in the page by the vendored vega-embed.

    ``label`` describes the chart for screen readers and is shown as caption.
    """
    payload = (
        json.dumps(spec).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    return format_html(
        '<figure class="chart"><div id="{}" class="vega-chart" role="img" aria-label="{}"></div>'
        '<script type="application/json" data-vega-for="{}">{}</script>'
        "{}</figure>",
        chart_id,
        label,
        chart_id,
        SafeString(payload),
        format_html("<figcaption>{}</figcaption>", label) if label else "",
    )


@register.filter
def nd(value: Any, digits: int | None = None) -> str:
    """A number for display; suppressed or missing values show as 'n/d' (not disclosed)."""
    if value is None or value == "":
        return "n/d"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if digits is None:
            digits = 2
        return f"{value:,.{int(digits)}f}"
    return str(value)


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    """A fraction as a signed percentage (0.123 -> '+12.3%'); missing values show 'n/d'."""
    if value is None or value == "":
        return "n/d"
    return f"{float(value) * 100:+.{int(digits)}f}%"


@register.filter
def allows(membership: Membership | None, level: str) -> bool:
    """``{% if membership|allows:"team" %}``: whether the member's role admits ``level``."""
    return membership is not None and membership.allows(Access(level))
