"""Intermediary objects in the world partnership: a candidate, a convener term, an interest."""

from __future__ import annotations

import datetime as dt

from convenor.audit import services as audit
from convenor.intermediaries import services
from convenor.partners.models import Category, Organisation

ORDER = 90


def build(world) -> None:
    board = audit.create(
        actor=world.owner,
        instance=Organisation(
            workspace=world.workspace,
            name="World Workforce Board",
            category=Category.WORKFORCE_SYSTEM,
        ),
    )
    candidate = services.candidate_create(
        actor=world.owner, partnership=world.partnership, organisation=board, understanding_score=4
    )
    term = services.convener_change(
        actor=world.owner,
        partnership=world.partnership,
        convener=board,
        started_on=dt.date(2026, 1, 5),
        reason="The board ran the needs assessment.",
    )
    interest = services.interest_create(
        actor=world.owner,
        partnership=world.partnership,
        declared_by="World Staff",
        organisation=board,
        kind="employment",
        description="Works for the board.",
        declared_on=dt.date(2026, 1, 5),
    )
    world.objects["intermediary_organisation"] = board
    world.kwargs["candidate_id"] = candidate.pk
    world.kwargs["term_id"] = term.pk
    world.kwargs["interest_id"] = interest.pk
