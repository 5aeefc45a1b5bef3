"""Assessment objects in each partnership: a readiness answer, a group phase note,
a tension."""

from __future__ import annotations

import datetime as dt

from convenor.assessment import services

ORDER = 90


def build_workspace(world) -> None:
    world.kwargs["readiness_question"] = "challenge"


def build(world, partnership) -> None:
    services.readiness_answer_save(
        actor=world.owner,
        partnership=partnership,
        question="challenge",
        status="partly",
        answer="Two employers raised turnover.",
    )
    note = services.phase_note_create(
        actor=world.owner,
        partnership=partnership,
        phase="forming",
        noted_on=dt.date(2026, 1, 6),
    )
    tension = services.tension_create(
        actor=world.owner,
        partnership=partnership,
        kind="roles",
        what="Who recruits the employers: the board or the college.",
        raised_on=dt.date(2026, 1, 6),
    )
    world.kwargs_for(partnership).update(phase_id=note.pk, tension_id=tension.pk)
