"""Objects of the other apps (partners, outreach, meetings, planning) for these tests.

Built from the spine fields only, straight through the ORM: the tests need
the rows, not the other apps' write paths (which are being built beside this one).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from convenor.meetings.models import ActionItem, Attendance, Decision, Meeting
from convenor.outreach.models import Touch
from convenor.outreach.services import sync_challenges
from convenor.partners.models import Organisation, PartnershipMember, Person
from convenor.planning.models import Benchmark, BenchmarkResult, Goal, Issue, ProblemStatement


def org(partnership, name: str, category: str, **fields) -> Organisation:
    """An organisation; an employer is of the partnership's target industry unless told."""
    if category == "employer":
        fields.setdefault("naics_code", partnership.industry_naics)
    return Organisation.objects.create(
        workspace_id=partnership.workspace_id, name=name, category=category, **fields
    )


def person(partnership, name: str, organisation=None, **traits) -> Person:
    return Person.objects.create(
        workspace_id=partnership.workspace_id, name=name, organisation=organisation, **traits
    )


def member(partnership, *, organisation=None, person=None, role="employer_partner", stage="active"):
    return PartnershipMember.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        organisation=organisation,
        person=person,
        role=role,
        stage=stage,
    )


def employer_at_table(partnership, name: str, *, champion: bool = False, stage: str = "active"):
    """An employer organisation with one person, both at the partnership's table."""
    o = org(partnership, name, "employer")
    p = person(partnership, f"CEO of {name}", o, is_employer_champion=champion)
    member(
        partnership,
        organisation=o,
        person=p,
        role="champion" if champion else "employer_partner",
        stage=stage,
    )
    return o, p


def touch(
    partnership,
    people,
    *,
    days_ago: int = 10,
    method: str = "one_on_one",
    challenges=(),
    organisations=(),
):
    t = Touch.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        occurred_on=timezone.localdate() - dt.timedelta(days=days_ago),
        method=method,
        challenges=list(challenges),
    )
    t.people.set(people)
    t.organisations.set(organisations)
    sync_challenges(t)  # the challenge index, as touch_create keeps it
    return t


def meeting(
    partnership,
    *,
    days_ago: int,
    hours: float = 1.5,
    objective: str = "Decide the priorities.",
    kickoff: bool = False,
    title: str = "Partnership meeting",
) -> Meeting:
    start = timezone.now() - dt.timedelta(days=days_ago)
    return Meeting.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        objective=objective,
        is_kickoff=kickoff,
    )


def attend(meeting_, people, attended: bool = True) -> None:
    for p in people:
        Attendance.objects.create(
            workspace_id=meeting_.workspace_id, meeting=meeting_, person=p, attended=attended
        )


def decision(partnership, text: str, *, days_ago: int = 5, decided_by: str = "") -> Decision:
    return Decision.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        decided_on=timezone.localdate() - dt.timedelta(days=days_ago),
        text=text,
        decided_by=decided_by,
    )


def action(
    partnership,
    title: str = "Draft the job profile",
    *,
    due_in: int | None = 10,
    status: str = "open",
    owner=None,
) -> ActionItem:
    return ActionItem.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        title=title,
        due_on=None if due_in is None else timezone.localdate() + dt.timedelta(days=due_in),
        status=status,
        owner=owner,
    )


def issue(
    partnership,
    title: str,
    challenge: str = "turnover",
    *,
    status: str = "open",
    problem: str = "",
    touches=(),
) -> Issue:
    i = Issue.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        title=title,
        challenge=challenge,
        status=status,
    )
    i.touches.set(touches)
    if problem:
        ProblemStatement.objects.create(
            workspace_id=partnership.workspace_id, partnership=partnership, issue=i, problem=problem
        )
    return i


def goal_with_benchmark(
    partnership, *, baseline=10, target=20, days_span=360, days_in=180, results=()
) -> Benchmark:
    g = Goal.objects.create(
        workspace_id=partnership.workspace_id, partnership=partnership, title="Fill openings"
    )
    today = timezone.localdate()
    b = Benchmark.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        goal=g,
        indicator="Technicians hired",
        baseline_value=Decimal(baseline),
        baseline_on=today - dt.timedelta(days=days_in),
        target_value=Decimal(target),
        target_on=today - dt.timedelta(days=days_in) + dt.timedelta(days=days_span),
    )
    for days_ago, value in results:
        BenchmarkResult.objects.create(
            workspace_id=partnership.workspace_id,
            benchmark=b,
            period_end=today - dt.timedelta(days=days_ago),
            value=Decimal(value),
        )
    return b


def cited_analysis(partnership, the_issue: Issue, *, industry: str = "31-33"):
    """A saved regional analysis of the partnership, cited as evidence for ``the_issue``
    through the planning service (the rule that it must be the same partnership's)."""
    from convenor.planning.issues.services import issue_evidence_add
    from convenor.regions.models import AnalysisSnapshot

    snapshot = AnalysisSnapshot.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        region_name="Central Ohio",
        area_codes="39049,39041",
        inputs={"year": 2020},
        industry_code=industry,
        industry_title="Manufacturing",
        row={"industry_code": industry, "employment": 1000},
    )
    return issue_evidence_add(actor=None, issue=the_issue, analysis=snapshot)
