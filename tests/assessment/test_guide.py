from __future__ import annotations

from convenor.assessment.guide import DONE, TODO, guide_steps, stage_suggestion
from tests.assessment.factories import (
    action,
    convener,
    employers,
    issue,
    make_facts,
    meeting,
    partners,
)


def test_a_new_partnership_starts_at_the_regional_needs_assessment():
    facts = make_facts(stage="needs_assessment", industry_naics="", industry_title="", region="")
    steps = guide_steps(facts)
    assert [s.key for s in steps] == [
        "needs_assessment",
        "intermediary",
        "partners",
        "engage",
        "meet",
        "momentum",
    ]
    assert steps[0].current and steps[0].status == TODO
    assert "target industry" in steps[0].next_action
    assert steps[0].target == "analysis"  # the regional industry analysis comes first
    assert sum(s.current for s in steps) == 1


def test_each_step_names_one_next_action_and_where_it_is_done():
    for step in guide_steps(make_facts()):
        assert step.next_action and step.target and step.source


def test_with_no_candidate_the_intermediary_step_asks_for_candidates():
    step = guide_steps(make_facts())[1]
    assert step.target == "candidate-new"


def test_scored_candidates_without_convener_lead_to_recording_the_convener():
    step = guide_steps(make_facts(candidates=2, candidates_scored=2))[1]
    assert step.target == "convener-change"


def test_a_ready_partnership_has_every_step_up_to_its_plan_done():
    facts = make_facts(
        stage="implementation",
        challenge_employers={"turnover": 3},
        cited_analyses=1,
        issues=[issue()],
        convener=convener(),
        members=employers(3, champions=1) + partners("workforce_system", "education", "labor"),
        employer_one_on_ones=5,
        touches=5,
        meetings=[meeting(40), meeting(10)],
        has_mission=True,
        goals=1,
        goals_with_benchmarks=1,
        actions=[action(status="in_progress")],
        name_revisited=True,
    )
    steps = guide_steps(facts)
    assert [s.status for s in steps] == [DONE] * 6
    assert not any(s.current for s in steps)


def test_the_meet_and_learn_step_goes_from_first_meeting_to_action_plan():
    step = guide_steps(make_facts())[4]
    assert step.target == "meeting-new"
    step = guide_steps(make_facts(meetings=[meeting(5)], issues=[issue(status="open")]))[4]
    assert step.target == "prioritise"
    step = guide_steps(make_facts(meetings=[meeting(5)], issues=[issue(statements=0)]))[4]
    assert step.target == "problem-statements"
    step = guide_steps(make_facts(meetings=[meeting(5)], issues=[issue()]))[4]
    assert step.target == "direction"
    step = guide_steps(make_facts(meetings=[meeting(5)], issues=[issue()], has_mission=True))[4]
    assert step.target == "plan"


def test_the_next_stage_is_suggested_with_its_unmet_count():
    suggestion = stage_suggestion(make_facts(stage="needs_assessment"))
    assert suggestion["to_stage"] == "convening"
    assert suggestion["unmet"] == 2 and not suggestion["ready"]  # no challenge, no evidence
    assert stage_suggestion(make_facts(stage="sustaining")) is None
