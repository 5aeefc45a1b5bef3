"""Meetings, agenda, attendance, a decision, an action item and a calendar feed in
``world.partnership`` (not shared with the partner-role user)."""

from __future__ import annotations

from convenor.meetings import services
from convenor.meetings.models import Attendance
from convenor.partners.models import AuthorityLevel, Category
from tests.meetings.factories import meeting, person, when

ORDER = 60  # after the partners' world (50), so their people exist


def build(world) -> None:
    ws = world.workspace
    employer = person(ws, "Erin Steelworks", authority_level=AuthorityLevel.CEO)
    public = person(ws, "Paul Jobcenter", category=Category.WORKFORCE_SYSTEM)
    # pat's own person record, with an item in a partnership NOT shared with her:
    # "my action items" must not show it.
    pats = person(ws, "World Partner", user=world.pat, email="pat@world.example")
    m = meeting(world.partnership, world.owner, invitees=[employer, public])
    item = services.agenda_item_create(
        actor=world.owner, meeting=m, title="Issue identification", minutes=30, owner=employer
    )
    decision = services.decision_create(
        actor=world.owner,
        partnership=world.partnership,
        text="Start a maintenance technician apprenticeship work group.",
        decided_on=when(-1).date(),
        decided_by="Employer partners by consensus",
        meeting=m,
    )
    action = services.action_item_create(
        actor=world.owner,
        partnership=world.partnership,
        title="Draft the apprenticeship outline",
        owner=pats,
        due_on=when(-3).date(),
        meeting=m,
        decision=decision,
    )
    feed, raw = services.calendar_feed_create(
        actor=world.owner, partnership=world.partnership, name="Employer partners"
    )
    world.objects.setdefault("meetings", []).append(m)
    world.kwargs.update(
        meeting_id=m.pk,
        agenda_item_id=item.pk,
        attendance_id=Attendance.objects.filter(meeting=m).first().pk,
        decision_id=decision.pk,
        action_item_id=action.pk,
        feed_id=feed.pk,
        feed_token=raw,
    )
