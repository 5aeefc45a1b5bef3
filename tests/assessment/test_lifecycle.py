from __future__ import annotations

from convenor.assessment.facts import ActionFact, BenchmarkFact
from convenor.assessment.lifecycle import gate, next_stage, previous_stage, stage_overview, unmet
from tests.assessment.factories import (
    TODAY,
    action,
    convener,
    employers,
    issue,
    make_facts,
    meeting,
    partners,
)


def unmet_codes(facts, stage):
    return [c.code for c in unmet(gate(facts, stage))]


def test_stages_follow_the_toolkit_order():
    assert next_stage("needs_assessment") == "convening"
    assert next_stage("sustaining") is None
    assert previous_stage("planning") == "convening"
    assert previous_stage("needs_assessment") is None


def test_convening_needs_an_industry_a_region_and_a_verified_challenge():
    facts = make_facts(stage="needs_assessment", industry_naics="", industry_title="", region="")
    assert unmet_codes(facts, "convening") == [
        "gate.industry_chosen",
        "gate.region_set",
        "gate.challenge_identified",
        "gate.data_evidence",
    ]


def test_convening_criteria_are_met_with_a_challenge_raised_and_a_cited_analysis():
    facts = make_facts(
        stage="needs_assessment", challenge_employers={"turnover": 2}, cited_analyses=1
    )
    assert unmet_codes(facts, "convening") == []


def test_a_challenge_two_employers_raised_is_not_data_evidence():
    facts = make_facts(stage="needs_assessment", challenge_employers={"turnover": 2}, analyses=1)
    assert unmet_codes(facts, "convening") == ["gate.data_evidence"]


def test_planning_needs_an_intermediary_and_employers_at_the_table():
    facts = make_facts(members=partners("education", "workforce_system"))
    assert unmet_codes(facts, "planning") == [
        "gate.intermediary",
        "gate.committed_employers",
        "gate.employer_weight",
        "gate.champion",
        "gate.one_on_ones",
        "gate.potential_issues",
    ]


def test_planning_criteria_are_met_by_a_ready_convening_stage():
    facts = make_facts(
        convener=convener(),
        members=employers(3, champions=1) + partners("education"),
        employer_one_on_ones=4,
        issues=[issue(status="open", statements=0)],
    )
    assert unmet_codes(facts, "planning") == []


def test_the_employer_weight_gate_counts_the_industry_side_against_public_partners():
    ready = dict(convener=convener(), employer_one_on_ones=4, issues=[issue(statements=0)])
    # Labor and community partners, which the mix findings ask for, do not count
    # against the employers; an association sits on the employers' side.
    welcome = employers(3, champions=1) + partners("labor", "community", "community", "labor")
    assert "gate.employer_weight" not in unmet_codes(
        make_facts(members=welcome + partners("education", "workforce_system"), **ready),
        "planning",
    )
    outnumbered = employers(3, champions=1) + partners(*["education"] * 3, "workforce_system")
    assert "gate.employer_weight" in unmet_codes(
        make_facts(members=outnumbered, **ready), "planning"
    )
    with_association = outnumbered + partners("association")
    assert "gate.employer_weight" not in unmet_codes(
        make_facts(members=with_association, **ready), "planning"
    )


def test_employers_of_another_industry_do_not_open_the_planning_gate():
    # Three manufacturing employers in a logistics partnership, one public partner.
    ready = dict(convener=convener(), employer_one_on_ones=4, issues=[issue(statements=0)])
    members = employers(3, champions=1, naics="332710") + partners("education")
    facts = make_facts(members=members, industry_naics="48-49", **ready)
    missing = unmet_codes(facts, "planning")
    assert {"gate.committed_employers", "gate.employer_weight", "gate.champion"} <= set(missing)
    assert "gate.one_on_ones" in missing
    weight = next(c for c in gate(facts, "planning") if c.code == "gate.employer_weight")
    assert "3 employers or associations outside the target industry" in weight.reason


def test_a_convener_with_a_critical_conflict_of_interest_does_not_open_the_planning_gate():
    conflicted = convener(conflict_codes=("conflict.single_employer",))
    facts = make_facts(
        convener=conflicted,
        members=employers(3, champions=1) + partners("education"),
        issues=[issue(status="open", statements=0)],
    )
    assert unmet_codes(facts, "planning") == ["gate.intermediary"]


def test_implementation_needs_meetings_priorities_problem_statements_mission_and_a_plan():
    facts = make_facts(stage="planning", issues=[issue(statements=0)])
    criteria = gate(facts, "implementation")
    assert [c.code for c in unmet(criteria)] == [
        "gate.meetings_held",
        "gate.problem_statements",
        "gate.mission",
        "gate.action_plan",
    ]
    problem = next(c for c in criteria if c.code == "gate.problem_statements")
    assert "Turnover of new hires" in problem.reason


def test_implementation_criteria_are_met_by_an_action_plan():
    facts = make_facts(
        stage="planning",
        meetings=[meeting(40), meeting(10)],
        issues=[issue()],
        has_mission=True,
        goals=1,
        goals_with_benchmarks=1,
        actions=[action()],
    )
    assert unmet_codes(facts, "implementation") == []


def test_sustaining_needs_implementation_results_regular_meetings_and_a_resource_map():
    facts = make_facts(stage="implementation", resource_map_entries=0, meetings=[meeting(200)])
    assert unmet_codes(facts, "sustaining") == [
        "gate.implementing",
        "gate.benchmark_results",
        "gate.meeting_regularly",
        "gate.resource_map",
    ]


def test_sustaining_criteria_are_met_when_the_plan_moves():
    benchmark = BenchmarkFact("Hires", 0, TODAY, 10, TODAY, results=((TODAY, 5.0),))
    facts = make_facts(
        stage="implementation",
        actions=[ActionFact("done")],
        benchmarks=[benchmark],
        meetings=[meeting(20)],
        resource_map_entries=4,
    )
    assert unmet_codes(facts, "sustaining") == []


def test_every_criterion_says_what_to_do_when_unmet():
    for c in gate(make_facts(), "planning"):
        assert c.next_step and c.source


def test_the_overview_marks_the_current_and_past_stages():
    rows = stage_overview(make_facts(stage="planning"))
    assert [r["current"] for r in rows] == [False, False, True, False, False]
    assert [r["past"] for r in rows] == [True, True, False, False, False]
    assert rows[0]["criteria"] == []
