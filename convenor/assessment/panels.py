"""The guide, first on the partnership's page: the toolkit's steps with the next action."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from convenor.partnerships.models import Partnership

PANEL_ORDER = 10


def partnership_panel(request: HttpRequest, partnership: Partnership) -> str | None:
    from convenor.assessment.selectors import partnership_facts
    from convenor.assessment.views import guide_context

    facts = partnership_facts([partnership], extras=False)[partnership.pk]
    context = {
        "partnership": partnership,
        "membership": partnership.membership,
        **guide_context(partnership, facts),
    }
    return render_to_string("assessment/_guide_panel.html", context, request=request)
