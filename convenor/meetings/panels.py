"""The meetings section of the partnership page: cadence, employer-led trend, overdue items."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from convenor.lib.findings import by_severity
from convenor.meetings import selectors
from convenor.meetings.checks import cadence_findings, employer_trend_findings
from convenor.partnerships.models import Partnership

PANEL_ORDER = 40


def partnership_panel(request: HttpRequest, partnership: Partnership) -> str | None:
    now = timezone.now()
    cadence = selectors.cadence(partnership, now=now)
    trend = selectors.employer_trend(partnership, now=now)
    findings = by_severity(
        cadence_findings(
            days_since_last=cadence.days_since_last,
            has_next=cadence.next is not None,
            held_without_objective=len(cadence.held_without_objective),
            held_without_decisions=len(cadence.held_without_decisions),
            overdue_action_items=len(cadence.overdue),
        )
        + employer_trend_findings([p.mix for p in trend])
    )
    return render_to_string(
        "meetings/_panel.html",
        {
            "partnership": partnership,
            "membership": getattr(partnership, "membership", None),
            "cadence": cadence,
            "trend": trend[-6:],
            "findings": findings,
            "trend_spec": selectors.trend_chart_spec(trend[-12:]) if len(trend) > 1 else None,
        },
        request=request,
    )
