"""Demo planning data for the Central Ohio Advanced Manufacturing Partnership.

Builds on what earlier demos made (people, organisations, touches, meetings,
decisions) and creates what is missing: issues from the touches, a closed
prioritisation round with votes from several employers and its consensus, an open
second round the partner-role user can vote in, problem statements with "why?"
chains, past efforts, direction and governance, a logic model, goals with
benchmarks, results and action steps, a versioned resource map, and hiring
projections from four employers (one occupation hidden for having two employers,
one because one employer holds most of its openings).

``convenor.front.demo`` calls ``build(ctx)``; each subject's part is in this package.
"""

from __future__ import annotations

from convenor.front.demo import DemoContext
from convenor.planning.demo import demand, direction, issues, plan, resources, setting


def build(ctx: DemoContext) -> None:
    cast = setting.cast(ctx)
    prioritised = issues.build(ctx, cast)
    problems = plan.problems(ctx, cast, prioritised.issues)
    resource_map = resources.build(ctx, cast, prioritised.issues)
    plan.solutions(ctx, problems, resource_map)
    issues.efforts(ctx, cast, prioritised.issues, resource_map)
    direction.build(ctx, cast)
    goals, benchmarks = plan.action_plan(ctx, cast, problems)
    direction.measures(ctx, goals, benchmarks)
    demand.build(ctx, cast)
    ctx.objects["planning"] = {
        "issues": prioritised.issues,
        "rounds": prioritised.rounds,
        "consensus": prioritised.consensus,
        "goals": goals,
        "benchmarks": benchmarks,
        "resources": list(resource_map.values()),
    }
