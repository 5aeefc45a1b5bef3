"""One chart style for the app: the colour of each partner category and side.

Every chart that colours partners (the network map, attendance by side, the
partner mix, the recruitment pipeline, the priorities and the pulse of employers
against everyone) reads its colours from here, so an employer is the same blue
on every page and in every PDF. The colours are Tableau 10 (colour-blind-safe in
its first few hues), employers first and darkest so the industry side stands
out; public partners are greys-to-teals so the employer-led comparison reads at
a glance.

No Django import at module level: the analysis engine's printed reports
(``convenor.lib.charts``) read the neutral colours without a configured project.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Keyed by partners.models.Category value (a test checks every category has one);
# the order is the legend's order.
CATEGORY_COLOURS: dict[str, str] = {
    "employer": "#1f5fa8",
    "association": "#6fa0d8",
    "economic_development": "#f28e2b",
    "workforce_system": "#76b7b2",
    "education": "#59a14f",
    "labor": "#e15759",
    "human_services": "#b07aa1",
    "community": "#edc948",
    "elected": "#9c755f",
    "other": "#bab0ac",
}
EMPLOYER = CATEGORY_COLOURS["employer"]
NO_CATEGORY = "No category"
NO_CATEGORY_COLOUR = "#d4d9de"

# The employer-led comparison (partners.sides): industry, public, neither.
SIDE_COLOURS: dict[str, str] = {
    "Employers": EMPLOYER,
    "Associations": CATEGORY_COLOURS["association"],
    "Public": "#5b6470",
    "Other": "#b9c2cc",
}
# Employers set against everyone (or everyone else): the priorities of all partners
# and of employers only, the pulse of everyone and of employers, attendance of
# employers and of the other partners. The employer keeps its colour; the rest is grey.
GROUP_COLOURS: dict[str, str] = {
    "Employers": EMPLOYER,
    "All partners": "#5b6470",
    "Everyone": "#5b6470",
    "Other partners": "#9aa5b1",
}

# Marks that are not partners: one neutral ink, one accent, one reference rule,
# a light grid, and a muted ink for secondary text.
INK = "#1f2933"
MUTED = "#5b6470"
ACCENT = EMPLOYER
RULE = "#888888"
GRID = "#e4e7eb"
WARN = "#b3261e"

# Colours for nominal series that are not partners (industries, candidates, stages):
# Tableau 10 without the employer blue, so no series reads as "employers".
SERIES: list[str] = [
    "#f28e2b",
    "#59a14f",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#e15759",
    "#9c755f",
    "#ff9da7",
    "#4e79a7",
    "#bab0ac",
]


def category_scale(
    categories: Iterable[tuple[str, str]], present: list[str] | None = None
) -> dict[str, Any]:
    """A Vega-Lite colour scale over category labels (only those ``present``, if given).

    ``categories``: (value, label) pairs, ``partners.models.Category.choices`` (lib
    imports no app). Legends list only categories that appear: a legend naming absent
    categories tells the reader something that is not on the chart.
    """
    labels = {str(label): CATEGORY_COLOURS[value] for value, label in categories}
    labels[NO_CATEGORY] = NO_CATEGORY_COLOUR
    domain = [label for label in labels if present is None or label in present]
    return {"domain": domain, "range": [labels[label] for label in domain]}


def side_scale(present: list[str] | None = None) -> dict[str, Any]:
    """A colour scale over side names (``SIDE_COLOURS``), or employers against the rest
    (``GROUP_COLOURS``) when ``present`` names such a group; only what is ``present``."""
    colours = {**SIDE_COLOURS, **GROUP_COLOURS}
    if present is None:
        domain = list(SIDE_COLOURS)
    else:
        domain = [name for name in colours if name in present]
    return {"domain": domain, "range": [colours[name] for name in domain]}
