"""Demo plan: problem statements with their "why?" chains, solutions (one chosen, one
proposed before any problem statement), and goals with benchmarks, results and action
steps tied to the decisions that created them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from convenor.front.demo import DemoContext
from convenor.meetings import services as meetings_services
from convenor.meetings.models import ActionStatus, Decision
from convenor.partners.models import Person
from convenor.planning.demo.setting import Cast
from convenor.planning.models import (
    Benchmark,
    Goal,
    Issue,
    ProblemStatement,
    Resource,
    SolutionStatus,
    StrategyCategory,
    WhyStep,
)
from convenor.planning.plan import services
from convenor.workspaces.models import Role


@dataclass
class Problems:
    cnc: ProblemStatement
    turnover: ProblemStatement
    cnc_cause: WhyStep  # the root cause the chosen solution addresses
    turnover_cause: WhyStep


def problems(ctx: DemoContext, cast: Cast, issues: list[Issue]) -> Problems:
    staff = ctx.users[Role.STAFF]
    cnc, turnover = issues[0], issues[1]
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
    # The partners agreed the root cause at the follow-up meeting: the chosen solution
    # targets a chain that ends in it.
    agreed = meetings_services.decision_create(
        actor=staff,
        partnership=ctx.partnership,
        text="The root cause of the CNC shortage: employers were never asked to shape the "
        "certificate's schedule or host practice on their machines.",
        decided_on=cast.follow_up_day,
        meeting=cast.follow_up,
        decided_by="The partners",
    )
    services.why_step_add(
        actor=staff,
        problem_statement=ps_cnc,
        because="Employers were never asked to shape the schedule or host practice on "
        "their machines.",
        parent=w2,
        agreed_in=agreed,
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
    return Problems(ps_cnc, ps_turnover, w2, t1)


def solutions(ctx: DemoContext, problems: Problems, resources: dict[str, Resource]) -> None:
    staff, p = ctx.users[Role.STAFF], ctx.partnership
    ps_cnc, ps_turnover, w2, t1 = (
        problems.cnc,
        problems.turnover,
        problems.cnc_cause,
        problems.turnover_cause,
    )
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


def action_plan(
    ctx: DemoContext, cast: Cast, problems: Problems
) -> tuple[list[Goal], list[Benchmark]]:
    """Goals with benchmarks, results and action steps tied to decisions."""
    staff, p, today = ctx.users[Role.STAFF], ctx.partnership, ctx.today
    ps_cnc, ps_turnover = problems.cnc, problems.turnover
    grace, raj, maria, employer_people = cast.grace, cast.raj, cast.maria, cast.employer_people
    follow_up, follow_up_day = cast.follow_up, cast.follow_up_day
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
    steps: list[tuple[Goal, str, Person, int, str, Decision, list[Benchmark]]] = [
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

    return [g1, g2], [b1, b2, b3]
