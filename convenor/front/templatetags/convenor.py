"""Template helpers shared by every page."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from convenor.lib.charts import chart_rows, styled
from convenor.workspaces.models import Access, Membership

register = template.Library()


@register.simple_tag
def vega_chart(
    spec: dict[str, Any],
    chart_id: str,
    label: str = "",
    table: bool = False,
    rows: list[dict[str, Any]] | None = None,
) -> SafeString:
    """A Vega-Lite chart rendered in the page by the vendored vega-embed.

    ``label`` describes the chart for screen readers and is shown as caption.
    A chart with no table beside it gives ``table=True``: the table of what it draws
    (``lib.charts.chart_rows``) follows in a closed <details>, its text alternative.
    ``rows`` (a list of dicts, keys as headers) replaces the table read from the spec.
    Every spec gets the app's chart style (``lib.charts.styled``; idempotent).
    """
    if "vega-lite" in str(spec.get("$schema", "vega-lite")):
        spec = styled(spec)
    payload = (
        json.dumps(spec).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )
    details: SafeString | str = ""
    if table or rows:
        if rows:
            headers = list(rows[0])
            cells = [[str(r.get(h, "")) for h in headers] for r in rows]
        else:
            headers, cells = chart_rows(spec)
        details = format_html(
            '<details class="chart-table"><summary>Table of this chart</summary>'
            '<div class="table-wrap"><table class="data"><caption>{}</caption>'
            "<thead><tr>{}</tr></thead><tbody>{}</tbody></table></div></details>",
            label,
            format_html_join("", '<th scope="col">{}</th>', ((h,) for h in headers)),
            format_html_join(
                "",
                "<tr>{}</tr>",
                ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in cells),
            ),
        )
    return format_html(
        '<figure class="chart"><div id="{}" class="vega-chart" role="img" aria-label="{}"></div>'
        '<script type="application/json" data-vega-for="{}">{}</script>'
        "{}{}</figure>",
        chart_id,
        label,
        chart_id,
        SafeString(payload),
        format_html("<figcaption>{}</figcaption>", label) if label else "",
        details,
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
