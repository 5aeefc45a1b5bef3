"""The planning API as staff: the chain end to end, refusals with clear messages, 409 on stale."""

from __future__ import annotations

import pytest

from convenor.api import api as api_root
from tests.planning import factories


@pytest.fixture
def api(sam):
    return factories.api_as(sam)


@pytest.fixture
def base(partnership):
    return f"/api/partnerships/{partnership.pk}"


def test_the_whole_chain_through_the_api(api, base, partnership, employers):
    people = [factories.person(partnership, f"Voter {i}", org) for i, org in enumerate(employers)]
    touch = factories.touch(partnership, people[:2], ["skills_gap"])
    issue = api(
        "post",
        f"{base}/issues",
        {"title": "No CNC applicants", "challenge": "skills_gap", "touch_ids": [touch.pk]},
    )
    assert issue.status_code == 201 and issue.json()["employer_count"] == 2
    issue_id = issue.json()["id"]
    rnd = api("post", f"{base}/rounds", {"title": "Kick-off"}).json()
    assert rnd["issue_ids"] == [issue_id]
    for p in people:
        ballot = {
            "person_id": p.pk,
            "ratings": [{"issue_id": issue_id, "importance": 5, "feasibility": 4}],
        }
        assert api("post", f"{base}/rounds/{rnd['id']}/ballot", ballot).status_code == 200
    assert api("post", f"{base}/rounds/{rnd['id']}/close").json()["status"] == "closed"
    decision = api("post", f"{base}/rounds/{rnd['id']}/consensus", {"issue_ids": [issue_id]})
    assert decision.status_code == 201
    detail = api("get", f"{base}/rounds/{rnd['id']}").json()
    assert detail["results"]["employers"][0]["score"] == 20.0
    assert detail["participation"]["employer_voters"] == 3
    ps = api(
        "post",
        f"{base}/issues/{issue_id}/problem-statements",
        {"problem": "Too few operators", "strategy_categories": ["training"]},
    ).json()
    agreed = api(
        "post",
        f"{base}/decisions",
        {"text": "The cause: shop class was cut.", "decided_on": "2026-03-01"},
    ).json()
    why = api(
        "post",
        f"{base}/problem-statements/{ps['id']}/why-steps",
        {"because": "Shop class was cut", "agreed_in_id": agreed["id"]},
    ).json()
    assert why["agreed_in_id"] == agreed["id"]
    solution = api(
        "post",
        f"{base}/solutions",
        {
            "title": "Youth apprenticeship",
            "problem_statement_id": ps["id"],
            "root_cause_id": why["id"],
            "status": "chosen",
        },
    )
    assert solution.status_code == 201
    goal = api(
        "post", f"{base}/goals", {"title": "Fill operator jobs", "problem_statement_id": ps["id"]}
    ).json()
    assert goal["issue_id"] == issue_id
    bench = api(
        "post",
        f"{base}/goals/{goal['id']}/benchmarks",
        {
            "indicator": "Hires",
            "baseline_value": 0,
            "baseline_on": "2026-01-01",
            "target_value": 50,
            "target_on": "2026-12-31",
        },
    ).json()
    assert (
        api(
            "post",
            f"{base}/benchmarks/{bench['id']}/results",
            {"period_end": "2026-06-30", "value": 30},
        ).status_code
        == 201
    )
    step = api(
        "post",
        f"{base}/goals/{goal['id']}/action-steps",
        {
            "title": "Recruit employers",
            "decision_id": decision.json()["id"],
            "benchmark_ids": [bench["id"]],
        },
    ).json()
    trace = api("get", f"{base}/decisions/{decision.json()['id']}/trace").json()
    assert trace["action_step_ids"] == [step["id"]]
    assert trace["issue_ids"] == [issue_id] and trace["round_ids"] == [rnd["id"]]
    chain = api("get", f"{base}/plan-chain").json()
    assert chain["issues"][0]["problem_statements"][0]["goal_ids"] == [goal["id"]]
    assert chain["goals"][0]["benchmarks"][0]["progress"]["on_track"] is True


def test_bad_input_is_refused_with_a_clear_message(api, base, partnership, employers):
    issue = api("post", f"{base}/issues", {"title": "x", "challenge": "other"}).json()
    person = factories.person(partnership, "Ana", employers[0])
    rnd = api("post", f"{base}/rounds", {"title": "R"}).json()
    out_of_range = {
        "person_id": person.pk,
        "ratings": [{"issue_id": issue["id"], "importance": 6, "feasibility": 3}],
    }
    response = api("post", f"{base}/rounds/{rnd['id']}/ballot", out_of_range)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "importance"
    good = {
        "person_id": person.pk,
        "ratings": [{"issue_id": issue["id"], "importance": 3, "feasibility": 3}],
    }
    api("post", f"{base}/rounds/{rnd['id']}/ballot", good)
    api("post", f"{base}/rounds/{rnd['id']}/close")
    late = api("post", f"{base}/rounds/{rnd['id']}/ballot", good)
    assert late.status_code == 422 and "no longer accepted" in late.json()["detail"][0]["msg"]
    goal = api("post", f"{base}/goals", {"title": "G"}).json()
    bench = api(
        "post",
        f"{base}/goals/{goal['id']}/benchmarks",
        {
            "indicator": "Hires",
            "baseline_value": 0,
            "baseline_on": "2026-01-01",
            "target_value": 5,
            "target_on": "2026-12-31",
        },
    ).json()
    outside = api(
        "post", f"{base}/benchmarks/{bench['id']}/results", {"period_end": "2027-01-31", "value": 1}
    )
    assert (
        outside.status_code == 422
        and "outside this benchmark's span" in outside.json()["detail"][0]["msg"]
    )
    ps = api("post", f"{base}/issues/{issue['id']}/problem-statements", {"problem": "P"}).json()
    a = api("post", f"{base}/problem-statements/{ps['id']}/why-steps", {"because": "A"}).json()
    b = api(
        "post",
        f"{base}/problem-statements/{ps['id']}/why-steps",
        {"because": "B", "parent_id": a["id"]},
    ).json()
    loop = api("patch", f"{base}/why-steps/{a['id']}", {"version": 1, "parent_id": b["id"]})
    assert loop.status_code == 422 and "circle" in loop.json()["detail"][0]["msg"]
    orphan = api("post", f"{base}/solutions", {"title": "Market the program", "status": "chosen"})
    assert (
        orphan.status_code == 422
        and "Do you have our problem?" in orphan.json()["detail"][0]["msg"]
    )


def test_a_stale_version_gets_409(api, base):
    issue = api("post", f"{base}/issues", {"title": "x", "challenge": "other"}).json()
    assert (
        api("patch", f"{base}/issues/{issue['id']}", {"version": 1, "title": "y"}).status_code
        == 200
    )
    stale = api("patch", f"{base}/issues/{issue['id']}", {"version": 1, "title": "z"})
    assert stale.status_code == 409
    assert stale.json()["conflicts"] == [{"field": "title", "current": "y", "yours": "z"}]


def test_resource_map_versions_through_the_api(api, base):
    created = api(
        "post",
        f"{base}/resources",
        {
            "name": "Registered apprenticeship: CNC",
            "funding_sources": ["apprenticeship", "employer"],
        },
    )
    assert created.status_code == 201
    rid = created.json()["id"]
    api("patch", f"{base}/resources/{rid}", {"version": 1, "capacity": "12 apprentices"})
    versions = api("get", f"{base}/resource-map/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    first = api("get", f"{base}/resource-map/versions/1").json()
    assert first["snapshot"][0]["capacity"] == ""


def test_direction_and_org_chart_through_the_api(api, base, partnership):
    d = api(
        "patch",
        f"{base}/direction",
        {
            "name": "M-Powered",
            "partnership_version": partnership.version,
            "external_messaging": "Case statement",
        },
    )
    assert d.status_code == 200 and d.json()["name"] == "M-Powered" and d.json()["version"] == 1
    chair = api("post", f"{base}/governance-roles", {"title": "Chair"}).json()
    work_group = api(
        "post",
        f"{base}/governance-roles",
        {"title": "Training work group", "reports_to_id": chair["id"]},
    ).json()
    loop = api(
        "patch",
        f"{base}/governance-roles/{chair['id']}",
        {"version": 1, "reports_to_id": work_group["id"]},
    )
    assert loop.status_code == 422


def test_the_logic_model_through_the_api(api, base):
    api("post", f"{base}/logic-model", {"column": "impact", "text": "Competitive manufacturers"})
    api("post", f"{base}/logic-model", {"column": "inputs", "text": "Employer time"})
    columns = api("get", f"{base}/logic-model").json()
    assert [c["column"] for c in columns] == [
        "inputs",
        "activities",
        "outputs",
        "short",
        "medium",
        "long",
        "impact",
    ]
    assert columns[0]["entries"][0]["text"] == "Employer time"


def test_findings_through_the_api(api, base):
    api("post", f"{base}/solutions", {"title": "Market the college's program"})
    codes = [f["code"] for f in api("get", f"{base}/plan-findings").json()]
    assert "planning.solution_without_problem" in codes


def test_operation_ids_stay_what_generated_clients_call():
    """The endpoints live in the subjects' api.py; their ids keep the names they were
    published under when they all lived in planning/api.py."""
    schema = api_root.get_openapi_schema()
    ids = {
        op["operationId"]
        for operations in schema["paths"].values()
        for op in operations.values()
        if "planning" in op.get("tags", [])
    }
    assert len(ids) == 68
    assert all(i.startswith("convenor_planning_api_") for i in ids)
    assert {
        "convenor_planning_api_issue_list",
        "convenor_planning_api_ballot_cast",
        "convenor_planning_api_plan_chain",
        "convenor_planning_api_map_versions",
        "convenor_planning_api_pooled",
    } <= ids
