"""Rendering of the subjects' Vega-Lite charts for the exports; pages place the specs
with ``{% vega_chart %}``. Each chart lives with its subject (``issues/charts.py``,
``plan/charts.py``, ``demand/charts.py``)."""

from __future__ import annotations

from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def to_svg(spec: dict[str, Any]) -> str:
    """Render a spec to SVG for the PDF export (no browser needed)."""
    import vl_convert  # heavy; loaded only when an export is made

    return vl_convert.vegalite_to_svg(spec)


def to_png(spec: dict[str, Any], scale: float = 2) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=scale)
