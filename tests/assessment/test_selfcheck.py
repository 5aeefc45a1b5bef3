from __future__ import annotations

import datetime as dt

from convenor.assessment.facts import DeciderFact, DecisionFact, SiblingFact
from convenor.assessment.selfcheck import (
    PITFALLS,
    same_industry,
    same_region,
    selfcheck_findings,
    selfcheck_rows,
)
from tests.assessment import spine
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


def codes(facts):
    return [f.code for f in selfcheck_findings(facts)]


BOARD_ID = 900  # the convener's organisation


def _by(*deciders: DeciderFact, said: str = "") -> DecisionFact:
    return DecisionFact(TODAY, "x", said, deciders=deciders)


STAFF = DeciderFact(team=True)  # signs in as the workspace's staff, no organisation recorded
BOARD = DeciderFact(category="workforce_system", organisation_id=BOARD_ID)
EMPLOYER = DeciderFact(category="employer", naics="332710", organisation_id=101)


def test_decisions_made_by_the_convener_show_it_charting_the_course():
    board = convener(organisation_id=BOARD_ID)
    # The convener's own people and the workspace's staff decide; the label says otherwise.
    decisions = [_by(BOARD, said="Employer advisory group"), _by(STAFF, BOARD), _by(EMPLOYER)]
    findings = selfcheck_findings(make_facts(convener=board, decisions=decisions))
    found = [f for f in findings if f.code == "selfcheck.charting_the_course"]
    assert found and found[0].evidence["decisions_by_convener"] == 2


def test_decisions_recorded_with_no_meeting_or_conversation_are_the_conveners():
    decisions = [_by(), _by(), _by(EMPLOYER, STAFF)]
    findings = selfcheck_findings(make_facts(convener=convener(), decisions=decisions))
    found = [f for f in findings if f.code == "selfcheck.charting_the_course"]
    assert found and "2 recorded with no meeting or conversation" in found[0].reason


def test_employers_outnumbered_at_most_meetings_show_it_charting_the_course():
    facts = make_facts(
        meetings=[meeting(30, attended=10, employers=2), meeting(10, attended=10, employers=3)]
    )
    assert "selfcheck.charting_the_course" in codes(facts)


def test_labor_and_community_partners_do_not_outnumber_the_employers():
    # 3 employers and 3 public partners; the other 4 are labor and community groups.
    facts = make_facts(
        meetings=[meeting(30, attended=10, employers=3, public=3)] * 2,
    )
    assert "selfcheck.charting_the_course" not in codes(facts)


def test_employers_deciding_show_no_charting_of_the_course():
    # Labelled as the convener's, yet made with employers at the table: the deciders count.
    decisions = [_by(EMPLOYER, BOARD, said="Central Ohio Workforce Board staff")] * 3
    facts = make_facts(
        convener=convener(organisation_id=BOARD_ID),
        decisions=decisions,
        meetings=[meeting(30, attended=10, employers=6)] * 2,
    )
    assert "selfcheck.charting_the_course" not in codes(facts)


def test_a_low_staffing_score_or_too_many_partnerships_per_staff_show_understaffing():
    assert "selfcheck.understaffing" in codes(make_facts(convener=convener(staffing=2)))
    assert "selfcheck.understaffing" in codes(make_facts(workspace_staff=1, workspace_running=5))
    assert "selfcheck.understaffing" not in codes(
        make_facts(convener=convener(staffing=4), workspace_staff=2, workspace_running=4)
    )


def test_many_overdue_items_show_understaffing():
    facts = make_facts(actions=[action(due_days=-5)] * 5)
    assert "selfcheck.understaffing" in codes(facts)


def test_issues_no_employer_raised_show_assumed_needs():
    facts = make_facts(issues=[issue(challenge="skills_gap", employers=0)])
    [finding] = [f for f in selfcheck_findings(facts) if f.code == "selfcheck.assuming_needs"]
    assert "never raised by an employer" in finding.reason


def test_issues_raised_by_several_employers_show_no_assumed_needs():
    facts = make_facts(issues=[issue(employers=3)])
    assert "selfcheck.assuming_needs" not in codes(facts)


def test_an_issue_heard_in_its_linked_touches_is_not_assumed(partnership):
    # Its challenge code was raised by no employer, but the touches linked to it reached
    # two: planning's issue page says 2 employers, and so does the self-check.
    from convenor.assessment.selectors import partnership_facts

    _acme, ada = spine.employer_at_table(partnership, "Acme Plastics")
    _beta, ben = spine.employer_at_table(partnership, "Beta Foods")
    linked = [spine.touch(partnership, [ada]), spine.touch(partnership, [ben])]
    spine.issue(partnership, "Shift patterns", challenge="support_transport", touches=linked)
    facts = partnership_facts([partnership], team=True)[partnership.pk]
    assert facts.challenge_employers.get("support_transport", 0) == 0
    assert [i.employers for i in facts.issues] == [2]
    assert "selfcheck.assuming_needs" not in codes(facts)


def test_another_partnership_for_the_same_industry_and_region_is_a_competing_initiative():
    rival = SiblingFact(2, "Manufacturing Works", industry_naics="332", region="central ohio")
    [finding] = [
        f
        for f in selfcheck_findings(make_facts(siblings=[rival]))
        if f.code == "selfcheck.competing_initiative"
    ]
    assert "Manufacturing Works" in finding.reason


def test_other_industries_regions_or_ended_partnerships_do_not_compete():
    siblings = [
        SiblingFact(2, "Healthcare", industry_naics="62", region="Central Ohio"),
        SiblingFact(3, "Manufacturing North", industry_naics="31-33", region="Northeast Ohio"),
        SiblingFact(4, "Old one", industry_naics="31-33", region="Central Ohio", ended=True),
    ]
    assert "selfcheck.competing_initiative" not in codes(make_facts(siblings=siblings))


def test_industry_and_region_matching():
    assert same_industry("31-33", "3327")
    assert same_industry("3363", "336")
    assert not same_industry("62", "31-33")
    assert same_region("Central Ohio (8 counties)", "central ohio")
    assert not same_region("", "Central Ohio")


def test_no_organisation_serving_labor_pools_is_pointed_out():
    facts = make_facts(members=employers(3) + partners("education"))
    assert "selfcheck.labor_pools" in codes(facts)
    facts = make_facts(members=employers(3) + partners("human_services"))
    assert "selfcheck.labor_pools" not in codes(facts)


def test_implementation_without_recent_employer_input_shows_no_adapting():
    facts = make_facts(
        stage="implementation", last_employer_touch_on=TODAY - dt.timedelta(days=300)
    )
    assert "selfcheck.not_adapting" in codes(facts)
    facts.last_employer_touch_on = TODAY - dt.timedelta(days=30)
    assert "selfcheck.not_adapting" not in codes(facts)


def test_every_pitfall_is_listed_even_without_evidence():
    rows = selfcheck_rows(make_facts())
    assert [r["pitfall"].code for r in rows] == [p.code for p in PITFALLS]
    assert len(rows) == 6
