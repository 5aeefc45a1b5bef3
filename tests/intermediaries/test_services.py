from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from convenor.intermediaries import services
from convenor.intermediaries.models import Candidate, CandidateStatus, ConvenerTerm
from convenor.lib.errors import StaleVersionError
from convenor.meetings.models import Decision
from convenor.partners.models import Organisation
from tests.assessment import spine

D = dt.date


@pytest.fixture
def board(partnership):
    return spine.org(partnership, "Franklin County WDB", "workforce_system")


@pytest.fixture
def college(partnership):
    return spine.org(partnership, "Columbus State", "education", education_type="college")


def test_a_candidate_gets_its_type_from_the_registry_category(partnership, alice, board):
    candidate = services.candidate_create(actor=alice, partnership=partnership, organisation=board)
    assert candidate.kind == "workforce_board"
    assert candidate.status == CandidateStatus.CONSIDERING


def test_an_organisation_is_a_candidate_only_once(partnership, alice, board):
    services.candidate_create(actor=alice, partnership=partnership, organisation=board)
    with pytest.raises(ValidationError, match="candidate already"):
        services.candidate_create(actor=alice, partnership=partnership, organisation=board)


def test_an_organisation_of_another_workspace_cannot_be_a_candidate(partnership, alice, olga):
    other = Organisation.objects.create(
        workspace=olga.memberships.get().workspace, name="Elsewhere", category="association"
    )
    with pytest.raises(ValidationError):
        services.candidate_create(actor=alice, partnership=partnership, organisation=other)


def test_scores_outside_1_to_5_are_refused(partnership, alice, board):
    with pytest.raises(ValidationError):
        services.candidate_create(
            actor=alice, partnership=partnership, organisation=board, staffing_score=6
        )


def test_a_stale_score_update_is_refused(partnership, alice, sam, board):
    candidate = services.candidate_create(actor=alice, partnership=partnership, organisation=board)
    services.candidate_update(
        actor=sam, candidate=candidate, changes={"staffing_score": 4}, expected_version=1
    )
    with pytest.raises(StaleVersionError):
        services.candidate_update(
            actor=alice, candidate=candidate, changes={"staffing_score": 2}, expected_version=1
        )


def test_weights_are_saved_then_version_checked(partnership, alice, sam):
    rubric = services.rubric_save(
        actor=alice,
        partnership=partnership,
        changes={"staffing_weight": 5},
        expected_version=None,
    )
    assert rubric.staffing_weight == 5
    services.rubric_save(
        actor=sam, partnership=partnership, changes={"staffing_weight": 1}, expected_version=1
    )
    with pytest.raises(StaleVersionError):
        services.rubric_save(
            actor=alice,
            partnership=partnership,
            changes={"staffing_weight": 3},
            expected_version=1,
        )


def test_all_weights_zero_is_refused(partnership, alice):
    with pytest.raises(ValidationError, match="at least one"):
        services.rubric_save(
            actor=alice,
            partnership=partnership,
            changes={
                f"{k}_weight": 0
                for k in (
                    "understanding",
                    "staffing",
                    "employers",
                    "systems",
                    "fiscal",
                    "neutrality",
                )
            },
            expected_version=None,
        )


def test_the_first_convener_is_recorded_as_a_decision(partnership, alice, college):
    term = services.convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=D(2026, 1, 10),
        reason="",
        fiscal_agent=college,
    )
    assert term.convener_name == "Columbus State" and term.fiscal_agent_is_convener
    decision = Decision.objects.get(partnership=partnership)
    assert decision.text.startswith("Columbus State convenes the partnership from 2026-01-10.")
    assert term.decision == decision


def test_a_new_convener_ends_the_previous_term_with_the_reason(partnership, alice, board, college):
    services.candidate_create(actor=alice, partnership=partnership, organisation=college)
    services.candidate_create(actor=alice, partnership=partnership, organisation=board)
    services.convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=D(2026, 1, 10),
        reason="Ran the needs assessment.",
    )
    services.convener_change(
        actor=alice,
        partnership=partnership,
        convener=board,
        started_on=D(2026, 4, 1),
        reason="Regional reach and stable funding.",
        fiscal_agent=college,
    )
    first, second = ConvenerTerm.objects.filter(partnership=partnership).order_by("started_on")
    assert first.ended_on == D(2026, 4, 1)
    assert second.ended_on is None and second.fiscal_agent_name == "Columbus State"
    latest = Decision.objects.filter(partnership=partnership).order_by("-decided_on").first()
    assert "taking over from Columbus State" in latest.text
    assert "Why: Regional reach" in latest.text
    statuses = dict(
        Candidate.objects.filter(partnership=partnership).values_list(
            "organisation__name", "status"
        )
    )
    assert statuses == {"Columbus State": "shortlisted", "Franklin County WDB": "selected"}


def test_changing_the_convener_needs_a_reason(partnership, alice, board, college):
    services.convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=D(2026, 1, 10),
        reason="",
    )
    with pytest.raises(ValidationError, match="why the convener changes"):
        services.convener_change(
            actor=alice,
            partnership=partnership,
            convener=board,
            started_on=D(2026, 2, 1),
            reason="",
        )


def test_the_same_convener_or_an_earlier_start_is_refused(partnership, alice, board, college):
    services.convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=D(2026, 1, 10),
        reason="",
    )
    with pytest.raises(ValidationError, match="convenes already"):
        services.convener_change(
            actor=alice,
            partnership=partnership,
            convener=college,
            started_on=D(2026, 3, 1),
            reason="again",
        )
    with pytest.raises(ValidationError, match="starts on or after"):
        services.convener_change(
            actor=alice,
            partnership=partnership,
            convener=board,
            started_on=D(2026, 1, 1),
            reason="earlier",
        )


def test_a_declared_interest_takes_the_name_of_the_person(partnership, alice, college):
    grace = spine.person(partnership, "Grace Chen", college)
    interest = services.interest_create(
        actor=alice,
        partnership=partnership,
        person=grace,
        organisation=college,
        kind="employment",
        description="Dean of Workforce.",
        declared_on=D(2026, 1, 1),
    )
    assert interest.declared_by == "Grace Chen"


def test_a_declared_interest_needs_someone_who_declares(partnership, alice, college):
    with pytest.raises(ValidationError):
        services.interest_create(
            actor=alice,
            partnership=partnership,
            organisation=college,
            kind="board",
            description="Board seat.",
            declared_on=D(2026, 1, 1),
        )
