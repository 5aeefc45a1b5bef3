from __future__ import annotations

from convenor.intermediaries.findings import (
    Interest,
    Subject,
    conflict_findings,
    interests_bearing_on,
    suggested_kind,
)
from convenor.lib.findings import Severity


def codes(findings):
    return [f.code for f in findings]


def subject(name="Acme", kind="employer_organisation", **kw) -> Subject:
    return Subject(name=name, organisation_id=kw.pop("organisation_id", 1), kind=kind, **kw)


def test_a_single_employer_candidate_is_flagged_with_the_seeds_reason():
    [finding] = conflict_findings([subject("Buckeye Machining", "single_employer")], [])
    assert finding.code == "conflict.single_employer"
    assert finding.severity == Severity.WARNING
    assert "not typically a single employer or a single training provider" in finding.reason
    assert finding.source.startswith("Step One")


def test_an_employer_of_the_registry_is_flagged_whatever_type_was_chosen():
    findings = conflict_findings([subject(kind="other", category="employer")], [])
    assert codes(findings) == ["conflict.single_employer"]


def test_a_single_employer_convening_is_critical():
    [finding] = conflict_findings([subject(kind="single_employer", is_convener=True)], [])
    assert finding.severity == Severity.CRITICAL


def test_a_single_training_provider_is_flagged():
    findings = conflict_findings(
        [subject(kind="other", category="education", education_type="private_training")], []
    )
    assert codes(findings) == ["conflict.single_training_provider"]


def test_a_trade_association_raises_no_conflict():
    assert conflict_findings([subject("Ohio Manufacturers' Association")], []) == []


def test_a_declined_candidate_is_not_flagged():
    assert conflict_findings([subject(kind="single_employer", status="declined")], []) == []


def test_a_workforce_board_is_noted_as_a_natural_fit_with_its_own_checks():
    [finding] = conflict_findings([subject("Central Ohio WDB", "workforce_board")], [])
    assert finding.code == "conflict.workforce_board_fit"
    assert finding.severity == Severity.INFO
    assert "natural fit" in finding.reason
    assert "3rd party" in finding.next_step
    assert finding.source.startswith("Who Convenes")


def test_a_community_college_is_asked_to_declare_its_training_interest():
    assert codes(conflict_findings([subject(kind="community_college")], [])) == [
        "conflict.college_programs"
    ]


def test_a_declared_interest_in_a_candidate_is_shown_with_it():
    interest = Interest("Grace Chen", 1, "Columbus State", "Employment", "Dean of Workforce.")
    findings = conflict_findings([subject("Columbus State", "other")], [interest])
    assert codes(findings) == ["conflict.declared_interest"]
    assert "Grace Chen" in findings[0].reason and "step aside" in findings[0].next_step


def test_an_ended_interest_or_one_in_another_organisation_is_not_shown():
    ended = Interest("Grace Chen", 1, "Columbus State", "Employment", "Dean.", active=False)
    elsewhere = Interest("Sam", 2, "Other", "Board", "Board seat.")
    assert conflict_findings([subject(kind="other")], [ended, elsewhere]) == []
    assert interests_bearing_on([ended, elsewhere], {1}) == []
    assert interests_bearing_on([ended, elsewhere], {2}) == [elsewhere]


def test_the_type_is_suggested_from_the_registry_category():
    assert suggested_kind("employer") == "single_employer"
    assert suggested_kind("association") == "employer_organisation"
    assert suggested_kind("workforce_system") == "workforce_board"
    assert suggested_kind("education", "college") == "community_college"
    assert suggested_kind("education", "private_training") == "training_provider"
    assert suggested_kind("education", "", "Columbus State Community College") == (
        "community_college"
    )
    assert suggested_kind("elected") == "other"
