"""Demo data of communications: a sent update, answers to the next meeting's invitation,
pulse answers after the two held meetings, two partners calling on one employer within a
month (the coordination finding), a point of contact, an overdue briefing."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings

from convenor.comms import services
from convenor.comms.models import InputLink
from convenor.comms.tasks import send_update
from convenor.front.demo import DemoContext
from convenor.meetings.models import Attendance, Response
from convenor.meetings.services import attendance_respond
from convenor.meetings.tasks import send_meeting_invitations
from convenor.outreach.models import Method
from convenor.outreach.services import point_of_contact_set, touch_create
from convenor.partners.models import Category, Organisation, Person
from convenor.workspaces.models import Role

# The demo never e-mails its made-up addresses: messages are built and recorded as in
# production, and kept in memory.
IN_MEMORY = "django.core.mail.backends.locmem.EmailBackend"


def build(ctx: DemoContext) -> None:
    with override_settings(EMAIL_BACKEND=IN_MEMORY):
        _build(ctx)


def _person(ctx: DemoContext, name: str) -> Person | None:
    return Person.objects.filter(workspace=ctx.workspace, name=name).first()


def _organisation(ctx: DemoContext, name: str) -> Organisation | None:
    return Organisation.objects.filter(workspace=ctx.workspace, name=name).first()


def _build(ctx: DemoContext) -> None:
    partnership, owner = ctx.partnership, ctx.owner
    staff = ctx.users.get(Role.STAFF, owner)

    # 1. An update to the employer partners, sent and logged as e-mail touches.
    update = services.update_create(
        actor=owner,
        partnership=partnership,
        subject="Maintenance technician apprenticeship: first cohort this fall",
        body=(
            "Thank you for your time at the last meeting. Where we are:\n\n"
            "* **Four employers** will host apprentices in the first cohort.\n"
            "* Columbus State will run the related instruction on Tuesday evenings.\n"
            "* The next meeting writes the vision and first goals of the action plan.\n\n"
            "Questions or doubts? Reply to this e-mail: we want to hear them."
        ),
        categories=[Category.EMPLOYER],
    )
    services.update_send(actor=owner, update=update)
    send_update.call(update.pk)  # as the worker would; the queued task then finds nothing

    meetings = ctx.objects.get("meetings", [])
    if len(meetings) >= 3:
        kickoff, follow_up, upcoming = meetings[:3]
        # 2. The next meeting's invitations went out; most invitees answered.
        rows = list(
            Attendance.objects.filter(meeting=upcoming, invited=True).select_related(
                "person", "person__organisation"
            )
        )
        send_meeting_invitations.call(upcoming.pk, [r.pk for r in rows])
        for i, row in enumerate(rows):
            employer = row.person.is_employer
            if i % 5 == 4:
                continue  # no answer yet
            answer = Response.ACCEPTED if employer or i % 3 else Response.DECLINED
            attendance_respond(attendance=row, response=answer, via="through the demo")

        # 3. The pulse after each held meeting, answered through the signed links.
        for meeting, scores in ((kickoff, (3, 4, 3, 2, 4)), (follow_up, (4, 5, 4, 4, 3))):
            came = Attendance.objects.filter(meeting=meeting, attended=True).select_related(
                "person"
            )
            for row, score in zip(came, scores * 4, strict=False):
                link = services.input_link_create(
                    actor=owner,
                    partnership=partnership,
                    person=row.person,
                    purpose=InputLink.Purpose.PULSE,
                    meeting=meeting,
                )
                services.pulse_answer(link=link, score=score)

    # 4. One voice to employers: the college and the economic development partnership
    # both called on Delaware Castings this month, with different asks.
    andre = _person(ctx, "Andre Wilson")
    college = _organisation(ctx, "Columbus State Community College")
    econ = _organisation(ctx, "Central Ohio Economic Development Partnership")
    if andre and college and econ:
        for by, days, purpose in (
            (college, 12, "Internship placements for welding students"),
            (econ, 4, "Expansion incentives survey"),
        ):
            touch_create(
                actor=staff,
                partnership=partnership,
                occurred_on=ctx.today - dt.timedelta(days=days),
                method=Method.CALL,
                people=[andre],
                purpose=purpose,
                by_organisation=by,
            )
    buckeye = _organisation(ctx, "Buckeye Precision Machining")
    raj = _person(ctx, "Raj Patel")
    if buckeye and raj:
        point_of_contact_set(
            actor=owner, employer=buckeye, person=raj, notes="business services, monthly call"
        )

    # 5. The county commissioner was last briefed more than 90 days ago: overdue.
    commissioner = _person(ctx, "Dana Ruiz")
    if commissioner:
        touch_create(
            actor=owner,
            partnership=partnership,
            occurred_on=ctx.today - dt.timedelta(days=104),
            method=Method.ONE_ON_ONE,
            people=[commissioner],
            purpose="Briefing on the regional needs assessment",
        )
