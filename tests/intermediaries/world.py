"""Intermediary objects in each partnership: a candidate, a convener term, an interest.

Those of the shared partnership are shown to partners, so the partner-role user may
read them; tests/intermediaries proves the default (not shown) keeps them from her.
"""

from __future__ import annotations

import datetime as dt

from convenor.audit import services as audit
from convenor.intermediaries import services
from convenor.partners.models import Category, Organisation

ORDER = 90


def build_workspace(world) -> None:
    world.objects["intermediary_organisation"] = audit.create(
        actor=world.owner,
        instance=Organisation(
            workspace=world.workspace,
            name="World Workforce Board",
            category=Category.WORKFORCE_SYSTEM,
        ),
    )


def build(world, partnership) -> None:
    board = world.objects["intermediary_organisation"]
    shared = partnership == world.shared_partnership
    candidate = services.candidate_create(
        actor=world.owner,
        partnership=partnership,
        organisation=board,
        understanding_score=4,
        shared_with_partners=shared,
    )
    term = services.convener_change(
        actor=world.owner,
        partnership=partnership,
        convener=board,
        started_on=dt.date(2026, 1, 5),
        reason="The board ran the needs assessment.",
    )
    interest = services.interest_create(
        actor=world.owner,
        partnership=partnership,
        declared_by="World Staff",
        organisation=board,
        kind="employment",
        description="Works for the board.",
        declared_on=dt.date(2026, 1, 5),
        shared_with_partners=shared,
    )
    world.kwargs_for(partnership).update(
        candidate_id=candidate.pk, term_id=term.pk, interest_id=interest.pk
    )
