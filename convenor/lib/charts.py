"""One chart style for the app: every Vega-Lite spec passes through :func:`styled`.

Pages draw the specs with vega-embed (``{% vega_chart %}``); the PDF and DOCX
exports render them with vl-convert through :func:`for_print`. The shared config
sets the font, sizes, axis and legend style, cuts long labels at
:data:`LABEL_LIMIT` pixels (the full text stays in the tooltip and in the table
beside the chart) and sizes the chart to fit its box, padding included, so no
axis title, label or legend is clipped.

No Django import: the analysis engine's reports use it too.
"""

from __future__ import annotations

import copy
import textwrap
from typing import Any

from convenor.lib.palette import GRID, INK, MUTED, RULE, SERIES

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
STYLE = "convenor"  # usermeta marker: this spec carries the shared config

# The page's font: the same system stack Pico uses, so a chart reads like its page.
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# The exports' font. vl-convert measures text with the font named here and
# WeasyPrint draws the SVG's text with the same font: with a generic "sans-serif"
# the two picked different fonts and labels ran past the SVG's edge ("uality
# inspector", "Next 12 month").
PRINT_FONT = "DejaVu Sans"
LABEL_LIMIT = 160  # pixels; longer labels end in "…"
LEGEND_LIMIT = 140
# The PDF's chart box: 160 mm at 96 px per inch. Rendered at this width the SVG is
# drawn 1:1, so its text is the size it was measured at.
PRINT_WIDTH = 604


def base_config(font: str = FONT) -> dict[str, Any]:
    """The Vega-Lite ``config`` every chart of the app carries."""
    return {
        "font": font,
        "background": "white",
        "padding": 6,
        "view": {"stroke": None},
        "title": {"anchor": "start", "fontSize": 13, "fontWeight": 600, "color": INK},
        "axis": {
            "labelFontSize": 11,
            "titleFontSize": 11,
            "titleFontWeight": 600,
            "labelColor": INK,
            "titleColor": INK,
            "domainColor": RULE,
            "tickColor": RULE,
            "gridColor": GRID,
            "labelLimit": LABEL_LIMIT,
            "titleLimit": 0,  # an axis title is never cut short (it wraps the chart instead)
            "labelOverlap": True,
        },
        # Legends under the chart: the plot keeps the width, and nothing sits in the
        # top-right corner where vega-embed's menu used to be.
        # Two columns of at most LEGEND_LIMIT px fit a phone's chart (about 330 px);
        # several legends stack one under the other instead of running off the right.
        "legend": {
            "orient": "bottom",
            "direction": "horizontal",
            "columns": 2,
            "layout": {"bottom": {"anchor": "start", "direction": "vertical"}},
            "labelFontSize": 11,
            "titleFontSize": 11,
            "titleFontWeight": 600,
            "labelColor": INK,
            "titleColor": INK,
            "labelLimit": LEGEND_LIMIT,
        },
        "header": {"labelFontSize": 11, "titleFontSize": 11, "labelColor": INK},
        "text": {"fontSize": 11, "color": INK, "limit": LABEL_LIMIT},
        "mark": {"color": MUTED},
        "range": {"category": SERIES},
    }


def wrap(text: str, width: int = 70) -> list[str]:
    """``text`` as lines of at most ``width`` characters, for a title or axis title
    (Vega draws a list of strings as lines; one long line would run off the chart)."""
    return textwrap.wrap(text, width) or [text]


def _merge(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``own`` on top, one level of nesting deep (a chart's own axis
    setting wins over the shared one, the rest of the shared axis style stays)."""
    out = copy.deepcopy(base)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _composed(spec: dict[str, Any]) -> bool:
    return any(k in spec for k in ("facet", "hconcat", "vconcat", "concat", "repeat"))


def styled(spec: dict[str, Any], *, font: str = FONT) -> dict[str, Any]:
    """``spec`` with the shared config (its own config on top) and a size that fits.

    A single or layered view fits the width it is given (``"container"`` in a page,
    a number in an export), axes, labels and legend included; it grows in height
    for what its axes need. Composed views (facets, concatenations) are padded.
    Idempotent: styling a styled spec changes nothing.
    """
    out = dict(spec)
    out.setdefault("$schema", SCHEMA)
    if spec.get("usermeta", {}).get("style") == STYLE:
        # Already styled: its config is the shared one with the chart's own on top.
        out["config"] = _merge(spec["config"], {"font": font})
    else:
        out["config"] = _merge(base_config(font), spec.get("config", {}))
    out["usermeta"] = {**spec.get("usermeta", {}), "style": STYLE}
    if "autosize" not in spec:
        # The width is the box's; the height grows for what the axes and legend need.
        out["autosize"] = (
            {"type": "pad"} if _composed(spec) else {"type": "fit-x", "contains": "padding"}
        )
    return out


def for_print(spec: dict[str, Any], width: int = PRINT_WIDTH) -> dict[str, Any]:
    """The chart as an export draws it: the print font, and ``width`` pixels wide in all
    (a page's ``"container"`` width means nothing to vl-convert)."""
    out = styled(spec, font=PRINT_FONT)
    if not _composed(out):
        out["width"] = width
    return out


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = spec.get("layer", [spec])
    return layers


def _columns(layer: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field, title, format) of what a layer shows: its tooltip, else its x, y, colour."""
    encoding = layer.get("encoding", {})
    tooltip = encoding.get("tooltip")
    channels = (
        tooltip
        if isinstance(tooltip, list)
        else [encoding[c] for c in ("y", "x", "color", "size") if c in encoding]
    )
    out = []
    for channel in channels:
        field = channel.get("field") if isinstance(channel, dict) else None
        if not field:
            continue
        title = channel.get("title")
        if isinstance(title, list):
            title = " ".join(title)
        out.append(
            (field, str(title or field.replace("_", " ").capitalize()), channel.get("format", ""))
        )
    return out


def _cell(value: Any, fmt: str) -> str:
    if value is None:
        return "n/d"  # never a zero for a figure that is not there
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and "%" in fmt:
        return f"{value:.0%}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def chart_rows(spec: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The table of what a chart draws: headers and rows, read from its data and
    the fields its tooltips (or axes) show. The text alternative of a chart that has
    no table beside it; every layer that draws data with a tooltip adds its rows."""
    headers: list[str] = []
    rows: list[list[str]] = []
    seen: list[tuple[list[tuple[str, str, str]], list[dict[str, Any]]]] = []
    for layer in _layers(spec):
        values = layer.get("data", spec.get("data", {})).get("values")
        columns = _columns(layer)
        if values and columns and not layer.get("transform"):
            seen.append((columns, values))
    for columns, _ in seen:
        for _field, title, _fmt in columns:
            if title not in headers:
                headers.append(title)
    for columns, values in seen:
        by_title = {title: (field, fmt) for field, title, fmt in columns}
        for value in values:
            rows.append(
                [
                    _cell(value.get(by_title[h][0]), by_title[h][1]) if h in by_title else ""
                    for h in headers
                ]
            )
    return headers, rows
