"""Demo issues heard from employers, their evidence, a closed prioritisation round with
its consensus, an open round the partner-role user can still vote in, and past efforts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from convenor.front.demo import DemoContext
from convenor.lib.challenges import Challenge
from convenor.meetings.models import Decision
from convenor.planning.demo.setting import Cast
from convenor.planning.issues import services
from convenor.planning.models import (
    EffortKind,
    EvidenceKind,
    Issue,
    IssueStatus,
    PrioritisationRound,
    Resource,
)
from convenor.regions.selectors import current_snapshot
from convenor.workspaces.models import Role

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


@dataclass
class Prioritised:
    issues: list[Issue]  # cnc, turnover, retirement, perception, transport
    rounds: list[PrioritisationRound]  # closed, open
    consensus: Decision


def build(ctx: DemoContext, cast: Cast) -> Prioritised:
    staff, p, today = ctx.users[Role.STAFF], ctx.partnership, ctx.today
    touches, employer_people = cast.touches, cast.employer_people
    kickoff, kickoff_day, upcoming = cast.kickoff, cast.kickoff_day, cast.upcoming
    grace, raj, maria = cast.grace, cast.raj, cast.maria

    # Issues, evidence from touches and data
    issues: list[Issue] = []
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
    # The saved "why this industry" analysis itself, in its own figures (no LQ claimed
    # that the product did not compute).
    saved = current_snapshot(p)
    if saved is not None:
        services.issue_evidence_add(
            actor=staff,
            issue=cnc,
            analysis=saved,
            note="The partnership's saved regional industry analysis (QCEW).",
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
    return Prioritised(issues, [first, second], consensus)


def efforts(
    ctx: DemoContext, cast: Cast, issues: list[Issue], resources: dict[str, Resource]
) -> None:
    """Past and existing efforts: one tried before, two programs someone already runs."""
    staff = ctx.users[Role.STAFF]
    college, omj = cast.college, cast.omj
    cnc, turnover = issues[0], issues[1]
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
