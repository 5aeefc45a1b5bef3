"""Demo intermediary selection: the workforce board itself, the community college, the
manufacturers' association and one large employer (flagged for conflict of interest) scored
on the rubric; the college convened the needs assessment, then handed over to the board;
two declared interests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from convenor.front.demo import DemoContext
from convenor.intermediaries import services
from convenor.intermediaries.models import CandidateStatus, InterestKind, Kind
from convenor.partners.models import Category, EducationType, Organisation, Person
from convenor.partners.services import organisation_create
from convenor.workspaces.models import Role

BOARD = "Central Ohio Workforce Board"
COLLEGE = "Columbus State Community College"
ASSOCIATION = "Ohio Manufacturers' Association (Central Ohio chapter)"
EMPLOYER = "Buckeye Precision Machining"


def organisation(ctx: DemoContext, name: str, category: str, **fields: Any) -> Organisation:
    """The organisation of that name in the demo registry, created through partners when missing."""
    found = Organisation.objects.filter(workspace=ctx.workspace, name=name).first()
    if found is not None:
        return found
    return organisation_create(
        actor=ctx.owner, workspace=ctx.workspace, name=name, category=category, **fields
    )


def build(ctx: DemoContext) -> None:
    p, owner, today = ctx.partnership, ctx.owner, ctx.today
    board = organisation(ctx, BOARD, Category.WORKFORCE_SYSTEM)
    college = organisation(ctx, COLLEGE, Category.EDUCATION, education_type=EducationType.COLLEGE)
    association = organisation(ctx, ASSOCIATION, Category.ASSOCIATION)
    employer = organisation(ctx, EMPLOYER, Category.EMPLOYER, naics_code="332710")

    services.rubric_save(
        actor=owner,
        partnership=p,
        changes={
            "understanding_weight": 3,
            "staffing_weight": 2,
            "employers_weight": 3,
            "systems_weight": 2,
            "fiscal_weight": 1,
            "neutrality_weight": 3,
            "separate_fiscal_agent": False,
            "fiscal_agent_note": "The board manages WIOA funds already; one entity aligns the "
            "partnership's activities with the leveraged resources.",
        },
        expected_version=None,
    )
    services.candidate_create(
        actor=owner,
        partnership=p,
        organisation=board,
        status=CandidateStatus.SELECTED,
        is_willing=True,
        understanding_score=3,
        understanding_evidence="Sector staff know manufacturing hiring from the American Job "
        "Centers; less so the plant-floor worker issues.",
        staffing_score=4,
        staffing_evidence="A business services lead at 0.5 FTE and a data analyst for the "
        "partnership.",
        employers_score=4,
        employers_evidence="Serves 140 manufacturers through business services; two CEOs sit on "
        "the board.",
        systems_score=5,
        systems_evidence="Most of the key regional workforce players are around its table: "
        "colleges, adult education, vocational rehabilitation, TANF.",
        fiscal_score=5,
        fiscal_evidence="Clean WIOA audits for five years.",
        neutrality_score=4,
        neutrality_evidence="A '3rd party' entity; runs no training itself.",
    )
    services.candidate_create(
        actor=owner,
        partnership=p,
        organisation=college,
        kind=Kind.COMMUNITY_COLLEGE,
        status=CandidateStatus.SHORTLISTED,
        is_willing=True,
        understanding_score=4,
        understanding_evidence="Runs the mechatronics and CNC programs with an industry "
        "advisory committee.",
        staffing_score=3,
        staffing_evidence="The workforce dean's office could give one coordinator part time.",
        employers_score=4,
        employers_evidence="Customised training contracts with 30 local manufacturers.",
        systems_score=3,
        systems_evidence="Strong with K-12 and adult education, weaker with the one-stops.",
        fiscal_score=3,
        neutrality_score=2,
        neutrality_evidence="Would also bid to deliver the training the partnership chooses.",
    )
    services.candidate_create(
        actor=owner,
        partnership=p,
        organisation=association,
        status=CandidateStatus.CONSIDERING,
        understanding_score=5,
        understanding_evidence="Its members are the industry; runs the regional wage survey.",
        staffing_score=2,
        staffing_evidence="Two staff for the whole chapter.",
        employers_score=5,
        employers_evidence="Can open doors to employers not yet engaged.",
        systems_score=2,
        neutrality_score=4,
        notes="Interested in co-chairing the employer group rather than convening.",
    )
    services.candidate_create(
        actor=owner,
        partnership=p,
        organisation=employer,
        kind=Kind.SINGLE_EMPLOYER,
        status=CandidateStatus.CONSIDERING,
        is_willing=True,
        understanding_score=4,
        understanding_evidence="Knows its own plant's needs very well.",
        staffing_score=2,
        employers_score=3,
        systems_score=2,
        neutrality_score=1,
        neutrality_evidence="The largest employer of the partnership: other firms would see the "
        "effort as its recruiting drive.",
        notes="Offered to convene; we would rather ask its CEO to champion the effort.",
    )

    services.convener_change(
        actor=owner,
        partnership=p,
        convener=college,
        started_on=today - dt.timedelta(days=120),
        reason="The college ran the employer survey that started the needs assessment.",
        fiscal_agent=college,
        decided_by="Workforce board staff and the college's workforce dean",
    )
    services.convener_change(
        actor=owner,
        partnership=p,
        convener=board,
        started_on=today - dt.timedelta(days=75),
        reason="The initial convener is not necessarily the long-term one: the partners chose the "
        "board (regional reach, stable funding, American Job Centers) so the college can sit at "
        "the table as a training provider without a conflict of interest.",
        fiscal_agent=board,
        decided_by="The employer advisory group",
    )

    grace = Person.objects.filter(workspace=ctx.workspace, name="Grace Chen").first()
    services.interest_create(
        actor=owner,
        partnership=p,
        person=grace,
        declared_by="" if grace else "Grace Chen",
        organisation=college,
        kind=InterestKind.EMPLOYMENT,
        description="Dean of Workforce at Columbus State, which would deliver the CNC and "
        "maintenance training the partnership may fund.",
        declared_on=today - dt.timedelta(days=70),
    )
    staff = ctx.users[Role.STAFF]
    services.interest_create(
        actor=owner,
        partnership=p,
        declared_by=staff.name,
        organisation=association,
        kind=InterestKind.BOARD,
        description="Sits on the advisory board of the manufacturers' association.",
        declared_on=today - dt.timedelta(days=70),
    )
    ctx.objects["intermediary_candidates"] = [board, college, association, employer]
