"""One chart style for the app: the colour of each partner category and side.

Every chart that colours partners (the network map, attendance by side, the
partner mix, the recruitment pipeline) reads its colours from here, so an
employer is the same blue on every page and in every PDF. The colours are
Tableau 10 (colour-blind-safe in its first few hues), employers first and
darkest so the industry side stands out; public partners are greys-to-teals so
the employer-led comparison reads at a glance.
"""

from __future__ import annotations

from typing import Any

from convenor.partners.models import Category

# Keyed by Category value; the order is the legend's order.
CATEGORY_COLOURS: dict[str, str] = {
    Category.EMPLOYER: "#1f5fa8",
    Category.ASSOCIATION: "#6fa0d8",
    Category.ECONOMIC_DEVELOPMENT: "#f28e2b",
    Category.WORKFORCE_SYSTEM: "#76b7b2",
    Category.EDUCATION: "#59a14f",
    Category.LABOR: "#e15759",
    Category.HUMAN_SERVICES: "#b07aa1",
    Category.COMMUNITY: "#edc948",
    Category.ELECTED: "#9c755f",
    Category.OTHER: "#bab0ac",
}
NO_CATEGORY = "No category"
NO_CATEGORY_COLOUR = "#d4d9de"

# The employer-led comparison (partners.sides): industry, public, neither.
SIDE_COLOURS: dict[str, str] = {
    "Employers": CATEGORY_COLOURS[Category.EMPLOYER],
    "Associations": CATEGORY_COLOURS[Category.ASSOCIATION],
    "Public": "#5b6470",
    "Other": "#b9c2cc",
}

# Marks that are not partners: one neutral ink, one accent, one reference rule.
INK = "#1f2933"
ACCENT = CATEGORY_COLOURS[Category.EMPLOYER]
RULE = "#888888"


def category_scale(present: list[str] | None = None) -> dict[str, Any]:
    """A Vega-Lite colour scale over category labels (only those ``present``, if given).

    Legends list only categories that appear: a legend naming absent categories
    tells the reader something that is not on the chart.
    """
    labels = {str(c.label): CATEGORY_COLOURS[c.value] for c in Category}
    labels[NO_CATEGORY] = NO_CATEGORY_COLOUR
    domain = [label for label in labels if present is None or label in present]
    return {"domain": domain, "range": [labels[label] for label in domain]}


def side_scale(present: list[str] | None = None) -> dict[str, Any]:
    domain = [side for side in SIDE_COLOURS if present is None or side in present]
    return {"domain": domain, "range": [SIDE_COLOURS[side] for side in domain]}
