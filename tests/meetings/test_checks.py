"""The pure rules: each fires when it should and stays quiet when it should not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from convenor.lib.findings import Severity
from convenor.meetings.checks import (
    Invitee,
    Mix,
    agenda_findings,
    cadence_findings,
    employer_led_findings,
    employer_trend_findings,
    meeting_name_findings,
    suggest_event_type,
    types_named_in,
)
from convenor.meetings.models import EventType, Expectation

CEO = Invitee("Carla", is_employer=True, authority_level="ceo")
HR = Invitee("Hugo", is_employer=True, authority_level="hr_director")
MANAGER = Invitee("Mo", is_employer=True, authority_level="front_line_manager")
GOVERNOR = Invitee("Gov", is_top_government_leader=True)
COUNCILLOR = Invitee("Cou", is_elected_official=True)
COLLEGE = Invitee("Dean")


def codes(findings):
    return [f.code for f in findings]


# --- the promise of a name ------------------------------------------------------------


def test_title_words_name_event_types():
    assert types_named_in("Central Ohio Manufacturing Summit") == [EventType.SUMMIT]
    assert types_named_in("Employer focus-group on onboarding") == [EventType.FOCUS_GROUP]
    assert types_named_in("CEO Round Table") == [EventType.ROUNDTABLE]
    assert types_named_in("Summitville plant tour") == []


def test_a_summit_without_a_government_leader_is_warned_against():
    findings = meeting_name_findings(EventType.SUMMIT, "Workforce meeting", [CEO, HR])
    warning = next(f for f in findings if f.code == "name.summit_without_leaders")
    assert warning.severity == Severity.WARNING
    assert "misled" in warning.reason
    assert warning.source == "Convening Employers: What's in a Name?"


def test_a_meeting_titled_summit_is_warned_against_whatever_its_type():
    findings = meeting_name_findings(EventType.ROUNDTABLE, "Manufacturing Summit", [CEO])
    assert "name.summit_without_leaders" in codes(findings)
    assert "titled a summit" in findings[0].reason


def test_a_summit_with_a_top_government_leader_keeps_its_promise():
    findings = meeting_name_findings(EventType.SUMMIT, "Summit", [CEO, GOVERNOR], "leaders_action")
    assert "name.summit_without_leaders" not in codes(findings)


def test_an_elected_official_is_not_the_top_government_leader_a_summit_promises():
    findings = meeting_name_findings(EventType.SUMMIT, "", [CEO, COUNCILLOR])
    [warning] = [f for f in findings if f.code == "name.summit_without_leaders"]
    assert "media exposure" in warning.reason


def test_ceos_called_a_focus_group_are_questioned():
    findings = meeting_name_findings(EventType.FOCUS_GROUP, "Employer input", [CEO, CEO, HR])
    finding = next(f for f in findings if f.code == "name.ceos_in_focus_group")
    assert finding.evidence == {"ceos": 2, "known_levels": 3}
    assert "roundtable" in finding.next_step


def test_a_title_saying_focus_group_is_questioned_when_ceos_are_invited():
    findings = meeting_name_findings(EventType.PARTNERSHIP_MEETING, "CEO focus group", [CEO])
    assert "name.ceos_in_focus_group" in codes(findings)


def test_a_focus_group_of_managers_is_not_questioned():
    findings = meeting_name_findings(EventType.FOCUS_GROUP, "", [CEO, HR, MANAGER, MANAGER])
    assert "name.ceos_in_focus_group" not in codes(findings)


def test_ceos_at_a_roundtable_raise_no_question():
    findings = meeting_name_findings(EventType.ROUNDTABLE, "CEO Roundtable", [CEO, CEO])
    assert codes(findings) == ["name.no_expectation"]


def test_promising_leaders_without_inviting_them_is_warned_against():
    findings = meeting_name_findings(EventType.ROUNDTABLE, "", [CEO], Expectation.LEADERS_ACTION)
    assert "name.expectation_without_leaders" in codes(findings)
    findings = meeting_name_findings(
        EventType.SUMMIT, "", [CEO, GOVERNOR], Expectation.LEADERS_ACTION
    )
    assert "name.expectation_without_leaders" not in codes(findings)


def test_a_title_naming_another_type_than_the_meeting_has_is_pointed_out():
    findings = meeting_name_findings(EventType.ROUNDTABLE, "Healthcare Forum", [])
    assert "name.title_type_mismatch" in codes(findings)
    assert "forum" in findings[0].reason
    quiet = meeting_name_findings(EventType.FORUM, "Healthcare Forum", [])
    assert "name.title_type_mismatch" not in codes(quiet)


def test_the_expectation_set_suggests_the_fitting_name():
    findings = meeting_name_findings(
        EventType.PARTNERSHIP_MEETING, "Spring meeting", [HR], Expectation.NETWORK_LEARN
    )
    suggestion = next(f for f in findings if f.code == "name.suggestion")
    assert suggestion.evidence == {"suggested": "conference"}
    assert suggestion.next_step == "Consider calling it a conference."


def test_ceos_asked_for_their_views_are_offered_a_roundtable_not_a_focus_group():
    assert suggest_event_type([CEO, CEO, HR], Expectation.GATHER_VIEWS)[0] == EventType.ROUNDTABLE
    assert suggest_event_type([HR, MANAGER], Expectation.GATHER_VIEWS)[0] == EventType.FOCUS_GROUP


def test_mostly_ceos_suggest_a_roundtable_when_no_expectation_is_set():
    assert suggest_event_type([CEO, HR], "")[0] == EventType.ROUNDTABLE
    assert suggest_event_type([HR, MANAGER], "") is None


def test_no_summit_is_suggested_without_government_leaders():
    assert suggest_event_type([CEO], Expectation.LEADERS_ACTION) is None
    assert suggest_event_type([CEO, GOVERNOR], Expectation.LEADERS_ACTION)[0] == EventType.SUMMIT


def test_no_suggestion_when_the_name_already_fits():
    findings = meeting_name_findings(
        EventType.PARTNERSHIP_MEETING, "Kick-off", [CEO, HR, MANAGER], Expectation.DECIDE
    )
    assert findings == []


def test_a_missing_expectation_is_noted_only_when_people_are_invited():
    assert "name.no_expectation" in codes(meeting_name_findings(EventType.FORUM, "", [HR]))
    assert meeting_name_findings(EventType.FORUM, "", []) == []


@given(
    event_type=st.sampled_from(list(EventType)),
    title=st.text(max_size=60),
    invitees=st.lists(
        st.builds(
            Invitee,
            is_employer=st.booleans(),
            authority_level=st.sampled_from(["", "ceo", "hr_director", "line_worker"]),
            is_top_government_leader=st.booleans(),
            is_elected_official=st.booleans(),
        ),
        max_size=8,
    ),
    expectation=st.sampled_from(["", *Expectation.values]),
)
def test_the_summit_warning_fires_exactly_when_a_summit_lacks_leaders(
    event_type, title, invitees, expectation
):
    findings = meeting_name_findings(event_type, title, invitees, expectation)
    named_summit = event_type == EventType.SUMMIT or EventType.SUMMIT in types_named_in(title)
    lacks = not any(i.is_government_leader for i in invitees)
    assert ("name.summit_without_leaders" in codes(findings)) == (named_summit and lacks)
    assert len(codes(findings)) == len(set(codes(findings)))


# --- the agenda ------------------------------------------------------------------------


def test_an_empty_agenda_is_noted():
    findings = agenda_findings(
        item_minutes=[], unowned_items=0, meeting_minutes=60, employers_invited=0
    )
    assert codes(findings) == ["agenda.empty"]


def test_an_agenda_longer_than_the_meeting_is_critical():
    findings = agenda_findings(
        item_minutes=[40, 40], unowned_items=0, meeting_minutes=60, employers_invited=0
    )
    assert codes(findings) == ["agenda.longer_than_meeting"]
    assert findings[0].severity == Severity.CRITICAL


def test_over_two_hours_with_employers_is_warned_against():
    findings = agenda_findings(
        item_minutes=[60, 65], unowned_items=0, meeting_minutes=150, employers_invited=3
    )
    assert codes(findings) == ["agenda.over_two_hours_with_employers"]
    assert "No one has time to waste" in findings[0].reason


def test_two_hours_exactly_or_no_employers_raise_no_time_warning():
    assert (
        agenda_findings(
            item_minutes=[120], unowned_items=0, meeting_minutes=120, employers_invited=3
        )
        == []
    )
    assert (
        agenda_findings(
            item_minutes=[150], unowned_items=0, meeting_minutes=180, employers_invited=0
        )
        == []
    )


def test_agenda_items_without_a_lead_are_noted():
    findings = agenda_findings(
        item_minutes=[10, 20], unowned_items=1, meeting_minutes=60, employers_invited=1
    )
    assert codes(findings) == ["agenda.unowned_items"]


# --- employer-led -------------------------------------------------------------------------


def test_a_meeting_without_employers_is_critical():
    findings = employer_led_findings(Mix(employers=0, public=3, other=1))
    assert codes(findings) == ["employer_led.no_employers"]


def test_employers_outnumbered_by_public_partners_is_warned_against():
    findings = employer_led_findings(Mix(employers=2, public=3, other=1))
    assert codes(findings) == ["employer_led.outnumbered"]
    assert "2 employers against 3 public partners" in findings[0].reason


def test_as_many_employers_as_public_partners_is_employer_led_whatever_the_others():
    # Labor, community groups and others sit on neither side (SPEC: employers against
    # public partners).
    findings = employer_led_findings(Mix(employers=2, public=2, other=3))
    assert codes(findings) == ["employer_led.ok"]
    assert "2 employers against 2 public partners (attended)" in findings[0].reason


def test_industry_associations_sit_on_the_employers_side():
    assert codes(employer_led_findings(Mix(employers=1, associations=1, public=2))) == [
        "employer_led.ok"
    ]
    assert codes(employer_led_findings(Mix(employers=1, public=2))) == ["employer_led.outnumbered"]


def test_associations_without_an_employer_are_not_employer_led():
    findings = employer_led_findings(Mix(associations=3, public=1))
    assert codes(findings) == ["employer_led.no_employers"]


def test_before_attendance_the_check_reads_the_invitees():
    findings = employer_led_findings(Mix(employers=1, public=0, other=0, basis="invited"))
    assert "are invited" in findings[0].reason


def test_nobody_invited_is_only_informational():
    assert codes(employer_led_findings(Mix(employers=0, public=0, other=0))) == [
        "employer_led.nobody"
    ]


def test_employers_outnumbered_at_two_of_the_last_three_meetings_is_a_trend():
    mixes = [
        Mix(employers=5, public=1, other=0),
        Mix(employers=1, public=2, other=0),
        Mix(employers=4, public=1, other=0),
        Mix(employers=1, public=3, other=0),
    ]
    assert "employer_led.trend_outnumbered" in codes(employer_trend_findings(mixes))


def test_a_falling_employer_share_is_a_trend():
    mixes = [
        Mix(employers=9, public=1, other=0),
        Mix(employers=6, public=2, other=0),
        Mix(employers=5, public=3, other=0),
    ]
    assert codes(employer_trend_findings(mixes)) == ["employer_led.trend_falling"]


def test_a_steady_employer_led_partnership_has_no_trend_warning():
    assert (
        employer_trend_findings(
            [
                Mix(employers=5, public=2, other=0),
                Mix(employers=6, public=2, other=0),
                Mix(employers=5, public=2, other=1),
            ]
        )
        == []
    )
    assert employer_trend_findings([Mix(employers=1, public=3, other=0)]) == []


# --- cadence --------------------------------------------------------------------------------


def _cadence(**overrides):
    values = dict(
        days_since_last=10,
        has_next=True,
        held_without_objective=0,
        held_without_decisions=0,
        overdue_action_items=0,
    )
    return codes(cadence_findings(**(values | overrides)))


def test_a_healthy_cadence_raises_nothing():
    assert _cadence() == []
    assert _cadence(days_since_last=None, has_next=False) == []


def test_no_next_meeting_after_one_was_held_is_warned_against():
    assert _cadence(has_next=False) == ["cadence.no_next_meeting"]


def test_a_long_gap_is_noted():
    assert _cadence(days_since_last=75) == ["cadence.long_gap"]


def test_meetings_without_objective_or_decisions_and_overdue_items_are_flagged():
    assert _cadence(held_without_objective=1) == ["cadence.without_objective"]
    assert _cadence(held_without_decisions=2) == ["cadence.without_decisions"]
    assert _cadence(overdue_action_items=3) == ["cadence.overdue_action_items"]
