from __future__ import annotations

import pytest

from convenor.intermediaries import services
from tests.assessment import spine


@pytest.fixture
def board(partnership):
    return spine.org(partnership, "Franklin County WDB", "workforce_system")


@pytest.fixture
def employer(partnership):
    return spine.org(partnership, "Big Plant Inc", "employer")


def api(partnership, suffix):
    return f"/api/partnerships/{partnership.pk}/{suffix}"


def test_staff_add_and_score_a_candidate(client_for, sam, partnership, board):
    client = client_for(sam)
    response = client.post(
        api(partnership, "intermediary/candidates"),
        {"organisation_id": board.pk, "understanding_score": 4},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["scores"]["understanding"]) == ("workforce_board", 4)
    assert body["missing"] == ["staffing", "employers", "systems", "neutrality"]
    response = client.patch(
        api(partnership, f"intermediary/candidates/{body['id']}"),
        {"version": 1, "staffing_score": 2, "staffing_evidence": "One coordinator."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["scores"]["staffing"] == 2
    assert response.json()["weighted_score"] == 3.0


def test_a_stale_patch_answers_409_with_the_differences(client_for, alice, sam, partnership, board):
    candidate = services.candidate_create(actor=alice, partnership=partnership, organisation=board)
    services.candidate_update(
        actor=alice, candidate=candidate, changes={"staffing_score": 5}, expected_version=1
    )
    response = client_for(sam).patch(
        api(partnership, f"intermediary/candidates/{candidate.pk}"),
        {"version": 1, "staffing_score": 1},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["field"] == "staffing_score"


def test_an_organisation_of_another_workspace_is_refused(client_for, sam, olga, partnership):
    from convenor.partners.models import Organisation

    other = Organisation.objects.create(
        workspace=olga.memberships.get().workspace, name="Elsewhere", category="association"
    )
    response = client_for(sam).post(
        api(partnership, "intermediary/candidates"),
        {"organisation_id": other.pk},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_the_findings_are_the_words_of_the_page(client_for, alice, vic, partnership, employer):
    services.candidate_create(actor=alice, partnership=partnership, organisation=employer)
    [finding] = client_for(vic).get(api(partnership, "intermediary/findings")).json()
    assert finding["code"] == "conflict.single_employer"
    html = client_for(vic).get(f"/p/{partnership.pk}/intermediary/").content.decode()
    assert finding["reason"] in html
    assert finding["next_step"] in html


def test_the_weights_are_read_and_set(client_for, sam, partnership):
    client = client_for(sam)
    rubric = client.get(api(partnership, "intermediary/rubric")).json()
    assert rubric["version"] is None
    assert next(c["key"] for c in rubric["criteria"]) == "understanding"
    response = client.put(
        api(partnership, "intermediary/rubric"),
        {"weights": {"neutrality": 5}, "separate_fiscal_agent": True},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["weights"]["neutrality"] == 5
    assert response.json()["version"] == 1
    bad = client.put(
        api(partnership, "intermediary/rubric"),
        {"version": 1, "weights": {"charisma": 5}},
        content_type="application/json",
    )
    assert bad.status_code == 422


def test_the_convener_history_is_read_and_extended(client_for, sam, partnership, board, employer):
    client = client_for(sam)
    first = client.post(
        api(partnership, "intermediary/history"),
        {"convener_id": employer.pk, "started_on": "2026-01-01"},
        content_type="application/json",
    )
    assert first.status_code == 201
    refused = client.post(
        api(partnership, "intermediary/history"),
        {"convener_id": board.pk, "started_on": "2026-03-01"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    second = client.post(
        api(partnership, "intermediary/history"),
        {
            "convener_id": board.pk,
            "started_on": "2026-03-01",
            "fiscal_agent_id": board.pk,
            "reason": "Neutral convener.",
        },
        content_type="application/json",
    )
    assert second.status_code == 201
    history = client.get(api(partnership, "intermediary/history")).json()
    assert [(t["convener"], t["ended_on"]) for t in history] == [
        ("Big Plant Inc", "2026-03-01"),
        ("Franklin County WDB", None),
    ]
    assert history[1]["fiscal_agent_is_convener"] is True


def test_declared_interests_are_recorded_ended_and_removed(client_for, sam, partnership, board):
    client = client_for(sam)
    created = client.post(
        api(partnership, "interests"),
        {
            "declared_by": "Raj",
            "organisation_id": board.pk,
            "kind": "employment",
            "description": "Works there.",
            "declared_on": "2026-01-01",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    interest = created.json()
    ended = client.patch(
        api(partnership, f"interests/{interest['id']}"),
        {"version": 1, "ended_on": "2026-05-01"},
        content_type="application/json",
    )
    assert ended.json()["ended_on"] == "2026-05-01"
    gone = client.delete(api(partnership, f"interests/{interest['id']}") + "?version=2")
    assert gone.status_code == 200
    assert client.get(api(partnership, "interests")).json() == []


def test_a_viewer_reads_the_candidates_but_cannot_add_one(
    client_for, vic, alice, partnership, board
):
    services.candidate_create(
        actor=alice, partnership=partnership, organisation=board, staffing_score=4
    )
    client = client_for(vic)
    assert client.get(api(partnership, "intermediary/candidates")).json()[0]["strengths"] == [
        "Staffing mix and skills"
    ]
    response = client.post(
        api(partnership, "intermediary/candidates"),
        {"organisation_id": board.pk},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_a_null_declaration_date_beside_an_end_date_is_422_naming_it(
    client_for, alice, sam, partnership, employer
):
    import datetime as dt

    interest = services.interest_create(
        actor=alice,
        partnership=partnership,
        declared_by="Dana Lee",
        organisation=employer,
        kind="employment",
        description="Works for Big Plant Inc.",
        declared_on=dt.date(2026, 1, 5),
    )
    response = client_for(sam).patch(
        api(partnership, f"interests/{interest.pk}"),
        {"version": interest.version, "declared_on": None, "ended_on": "2026-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert any(e["loc"][-1] == "declared_on" for e in response.json()["detail"])
    interest.refresh_from_db()
    assert (interest.declared_on, interest.ended_on) == (dt.date(2026, 1, 5), None)
