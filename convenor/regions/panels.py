"""The "why this industry" section of the partnership page."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from convenor.partnerships.models import Partnership
from convenor.regions.selectors import current_snapshot

PANEL_ORDER = 20


def partnership_panel(request: HttpRequest, partnership: Partnership) -> str:
    return render_to_string(
        "regions/_panel.html",
        {"partnership": partnership, "snapshot": current_snapshot(partnership)},
        request=request,
    )
