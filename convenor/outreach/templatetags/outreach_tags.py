"""The employer's outreach on the organisation page (the registry's page is the partners
app's; this section is outreach's): every touch by every partner organisation in the
workspace, newest first, and its point of contact."""

from __future__ import annotations

from typing import Any

from django import template

from convenor.outreach import selectors
from convenor.outreach.forms import PointOfContactForm
from convenor.outreach.models import PointOfContact
from convenor.partners.models import Organisation

register = template.Library()

SHOWN = 50


@register.inclusion_tag("outreach/_employer_outreach.html", takes_context=True)
def employer_outreach(context: template.Context, organisation: Organisation) -> dict[str, Any]:
    membership = context.get("membership")
    if membership is None or not membership.on_team or not organisation.is_employer:
        return {"shown": False}
    touches = selectors.touches_of_employer(organisation)
    contact = (
        PointOfContact.objects.filter(employer=organisation)
        .select_related("person", "person__organisation")
        .first()
    )
    form = None
    if membership.can_edit:
        form = PointOfContactForm(
            employer=organisation,
            initial={
                "person": contact.person_id if contact else None,
                "notes": contact.notes if contact else "",
            },
        )
    return {
        "shown": True,
        "organisation": organisation,
        "touches": list(touches[:SHOWN]),
        "total": touches.count(),
        "contact": contact,
        "form": form,
        "workspace": organisation.workspace,
        "csrf_token": context.get("csrf_token"),
    }
