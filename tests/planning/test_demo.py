from __future__ import annotations

from convenor.front.demo import demo_base
from convenor.planning import demo
from convenor.planning.demand import disclosure
from convenor.planning.demand.selectors import pooled_demand
from convenor.planning.issues.selectors import round_results
from convenor.planning.models import Issue, PrioritisationRound, Resource, RoundStatus
from convenor.planning.people import own_person
from convenor.planning.plan import selectors
from convenor.planning.resources.selectors import map_versions


def test_the_demo_builds_a_plan_on_its_own(db):
    ctx = demo_base(reset=True)
    demo.build(ctx)
    p = ctx.partnership
    assert Issue.objects.filter(partnership=p).count() == 5
    closed = PrioritisationRound.objects.get(partnership=p, status=RoundStatus.CLOSED)
    results = round_results(closed)
    assert results.participation["employer_voters"] >= 3
    assert closed.decision is not None
    assert PrioritisationRound.objects.filter(partnership=p, status=RoundStatus.OPEN).exists()
    funding = {f for r in Resource.objects.filter(partnership=p) for f in r.funding_sources}
    assert {"wioa_1", "wioa_2", "apprenticeship", "perkins"} <= funding
    assert map_versions(p).count() >= 10
    pooled = pooled_demand(p)
    assert pooled.employers >= 3
    hidden = {r.occupation: r.hidden_reason for r in pooled.rows if r.suppressed}
    assert hidden == {
        "Industrial maintenance technician": disclosure.HIDDEN_FEW,
        "Welder": disclosure.HIDDEN_DOMINANT,
    }
    chain = selectors.plan_chain(p)
    assert all(cp.whys for ci in chain.issues for cp in ci.problems)
    person = own_person(ctx.users["partner"], ctx.workspace.pk)
    assert person is not None and person.organisation.is_employer
