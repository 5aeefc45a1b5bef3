"""The demo shows communications working: a sent update logged as touches, answers to
the next meeting's invitation, a pulse trend, and a coordination finding."""

from __future__ import annotations

from convenor.comms import demo, selectors
from convenor.comms.models import Recipient, Update
from convenor.front.demo import demo_base
from convenor.meetings.models import Attendance, Response
from convenor.outreach.selectors import coordination


def test_the_demo_sends_an_update_collects_answers_and_shows_a_coordination_finding(db):
    from convenor.meetings import demo as meetings_demo
    from convenor.partners import demo as partners_demo

    ctx = demo_base(reset=True)
    partners_demo.build(ctx)  # the people at the table, as in `convenor demo`
    meetings_demo.build(ctx)
    demo.build(ctx)

    update = Update.objects.get(partnership=ctx.partnership)
    sent = update.recipients.filter(status=Recipient.Status.SENT)
    assert sent.exists()
    # every message sent is in the record: an e-mail touch on its person
    assert all(r.touch is not None and r.person in r.touch.people.all() for r in sent)

    answered = Attendance.objects.filter(
        meeting__partnership=ctx.partnership, response=Response.ACCEPTED
    )
    assert answered.exists()

    trend = selectors.pulse_trend(ctx.partnership)
    assert len(trend) == 2  # the two held meetings
    assert all(1 <= p.average <= 5 and p.answers > 0 for p in trend)

    findings = coordination(ctx.partnership, today=ctx.today)
    assert any("Delaware Castings" in f.reason for f in findings)
