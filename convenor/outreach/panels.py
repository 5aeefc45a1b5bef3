"""The outreach section of the partnership page: challenges heard, counted by employer."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from convenor.outreach import selectors
from convenor.partnerships.models import Partnership

PANEL_ORDER = 30


def partnership_panel(request: HttpRequest, partnership: Partnership) -> str | None:
    is_partner = not partnership.membership.on_team  # the follow-ups are the team's
    context = {
        "partnership": partnership,
        "is_partner": is_partner,
        "counts": selectors.challenge_counts(partnership),
    }
    if not is_partner:
        context["follow_ups"] = summary = selectors.follow_up_summary(partnership)
        context["touches"] = summary["total"]
        context["coordination"] = selectors.coordination(partnership)
    return render_to_string("outreach/panel.html", context, request=request)
