"""Planning objects in the route-walking world: one of each kind in each partnership.

The projection of the shared partnership is pat's employer's, so she may edit it.
"""

from __future__ import annotations

import datetime as dt

from convenor.lib.challenges import Challenge
from convenor.planning import services
from convenor.planning.models import FundingSource, LogicColumn
from tests.planning import factories

ORDER = 70


def build(world, partnership) -> None:
    p, actor = partnership, world.owner
    employer = factories.organisation(p, "World Machining Inc.")
    college = factories.organisation(p, "World Community College", category="education")
    voter = factories.person(p, "Wanda Welder", employer)
    touch = factories.touch(p, [voter], [Challenge.SKILLS_GAP])
    meeting = factories.meeting(p)

    issue = services.issue_create(
        actor=actor,
        partnership=p,
        title="No qualified CNC applicants",
        challenge=Challenge.SKILLS_GAP,
        touches=[touch],
    )
    evidence = services.issue_evidence_add(actor=actor, issue=issue, title="QCEW 2025")
    resource = services.resource_create(
        actor=actor,
        partnership=p,
        name="CNC certificate",
        owner_organisation=college,
        funding_sources=[FundingSource.PERKINS],
        issues=[issue],
    )
    effort = services.past_effort_create(
        actor=actor,
        issue=issue,
        kind="exists",
        who="World Community College",
        when="since 2019",
        what_happened="Runs a CNC certificate.",
        resource=resource,
    )
    ps = services.problem_statement_create(actor=actor, issue=issue, problem="Too few machinists.")
    why = services.why_step_add(
        actor=actor, problem_statement=ps, because="Schools drop shop class."
    )
    solution = services.solution_create(
        actor=actor, partnership=p, title="Youth apprenticeship", problem_statement=ps
    )
    rnd = services.round_open(actor=actor, partnership=p, title="First round", meeting=meeting)
    services.ballot_cast(actor=actor, round=rnd, person=voter, ratings={issue.pk: (5, 4)})
    role = services.governance_role_create(actor=actor, partnership=p, title="Chair", person=voter)
    services.direction_save(
        actor=actor, partnership=p, changes={"areas_for_analysis": "Wages"}, expected_version=None
    )
    entry = services.logic_entry_create(
        actor=actor, partnership=p, column=LogicColumn.INPUTS, text="Employer time"
    )
    goal = services.goal_create(
        actor=actor, partnership=p, title="Fill CNC jobs", problem_statement=ps
    )
    benchmark = services.benchmark_create(
        actor=actor,
        goal=goal,
        indicator="Certificates awarded",
        baseline_value=10,
        baseline_on=dt.date(2026, 1, 1),
        target_value=40,
        target_on=dt.date(2027, 12, 31),
    )
    result = services.benchmark_result_record(
        actor=actor, benchmark=benchmark, period_end=dt.date(2026, 6, 30), value=18
    )
    step = services.action_step_create(
        actor=actor,
        goal=goal,
        title="Recruit ten employers for work-based learning",
        owner=voter,
        new_decision="Start a youth apprenticeship pilot.",
        benchmarks=[benchmark],
    )
    projection = services.projection_create(
        actor=actor,
        partnership=p,
        organisation=(
            world.objects["pat_organisation"] if p == world.shared_partnership else employer
        ),
        occupation_title="CNC machinist",
        soc_code="51-4041",
        openings_12m=4,
        openings_36m=10,
    )
    kwargs = world.kwargs_for(p)
    kwargs.update(
        issue_id=issue.pk,
        evidence_id=evidence.pk,
        effort_id=effort.pk,
        problem_id=ps.pk,
        why_id=why.pk,
        solution_id=solution.pk,
        round_id=rnd.pk,
        role_id=role.pk,
        entry_id=entry.pk,
        goal_id=goal.pk,
        benchmark_id=benchmark.pk,
        result_id=result.pk,
        step_id=step.pk,
        resource_id=resource.pk,
        map_version=1,
        projection_id=projection.pk,
    )
    # Shared names: another app's world may have set them to its own objects of this
    # partnership, which the planning routes accept too.
    kwargs.setdefault("decision_id", step.decision_id)
    world.objects_for(p)["planning"] = {"issue": issue, "round": rnd, "goal": goal}
