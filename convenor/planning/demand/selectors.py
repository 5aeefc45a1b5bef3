"""Reads of employer demand: the rows a member may see and the pooled figures."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from convenor.partners.models import Organisation
from convenor.partnerships.models import Partnership
from convenor.planning.demand.disclosure import PooledDemand, pool
from convenor.planning.models import HiringProjection
from convenor.planning.people import own_person
from convenor.workspaces.models import Access, Membership


def projections_visible(
    partnership: Partnership, membership: Membership, user: Any
) -> QuerySet[HiringProjection]:
    """Rows the member may see: staff see all; an employer partner sees its own; others none."""
    qs = HiringProjection.objects.filter(partnership=partnership).select_related("organisation")
    if membership.allows(Access.EDIT):
        return qs
    if membership.allows(Access.CONTRIBUTE):
        person = own_person(user, partnership.workspace_id)
        if person is not None and person.organisation_id:
            return qs.filter(organisation_id=person.organisation_id)
    return qs.none()


def projection_owner(
    partnership: Partnership, membership: Membership, user: Any
) -> tuple[Organisation | None, str]:
    """For a member who does not run the partnership: their own employer (the only one
    they enter rows for), or why they cannot enter any. Staff get (None, ""): they name
    the employer of each row."""
    if membership.can_edit:
        return None, ""
    person = own_person(user, partnership.workspace_id)
    if person is None or person.organisation is None:
        return None, (
            "Your sign-in is not linked to an employer's person record in this workspace; ask "
            "the convener's staff to link it so you can enter your organisation's projections."
        )
    if not person.organisation.is_employer:
        return None, (
            f"Hiring projections come from employer partners; {person.organisation} is not "
            "recorded as an employer."
        )
    return person.organisation, ""


def pooled_demand(partnership: Partnership) -> PooledDemand:
    return pool(list(HiringProjection.objects.filter(partnership=partnership).order_by("pk")))
