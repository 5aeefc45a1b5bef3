"""The demo data: a kick-off from the template, a follow-up, the next meeting, decisions."""

from __future__ import annotations

from convenor.front.demo import demo_base
from convenor.meetings import demo
from convenor.meetings.models import ActionItem, Decision, Meeting
from convenor.workspaces.models import Role


def test_the_demo_builds_meetings_decisions_and_action_items(db):
    from convenor.partners import demo as partners_demo

    ctx = demo_base(reset=True)
    partners_demo.build(ctx)  # the people at the table, as in `convenor demo`
    demo.build(ctx)
    meetings = Meeting.objects.filter(partnership=ctx.partnership)
    kickoff = meetings.get(is_kickoff=True)
    assert kickoff.agenda_items.count() == 7
    assert kickoff.attendance.filter(attended=True).exists()
    assert meetings.count() == 4
    assert Decision.objects.filter(partnership=ctx.partnership).count() == 3
    maria = ctx.users[Role.PARTNER]
    assert ActionItem.objects.filter(owner__user=maria).exists()
    assert any(item.is_overdue for item in ActionItem.objects.all())


def test_the_demo_uses_the_partners_demo_people_when_there_are_some(db):
    from tests.meetings.factories import person

    ctx = demo_base(reset=True)
    ctx.objects["people"] = [
        person(ctx.workspace, "Ann Employer", authority_level="ceo"),
        person(ctx.workspace, "Bob Board", category="workforce_system"),
    ]
    demo.build(ctx)
    kickoff = Meeting.objects.get(partnership=ctx.partnership, is_kickoff=True)
    assert sorted(kickoff.attendance.values_list("person__name", flat=True)) == [
        "Ann Employer",
        "Bob Board",
    ]
