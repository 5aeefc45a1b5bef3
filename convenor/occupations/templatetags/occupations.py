"""Filters and the "why this industry" panel of occupations."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from convenor.lib.words import money
from convenor.occupations.selectors import evidence_of_issue, snapshots_of

register = template.Library()


@register.filter
def share(value: Any, digits: int = 1) -> str:
    """A fraction as a percentage (0.4246 -> '42.5%'); a missing one is 'n/d', never 0."""
    if value is None or value == "":
        return "n/d"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def wage(row: dict[str, Any], name: str = "median_annual_wage") -> str:
    """A wage with BLS's markers: '#' is at or above the top-coded wage, '*' not published.

    The figure is ``lib.words.money`` (hourly wages with cents); the markers and 'n/d',
    the occupation tables' word for a figure BLS did not publish, are this filter's."""
    value, flag = row.get(name), row.get(f"{name}_flag")
    if flag == "#":
        return "≥ top code (#)"
    if value is None:
        return f"n/d ({flag})" if flag else "n/d"
    return money(value, 2) if "hourly" in name else money(value)


@register.filter
def bound(row: dict[str, Any]) -> str:
    """'≥ ' before a figure that is a lower bound (some QCEW areas suppressed)."""
    return "≥ " if row.get("lower_bound") else ""


@register.filter
def beside(comparison: Any, soc_code: str) -> Any:
    """The region's figures set beside a pooled occupation (``demand.occupations.Beside``)."""
    return comparison.for_row(soc_code) if comparison is not None else None


@register.simple_tag(takes_context=True)
def occupations_panel(context: dict[str, Any], partnership: Any) -> SafeString:
    """The partnership's saved occupation analyses, for its "why this industry" page."""
    return SafeString(
        render_to_string(
            "occupations/_why.html",
            {
                "partnership": partnership,
                "membership": context.get("membership"),
                "saved": list(snapshots_of(partnership)[:5]),
            },
            request=context.get("request"),
        )
    )


@register.simple_tag(takes_context=True)
def issue_evidence(context: dict[str, Any], issue: Any) -> SafeString:
    """Saved occupation analyses cited for an issue, with their figures for its challenge
    (for the issue page: ``{% load occupations %}{% issue_evidence issue %}``)."""
    request = context.get("request")
    return SafeString(
        render_to_string(
            "occupations/_issue_evidence.html",
            {
                "issue": issue,
                "partnership": issue.partnership,
                "membership": context.get("membership"),
                "links": list(evidence_of_issue(issue)),
                "here": request.get_full_path() if request is not None else "",
            },
            request=request,
        )
    )
