from __future__ import annotations

from convenor.assessment.facts import AnswerFact
from convenor.assessment.readiness import data_seen, readiness_findings, score, signals
from tests.assessment.factories import convener, employers, issue, make_facts, partners


def level(facts, question):
    return signals(facts)[question].evidence["level"]


def test_challenge_is_clear_with_prioritised_issues_problem_statements_and_data():
    facts = make_facts(issues=[issue()], challenge_employers={"turnover": 3}, cited_analyses=1)
    assert level(facts, "challenge") == "met"


def test_a_challenge_many_employers_raised_is_not_verified_until_an_analysis_is_cited():
    # Hearing it from three employers is information collection, not data (issue 14 §5);
    # a saved analysis that no issue cites does not verify it either.
    facts = make_facts(issues=[issue()], challenge_employers={"turnover": 3}, analyses=2)
    signal = signals(facts)["challenge"]
    assert signal.evidence["level"] == "partly"
    assert "cite a saved regional or occupation analysis" in signal.next_step
    assert "0 saved analyses cited as evidence" in signal.reason


def test_challenge_is_partly_clear_without_data_evidence():
    facts = make_facts(issues=[issue()], challenge_employers={"turnover": 1})
    signal = signals(facts)["challenge"]
    assert signal.evidence["level"] == "partly"
    assert "verified via data analysis" in signal.next_step


def test_challenge_is_partly_clear_when_a_prioritised_issue_lacks_its_problem_statement():
    facts = make_facts(issues=[issue(statements=0)], cited_analyses=1)
    signal = signals(facts)["challenge"]
    assert signal.evidence["level"] == "partly"
    assert "problem statement" in signal.next_step


def test_challenge_is_not_clear_with_nothing_recorded():
    assert level(make_facts(), "challenge") == "not_met"


def test_industry_support_needs_committed_employers_and_a_champion():
    assert level(make_facts(members=employers(3, champions=1)), "industry_support") == "met"
    assert level(make_facts(members=employers(3)), "industry_support") == "partly"
    identified = employers(3, stage="identified", one_on_one=False)
    assert level(make_facts(members=identified), "industry_support") == "not_met"


def test_industry_support_needs_a_one_on_one_with_an_employer_of_the_industry():
    signal = signals(make_facts(members=employers(3, champions=1, one_on_one=False)))[
        "industry_support"
    ]
    assert signal.evidence["level"] == "partly"
    assert "one-on-one" in signal.next_step


def test_employers_of_another_industry_are_not_the_industrys_support():
    # Three manufacturing employers, a champion among them, met one-on-one, in a
    # logistics partnership: partners, not the industry's support.
    logistics = dict(industry_naics="48-49", industry_title="Transportation and Warehousing")
    facts = make_facts(members=employers(3, champions=1, naics="332710"), **logistics)
    signal = signals(facts)["industry_support"]
    assert signal.evidence["level"] == "not_met"
    assert signal.evidence["employers_elsewhere"] == 3
    assert "of other industries" in signal.reason
    assert score(facts).parts["industry_support"] == 0
    trucking = make_facts(members=employers(3, champions=1, naics="484121"), **logistics)
    assert level(trucking, "industry_support") == "met"


def test_the_intermediary_is_ready_when_a_willing_convener_without_conflict_leads():
    assert level(make_facts(convener=convener()), "intermediary") == "met"


def test_a_convener_with_a_critical_conflict_of_interest_blocks_readiness():
    facts = make_facts(convener=convener(conflict_codes=("conflict.single_employer",)))
    signal = signals(facts)["intermediary"]
    assert signal.evidence["level"] == "not_met"
    assert signal.severity.value == "critical"
    assert "a single employer" in signal.reason and "blocked" in signal.reason
    # a staff "yes" does not lift it
    answered = make_facts(
        convener=convener(conflict_codes=("conflict.single_training_provider",)),
        answers={"intermediary": AnswerFact(status="yes")},
    )
    assert score(answered).parts["intermediary"] == 0
    assert score(answered).blocked and not score(make_facts(convener=convener())).blocked


def test_candidates_without_a_convener_are_partly_ready():
    assert level(make_facts(candidates=2), "intermediary") == "partly"
    assert level(make_facts(), "intermediary") == "not_met"


def test_stakeholders_are_involved_with_employers_workforce_education_and_one_more():
    members = employers(2) + partners("workforce_system", "education", "labor")
    assert level(make_facts(members=members), "stakeholders") == "met"


def test_stakeholders_missing_a_key_category_are_named():
    signal = signals(make_facts(members=employers(2) + partners("labor")))["stakeholders"]
    assert signal.evidence["level"] == "partly"
    assert "the public workforce system" in signal.next_step


def test_review_questions_are_answered_from_the_data():
    facts = make_facts(
        convener=convener(),
        employer_touches=5,
        employers_touched=3,
        challenge_employers={"turnover": 2},
        members=partners("workforce_system", "education", "economic_development"),
        has_mission=True,
        goals=1,
    )
    computed = signals(facts)
    assert {q: computed[q].evidence["level"] for q in computed if q.startswith("review")} == {
        "review_intermediary": "met",
        "review_employers": "met",
        "review_buy_in": "met",
        "review_shared_goal": "met",
    }
    assert "Staffing mix and skills" in computed["review_intermediary"].reason


def test_the_score_averages_the_data_with_the_staff_answer():
    facts = make_facts(convener=convener(), answers={"intermediary": AnswerFact("partly")})
    result = score(facts)
    assert result.parts["intermediary"] == 18.8  # (1 + 0.5) / 2 * 25, rounded
    assert result.parts["challenge"] == 0
    assert result.value == 19
    assert any("staff answered 'partly'" in r for r in result.reasons)


def test_the_score_is_100_when_everything_is_ready():
    facts = make_facts(
        issues=[issue()],
        challenge_employers={"turnover": 2},
        cited_analyses=1,
        members=employers(3, champions=1) + partners("workforce_system", "education", "labor"),
        convener=convener(),
    )
    assert score(facts).value == 100


def test_a_yes_the_data_does_not_support_is_pointed_out():
    facts = make_facts(answers={"industry_support": AnswerFact("yes")})
    codes = [f.code for f in readiness_findings(facts)]
    assert "readiness.answer_unsupported" in codes


def test_a_yes_the_data_supports_is_not_pointed_out():
    facts = make_facts(convener=convener(), answers={"intermediary": AnswerFact("yes")})
    codes = [f.code for f in readiness_findings(facts)]
    assert "readiness.answer_unsupported" not in codes
    assert "readiness.intermediary" not in codes


def test_a_no_while_the_data_looks_ready_is_pointed_out():
    facts = make_facts(convener=convener(), answers={"intermediary": AnswerFact("no")})
    assert "readiness.answer_doubtful" in [f.code for f in readiness_findings(facts)]


def test_the_partner_mix_findings_bear_on_the_stakeholders_question():
    from convenor.lib.findings import Finding, Severity

    members = employers(2) + partners("workforce_system", "education", "labor")
    missing = Finding(
        "mix.categories_missing",
        Severity.WARNING,
        "No economic development agency yet.",
        "Ask the economic development agency to join.",
        "Step Two: Identify Partners",
    )
    signal = signals(make_facts(members=members, mix=[missing]))["stakeholders"]
    assert signal.evidence["level"] == "partly"
    assert "No economic development agency yet." in signal.reason
    assert signal.next_step == "Ask the economic development agency to join."


def test_partner_mix_findings_about_other_things_leave_the_stakeholders_ready():
    from convenor.lib.findings import Finding, Severity

    members = employers(2) + partners("workforce_system", "education", "labor")
    champion = Finding("mix.no_employer_champion", Severity.WARNING, "No champion.", "Find one.")
    signal = signals(make_facts(members=members, mix=[champion]))["stakeholders"]
    assert signal.evidence["level"] == "met"
    assert signal.evidence["mix_findings"] == ["mix.no_employer_champion"]


def test_review_questions_are_not_met_without_data():
    computed = signals(make_facts())
    assert {q: computed[q].evidence["level"] for q in computed if q.startswith("review")} == {
        "review_intermediary": "not_met",
        "review_employers": "not_met",
        "review_buy_in": "not_met",
        "review_shared_goal": "not_met",
    }


def test_review_questions_are_partly_met_with_some_data():
    facts = make_facts(
        convener=convener(strengths=()),
        employer_touches=1,
        employers_touched=1,
        members=partners("workforce_system"),
        has_mission=True,
    )
    computed = signals(facts)
    assert {q: computed[q].evidence["level"] for q in computed if q.startswith("review")} == {
        "review_intermediary": "partly",
        "review_employers": "partly",
        "review_buy_in": "partly",
        "review_shared_goal": "partly",
    }


def test_a_no_the_data_does_not_support_is_not_pointed_out():
    facts = make_facts(answers={"intermediary": AnswerFact("no")})
    assert "readiness.answer_doubtful" not in [f.code for f in readiness_findings(facts)]


def test_an_answer_is_outdated_when_its_level_or_partners_change_not_its_counts():
    before = make_facts(members=employers(2) + partners("workforce_system"))
    seen = data_seen(signals(before)["stakeholders"])
    answer = {"stakeholders": AnswerFact(status="partly", data_seen=seen)}

    def outdated(facts):
        return [f for f in readiness_findings(facts) if f.code == "readiness.answer_outdated"]

    assert outdated(make_facts(members=before.members, answers=answer)) == []
    labor = make_facts(members=before.members + partners("labor"), answers=answer)
    [flag] = outdated(labor)
    assert "+ labor" in flag.reason
    # more touches alone do not outdate an answer about the employers' dialogue
    touched = make_facts(employer_touches=3, employers_touched=2)
    said = {
        "review_employers": AnswerFact(
            status="partly", data_seen=data_seen(signals(touched)["review_employers"])
        )
    }
    more = make_facts(employer_touches=9, employers_touched=2, answers=said)
    assert signals(more)["review_employers"].evidence["level"] == "partly"  # as before
    assert outdated(more) == []
