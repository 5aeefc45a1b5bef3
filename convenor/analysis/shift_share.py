"""Shift-share: why a region's industry grew or shrank, in three parts.

The classic decomposition of an industry's change in regional employment
``e1 - e0`` between a base year and the current year:

* national growth: ``e0 * g`` where ``g`` is the nation's all-industry growth
  rate (what the industry would have gained growing like the economy);
* industry mix: ``e0 * (g_i - g)``, ``g_i`` the industry's national growth
  rate (its national tailwind or headwind);
* competitive (regional) effect: the rest, ``e0 * (r_i - g_i)`` with ``r_i``
  the regional growth rate: what the region did better or worse.

The three add up to the change by construction: the competitive effect is
computed as the remainder, which also holds when ``e0`` is 0.
"""

from __future__ import annotations

import math
from typing import Any

import ibis


def decompose(
    e0: float, e1: float, n0: float, n1: float, ni0: float, ni1: float
) -> tuple[float, float, float]:
    """``(national, industry_mix, competitive)`` for one industry, in jobs.

    ``e0``/``e1``: regional employment in the base and current year; ``n0``/
    ``n1``: national all-industry employment; ``ni0``/``ni1``: national
    employment in the industry. National figures must be positive.
    """
    g = n1 / n0 - 1.0
    gi = ni1 / ni0 - 1.0
    national = e0 * g
    mix = e0 * (gi - g)
    competitive = (e1 - e0) - national - mix
    return national, mix, competitive


def cagr(e0: float, e1: float, years: int) -> float | None:
    """Compound annual growth rate, or ``None`` when undefined (e0 <= 0)."""
    if years <= 0 or e0 <= 0 or e1 < 0:
        return None
    return math.pow(e1 / e0, 1.0 / years) - 1.0


def shift_share_columns(
    e0: Any, e1: Any, n0: Any, n1: Any, ni0: Any, ni1: Any, years: int
) -> dict[str, Any]:
    """The same decomposition as Ibis expressions, plus change and CAGR.

    Arguments are numeric Ibis expressions (``years`` a Python int); a
    component is null when one of its inputs is.
    """
    f0 = e0.cast("float64")
    f1 = e1.cast("float64")
    ok_nation = (n0 > 0) & (ni0 > 0)
    g = n1.cast("float64") / n0.cast("float64") - 1.0
    gi = ni1.cast("float64") / ni0.cast("float64") - 1.0
    null = ibis.null("float64")
    national = ibis.ifelse(ok_nation, f0 * g, null)
    mix = ibis.ifelse(ok_nation, f0 * (gi - g), null)
    change = e1 - e0
    competitive = change.cast("float64") - national - mix
    growth = ibis.ifelse((e0 > 0) & (e1 >= 0), (f1 / f0).pow(1.0 / years) - 1.0, null)
    return {
        "employment_change": change,
        "employment_cagr": growth if years > 0 else null,
        "shift_national": national,
        "shift_industry_mix": mix,
        "shift_competitive": competitive,
    }
