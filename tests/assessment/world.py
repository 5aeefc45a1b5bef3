"""Assessment objects in the world partnership: a readiness answer, a group phase note,
a tension."""

from __future__ import annotations

import datetime as dt

from convenor.assessment import services

ORDER = 90


def build(world) -> None:
    services.readiness_answer_save(
        actor=world.owner,
        partnership=world.partnership,
        question="challenge",
        status="partly",
        answer="Two employers raised turnover.",
    )
    note = services.phase_note_create(
        actor=world.owner,
        partnership=world.partnership,
        phase="forming",
        noted_on=dt.date(2026, 1, 6),
    )
    world.kwargs["readiness_question"] = "challenge"
    world.kwargs["phase_id"] = note.pk
    tension = services.tension_create(
        actor=world.owner,
        partnership=world.partnership,
        kind="roles",
        what="Who recruits the employers: the board or the college.",
        raised_on=dt.date(2026, 1, 6),
    )
    world.kwargs["tension_id"] = tension.pk
