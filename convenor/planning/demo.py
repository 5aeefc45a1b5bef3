"""Demo planning data for the Central Ohio Advanced Manufacturing Partnership.

Builds on what earlier demos made (people, organisations, touches, meetings,
decisions) and creates what is missing: issues from the touches, a closed
prioritisation round with votes from several employers and its consensus, an open
second round the partner-role user can vote in, problem statements with "why?"
chains, past efforts, direction and governance, a logic model, goals with
benchmarks, results and action steps, a versioned resource map, and hiring
projections from four employers (one occupation hidden for having two employers,
one because one employer holds most of its openings).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from convenor.front.demo import DemoContext
from convenor.lib.challenges import Challenge
from convenor.meetings import services as meetings_services
from convenor.meetings.models import ActionStatus, Decision, Meeting
from convenor.outreach.models import Method, Touch
from convenor.partners import services as partners_services
from convenor.partners.models import Category, Organisation, PartnershipMember, Person
from convenor.planning import services
from convenor.planning.models import (
    CoordinatorFrom,
    EffortKind,
    EvidenceKind,
    FundingSource,
    IssueStatus,
    LogicColumn,
    ResourceKind,
    SolutionStatus,
    StrategyCategory,
)
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
ISSUES = [
    (
        "CNC operators and machinists: applicants lack the skills",
        Challenge.SKILLS_GAP,
        "Employers interview many applicants for CNC jobs but few can read a print or set up "
        "a machine; positions stay open for months.",
    ),
    (
        "New production hires leave within 90 days",
        Challenge.ENTRY_LEVEL,
        "Entry-level turnover on the production floor runs near 40% in the first 90 days.",
    ),
    (
        "Maintenance technicians retiring with no one trained to replace them",
        Challenge.RETIREMENT,
        "A third of industrial maintenance technicians are over 55.",
    ),
    (
        "Young people and parents see manufacturing as a dead end",
        Challenge.PERCEPTION,
        "",
    ),
    (
        "No bus service to plants on the second shift",
        Challenge.SUPPORT_TRANSPORT,
        "",
    ),
]

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
    if fallback.user_id is None and fallback.organisation_id == org.pk:
        return partners_services.person_update(
            actor=ctx.owner, person=fallback, changes={"user": user}, expected_version=None
        )
    return partners_services.person_create(
        actor=ctx.owner,
        workspace=ctx.workspace,
        name=user.name or "Maria Lopez",
        organisation=org,
        user=user,
    )


def _touches(ctx: DemoContext, people: list[Person]) -> list[Touch]:
    touches = list(Touch.objects.filter(partnership=ctx.partnership))
    if any(t.challenges for t in touches):
        return touches
    from convenor.outreach.services import touch_create

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
    made = ctx.objects.get("meetings") or []
    if len(made) > index:
        return made[index]
    past = Meeting.objects.filter(partnership=ctx.partnership, starts_at__lte=timezone.now())
    return past.order_by("starts_at")[index : index + 1].first()


def _day(meeting: Meeting | None, default: dt.date) -> dt.date:
    return timezone.localdate(meeting.starts_at) if meeting else default


def build(ctx: DemoContext) -> None:
    owner, staff = ctx.owner, ctx.users[Role.STAFF]
    p = ctx.partnership
    today = ctx.today
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

    # Issues, evidence from touches and data
    issues = []
    for title, code, description in ISSUES:
        raised = [t for t in touches if code in (t.challenges or [])]
        issues.append(
            services.issue_create(
                actor=staff,
                partnership=p,
                title=title,
                challenge=code,
                description=description,
                touches=raised,
            )
        )
    cnc, turnover, retirement, perception, transport = issues
    services.issue_evidence_add(
        actor=staff,
        issue=cnc,
        kind=EvidenceKind.ANALYSIS,
        title="Regional industry analysis: machinery manufacturing location quotient 1.6",
        note="Saved labour-market analysis of the 8-county region (QCEW, latest annual).",
    )
    services.issue_evidence_add(
        actor=staff,
        issue=cnc,
        kind=EvidenceKind.EMPLOYER_REPORT,
        title="Employer survey: 22 CNC openings unfilled for 60+ days across 9 firms",
    )
    services.issue_evidence_add(
        actor=staff,
        issue=retirement,
        kind=EvidenceKind.DATA,
        title="Age profile of industrial machinery mechanics, Central Ohio",
        url="https://www.bls.gov/cps/",
    )

    # A closed round with the consensus in the decision log
    first = services.round_open(
        actor=staff,
        partnership=p,
        title="First partnership meeting: issue priorities",
        issues=issues,
        meeting=kickoff,
        opened_on=kickoff_day,
        method="Each partner rated every issue 1-5 for importance and feasibility on a paper "
        "ballot at the kick-off meeting; the partner portal for those who left early.",
    )
    ballots = {
        # importance, feasibility per issue: cnc, turnover, retirement, perception, transport
        employer_people[0]: [(5, 4), (4, 4), (5, 3), (3, 3), (2, 2)],
        employer_people[1]: [(5, 4), (5, 4), (3, 3), (4, 2), (2, 1)],
        employer_people[3]: [(4, 4), (4, 5), (5, 3), (3, 2), (3, 2)],
        grace: [(5, 5), (3, 3), (4, 4), (4, 3), (2, 2)],
        raj: [(4, 4), (4, 4), (3, 3), (3, 3), (4, 2)],
    }
    for person, pairs in ballots.items():
        services.ballot_cast(
            actor=staff,
            round=first,
            person=person,
            ratings={i.pk: pair for i, pair in zip(issues, pairs, strict=True)},
            on_paper=True,
        )
    services.ballot_cast(
        actor=ctx.users[Role.PARTNER],
        round=first,
        person=maria,
        ratings={
            i.pk: pair
            for i, pair in zip(issues, [(4, 4), (5, 5), (3, 3), (3, 3), (5, 2)], strict=True)
        },
    )
    services.round_close(
        actor=staff,
        round=first,
        closed_at=timezone.make_aware(dt.datetime.combine(kickoff_day, dt.time(10, 0))),
    )
    consensus = services.round_record_consensus(
        actor=staff,
        round=first,
        chosen_issues=[cnc, turnover],
        consensus="Start with two issues the employers ranked highest: the CNC skills gap and "
        "90-day turnover of new production hires. Retirements of maintenance technicians stay "
        "on the list for the next round.",
        decided_on=kickoff_day,
        meeting=kickoff,
        decided_by="Employer co-chairs, with all partners present",
    )
    services.issue_update(
        actor=staff, issue=transport, changes={"status": IssueStatus.PARKED}, expected_version=None
    )

    # An open round the partner-role user can still vote in
    second = services.round_open(
        actor=staff,
        partnership=p,
        title="Six-month check-in: next issue to take on",
        issues=[retirement, perception, transport],
        meeting=upcoming if upcoming and upcoming.starts_at > timezone.now() else None,
        opened_on=today - dt.timedelta(days=3),
    )
    for person, pairs in (
        (employer_people[0], [(5, 4), (3, 3), (2, 2)]),
        (employer_people[3], [(5, 3), (4, 3), (3, 2)]),
    ):
        services.ballot_cast(
            actor=staff,
            round=second,
            person=person,
            ratings={
                i.pk: pair for i, pair in zip(second.issues.order_by("pk"), pairs, strict=True)
            },
        )

    # Problem statements, why? chains, solutions, past efforts
    ps_cnc = services.problem_statement_create(
        actor=staff,
        issue=cnc,
        problem="Partner manufacturers cannot fill entry-level CNC operator jobs: applicants "
        "cannot read prints, measure or set up a machine.",
        impact="A steady local pipeline of 60 CNC operators a year, with a path to machinist.",
        strategy_categories=[
            StrategyCategory.TRAINING,
            StrategyCategory.PIPELINE,
            StrategyCategory.PATHWAYS,
        ],
        strategies="Align the college certificate with NIMS; work-based learning; "
        "youth apprenticeship.",
    )
    w1 = services.why_step_add(
        actor=staff,
        problem_statement=ps_cnc,
        because="Few residents finish a machining program, and graduates go to other regions.",
    )
    w2 = services.why_step_add(
        actor=staff,
        problem_statement=ps_cnc,
        because="The college certificate takes two semesters of day classes that working "
        "adults cannot attend.",
        parent=w1,
    )
    services.why_step_add(
        actor=staff,
        problem_statement=ps_cnc,
        because="Employers were never asked to shape the schedule or host practice on "
        "their machines.",
        parent=w2,
    )
    services.why_step_add(
        actor=staff,
        problem_statement=ps_cnc,
        because="High schools dropped machining electives, so few students try it.",
        parent=w1,
    )
    ps_turnover = services.problem_statement_create(
        actor=staff,
        issue=turnover,
        problem="Four in ten new production hires leave within 90 days.",
        impact="Halve 90-day turnover at partner plants within 18 months.",
        strategy_categories=[StrategyCategory.RETENTION, StrategyCategory.SUPPORTS],
    )
    t1 = services.why_step_add(
        actor=staff,
        problem_statement=ps_turnover,
        because="New hires are put on the line on day one without a buddy or training plan.",
    )
    services.why_step_add(
        actor=staff,
        problem_statement=ps_turnover,
        because="First-line supervisors were promoted for output and never trained to coach.",
        parent=t1,
    )
    services.why_step_add(
        actor=staff,
        problem_statement=ps_turnover,
        because="Second-shift hires lose their ride when the last bus leaves at 10 pm.",
    )

    resources = _resource_map(ctx, issues, employers, college, omj, others)
    chosen = services.solution_create(
        actor=staff,
        partnership=p,
        title="Evening and weekend CNC certificate with practice on partners' machines",
        problem_statement=ps_cnc,
        root_cause=w2,
        resource=resources["cnc"],
    )
    services.solution_update(
        actor=staff,
        solution=chosen,
        changes={"status": SolutionStatus.CHOSEN},
        expected_version=None,
    )
    services.solution_create(
        actor=staff,
        partnership=p,
        title="Supervisor coaching workshop and an onboarding buddy for every new hire",
        problem_statement=ps_turnover,
        root_cause=t1,
    )
    services.solution_create(
        actor=staff,
        partnership=p,
        title="Market the existing manufacturing career fair more widely",
        description="Proposed before any problem statement: check which problem it answers.",
    )
    services.past_effort_create(
        actor=staff,
        issue=cnc,
        kind=EffortKind.TRIED_BEFORE,
        who="The workforce board and two high schools",
        when="2014-2015",
        what_happened="A machining curriculum was written with a federal grant and taught "
        "for one year.",
        why_not_work="It was designed without employers, on manual machines the plants no "
        "longer use; nobody asked what employers actually needed.",
    )
    services.past_effort_create(
        actor=staff,
        issue=cnc,
        kind=EffortKind.EXISTS,
        who="Columbus State Community College",
        organisation=college,
        when="since 2017",
        what_happened="Runs a two-semester CNC certificate with 24 seats; about half are filled.",
        how_to_scale="Evening cohorts and practice on employers' machines could fill the seats.",
        resource=resources["cnc"],
    )
    services.past_effort_create(
        actor=staff,
        issue=turnover,
        kind=EffortKind.EXISTS,
        who="OhioMeansJobs Columbus-Franklin County",
        organisation=omj,
        when="for years",
        what_happened="Offers on-the-job training contracts that pay part of a new hire's wages.",
        how_to_scale="Few partner employers know about it; pair it with the buddy program.",
        resource=resources["ojt"],
    )

    # Direction and governance
    coordinator = raj
    services.direction_save(
        actor=staff,
        partnership=p,
        changes={
            "mission_adopted_at": kickoff,
            "mission_adopted_on": kickoff_day,
            "areas_for_analysis": "Wages and benefits of CNC operators against neighbouring "
            "regions.\nCommuting patterns of second-shift workers.\n"
            "Age profile of maintenance technicians at partner plants.",
            "coordinator": coordinator,
            "coordinator_from": CoordinatorFrom.PARTNER,
            "coordinator_hours": Decimal("16"),
            "staffing_notes": "The workforce board's business services lead coordinates two days a "
            "week; the college lends a program manager for the training work group.",
            "internal_communication": "A one-page update by e-mail after every meeting; action "
            "items reviewed at the start of each meeting; a shared folder for documents.",
            "external_messaging": "Employer co-chairs speak for the partnership; a case statement "
            "and a one-page flyer for employers not yet at the table; news via the manufacturers' "
            "association newsletter.",
        },
        expected_version=None,
    )
    chair = services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Employer co-chair",
        person=employer_people[0],
        duties="Chairs meetings and speaks for the partnership.",
    )
    services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Employer co-chair",
        person=employer_people[1],
        reports_to=None,
    )
    coord_role = services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Partnership coordinator",
        person=coordinator,
        reports_to=chair,
        duties="Agendas, minutes, follow-up on action items, the resource map.",
    )
    services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Training pipeline work group",
        person=grace,
        reports_to=coord_role,
    )
    services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Retention and onboarding work group",
        person=maria,
        reports_to=coord_role,
    )

    # Logic model
    for column, texts in (
        (
            LogicColumn.INPUTS,
            [
                "Employer time and machines",
                "College instructors",
                "WIOA training funds",
                "Coordinator (16 h/week)",
            ],
        ),
        (
            LogicColumn.ACTIVITIES,
            [
                "Evening CNC certificate",
                "Work-based learning at partner plants",
                "Supervisor coaching workshop",
                "Onboarding buddies",
            ],
        ),
        (
            LogicColumn.OUTPUTS,
            [
                "60 certificate completers a year",
                "40 supervisors coached",
                "10 employers hosting practice",
            ],
        ),
        (LogicColumn.SHORT, ["Completers hired by partner employers", "Fewer early quits"]),
        (LogicColumn.MEDIUM, ["CNC openings filled within 30 days", "90-day turnover halved"]),
        (LogicColumn.LONG, ["A regional pipeline into machining careers"]),
        (
            LogicColumn.IMPACT,
            ["Competitive Central Ohio manufacturers and family-supporting careers for residents"],
        ),
    ):
        for text in texts:
            services.logic_entry_create(actor=staff, partnership=p, column=column, text=text)

    # Action plan: goals, benchmarks with results, action steps tied to decisions
    start, end = today - dt.timedelta(days=180), today + dt.timedelta(days=545)
    g1 = services.goal_create(
        actor=staff,
        partnership=p,
        title="Double the local CNC certificate completers hired by partner employers",
        problem_statement=ps_cnc,
    )
    b1 = services.benchmark_create(
        actor=staff,
        goal=g1,
        indicator="CNC certificate completers hired by partner employers",
        unit="people a year",
        baseline_value=Decimal("22"),
        baseline_on=start,
        target_value=Decimal("45"),
        target_on=end,
    )
    b2 = services.benchmark_create(
        actor=staff,
        goal=g1,
        indicator="Employers hosting work-based learning",
        unit="employers",
        baseline_value=Decimal("1"),
        baseline_on=start,
        target_value=Decimal("10"),
        target_on=end,
    )
    for days, v1, v2 in ((120, "24", "2"), (60, "27", "4"), (5, "31", "6")):
        when = today - dt.timedelta(days=days)
        services.benchmark_result_record(actor=staff, benchmark=b1, period_end=when, value=v1)
        services.benchmark_result_record(actor=staff, benchmark=b2, period_end=when, value=v2)
    g2 = services.goal_create(
        actor=staff,
        partnership=p,
        title="Halve 90-day turnover of new production hires",
        problem_statement=ps_turnover,
    )
    b3 = services.benchmark_create(
        actor=staff,
        goal=g2,
        indicator="New production hires leaving within 90 days",
        unit="%",
        baseline_value=Decimal("38"),
        baseline_on=start,
        target_value=Decimal("19"),
        target_on=end,
    )
    for days, value in ((90, "37"), (30, "35")):
        services.benchmark_result_record(
            actor=staff, benchmark=b3, period_end=today - dt.timedelta(days=days), value=value
        )
    launch = meetings_services.decision_create(
        actor=staff,
        partnership=p,
        text="Launch an evening CNC certificate cohort with practice on partners' machines.",
        decided_on=follow_up_day,
        meeting=follow_up,
        decided_by="The partners",
    )
    onboarding = meetings_services.decision_create(
        actor=staff,
        partnership=p,
        text="Pilot onboarding buddies and a supervisor coaching workshop at three plants.",
        decided_on=follow_up_day,
        meeting=follow_up,
        decided_by="The partners",
    )
    steps: list[tuple[Any, str, Person, int, str, Decision, list]] = [
        (
            g1,
            "Align the certificate with NIMS Level I credentials",
            grace,
            -20,
            ActionStatus.DONE,
            launch,
            [b1],
        ),
        (
            g1,
            "Recruit ten employers to host practice on their machines",
            employer_people[0],
            30,
            ActionStatus.IN_PROGRESS,
            launch,
            [b2],
        ),
        (
            g1,
            "Enrol the first evening cohort using WIOA training accounts",
            raj,
            60,
            ActionStatus.OPEN,
            launch,
            [b1],
        ),
        (
            g2,
            "Run the supervisor coaching workshop",
            maria,
            -10,
            ActionStatus.OPEN,
            onboarding,
            [b3],
        ),
        (
            g2,
            "Match every new hire with an onboarding buddy",
            employer_people[3],
            40,
            ActionStatus.IN_PROGRESS,
            onboarding,
            [b3],
        ),
    ]
    for goal, title, owner_person, due, status, decision, bms in steps:
        services.action_step_create(
            actor=staff,
            goal=goal,
            title=title,
            owner=owner_person,
            due_on=today + dt.timedelta(days=due),
            status=status,
            decision=decision,
            benchmarks=bms,
        )

    _demand(ctx, employers, maria)
    ctx.objects["planning"] = {
        "issues": issues,
        "rounds": [first, second],
        "consensus": consensus,
        "goals": [g1, g2],
        "benchmarks": [b1, b2, b3],
        "resources": list(resources.values()),
    }


def _resource_map(
    ctx: DemoContext,
    issues: list,
    employers: list[Organisation],
    college: Organisation,
    omj: Organisation,
    others: dict[str, Organisation],
) -> dict[str, Any]:
    staff, p, today = ctx.users[Role.STAFF], ctx.partnership, ctx.today
    cnc, turnover, retirement, perception, transport = issues
    made = {}
    rows = [
        (
            "ita",
            "WIOA individual training accounts",
            ResourceKind.FUNDING,
            omj,
            [FundingSource.WIOA_I],
            "Adults and dislocated workers; priority for low-income residents",
            "about 120 accounts a year",
            [cnc, retirement],
            40,
        ),
        (
            "ojt",
            "On-the-job training contracts",
            ResourceKind.PROGRAM,
            omj,
            [FundingSource.WIOA_I],
            "New hires eligible for WIOA; employer receives up to 50% of wages during training",
            "20 contracts a year",
            [turnover],
            40,
        ),
        (
            "able",
            "Aspire adult education and literacy (ABLE)",
            ResourceKind.PROGRAM,
            college,
            [FundingSource.WIOA_II, FundingSource.ADULT_EDUCATION],
            "Adults without a high school credential or needing English or math skills",
            "open enrolment",
            [cnc, turnover],
            200,
        ),
        (
            "cnc",
            "CNC machining certificate",
            ResourceKind.PROGRAM,
            college,
            [FundingSource.PERKINS, FundingSource.STATE],
            "High school graduates and adults",
            "24 seats a year",
            [cnc],
            15,
        ),
        (
            "cte",
            "High school precision machining program",
            ResourceKind.PROGRAM,
            others["Delaware Area Career Center"],
            [FundingSource.PERKINS],
            "Juniors and seniors of member districts",
            "36 students",
            [cnc, perception],
            400,
        ),
        (
            "apprenticeship",
            "Industrial maintenance registered apprenticeship",
            ResourceKind.PROGRAM,
            employers[3],
            [FundingSource.APPRENTICESHIP, FundingSource.EMPLOYER],
            "Employees of sponsoring employers",
            "6 apprentices",
            [retirement],
            None,
        ),
        (
            "vr",
            "Vocational rehabilitation job placement",
            ResourceKind.PROGRAM,
            others["Opportunities for Ohioans with Disabilities"],
            [FundingSource.WIOA_IV, FundingSource.VOCATIONAL_REHABILITATION],
            "People with disabilities seeking employment",
            "",
            [turnover],
            None,
        ),
        (
            "tanf",
            "TANF-funded work supports (transport, childcare)",
            ResourceKind.FUNDING,
            others["Franklin County Job and Family Services"],
            [FundingSource.TANF],
            "Families receiving or eligible for cash assistance",
            "",
            [transport, turnover],
            500,
        ),
        (
            "tuition",
            "Employer tuition reimbursement",
            ResourceKind.POLICY,
            employers[0],
            [FundingSource.EMPLOYER],
            "Employees after 90 days",
            "",
            [cnc],
            None,
        ),
    ]
    for key, name, kind, owner, funding, eligibility, capacity, bears_on, reviewed_days in rows:
        made[key] = services.resource_create(
            actor=staff,
            partnership=p,
            name=name,
            kind=kind,
            owner_organisation=owner,
            funding_sources=funding,
            eligibility=eligibility,
            capacity=capacity,
            issues=bears_on,
            last_reviewed_on=today - dt.timedelta(days=reviewed_days)
            if reviewed_days is not None
            else None,
        )
    # The map evolves: a capacity changed after the college added an evening section.
    services.resource_update(
        actor=staff,
        resource=made["cnc"],
        changes={
            "capacity": "24 day seats and 16 evening seats a year",
            "last_reviewed_on": today - dt.timedelta(days=10),
        },
        expected_version=None,
    )
    return made


def _demand(ctx: DemoContext, employers: list[Organisation], maria: Person) -> None:
    staff, p = ctx.users[Role.STAFF], ctx.partnership
    rows = [
        (employers[0], "CNC operator", "51-9161", 6, 15, "blueprint reading, NIMS Level I"),
        (employers[1], "CNC operator", "51-9161", 4, 10, "blueprint reading"),
        (employers[2], "CNC operator", "51-9161", 3, 8, "blueprint reading, precision measurement"),
        (employers[3], "CNC operator", "51-9161", 5, 12, "NIMS Level I"),
        (employers[0], "Machinist", "51-4041", 2, 6, "NIMS Level II, GD&T"),
        (employers[1], "Machinist", "51-4041", 1, 4, "setup and programming"),
        (employers[3], "Machinist", "51-4041", 2, 5, "setup and programming"),
        (employers[0], "Industrial maintenance technician", "49-9041", 2, 5, "PLC troubleshooting"),
        (
            employers[3],
            "Industrial maintenance technician",
            "49-9041",
            3,
            7,
            "PLC troubleshooting, welding",
        ),
        (employers[1], "Quality inspector", "51-9061", 1, 3, "CMM operation"),
        (employers[2], "Quality inspector", "51-9061", 2, 4, "precision measurement"),
        (employers[3], "Quality inspector", "51-9061", 1, 2, "ISO 9001"),
        # Three employers, but one holds most of the openings: hidden by the dominance rule.
        (employers[0], "Welder", "51-4121", 9, 14, "AWS D1.1"),
        (employers[1], "Welder", "51-4121", 1, 2, "MIG welding"),
        (employers[2], "Welder", "51-4121", 1, 2, "MIG welding"),
    ]
    partner_user = ctx.users[Role.PARTNER]
    for org, title, soc, n12, n36, skills in rows:
        services.projection_create(
            actor=partner_user if org.pk == maria.organisation_id else staff,
            partnership=p,
            organisation=org,
            occupation_title=title,
            soc_code=soc,
            openings_12m=n12,
            openings_36m=n36,
            skills=skills,
        )
