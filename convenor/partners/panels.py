"""The partners section of the partnership page: pipeline counts and the partner mix."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from convenor.partners import selectors
from convenor.partners.member_views import mix_findings
from convenor.partners.models import Stage
from convenor.partnerships.models import Partnership

PANEL_ORDER = 20


def partnership_panel(request: HttpRequest, partnership: Partnership) -> str | None:
    membership = partnership.membership
    if not membership.on_team:  # a partner sees who is at the table, not the pipeline
        members = list(selectors.members_visible(partnership, membership)[:30])
        return render_to_string(
            "partners/panel.html",
            {"partnership": partnership, "is_partner": True, "members": members},
            request=request,
        )
    counts = selectors.stage_counts(partnership)
    return render_to_string(
        "partners/panel.html",
        {
            "partnership": partnership,
            "is_partner": False,
            "stages": [(s.value, s.label, counts[s.value]) for s in Stage],
            "total": sum(counts.values()),
            "findings": mix_findings(partnership),
        },
        request=request,
    )
