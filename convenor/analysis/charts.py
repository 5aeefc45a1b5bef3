"""Vega-Lite specs of a region's analysis: the region page and the printed snapshot draw these.

Every chart here draws only figures BLS published (or the engine computed
from them): an industry whose growth, pay, LQ or employment is not disclosed
is left out of the chart's data, never drawn at 0, and listed under the chart
with the reason (:attr:`Chart.left_out`). No Django import: the command
line's PDF and DOCX use the same specs as the page.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from convenor.analysis.request import TrendRequest
from convenor.analysis.result import RegionAnalysis
from convenor.lib.cache import from_store
from convenor.lib.charts import SCHEMA, styled, wrap
from convenor.lib.palette import ACCENT, INK, RULE

if TYPE_CHECKING:
    from convenor.analysis.store import Store
    from convenor.analysis.trend import TrendCoverage

SMALLEST_SHARE = 0.001  # industries under 0.1% of the region's jobs are left off the chart

# Why an industry is not drawn, in the order the reasons are checked and listed.
NOT_DISCLOSED = "not disclosed by BLS"
ESTIMATED = "estimated, not published"
PARTIAL = "not disclosed for every area of the region (the total is a lower bound)"
NO_LQ = "no location quotient"
NO_GROWTH = "growth not disclosed"
NO_PAY = "pay not disclosed"
SMALL = "under 0.1% of the region's jobs"
# Bubbles named on the chart: the largest few. Naming every bubble printed names over
# each other; the others are named on hover and in the table under the chart.
LABELLED = 5


@dataclass
class Chart:
    """A spec (``None`` when nothing can be drawn) and what it leaves out, and why.

    ``left_out`` maps a reason to the industries it keeps off the chart (in
    table order); ``notes`` are sentences to print under the chart.
    """

    spec: dict[str, Any] | None
    left_out: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def points(self) -> list[dict[str, Any]]:
        """The data the chart draws (empty without a spec)."""
        if self.spec is None:
            return []
        values: list[dict[str, Any]] = self.spec["data"]["values"]
        return values

    def left_out_lines(self) -> list[str]:
        """``"Growth not disclosed: Health Care and Social Assistance, Utilities."``"""
        return [
            f"{reason[0].upper()}{reason[1:]}: {'; '.join(titles)}."
            for reason, titles in self.left_out.items()
        ]


def concentration_chart(analysis: RegionAnalysis) -> Chart:
    """LQ against employment growth per year; bubble size = jobs, colour = pay vs the region.

    Pay is compared with the region's own average for the same period: the
    annual average pay for annual periods, the quarter's average weekly
    wage for a quarter. An industry is drawn only when its employment, LQ,
    growth and pay are all disclosed; the others are listed with the reason.
    """
    annual = analysis.annual
    pay_field = "avg_annual_pay" if annual else "avg_weekly_wage"
    average = analysis.totals.get(pay_field) if analysis.totals else None
    rows = analysis.all_records()
    total = sum(r["employment"] or 0 for r in rows if not r["suppressed"] and not r["estimated"])
    left_out: dict[str, list[str]] = {}
    points = []
    for r in rows:
        reason = _left_out_reason(r, pay_field, total)
        if reason:
            left_out.setdefault(reason, []).append(r["industry_title"])
            continue
        growth = r["employment_cagr"]
        pay = r[pay_field]
        points.append(
            {
                "industry": r["industry_title"],
                "code": r["industry_code"],
                "lq": r["lq"],
                "lq_state": r["lq_state"],
                "growth": round(growth * 100, 2),
                "employment": r["employment"],
                "pay": pay,
                "pay_ratio": round(pay / average * 100) if average else None,
                "score": r["score"],
            }
        )
    left_out = {reason: left_out[reason] for reason in _REASONS if reason in left_out}
    notes = []
    if average is None:
        notes.append("The region's average pay is not disclosed: bubbles are not coloured by pay.")
    if not points:
        return Chart(None, left_out, notes)
    return Chart(_bubble_spec(points, analysis, colour=average is not None), left_out, notes)


_REASONS = (NOT_DISCLOSED, ESTIMATED, PARTIAL, NO_LQ, NO_GROWTH, NO_PAY, SMALL)


def _left_out_reason(r: dict[str, Any], pay_field: str, total: int) -> str | None:
    if r["suppressed"] or r["employment"] in (None, 0):
        return NOT_DISCLOSED
    if r["estimated"]:
        return ESTIMATED
    if r["lower_bound"]:
        return PARTIAL  # a sum of the disclosed parts only: its size and pay would mislead
    if r["lq"] is None:
        return NO_LQ
    if r["employment_cagr"] is None:
        return NO_GROWTH
    if r[pay_field] is None:
        return NO_PAY
    if total and r["employment"] < total * SMALLEST_SHARE:
        return SMALL  # a handful of jobs makes any growth rate look extreme
    return None


def _bubble_spec(
    points: list[dict[str, Any]], analysis: RegionAnalysis, *, colour: bool
) -> dict[str, Any]:
    pay_title = "Pay, % of region's average" if analysis.annual else "Wage, % of quarter's average"
    state = analysis.state.name if analysis.state is not None else "state"
    tooltip = [
        {"field": "industry", "title": "Industry"},
        {"field": "code", "title": "NAICS"},
        {"field": "lq", "title": "LQ (U.S.)", "format": ".2f"},
        *(
            [{"field": "lq_state", "title": f"LQ ({state})", "format": ".2f"}]
            if any(p["lq_state"] is not None for p in points)
            else []
        ),
        {"field": "growth", "title": "Growth %/yr", "format": ".1f"},
        {"field": "employment", "title": "Jobs", "format": ","},
        {"field": "pay", "title": "Avg pay ($)" if analysis.annual else "Weekly wage ($)"},
        *([{"field": "pay_ratio", "title": "Pay, % of average"}] if colour else []),
        {"field": "score", "title": "Score", "format": ".0f"},
    ]
    encoding: dict[str, Any] = {
        "x": {
            "field": "lq",
            "type": "quantitative",
            "title": "Location quotient (1 = national share)",
            "scale": {"type": "log"},
        },
        "y": {"field": "growth", "type": "quantitative", "title": "Job growth per year (%)"},
        "size": {
            "field": "employment",
            "type": "quantitative",
            "title": "Jobs",
            "scale": {"range": [30, 2500]},
        },
        "tooltip": tooltip,
    }
    if colour:
        encoding["color"] = {
            "field": "pay_ratio",
            "type": "quantitative",
            "title": pay_title,
            "scale": {"scheme": "blueorange", "domainMid": 100},
        }
    label = {
        "x": {"field": "lq", "type": "quantitative"},
        "y": {"field": "growth", "type": "quantitative"},
        "text": {"field": "industry"},
    }
    # Right of the middle of the LQ axis (log scale) a name reads leftwards from its
    # bubble, so it stays inside the chart.
    lqs = [p["lq"] for p in points if p["lq"] and p["lq"] > 0]
    middle = math.sqrt(min(lqs) * max(lqs)) if lqs else 1.0

    def labels(keep: dict[str, Any] | list[dict[str, Any]], **mark: Any) -> list[dict[str, Any]]:
        transforms = keep if isinstance(keep, list) else [keep]
        return [
            {
                "mark": {
                    "type": "text",
                    "baseline": "middle",
                    "align": align,
                    "dx": dx,
                    "limit": 150,
                    **mark,
                },
                "transform": [*transforms, {"filter": f"datum.lq {op} {middle!r}"}],
                "encoding": label,
            }
            for op, align, dx in (("<=", "left", 9), (">", "right", -9))
        ]

    return styled(
        {
            "$schema": SCHEMA,
            "width": "container",
            "height": 420,
            "data": {"values": points},
            "layer": [
                {
                    "mark": {"type": "rule", "strokeDash": [4, 4], "color": RULE, "aria": False},
                    "encoding": {"x": {"datum": 1}},
                },
                {
                    "mark": {"type": "rule", "strokeDash": [4, 4], "color": RULE, "aria": False},
                    "encoding": {"y": {"datum": 0}},
                },
                {
                    "params": [
                        {
                            "name": "hover",
                            "select": {
                                "type": "point",
                                "on": "pointerover",
                                "clear": "pointerout",
                                "fields": ["code"],
                            },
                        }
                    ],
                    "mark": {
                        "type": "circle",
                        "opacity": 0.75,
                        "stroke": INK,
                        "strokeWidth": 0.5,
                        **({} if colour else {"color": ACCENT}),
                    },
                    "encoding": encoding,
                },
                # The largest few by jobs are named beside their bubble, unless the name
                # would print over one already there; any other is named on hover.
                *labels({"filter": {"field": "code", "oneOf": _named(points, middle)}}),
                *labels({"filter": {"param": "hover", "empty": False}}, fontWeight=600),
            ],
        }
    )


# The plot area the label boxes are estimated in (pixels): the page's chart at about
# 1366 px, and close to the print's. Only an estimate: a name kept may still touch a
# bubble, but two names are not printed one over the other at these sizes.
PLOT_WIDTH, PLOT_HEIGHT = 600.0, 420.0
CHAR_WIDTH, LINE_HEIGHT = 6.5, 14.0


def _named(points: list[dict[str, Any]], middle: float) -> list[str]:
    """The codes of the bubbles named on the chart: the largest by jobs first, up to
    :data:`LABELLED`, skipping one whose name's box would overlap a name already kept."""
    lqs = [math.log(p["lq"]) for p in points if p["lq"] and p["lq"] > 0]
    growths = [p["growth"] for p in points]
    if not lqs:
        return []
    x0, x1 = min(lqs), max(lqs)
    y0, y1 = min(growths), max(growths)
    kept: list[tuple[float, float, float, float]] = []
    codes: list[str] = []
    for p in sorted(points, key=lambda p: -(p["employment"] or 0)):
        if len(codes) == LABELLED:
            break
        if not p["lq"] or p["lq"] <= 0:
            continue
        x = (math.log(p["lq"]) - x0) / ((x1 - x0) or 1) * PLOT_WIDTH
        y = (y1 - p["growth"]) / ((y1 - y0) or 1) * PLOT_HEIGHT
        width = min(len(p["industry"]) * CHAR_WIDTH, 150.0)
        left = x + 9 if p["lq"] <= middle else x - 9 - width
        box = (left, y - LINE_HEIGHT / 2, left + width, y + LINE_HEIGHT / 2)
        if any(box[0] < k[2] and k[0] < box[2] and box[1] < k[3] and k[1] < box[3] for k in kept):
            continue
        kept.append(box)
        codes.append(p["code"])
    return codes


def trend_chart(
    points: Sequence[dict[str, Any]],
    title: str,
    coverage: TrendCoverage | None = None,
    industries: Sequence[str] = (),
) -> Chart:
    """Employment of a few industries over the periods loaded for the whole region.

    ``points`` are :func:`~convenor.analysis.trend.employment_trend`'s. A
    line joins consecutive months (or consecutive annual averages) only: a
    missing month breaks it, so no line is drawn across a gap. The notes say
    which periods are not drawn because some areas are missing, and which
    of ``industries`` (titles) have no point at all.
    """
    notes = list(coverage.gaps) if coverage is not None else []
    drawn = {p["industry"] for p in points}
    missing = [title for title in industries if title not in drawn]
    if missing:
        notes.append(
            f"Not drawn: {'; '.join(missing)}: no period disclosed for every area of the region."
        )
    if coverage is not None and coverage.annual_years:
        years = ", ".join(str(y) for y in coverage.annual_years)
        notes.append(f"{years}: drawn as the annual average (one point at mid-year).")
    if not points:
        return Chart(None, {}, notes)
    values = _segmented(points)
    spec = {
        "$schema": SCHEMA,
        "width": "container",
        "height": 300,
        "title": {"text": wrap(title)},
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "date",
                "timeUnit": "yearmonth",
                "type": "temporal",
                "title": "Month",
                "axis": {"format": "%b %Y", "labelAngle": 0},
            },
            "y": {"field": "employment", "type": "quantitative", "title": "Jobs"},
            "color": {"field": "industry", "type": "nominal", "title": "Industry"},
            # One path per unbroken run: the line stops at a missing month.
            "detail": {"field": "segment", "type": "nominal"},
            "tooltip": [
                {"field": "industry"},
                {"field": "date", "type": "temporal", "format": "%b %Y"},
                {"field": "employment", "format": ","},
            ],
        },
    }
    return Chart(styled(spec), {}, notes)


def _segmented(points: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The points with a ``segment`` that changes wherever a month (or a year) is missing.

    A year with a single point is an annual average (mid-year); consecutive
    annual averages are joined, months are joined to the next month only.
    """
    per_year: dict[tuple[str, int], int] = {}
    for p in points:
        key = (p["industry"], int(str(p["date"])[:4]))
        per_year[key] = per_year.get(key, 0) + 1
    out: list[dict[str, Any]] = []
    ordered = sorted(points, key=lambda p: (p["industry"], str(p["date"])))
    previous: tuple[str, int, bool] | None = None  # industry, month index, annual
    segment = 0
    for p in ordered:
        date = dt.date.fromisoformat(str(p["date"])[:10])
        annual = per_year[(p["industry"], date.year)] == 1
        index = date.year * 12 + date.month
        if previous is not None:
            industry, last, was_annual = previous
            step = 12 if annual and was_annual else 1
            if industry != p["industry"] or index - last != step or annual != was_annual:
                segment += 1
        previous = (p["industry"], index, annual)
        out.append({**p, "segment": f"{p['industry']} {segment}"})
    return out


def region_trend_chart(
    store: Store, analysis: RegionAnalysis, industry_codes: Sequence[str] = ()
) -> Chart | None:
    """The trend chart of ``industry_codes`` (else the five best-scored) in ``analysis``'s region.

    The page and the printed snapshot both draw this; ``None`` when no
    industry is ranked. Only periods loaded for every area are drawn
    (:func:`~convenor.analysis.trend.trend_coverage`), with notes naming
    the missing areas.
    """
    # The engine (Ibis, DuckDB) loads only when a trend is drawn.
    from convenor.analysis.trend import employment_trend, trend_coverage

    rows = [analysis.record(c) for c in industry_codes]
    charted = [r for r in rows if r is not None]
    if charted:
        title = "Employment of " + ", ".join(r["industry_title"] for r in charted)
    else:
        charted = analysis.ranked()[:5]
        title = "Employment of the five best-scored industries"
    if not charted:
        return None
    request = TrendRequest(
        analysis.region.codes, tuple(r["industry_code"] for r in charted), analysis.ownership
    )

    def build() -> tuple[Any, list[dict[str, Any]]]:
        coverage = trend_coverage(store, request.areas)
        points = [
            {"industry": p["industry_title"], "date": p["date"], "employment": p["employment"]}
            for p in employment_trend(store, request, coverage)
        ]
        return coverage, points

    # Kept per store content and request, as the analysis it draws from (every visitor
    # of a region's page asks the same): dropped when a file is ingested or removed.
    coverage, points = from_store(store, ("trend", request), build)
    return trend_chart(points, title, coverage, [r["industry_title"] for r in charted])
