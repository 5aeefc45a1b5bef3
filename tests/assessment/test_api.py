from __future__ import annotations

from convenor.assessment import services
from convenor.partnerships.models import Partnership
from tests.assessment import spine


def api(partnership, suffix):
    return f"/api/partnerships/{partnership.pk}/{suffix}"


def test_readiness_has_eight_questions_a_score_and_findings(client_for, vic, alice, partnership):
    services.readiness_answer_save(
        actor=alice,
        partnership=partnership,
        question="challenge",
        status="partly",
        evidence="https://example.org/a",
    )
    body = client_for(vic).get(api(partnership, "readiness")).json()
    assert len(body["questions"]) == 8
    assert sum(q["scored"] for q in body["questions"]) == 4
    challenge = body["questions"][0]
    assert challenge["answer"]["evidence"] == ["https://example.org/a"]
    assert challenge["signal"]["evidence"]["level"] == "not_met"
    assert body["score"]["value"] == 6  # challenge: (data 0 + staff 0.5) / 2 * 25
    assert len(body["score"]["reasons"]) == 4


def test_staff_answer_through_the_api_with_versions(client_for, sam, partnership):
    client = client_for(sam)
    first = client.put(
        api(partnership, "readiness/stakeholders"),
        {"status": "yes", "answer": "All there."},
        content_type="application/json",
    )
    assert first.status_code == 200 and first.json()["version"] == 1
    stale = client.put(
        api(partnership, "readiness/stakeholders"),
        {"status": "no", "version": 0},
        content_type="application/json",
    )
    assert stale.status_code == 409
    unknown = client.put(
        api(partnership, "readiness/vibes"), {"status": "no"}, content_type="application/json"
    )
    assert unknown.status_code == 404


def test_a_move_through_the_api_needs_a_reason_when_criteria_are_unmet(
    client_for, sam, partnership
):
    client = client_for(sam)
    lifecycle = client.get(api(partnership, "life-cycle")).json()
    assert lifecycle["next_stage"] == "convening"
    assert [c["code"] for c in lifecycle["unmet"]] == [
        "gate.challenge_identified",
        "gate.data_evidence",
    ]
    refused = client.post(
        api(partnership, "life-cycle/moves"),
        {"to_stage": "convening", "version": 1},
        content_type="application/json",
    )
    assert refused.status_code == 422
    moved = client.post(
        api(partnership, "life-cycle/moves"),
        {"to_stage": "convening", "version": 1, "reason": "Employers asked."},
        content_type="application/json",
    )
    assert moved.status_code == 201
    assert len(moved.json()["unmet"]) == 2 and moved.json()["decision_id"]
    assert Partnership.objects.get().stage == "convening"
    stale = client.post(
        api(partnership, "life-cycle/moves"),
        {"to_stage": "planning", "version": 1, "reason": "x"},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_group_phases_through_the_api(client_for, sam, partnership):
    client = client_for(sam)
    response = client.post(
        api(partnership, "group-phases"),
        {"phase": "norming", "noted_on": "2026-02-01", "note": "Agreed."},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert client.get(api(partnership, "life-cycle")).json()["phase"] == "norming"


def test_health_returns_figures_and_the_words_of_the_page(client_for, vic, partnership):
    spine.action(partnership, due_in=-3)
    client = client_for(vic)
    body = client.get(api(partnership, "health")).json()
    assert body["metrics"]["overdue_actions"] == 1
    assert len(body["metrics"]["touches_by_month"]) == 12
    html = client.get(f"/p/{partnership.pk}/health/").content.decode()
    for finding in body["findings"]:
        assert finding["reason"] in html
        assert finding["next_step"] in html


def test_the_guide_through_the_api(client_for, vic, partnership):
    body = client_for(vic).get(api(partnership, "guide")).json()
    assert [s["number"] for s in body["steps"]] == [1, 2, 3, 4, 5, 6]
    assert body["steps"][0]["current"]
    assert body["steps"][1]["url"] == f"/p/{partnership.pk}/intermediary/candidates/new/"
    assert body["next_stage"]["to_stage"] == "convening"


def test_self_check_timeline_and_all_findings(client_for, vic, alice, partnership):
    services.stage_move(
        actor=alice,
        partnership=partnership,
        to_stage="convening",
        expected_version=1,
        reason="Start.",
    )
    client = client_for(vic)
    assert len(client.get(api(partnership, "self-check")).json()) == 6
    events = client.get(api(partnership, "timeline")).json()
    assert {e["kind"] for e in events} == {"stage", "decision"}
    every = client.get(api(partnership, "findings")).json()
    assert set(every) == {"conflicts", "readiness", "life_cycle", "health", "self_check"}
    assert "gate.intermediary" in [f["code"] for f in every["life_cycle"]]


def test_the_workspace_overview_through_the_api(client_for, vic, pat, workspace, partnership):
    rows = client_for(vic).get(f"/api/workspaces/{workspace.slug}/overview?sort=readiness").json()
    assert [r["name"] for r in rows] == ["Healthcare Careers Council"]
    assert rows[0]["stage"] == "needs_assessment"
    assert client_for(pat).get(f"/api/workspaces/{workspace.slug}/overview").status_code == 404
