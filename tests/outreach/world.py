"""A touch and the recruitment material of each partnership."""

from __future__ import annotations

import datetime as dt

from convenor.outreach import services
from convenor.outreach.models import Method

ORDER = 30


def build_workspace(world) -> None:
    world.kwargs["partner_category"] = "employer"


def build(world, partnership) -> None:
    touch = services.touch_create(
        actor=world.owner,
        partnership=partnership,
        occurred_on=dt.date(2026, 1, 10),
        method=Method.ONE_ON_ONE,
        people=[world.objects["person"]],
        purpose="First conversation",
        pain_level=4,
        challenges=["entry_level"],
        follow_up_on=dt.date(2026, 1, 20),
        follow_up_owner=world.owner,
    )
    services.recruitment_save(
        actor=world.owner, partnership=partnership, category="employer", purpose="Why."
    )
    world.kwargs_for(partnership)["touch_id"] = touch.pk
    world.objects_for(partnership)["touch"] = touch
