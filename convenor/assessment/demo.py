"""Demo readiness answers, the move into convening, group phases over time, the tensions
raised among partners (one reconciled), and a second partnership at its regional needs
assessment so the workspace overview compares two."""

from __future__ import annotations

import datetime as dt

from convenor.assessment import services
from convenor.assessment.models import LifecycleMove
from convenor.audit import services as audit
from convenor.front.demo import DemoContext
from convenor.intermediaries.demo import ASSOCIATION, BOARD, COLLEGE, EMPLOYER, organisation
from convenor.intermediaries.services import candidate_create
from convenor.meetings.services import decision_create
from convenor.partners.models import Category, Organisation, SizeBand
from convenor.partners.services import organisation_update
from convenor.partnerships.models import Partnership, Stage
from convenor.partnerships.services import partnership_create
from convenor.regions.selectors import current_snapshot

ANSWERS = {
    "challenge": (
        "partly",
        "Employers in one-on-ones keep naming two problems: maintenance technicians they cannot "
        "find, and entry-level hires who leave within a year. {analysis}",
        "Employer survey summary, Columbus State, spring\nRegional industry analysis of the "
        "eight counties",
    ),
    "industry_support": (
        "partly",
        "Four manufacturers committed after one-on-ones; Linda Park (Buckeye Precision) agreed to "
        "champion the effort. Smaller shops are harder to reach.",
        "One-on-one notes in the outreach log",
    ),
    "intermediary": (
        "yes",
        "The workforce board took over from the college as convener; staffed with a business "
        "services lead at half time.",
        "Decision of the employer advisory group",
    ),
    "stakeholders": (
        "partly",
        "The college, the one-stop and the manufacturers' association are at the table; labor "
        "and human services are not yet.",
        "",
    ),
    "review_employers": (
        "yes",
        "Twelve one-on-ones and two company tours. New knowledge: turnover is worst in the first "
        "90 days, tied to shift schedules and transport, not only skills.",
        "",
    ),
    "review_shared_goal": (
        "partly",
        "Draft mission agreed at the kick-off; goals not yet set.",
        "",
    ),
}
# What was heard and the shared goal are for the partners too; the rest stays the team's.
SHARED_ANSWERS = {"review_employers", "review_shared_goal"}
PHASES = [
    (
        -100,
        "forming",
        "Partners met one-on-one; first joint call to share the purpose and the "
        "life cycle of a sector initiative.",
    ),
    (
        -40,
        "storming",
        "Tension over money: who pays for instructors' time; the college and "
        "private trainers both want the training contract.",
    ),
    (-10, "norming", "Agreed that employers chair the working groups and the board staffs them."),
]

# (days ago raised, kind, what, organisations, status, how reconciled, days ago reconciled)
TENSIONS = [
    (
        40,
        "money",
        "Who pays for instructors' time in the maintenance technician pilot: the college and a "
        "private trainer both want the training contract, and employers will not co-fund two.",
        [COLLEGE, BOARD],
        "reconciled",
        "Employers on the working group chose one provider per module on published criteria; "
        "the board funds the college's instructors, employers fund equipment time on the floor.",
        12,
    ),
    (
        75,
        "roles",
        "Unclear who recruits new employers: the manufacturers' association and the board both "
        "call the same plants, and two CEOs complained about duplicate asks.",
        [ASSOCIATION, BOARD],
        "open",
        "",
        None,
    ),
    (
        18,
        "mission",
        "Buckeye Precision wants a fast-track for its own openings; the college's mission is "
        "credentials portable across the region.",
        [EMPLOYER, COLLEGE],
        "open",
        "",
        None,
    ),
]


def _tensions(ctx: DemoContext) -> None:
    p, owner, today = ctx.partnership, ctx.owner, ctx.today
    meetings = [m for m in ctx.objects.get("meetings") or [] if m.partnership_id == p.pk]
    for days, kind, what, names, status, how, reconciled_days in TENSIONS:
        raised_on = today - dt.timedelta(days=days)
        meeting = min(
            (m for m in meetings if abs((m.starts_at.date() - raised_on).days) <= 3),
            key=lambda m: abs((m.starts_at.date() - raised_on).days),
            default=None,
        )
        services.tension_create(
            actor=owner,
            partnership=p,
            kind=kind,
            what=what,
            raised_on=raised_on,
            organisations=[organisation(ctx, n, CATEGORIES[n]) for n in names],
            meeting=meeting,
            status=status,
            resolution=how,
            reconciled_on=today - dt.timedelta(days=reconciled_days)
            if reconciled_days is not None
            else None,
            # How a tension was reconciled is the partners' agreement; open ones name
            # a partner's own interests and stay with the team.
            shared_with_partners=status == "reconciled",
        )


CATEGORIES = {
    BOARD: Category.WORKFORCE_SYSTEM,
    COLLEGE: Category.EDUCATION,
    ASSOCIATION: Category.ASSOCIATION,
    EMPLOYER: Category.EMPLOYER,
}


def analysis_sentence(partnership: Partnership) -> str:
    """What the saved "why this industry" analysis says, in its own figures: the demo
    never claims a location quotient the product did not compute."""
    snapshot = current_snapshot(partnership)
    lq = snapshot.row.get("lq") if snapshot and isinstance(snapshot.row, dict) else None
    if snapshot is None or not isinstance(lq, int | float):
        return "The regional analysis is saved on the partnership's page."
    side = "above" if lq > 1 else "below" if lq < 1 else "at"
    return (
        f"The regional analysis ({snapshot.region_name}, {snapshot.period_label}) puts "
        f"{snapshot.industry_title.lower()}'s location quotient at {lq:.2f}, {side} its "
        "national share of jobs."
    )


# Employees in the region, as the employers told us in one-on-ones: the coverage line
# sets them against the industry's jobs in the region.
EMPLOYEES = {
    "Buckeye Precision Machining": 180,
    "Scioto Valley Plastics": 310,
    "Columbus Fabrication Works": 95,
    "Delaware Castings": 280,
    "Licking Valley Foods": 1150,
}


def _employees(ctx: DemoContext) -> None:
    for org in Organisation.objects.filter(
        workspace=ctx.workspace, name__in=EMPLOYEES, employees__isnull=True
    ):
        if org.size_band and SizeBand.for_headcount(EMPLOYEES[org.name]) != org.size_band:
            continue  # the registry's size band says otherwise: keep what it says
        organisation_update(
            actor=ctx.owner,
            organisation=org,
            changes={"employees": EMPLOYEES[org.name]},
            expected_version=None,
        )


def _later_moves(ctx: DemoContext) -> None:
    """Into planning at the kick-off, into implementation once the follow-up meeting decided
    the action plan: the stage matches the plan the partners are carrying out."""
    meetings = ctx.objects.get("meetings") or []
    held = sorted(
        (
            m
            for m in meetings
            if m.partnership_id == ctx.partnership.pk and m.starts_at.date() <= ctx.today
        ),
        key=lambda m: m.starts_at,
    )
    kickoff_day = held[0].starts_at.date() if held else ctx.today - dt.timedelta(days=56)
    plan_day = held[1].starts_at.date() if len(held) > 1 else ctx.today - dt.timedelta(days=14)
    for to_stage, moved_on, reason in (
        (
            Stage.PLANNING,
            kickoff_day,
            "The kick-off brought the employers and partners together; planning starts.",
        ),
        (
            Stage.IMPLEMENTATION,
            plan_day,
            "The partners adopted goals, benchmarks and owned action steps at the follow-up "
            "meeting and began carrying them out.",
        ),
    ):
        services.stage_move(
            actor=ctx.owner,
            partnership=ctx.partnership,
            to_stage=to_stage,
            expected_version=None,
            reason=reason,
            moved_on=moved_on,
            decided_by="The partners",
        )
    ctx.partnership.refresh_from_db()


def build(ctx: DemoContext) -> None:
    p, owner, today = ctx.partnership, ctx.owner, ctx.today
    for question, (status, answer, evidence) in ANSWERS.items():
        services.readiness_answer_save(
            actor=owner,
            partnership=p,
            question=question,
            status=status,
            answer=answer.format(analysis=analysis_sentence(p)),
            evidence=evidence,
            shared_with_partners=question in SHARED_ANSWERS,
        )
    # The move into convening happened before the demo starts: record it as history.
    moved_on = today - dt.timedelta(days=100)
    decision = decision_create(
        actor=owner,
        partnership=p,
        text="The partnership moves from Regional needs assessment to Convening. Why: the "
        "regional analysis and twelve one-on-ones confirm a shared challenge across employers.",
        decided_on=moved_on,
        decided_by="Workforce board staff with four employer CEOs",
    )
    audit.create(
        actor=owner,
        instance=LifecycleMove(
            workspace=ctx.workspace,
            partnership=p,
            from_stage=Stage.NEEDS_ASSESSMENT,
            to_stage=Stage.CONVENING,
            moved_on=moved_on,
            reason="The regional analysis and the one-on-ones confirm a shared challenge.",
            decision=decision,
            moved_by=owner,
        ),
    )
    _employees(ctx)
    _later_moves(ctx)
    meetings = ctx.objects.get("meetings") or []
    for days, phase, note in PHASES:
        noted_on = today + dt.timedelta(days=days)
        meeting = next(
            (m for m in meetings if m.starts_at.date() == noted_on and m.partnership_id == p.pk),
            None,
        )
        services.phase_note_create(
            actor=owner, partnership=p, phase=phase, noted_on=noted_on, note=note, meeting=meeting
        )
    _tensions(ctx)

    second = partnership_create(
        actor=owner,
        workspace=ctx.workspace,
        name="Central Ohio Healthcare Careers Council",
        industry_naics="62",
        industry_title="Health Care and Social Assistance",
        region="Franklin County, OH",
        stage=Stage.NEEDS_ASSESSMENT,
        started_on=today - dt.timedelta(days=30),
    )
    board = organisation(ctx, BOARD, Category.WORKFORCE_SYSTEM)
    candidate_create(
        actor=owner,
        partnership=second,
        organisation=board,
        is_willing=True,
        understanding_score=2,
        understanding_evidence="New to the hospital systems' workforce issues.",
        staffing_score=3,
        systems_score=5,
        neutrality_score=4,
    )
    services.readiness_answer_save(
        actor=owner,
        partnership=second,
        question="challenge",
        status="no",
        answer="Hospitals mention nurse aides and medical assistants; not verified with data yet.",
    )
    ctx.objects["second_partnership"] = second
