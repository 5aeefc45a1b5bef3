"""Rendering of the subjects' Vega-Lite charts for the exports; pages place the specs
with ``{% vega_chart %}``. Each chart lives with its subject (``issues/charts.py``,
``plan/charts.py``, ``demand/charts.py``) and carries the app's chart style
(``convenor.lib.charts``)."""

from __future__ import annotations

from typing import Any

from convenor.lib.charts import PRINT_WIDTH, SCHEMA, for_print

__all__ = ["SCHEMA", "to_png", "to_svg"]


def to_svg(spec: dict[str, Any], width: int = PRINT_WIDTH) -> str:
    """Render a spec to SVG for the PDF export (no browser needed), ``width`` pixels
    wide in all: the PDF's chart box, so the SVG is drawn at the size it was measured."""
    import vl_convert  # heavy; loaded only when an export is made

    return str(vl_convert.vegalite_to_svg(for_print(spec, width)))


def to_png(spec: dict[str, Any], scale: float = 2, width: int = 530) -> bytes:
    """Render a spec to PNG for the DOCX export (14 cm wide there: 530 px at 96 dpi)."""
    import vl_convert

    return bytes(vl_convert.vegalite_to_png(for_print(spec, width), scale=scale))
