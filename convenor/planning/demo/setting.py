"""The people, organisations, touches and meetings the planning demo builds on; made here
when the earlier demos (partners, outreach, meetings) did not make them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from convenor.front.demo import DemoContext
from convenor.meetings.models import Meeting
from convenor.outreach.models import Method, Touch
from convenor.outreach.services import touch_create
from convenor.partners import services as partners_services
from convenor.partners.models import Category, Organisation, PartnershipMember, Person
from convenor.workspaces.models import Role

EMPLOYERS = [
    ("Buckeye Precision Machining", "Linda Park", "CEO"),
    ("Scioto Valley Plastics", "Tom Reilly", "President"),
    ("Columbus Fabrication Works", "Maria Lopez", "HR Director"),
    ("Delaware Castings", "Andre Wilson", "Plant Manager"),
]
PARTNERS = [
    ("Columbus State Community College", Category.EDUCATION, "Grace Chen", "Dean of Workforce"),
    (
        "OhioMeansJobs Columbus-Franklin County",
        Category.WORKFORCE_SYSTEM,
        "Raj Patel",
        "Business Services Lead",
    ),
    ("Opportunities for Ohioans with Disabilities", Category.HUMAN_SERVICES, "", ""),
    ("Franklin County Job and Family Services", Category.HUMAN_SERVICES, "", ""),
    ("Delaware Area Career Center", Category.EDUCATION, "", ""),
]

# (title, challenge, description)

# Touches made when the outreach demo made none: (days ago, employer index, challenges, heard)
TOUCHES = [
    (
        110,
        0,
        ["skills_gap", "retirement"],
        "Three CNC jobs open since spring; two machinists retire next year.",
    ),
    (104, 1, ["entry_level", "skills_gap"], "Lost half of last summer's hires in the first month."),
    (
        98,
        2,
        ["entry_level", "support_transport"],
        "Second-shift hires quit when the bus stops at 10 pm.",
    ),
    (91, 3, ["skills_gap", "perception"], "Parents steer kids away from the shop floor."),
    (85, 0, ["entry_level"], "Supervisors were never taught how to onboard."),
    (80, 3, ["retirement"], "The maintenance crew averages 58 years old."),
]


def _org(ctx: DemoContext, name: str, category: str) -> Organisation:
    org = Organisation.objects.filter(workspace=ctx.workspace, name=name).first()
    if org is None:
        org = partners_services.organisation_create(
            actor=ctx.owner, workspace=ctx.workspace, name=name, category=category
        )
    return org


def _person(ctx: DemoContext, org: Organisation, name: str, title: str) -> Person:
    person = (
        Person.objects.filter(workspace=ctx.workspace, organisation=org).order_by("pk").first()
        or Person.objects.filter(workspace=ctx.workspace, name=name).first()
    )
    if person is None:
        person = partners_services.person_create(
            actor=ctx.owner, workspace=ctx.workspace, name=name, title=title, organisation=org
        )
    if not PartnershipMember.objects.filter(partnership=ctx.partnership, person=person).exists():
        partners_services.member_add(
            actor=ctx.owner, partnership=ctx.partnership, person=person, stage="active"
        )
    return person


def _partner_person(ctx: DemoContext, org: Organisation, fallback: Person) -> Person:
    """The partner-role demo user's own record: she votes and enters her own demand."""
    user = ctx.users[Role.PARTNER]
    mine = Person.objects.filter(workspace=ctx.workspace, user=user).first()
    if mine is not None:
        return mine
    # Linked through the one service that links sign-ins to people, as the pages do.
    if fallback.user_id is None and fallback.organisation_id == org.pk:
        return partners_services.person_link_account(actor=ctx.owner, person=fallback, user=user)
    return partners_services.person_create_for_account(
        actor=ctx.owner,
        user=user,
        workspace=ctx.workspace,
        name=user.name or "Maria Lopez",
        organisation=org,
    )


def _touches(ctx: DemoContext, people: list[Person]) -> list[Touch]:
    touches = list(Touch.objects.filter(partnership=ctx.partnership))
    if any(t.challenges for t in touches):
        return touches

    return [
        touch_create(
            actor=ctx.owner,
            partnership=ctx.partnership,
            occurred_on=ctx.today - dt.timedelta(days=days),
            method=Method.ONE_ON_ONE,
            people=[people[i]],
            purpose="One-on-one: workforce challenges",
            heard=heard,
            challenges=codes,
        )
        for days, i, codes, heard in TOUCHES
    ]


def _meeting(ctx: DemoContext, index: int) -> Meeting | None:
    made: list[Meeting] = ctx.objects.get("meetings") or []
    if len(made) > index:
        return made[index]
    past = Meeting.objects.filter(partnership=ctx.partnership, starts_at__lte=timezone.now())
    return past.order_by("starts_at")[index : index + 1].first()


def _day(meeting: Meeting | None, default: dt.date) -> dt.date:
    return timezone.localdate(meeting.starts_at) if meeting else default


@dataclass
class Cast:
    """Who and what the planning demo uses, by role in the story."""

    employers: list[Organisation]
    employer_people: list[Person]
    others: dict[str, Organisation]
    college: Organisation
    omj: Organisation
    grace: Person
    raj: Person
    maria: Person  # the partner-role demo user's own record, at employers[2]
    touches: list[Touch]
    kickoff: Meeting | None
    follow_up: Meeting | None
    upcoming: Meeting | None
    kickoff_day: dt.date
    follow_up_day: dt.date


def cast(ctx: DemoContext) -> Cast:
    owner, p, today = ctx.owner, ctx.partnership, ctx.today
    employers = [_org(ctx, name, Category.EMPLOYER) for name, _, _ in EMPLOYERS]
    employer_people = [
        _person(ctx, org, name, title)
        for org, (_, name, title) in zip(employers, EMPLOYERS, strict=True)
    ]
    others = {name: _org(ctx, name, category) for name, category, _, _ in PARTNERS}
    college, omj = others[PARTNERS[0][0]], others[PARTNERS[1][0]]
    grace = _person(ctx, college, PARTNERS[0][2], PARTNERS[0][3])
    raj = _person(ctx, omj, PARTNERS[1][2], PARTNERS[1][3])
    maria = _partner_person(ctx, employers[2], employer_people[2])
    if not PartnershipMember.objects.filter(partnership=p, person=maria).exists():
        partners_services.member_add(actor=owner, partnership=p, person=maria, stage="active")
    touches = _touches(ctx, employer_people)
    kickoff, follow_up, upcoming = _meeting(ctx, 0), _meeting(ctx, 1), _meeting(ctx, 2)
    kickoff_day = _day(kickoff, today - dt.timedelta(days=60))
    follow_up_day = _day(follow_up, today - dt.timedelta(days=45))
    return Cast(
        employers=employers,
        employer_people=employer_people,
        others=others,
        college=college,
        omj=omj,
        grace=grace,
        raj=raj,
        maria=maria,
        touches=touches,
        kickoff=kickoff,
        follow_up=follow_up,
        upcoming=upcoming,
        kickoff_day=kickoff_day,
        follow_up_day=follow_up_day,
    )
