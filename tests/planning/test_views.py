"""Planning pages as staff: forms, bad input with clear messages, charts, query counts."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from convenor.planning import services
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Issue,
    PrioritisationRound,
    ProblemStatement,
    Resource,
    Solution,
    WhyStep,
)
from convenor.regions.models import AnalysisSnapshot
from tests.planning import factories


@pytest.fixture
def staff(client_for, sam):
    return client_for(sam)


def _url(partnership, rest=""):
    return f"/p/{partnership.pk}/plan/{rest}"


def _spec(html: str, chart_id: str) -> dict:
    match = re.search(
        rf'<script type="application/json" data-vega-for="{chart_id}">(.*?)</script>', html, re.S
    )
    assert match, f"no chart {chart_id}"
    return json.loads(match.group(1))


def test_staff_record_an_issue_with_its_type_of_challenge(staff, partnership):
    response = staff.post(
        _url(partnership, "issues/"),
        {"title": "Welders leave within a year", "challenge": "turnover", "status": "open"},
    )
    issue = Issue.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"issues/{issue.pk}/")
    assert issue.get_challenge_display() == "High turnover in key positions"


def test_an_issue_counts_the_distinct_employers_who_raised_it(
    staff, alice, partnership, employers, issues
):
    people = [
        factories.person(partnership, f"P{i}", org)
        for i, org in enumerate([*employers, employers[0]])
    ]
    touches = [factories.touch(partnership, [p], ["skills_gap"]) for p in people]
    services.issue_update(
        actor=alice, issue=issues[0], changes={"touches": touches[:3]}, expected_version=None
    )
    page = staff.get(_url(partnership, f"issues/{issues[0].pk}/")).content.decode()
    assert "Raised by 3 employers" in page
    assert "1 other touch coded with this challenge could be linked" in page
    listing = staff.get(_url(partnership, "issues/")).content.decode()
    assert "3 employers in 4 touches" in listing


def test_staff_link_touches_and_add_evidence(staff, partnership, employers, issues):
    person = factories.person(partnership, "Ana", employers[0])
    touch = factories.touch(partnership, [person], ["skills_gap"])
    staff.post(_url(partnership, f"issues/{issues[0].pk}/touches/"), {"touches": [touch.pk]})
    staff.post(
        _url(partnership, f"issues/{issues[0].pk}/evidence/"),
        {
            "kind": "analysis",
            "title": "Machinist LQ 1.8 in the region",
            "url": "https://example.org/lq",
        },
    )
    issue = Issue.objects.get(pk=issues[0].pk)
    assert list(issue.touches.all()) == [touch]
    assert issue.evidence.get().get_kind_display() == "Saved labour-market analysis"


def test_a_root_cause_cycle_is_refused_on_the_page_with_the_reason(
    staff, alice, issues, partnership
):
    ps = services.problem_statement_create(
        actor=alice, issue=issues[0], problem="Too few operators."
    )
    a = services.why_step_add(actor=alice, problem_statement=ps, because="Few students enrol.")
    b = services.why_step_add(
        actor=alice, problem_statement=ps, because="Shop class was cut.", parent=a
    )
    response = staff.post(
        _url(partnership, f"whys/{a.pk}/edit/"),
        {"because": a.because, "parent": b.pk, "version": a.version},
    )
    assert response.status_code == 422
    assert "go in a circle" in response.content.decode()
    a.refresh_from_db()
    assert a.parent_id is None


def test_asking_why_with_htmx_returns_the_chain_fragment(staff, alice, issues, partnership):
    ps = services.problem_statement_create(
        actor=alice, issue=issues[0], problem="Too few operators."
    )
    response = staff.post(
        _url(partnership, f"problems/{ps.pk}/"),
        {"because": "Few students enrol."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="whys-block">')
    assert "Few students enrol." in html and WhyStep.objects.count() == 1


def test_adopting_a_solution_with_no_problem_shows_the_seeds_warning(staff, partnership):
    response = staff.post(
        _url(partnership, "solutions/new/"),
        {"title": "Market the college's program", "status": "chosen"},
    )
    assert response.status_code == 422
    assert "Here&#x27;s the solution. Do you have our problem?" in response.content.decode()
    assert not Solution.objects.exists()


def test_staff_open_a_round_with_every_open_issue_on_the_ballot(staff, partnership, issues):
    page = staff.get(_url(partnership, "priorities/")).content.decode()
    assert page.count('name="issues"') == 3 and page.count("checked") >= 3
    response = staff.post(
        _url(partnership, "priorities/"),
        {"title": "Kick-off", "issues": [i.pk for i in issues], "method": "x"},
    )
    rnd = PrioritisationRound.objects.get()
    assert response["Location"].endswith(f"priorities/{rnd.pk}/")
    assert rnd.issues.count() == 3


def test_staff_enter_a_paper_ballot_and_see_the_chart(
    staff, alice, partnership, open_round, issues, employers
):
    person = factories.person(partnership, "Ana Ruiz", employers[0])
    data = (
        {"person": person.pk}
        | {f"importance_{i.pk}": "4" for i in issues}
        | {f"feasibility_{i.pk}": "2" for i in issues}
    )
    assert (
        staff.post(_url(partnership, f"priorities/{open_round.pk}/paper/"), data).status_code == 302
    )
    page = staff.get(_url(partnership, f"priorities/{open_round.pk}/")).content.decode()
    spec = _spec(page, "priority-chart")
    points = [v for v in spec["data"]["values"] if v["group"] == "Employers"]
    assert {(p["importance"], p["feasibility"]) for p in points} == {(4.0, 2.0)}
    assert "1</strong> partner voted" in page and "on paper" in page


def test_closing_and_recording_the_consensus_from_the_pages(
    staff, alice, partnership, open_round, issues, employers
):
    person = factories.person(partnership, "Ana Ruiz", employers[0])
    services.ballot_cast(
        actor=alice, round=open_round, person=person, ratings={i.pk: (5, 5) for i in issues}
    )
    staff.post(_url(partnership, f"priorities/{open_round.pk}/close/"))
    form = staff.get(_url(partnership, f"priorities/{open_round.pk}/consensus/"))
    assert form.status_code == 200
    response = staff.post(
        _url(partnership, f"priorities/{open_round.pk}/consensus/"),
        {
            "chosen_issues": [issues[0].pk],
            "consensus": "Start with CNC operators.",
            "decided_on": "2026-04-14",
        },
    )
    assert response.status_code == 302
    open_round.refresh_from_db()
    assert open_round.decision.text == "Start with CNC operators."
    page = staff.get(_url(partnership, f"priorities/{open_round.pk}/")).content.decode()
    assert "Recorded in the decision log" in page


def test_a_benchmark_result_outside_the_span_is_refused_on_the_page(staff, alice, partnership):
    goal = services.goal_create(actor=alice, partnership=partnership, title="More operators")
    b = services.benchmark_create(
        actor=alice,
        goal=goal,
        indicator="Hires",
        baseline_value=0,
        baseline_on=dt.date(2026, 1, 1),
        target_value=50,
        target_on=dt.date(2026, 12, 31),
    )
    services.benchmark_result_record(
        actor=alice, benchmark=b, period_end=dt.date(2026, 6, 30), value=20
    )
    response = staff.post(
        _url(partnership, f"benchmarks/{b.pk}/"), {"period_end": "2027-03-31", "value": "35"}
    )
    assert response.status_code == 422
    assert (
        "outside this benchmark&#x27;s span (2026-01-01 to 2026-12-31)" in response.content.decode()
    )
    assert BenchmarkResult.objects.count() == 1


def test_the_benchmark_page_draws_baseline_target_and_results(staff, alice, partnership):
    goal = services.goal_create(actor=alice, partnership=partnership, title="More operators")
    b = services.benchmark_create(
        actor=alice,
        goal=goal,
        indicator="Hires",
        unit="people",
        baseline_value=5,
        baseline_on=dt.date(2026, 1, 1),
        target_value=50,
        target_on=dt.date(2026, 12, 31),
    )
    staff.post(
        _url(partnership, f"benchmarks/{b.pk}/"), {"period_end": "2026-06-30", "value": "20"}
    )
    spec = _spec(
        staff.get(_url(partnership, f"benchmarks/{b.pk}/")).content.decode(), "benchmark-chart"
    )
    layers = {json.dumps(layer["data"]["values"]) for layer in spec["layer"]}
    assert any('"label": "Baseline"' in v and '"label": "Target"' in v for v in layers)
    assert any('"value": 20.0' in v and '"series": "Results"' in v for v in layers)


def test_an_action_step_is_added_with_a_new_decision_and_edited(
    staff, alice, partnership, employers
):
    goal = services.goal_create(actor=alice, partnership=partnership, title="More operators")
    owner = factories.person(partnership, "Ana Ruiz", employers[0])
    response = staff.post(
        _url(partnership, f"goals/{goal.pk}/steps/new/"),
        {
            "title": "Recruit ten employers",
            "owner": owner.pk,
            "due_on": "2026-09-30",
            "status": "open",
            "new_decision": "Pilot a youth apprenticeship.",
        },
    )
    assert response.status_code == 302
    step = goal.action_items.get()
    assert step.decision.text == "Pilot a youth apprenticeship."
    page = staff.get(_url(partnership, f"goals/{goal.pk}/")).content.decode()
    assert f"/plan/decisions/{step.decision.pk}/" in page
    staff.post(
        _url(partnership, f"steps/{step.pk}/edit/"),
        {
            "title": step.title,
            "owner": owner.pk,
            "due_on": "2026-09-30",
            "status": "done",
            "decision": step.decision.pk,
            "version": step.version,
        },
    )
    step.refresh_from_db()
    assert step.status == "done" and step.completed_on


def test_the_decision_page_walks_up_the_chain(staff, alice, partnership, issues):
    ps = services.problem_statement_create(
        actor=alice, issue=issues[0], problem="Too few operators."
    )
    goal = services.goal_create(
        actor=alice, partnership=partnership, title="More operators", problem_statement=ps
    )
    step = services.action_step_create(
        actor=alice, goal=goal, title="Recruit", new_decision="Pilot it."
    )
    page = staff.get(_url(partnership, f"decisions/{step.decision.pk}/")).content.decode()
    for link in (f"goals/{goal.pk}/", f"problems/{ps.pk}/", f"issues/{issues[0].pk}/"):
        assert link in page


def test_the_logic_model_is_drawn_left_to_right(staff, alice, partnership):
    for column, text in (
        ("impact", "A thriving industry"),
        ("inputs", "Employer time"),
        ("outputs", "40 graduates"),
    ):
        staff.post(_url(partnership, "logic-model/"), {"column": column, "text": text})
    page = staff.get(_url(partnership, "logic-model/")).content.decode()
    order = [
        page.index(label)
        for label in (
            "Inputs",
            "Activities",
            "Outputs",
            "Short-term outcomes",
            "Medium-term outcomes",
            "Long-term outcomes",
            "Impact",
        )
    ]
    assert order == sorted(order)
    assert (
        page.index("Employer time") < page.index("40 graduates") < page.index("A thriving industry")
    )
    assert page.count('class="lm-arrow"') == 6


def test_the_direction_page_saves_name_mission_and_governance(staff, alice, partnership, employers):
    coordinator = factories.person(partnership, "Cora Ode", employers[0])
    meeting = factories.meeting(partnership)
    response = staff.post(
        _url(partnership, "direction/edit/"),
        {
            "name": "The Manufacturing Roundtable",
            "mission": "Every manufacturer can hire skilled workers.",
            "partnership_version": partnership.version,
            "mission_adopted_at": meeting.pk,
            "coordinator": coordinator.pk,
            "coordinator_from": "partner",
            "coordinator_hours": "10",
            "internal_communication": "Monthly e-mail digest",
            "external_messaging": "One-page case statement",
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.name == "The Manufacturing Roundtable"
    assert partnership.direction.mission_adopted_on == dt.date(2026, 4, 14)
    chair = services.governance_role_create(actor=alice, partnership=partnership, title="Chair")
    staff.post(
        _url(partnership, "direction/roles/new/"),
        {"title": "Coordinator", "person": coordinator.pk, "reports_to": chair.pk},
    )
    page = staff.get(_url(partnership, "direction/")).content.decode()
    chart = page[page.index('<ul class="org-chart"') :]
    assert chart.index("Chair") < chart.index("Coordinator")
    assert '<ul class="org-chart"' in page and "<ul><li>" in page.replace("\n", "").replace(
        "  ", ""
    )


def test_a_reporting_line_that_loops_is_refused(staff, alice, partnership):
    chair = services.governance_role_create(actor=alice, partnership=partnership, title="Chair")
    coordinator = services.governance_role_create(
        actor=alice, partnership=partnership, title="Coordinator", reports_to=chair
    )
    response = staff.post(
        _url(partnership, f"direction/roles/{chair.pk}/edit/"),
        {"title": "Chair", "reports_to": coordinator.pk, "version": chair.version},
    )
    assert response.status_code == 422 and "loop" in response.content.decode()


def test_a_stale_edit_is_refused_with_who_changed_what(
    staff, client_for, alice, issues, partnership
):
    issue = issues[0]
    client_for(alice).post(
        _url(partnership, f"issues/{issue.pk}/edit/"),
        {"title": "Alice's title", "challenge": issue.challenge, "status": "open", "version": 1},
    )
    response = staff.post(
        _url(partnership, f"issues/{issue.pk}/edit/"),
        {"title": "Sam's title", "challenge": issue.challenge, "status": "open", "version": 1},
    )
    assert response.status_code == 409
    assert "Alice Owner" in response.content.decode()
    assert Issue.objects.get(pk=issue.pk).title == "Alice's title"


def test_the_resource_map_filters_by_funding_and_shows_history(staff, partnership, issues, college):
    staff.post(
        _url(partnership, "resources/"),
        {
            "name": "Adult basic education",
            "kind": "program",
            "funding_sources": ["wioa_2"],
            "issues": [issues[0].pk],
        },
    )
    staff.post(
        _url(partnership, "resources/"),
        {"name": "Ohio TechCred", "kind": "funding", "funding_sources": ["state"]},
    )
    resource = Resource.objects.get(name="Adult basic education")
    staff.post(_url(partnership, f"resources/{resource.pk}/review/"))
    filtered = staff.get(_url(partnership, "resources/?funding=wioa_2")).content.decode()
    filtered = filtered[filtered.index('id="resource-list"') :]
    assert "Adult basic education" in filtered and "Ohio TechCred" not in filtered
    history = staff.get(_url(partnership, "resources/history/")).content.decode()
    assert "Changed “Adult basic education”: last reviewed" in history
    version = staff.get(_url(partnership, "resources/history/3/")).content.decode()
    assert "Changed <strong>Adult basic education</strong>: last_reviewed_on" in version


def test_list_pages_keep_their_query_count_flat(
    staff, alice, partnership, issues, employers, django_assert_max_num_queries
):
    for i in range(4):
        ps = services.problem_statement_create(
            actor=alice, issue=issues[i % 3], problem=f"Problem {i}"
        )
        goal = services.goal_create(
            actor=alice, partnership=partnership, title=f"Goal {i}", problem_statement=ps
        )
        b = services.benchmark_create(
            actor=alice,
            goal=goal,
            indicator=f"B{i}",
            baseline_value=0,
            baseline_on=dt.date(2026, 1, 1),
            target_value=9,
            target_on=dt.date(2027, 1, 1),
        )
        services.benchmark_result_record(
            actor=alice, benchmark=b, period_end=dt.date(2026, 6, 1), value=3
        )
        services.action_step_create(
            actor=alice, goal=goal, title=f"Step {i}", new_decision=f"Decision {i}", benchmarks=[b]
        )
        services.resource_create(
            actor=alice, partnership=partnership, name=f"Program {i}", issues=issues
        )
        services.projection_create(
            actor=alice,
            partnership=partnership,
            organisation=employers[i % 3],
            occupation_title="Operator",
            openings_12m=1,
            openings_36m=2,
        )
    budgets = {
        "": 28,
        "issues/": 15,
        f"issues/{issues[0].pk}/": 28,
        "goals/": 16,
        "resources/": 14,
        "demand/": 12,
        "priorities/": 13,
        "logic-model/": 10,
        "direction/": 11,
    }
    for rest, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert staff.get(_url(partnership, rest)).status_code == 200
    assert Benchmark.objects.count() == 4 and ProblemStatement.objects.count() == 4


def test_evidence_links_a_saved_labour_market_analysis(staff, alice, partnership, issues):

    snapshot = AnalysisSnapshot.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        region_name="Central Ohio",
        area_codes="39049",
        inputs={"year": 2024},
        industry_code="3327",
        industry_title="Machine shops",
        row={"lq": 1.6},
        created_by=alice,
    )
    staff.post(
        _url(partnership, f"issues/{issues[0].pk}/evidence/"),
        {"kind": "data", "analysis": snapshot.pk},
    )
    evidence = issues[0].evidence.get()
    assert evidence.analysis == snapshot and evidence.kind == "analysis"
    assert evidence.title == "Machine shops in Central Ohio (2024)"
    page = staff.get(_url(partnership, f"issues/{issues[0].pk}/")).content.decode()
    assert f"/why-this-industry/#snapshot-{snapshot.pk}" in page
