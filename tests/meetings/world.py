"""Meetings, agenda, attendance, a decision, an action item and a calendar feed in
each partnership. The action items are pat's own: "my action items" must show the
one of the shared partnership and not the other."""

from __future__ import annotations

from convenor.meetings import services
from convenor.meetings.models import Attendance
from convenor.meetings.rsvp import rsvp_token
from convenor.partners.models import AuthorityLevel, Category
from tests.meetings.factories import meeting, person, when

ORDER = 60  # after the partners' world (20), so their people exist


def build_workspace(world) -> None:
    ws = world.workspace
    world.objects["meeting_invitees"] = [
        person(ws, "Erin Steelworks", authority_level=AuthorityLevel.CEO),
        person(ws, "Paul Jobcenter", category=Category.WORKFORCE_SYSTEM),
    ]


def build(world, partnership) -> None:
    employer = world.objects["meeting_invitees"][0]
    m = meeting(partnership, world.owner, invitees=world.objects["meeting_invitees"])
    item = services.agenda_item_create(
        actor=world.owner, meeting=m, title="Issue identification", minutes=30, owner=employer
    )
    decision = services.decision_create(
        actor=world.owner,
        partnership=partnership,
        text="Start a maintenance technician apprenticeship work group.",
        decided_on=when(-1).date(),
        decided_by="Employer partners by consensus",
        meeting=m,
    )
    action = services.action_item_create(
        actor=world.owner,
        partnership=partnership,
        title="Draft the apprenticeship outline",
        owner=world.objects["pat_person"],
        due_on=when(-3).date(),
        meeting=m,
        decision=decision,
    )
    feed, raw = services.calendar_feed_create(
        actor=world.owner, partnership=partnership, name="Employer partners"
    )
    world.objects_for(partnership).setdefault("meetings", []).append(m)
    world.kwargs_for(partnership).update(
        meeting_id=m.pk,
        agenda_item_id=item.pk,
        attendance_id=Attendance.objects.filter(meeting=m).first().pk,
        rsvp_token=rsvp_token(Attendance.objects.filter(meeting=m).first(), "yes"),
        decision_id=decision.pk,
        action_item_id=action.pk,
        feed_id=feed.pk,
        feed_token=raw,
    )
