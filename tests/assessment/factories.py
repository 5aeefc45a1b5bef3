"""Hand-built facts for the pure rules: a partnership as plain values."""

from __future__ import annotations

import datetime as dt

from convenor.assessment.facts import (
    ActionFact,
    ConvenerFact,
    IssueFact,
    MeetingFact,
    MemberFact,
    PartnershipFacts,
)

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def make_facts(**fields) -> PartnershipFacts:
    defaults = dict(
        id=1,
        name="Central Ohio Manufacturing Roundtable",
        stage="convening",
        today=TODAY,
        now=NOW,
        workspace_name="Central Ohio Workforce Board",
        industry_naics="31-33",
        industry_title="Manufacturing",
        region="Central Ohio",
        created_on=TODAY - dt.timedelta(days=200),
        stage_since=TODAY - dt.timedelta(days=60),
    )
    defaults.update(fields)
    return PartnershipFacts(**defaults)


def employers(
    n: int,
    *,
    stage: str = "active",
    champions: int = 0,
    naics: str = "332710",
    one_on_one: bool = True,
    employees: int | None = None,
) -> list[MemberFact]:
    """Employers at the table; of the facts' default target industry (31-33) and met
    one-on-one unless told."""
    return [
        MemberFact(
            category="employer",
            stage=stage,
            organisation_id=100 + i,
            person_id=200 + i,
            is_champion=i < champions,
            naics=naics,
            one_on_one=one_on_one,
            employees=employees,
        )
        for i in range(n)
    ]


def partners(*categories: str, stage: str = "active") -> list[MemberFact]:
    return [
        MemberFact(category=c, stage=stage, organisation_id=300 + i, person_id=400 + i)
        for i, c in enumerate(categories)
    ]


def meeting(
    days_ago: int,
    *,
    attended: int = 0,
    employers: int = 0,
    public: int | None = None,
    kickoff: bool = False,
    objective: bool = True,
    hours: float = 1.5,
) -> MeetingFact:
    """A held meeting; everyone who attended but the employers is a public partner
    unless ``public`` says otherwise."""
    start = NOW - dt.timedelta(days=days_ago)
    return MeetingFact(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        title=f"Meeting {days_ago} days ago",
        has_objective=objective,
        is_kickoff=kickoff,
        invited=attended,
        attended=attended,
        employers_attended=employers,
        public_attended=attended - employers if public is None else public,
    )


def convener(**fields) -> ConvenerFact:
    defaults = dict(
        name="Central Ohio Workforce Board",
        kind="workforce_board",
        score=4.0,
        staffing=4,
        willing=True,
        strengths=("Staffing mix and skills",),
    )
    defaults.update(fields)
    return ConvenerFact(**defaults)


def issue(
    title: str = "Turnover of new hires",
    *,
    status: str = "prioritised",
    statements: int = 1,
    challenge: str = "turnover",
    employers: int = 0,
) -> IssueFact:
    return IssueFact(
        title=title,
        challenge=challenge,
        status=status,
        problem_statements=statements,
        employers=employers,
    )


def action(status: str = "open", due_days: int | None = 10, owner: bool = True) -> ActionFact:
    return ActionFact(
        status=status,
        due_on=None if due_days is None else TODAY + dt.timedelta(days=due_days),
        has_owner=owner,
    )
