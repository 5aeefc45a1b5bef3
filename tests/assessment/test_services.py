from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from convenor.assessment import services
from convenor.assessment.models import LifecycleMove, ReadinessAnswer
from convenor.assessment.readiness import readiness_findings
from convenor.assessment.selectors import partnership_facts
from convenor.intermediaries.services import convener_change
from convenor.lib.errors import StaleVersionError
from convenor.meetings.models import Decision
from convenor.partnerships.models import Partnership
from tests.assessment import spine


def test_an_answer_is_created_then_updated_with_its_version(partnership, alice, sam):
    services.readiness_answer_save(
        actor=alice,
        partnership=partnership,
        question="challenge",
        status="partly",
        evidence="https://example.org/survey\nOne-on-one notes",
    )
    answer = ReadinessAnswer.objects.get()
    assert answer.evidence_lines() == ["https://example.org/survey", "One-on-one notes"]
    services.readiness_answer_save(
        actor=sam,
        partnership=partnership,
        question="challenge",
        status="yes",
        expected_version=1,
    )
    with pytest.raises(StaleVersionError):
        services.readiness_answer_save(
            actor=alice,
            partnership=partnership,
            question="challenge",
            status="no",
            expected_version=1,
        )
    answer.refresh_from_db()
    assert (answer.status, answer.answered_by) == ("yes", sam)


def test_an_unknown_question_or_answer_is_refused(partnership, alice):
    with pytest.raises(ValidationError):
        services.readiness_answer_save(
            actor=alice, partnership=partnership, question="vibes", status="yes"
        )
    with pytest.raises(ValidationError):
        services.readiness_answer_save(
            actor=alice, partnership=partnership, question="challenge", status="maybe"
        )


def _ready_for_convening(partnership):
    _, a = spine.employer_at_table(partnership, "Acme")
    _, b = spine.employer_at_table(partnership, "Beta")
    spine.touch(partnership, [a], challenges=["turnover"])
    spine.touch(partnership, [b], challenges=["turnover"])
    # The challenge verified with data: a saved analysis cited on the issue (issue 14 §5).
    spine.cited_analysis(partnership, spine.issue(partnership, "Production jobs stay open"))


def test_a_move_with_every_criterion_met_is_recorded_as_a_decision(partnership, alice):
    _ready_for_convening(partnership)
    move = services.stage_move(
        actor=alice,
        partnership=partnership,
        to_stage="convening",
        expected_version=partnership.version,
        decided_by="Four employer CEOs",
    )
    partnership.refresh_from_db()
    assert partnership.stage == "convening"
    assert move.unmet == [] and move.from_stage == "needs_assessment"
    assert move.decision.text == (
        "The partnership moves from Regional needs assessment to Convening."
    )
    assert move.decision.decided_by == "Four employer CEOs"


def test_a_move_with_unmet_criteria_needs_a_reason(partnership, alice):
    with pytest.raises(ValidationError) as refused:
        services.stage_move(
            actor=alice,
            partnership=partnership,
            to_stage="convening",
            expected_version=partnership.version,
        )
    assert "unmet" in str(refused.value)
    assert not LifecycleMove.objects.exists()
    assert not Decision.objects.exists()
    assert Partnership.objects.get().stage == "needs_assessment"


def test_a_move_with_unmet_criteria_and_a_reason_records_both(partnership, alice):
    move = services.stage_move(
        actor=alice,
        partnership=partnership,
        to_stage="convening",
        expected_version=partnership.version,
        reason="Employers asked to start now.",
    )
    codes = [u["code"] for u in move.unmet]
    assert codes == ["gate.challenge_identified", "gate.data_evidence"]
    assert "Unmet: A challenge identified" in move.decision.text
    assert move.decision.text.endswith("Why: Employers asked to start now.")


def test_going_back_a_stage_needs_a_reason(partnership, alice):
    services.stage_move(
        actor=alice,
        partnership=partnership,
        to_stage="convening",
        expected_version=1,
        reason="Start.",
    )
    partnership.refresh_from_db()
    with pytest.raises(ValidationError, match="goes back"):
        services.stage_move(
            actor=alice,
            partnership=partnership,
            to_stage="needs_assessment",
            expected_version=partnership.version,
        )
    move = services.stage_move(
        actor=alice,
        partnership=partnership,
        to_stage="needs_assessment",
        expected_version=partnership.version,
        reason="The challenge was not shared after all.",
    )
    assert move.unmet == []


def test_skipping_a_stage_is_refused(partnership, alice):
    with pytest.raises(ValidationError, match="can move to Convening"):
        services.stage_move(
            actor=alice,
            partnership=partnership,
            to_stage="planning",
            expected_version=partnership.version,
            reason="hurry",
        )


def test_a_move_based_on_a_stale_version_is_refused_and_changes_nothing(partnership, alice, sam):
    from convenor.partnerships.services import partnership_update

    partnership_update(
        actor=sam, partnership=partnership, changes={"region": "Ohio"}, expected_version=1
    )
    with pytest.raises(StaleVersionError):
        services.stage_move(
            actor=alice,
            partnership=partnership,
            to_stage="convening",
            expected_version=1,
            reason="x",
        )
    assert not Decision.objects.exists()
    assert not LifecycleMove.objects.exists()


def test_the_intermediary_gate_uses_the_convener_history(partnership, alice):
    college = spine.org(partnership, "College", "education", education_type="college")
    partnership.stage = "convening"
    partnership.save()
    convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=dt.date(2026, 1, 1),
        reason="",
    )
    with pytest.raises(ValidationError) as refused:
        services.stage_move(
            actor=alice,
            partnership=partnership,
            to_stage="planning",
            expected_version=partnership.version,
        )
    assert "An intermediary" not in str(refused.value)
    assert "Employers of the target industry at the table" in str(refused.value)


def test_a_group_phase_is_noted_with_its_meeting(partnership, alice):
    meeting = spine.meeting(partnership, days_ago=3)
    note = services.phase_note_create(
        actor=alice,
        partnership=partnership,
        phase="storming",
        noted_on=dt.date(2026, 2, 1),
        note="Money.",
        meeting=meeting,
    )
    assert note.meeting == meeting


def test_a_phase_with_a_meeting_of_another_partnership_is_refused(partnership, alice, workspace):
    from convenor.partnerships.services import partnership_create

    other = partnership_create(actor=alice, workspace=workspace, name="Other")
    meeting = spine.meeting(other, days_ago=3)
    with pytest.raises(ValidationError):
        services.phase_note_create(
            actor=alice,
            partnership=partnership,
            phase="forming",
            noted_on=dt.date(2026, 2, 1),
            meeting=meeting,
        )


def test_an_answer_older_than_a_change_in_its_evidence_is_flagged(partnership, alice):
    spine.employer_at_table(partnership, "Acme Plastics")
    services.readiness_answer_save(
        actor=alice,
        partnership=partnership,
        question="stakeholders",
        status="partly",
        answer="Labor is not at the table yet.",
    )

    def outdated():
        facts = partnership_facts([partnership], team=True)[partnership.pk]
        return [f for f in readiness_findings(facts) if f.code == "readiness.answer_outdated"]

    assert outdated() == []  # nothing changed since the answer
    union = spine.org(partnership, "Machinists Local 55", "labor")
    spine.member(partnership, organisation=union, role="supporter", stage="committed")
    [flag] = outdated()
    assert "engaged categories: + labor" in flag.reason
    assert flag.evidence["question"] == "stakeholders"
    # saved again beside what the data says now: no longer flagged
    services.readiness_answer_save(
        actor=alice,
        partnership=partnership,
        question="stakeholders",
        status="yes",
        answer="Labor committed.",
        expected_version=ReadinessAnswer.objects.get().version,
    )
    assert outdated() == []
