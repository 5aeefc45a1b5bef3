"""The guide, first on the partnership's page: the toolkit's steps with the next action."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from convenor.assessment.coverage import coverage
from convenor.assessment.guide import guide_context
from convenor.assessment.selectors import partnership_facts
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Access, Membership

PANEL_ORDER = 10


def partnership_panel(request: HttpRequest, partnership: Partnership) -> str | None:
    membership: Membership = partnership.membership  # type: ignore[attr-defined, unused-ignore]
    team = membership.allows(Access.TEAM)
    facts = partnership_facts([partnership], team=team, extras=False)[partnership.pk]
    context = {
        "partnership": partnership,
        "membership": membership,
        "coverage": coverage(partnership, facts),
        **guide_context(partnership, facts),
    }
    return render_to_string("assessment/_guide_panel.html", context, request=request)
