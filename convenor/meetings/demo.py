"""Demo meetings: a kick-off from the first-meeting template, a follow-up where employers
were outnumbered, the next meeting, a mis-named "summit", decisions and action items."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from convenor.front.demo import DemoContext
from convenor.meetings import services
from convenor.meetings.first_meeting import first_meeting_draft
from convenor.meetings.models import ActionStatus, EventType, Expectation
from convenor.partners.models import Person
from convenor.workspaces.models import Role


def _at(ctx: DemoContext, days: int, hour: int = 9) -> dt.datetime:
    """A working day about ``days`` from today, at ``hour``: employers meet on weekdays in
    working hours, so a Saturday or Sunday moves back to the Friday before."""
    day = ctx.today + dt.timedelta(days=days)
    if day.weekday() >= 5:
        day -= dt.timedelta(days=day.weekday() - 4)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _partner_person(ctx: DemoContext) -> Person | None:
    """The partner-role demo user's own person record (the partners demo links it), so
    "My action items" shows hers."""
    return Person.objects.filter(workspace=ctx.workspace, user=ctx.users[Role.PARTNER]).first()


def build(ctx: DemoContext) -> None:
    partnership, owner = ctx.partnership, ctx.owner
    # The people at the table, from the partners app's demo (it runs first).
    people: list[Person] = ctx.objects["people"]
    employers = [p for p in people if p.is_employer]
    others = [p for p in people if not p.is_employer]
    maria = _partner_person(ctx) or (employers[0] if employers else None)

    # 1. The kick-off, from the toolkit's sample agenda, eight weeks ago.
    draft = first_meeting_draft(partnership, now=_at(ctx, -77))
    kickoff = services.meeting_create(
        actor=owner,
        partnership=partnership,
        title=draft.title,
        event_type=draft.event_type,
        expectation=draft.expectation,
        starts_at=_at(ctx, -56),
        ends_at=_at(ctx, -56) + dt.timedelta(hours=2),
        location="Columbus State Community College, Workforce Development Center, Room 210",
        objective=draft.objective,
        is_kickoff=True,
        invitees=people,
        agenda=draft.agenda,
    )
    came = [p.pk for p in employers] + [p.pk for p in others[:2]]
    services.attendance_record(actor=owner, meeting=kickoff, attended_person_ids=came)
    services.meeting_update(
        actor=owner,
        meeting=kickoff,
        changes={
            "notes": "Employers confirmed what the one-on-ones found: they cannot fill "
            "maintenance technician and CNC machinist openings, and half of new hires leave "
            "within a year.\n\nPartners rated six issues by importance and feasibility. "
            "The top two: a shared pipeline of maintenance technicians, and onboarding that "
            "keeps entry-level workers past their first year."
        },
        expected_version=None,
    )
    first = services.decision_create(
        actor=owner,
        partnership=partnership,
        text="Prioritise two issues for the first year: the maintenance technician pipeline "
        "and first-year retention of entry-level production workers.",
        decided_on=kickoff.starts_at.date(),
        decided_by="Employer partners, by consensus",
        meeting=kickoff,
    )
    services.decision_create(
        actor=owner,
        partnership=partnership,
        text="Meet every six weeks on a weekday, 9:00 to 11:00, hosted in turn by employer "
        "partners.",
        decided_on=kickoff.starts_at.date(),
        decided_by="All partners",
        meeting=kickoff,
    )
    services.action_item_create(
        actor=owner,
        partnership=partnership,
        title="Draft a problem statement for the maintenance technician pipeline",
        owner=employers[0] if employers else None,
        due_on=ctx.today - dt.timedelta(days=35),
        status=ActionStatus.DONE,
        meeting=kickoff,
        decision=first,
    )
    services.action_item_create(
        actor=owner,
        partnership=partnership,
        title="Share first-year turnover figures (anonymised) with the convener",
        owner=maria,
        due_on=ctx.today - dt.timedelta(days=10),
        meeting=kickoff,
        decision=first,
    )

    # 2. The follow-up six weeks later: public partners outnumbered employers.
    second_start = _at(ctx, -14)
    follow_up = services.meeting_create(
        actor=owner,
        partnership=partnership,
        title="Problem statements and a name for the effort",
        event_type=EventType.PARTNERSHIP_MEETING,
        expectation=Expectation.DECIDE,
        starts_at=second_start,
        ends_at=second_start + dt.timedelta(minutes=90),
        location="Buckeye Precision Machining, training room",
        objective="Agree the problem statement of each priority issue and choose a name for "
        "the partnership.",
        invitees=people,
    )
    for title, minutes in (
        ("Problem statements: maintenance technicians", 30),
        ("Problem statements: first-year retention", 30),
        ("Naming the effort", 15),
        ("Next steps and owners", 15),
    ):
        services.agenda_item_create(actor=owner, meeting=follow_up, title=title, minutes=minutes)
    services.attendance_record(
        actor=owner,
        meeting=follow_up,
        attended_person_ids=[p.pk for p in employers[:1]] + [p.pk for p in others],
    )
    named = services.decision_create(
        actor=owner,
        partnership=partnership,
        text="Adopt the problem statements as drafted, and ask employers to choose between "
        "'Central Ohio Makers Alliance' and 'Central Ohio Advanced Manufacturing Partnership'.",
        decided_on=second_start.date(),
        decided_by="Partners present",
        meeting=follow_up,
    )
    services.action_item_create(
        actor=owner,
        partnership=partnership,
        title="Call the employers who missed the meeting before the next one",
        owner=employers[1] if len(employers) > 1 else None,
        due_on=ctx.today - dt.timedelta(days=3),
        status=ActionStatus.IN_PROGRESS,
        meeting=follow_up,
        decision=named,
    )
    services.action_item_create(
        actor=owner,
        partnership=partnership,
        title="Map the region's maintenance technician programs (resource map)",
        owner=others[0] if others else None,
        due_on=ctx.today + dt.timedelta(days=14),
        meeting=follow_up,
    )

    # 3. The next meeting, with a time-boxed agenda.
    next_start = _at(ctx, 21)
    upcoming = services.meeting_create(
        actor=owner,
        partnership=partnership,
        title="Logic model and action plan, part 1",
        event_type=EventType.PARTNERSHIP_MEETING,
        expectation=Expectation.DECIDE,
        starts_at=next_start,
        ends_at=next_start + dt.timedelta(minutes=105),
        location="Scioto Valley Plastics, conference room",
        objective="Write the vision and first goals of the action plan, with a benchmark each.",
        invitees=people,
    )
    for title, minutes, lead in (
        ("Welcome, and what changed since the last meeting", 10, employers[:1]),
        ("Vision for change", 30, []),
        ("Goals and benchmarks", 45, []),
        ("Next steps and owners", 15, employers[1:2]),
    ):
        services.agenda_item_create(
            actor=owner,
            meeting=upcoming,
            title=title,
            minutes=minutes,
            owner=lead[0] if lead else None,
            owner_label="" if lead else "Facilitator",
        )

    # 4. A draft that promises too much: a "summit" with no government leader invited.
    summit_start = _at(ctx, 60, 9)
    services.meeting_create(
        actor=owner,
        partnership=partnership,
        title="Central Ohio Manufacturing Workforce Summit",
        event_type=EventType.SUMMIT,
        starts_at=summit_start,
        ends_at=summit_start + dt.timedelta(hours=3),
        location="To be confirmed",
        objective="Present the action plan to the region's manufacturers and recruit more "
        "employers.",
        invitees=employers,
    )
    ctx.objects["meetings"] = [kickoff, follow_up, upcoming]
    ctx.objects["decisions"] = [first, named]
