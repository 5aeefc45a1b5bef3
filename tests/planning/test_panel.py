from __future__ import annotations

from convenor.partnerships.models import Partnership
from convenor.planning import services
from convenor.planning.panels import partnership_panel
from convenor.workspaces.access import object_for


def test_the_partnership_page_shows_priorities_and_plan_progress(
    client_for, alice, partnership, issues
):
    services.issue_update(
        actor=alice, issue=issues[1], changes={"status": "prioritised"}, expected_version=None
    )
    goal = services.goal_create(actor=alice, partnership=partnership, title="G")
    services.action_step_create(actor=alice, goal=goal, title="Step")
    page = client_for(alice).get(f"/p/{partnership.pk}/").content.decode()
    assert 'id="plan-panel"' in page
    assert "Entry-level turnover in the first 90 days" in page
    assert "0 of 1 action step done" in page


def test_a_partner_is_invited_to_vote_from_the_partnership_page(
    client_for, pat, partnership, open_round
):
    page = client_for(pat).get(f"/p/{partnership.pk}/").content.decode()
    assert f"/plan/priorities/{open_round.pk}/" in page
    assert "rate the issues for importance and feasibility" in page


def test_the_panel_costs_a_handful_of_queries(
    rf, alice, partnership, issues, django_assert_max_num_queries
):
    import datetime as dt

    for i in range(3):
        goal = services.goal_create(actor=alice, partnership=partnership, title=f"G{i}")
        b = services.benchmark_create(
            actor=alice,
            goal=goal,
            indicator="x",
            baseline_value=0,
            baseline_on=dt.date(2026, 1, 1),
            target_value=5,
            target_on=dt.date(2027, 1, 1),
        )
        services.benchmark_result_record(
            actor=alice, benchmark=b, period_end=dt.date(2026, 3, 1), value=1
        )
        services.action_step_create(
            actor=alice, goal=goal, title=f"S{i}", due_on=dt.date(2020, 1, 1)
        )
    p = object_for(alice, Partnership, pk=partnership.pk)
    request = rf.get("/")
    request.user = alice
    with django_assert_max_num_queries(5):
        html = partnership_panel(request, p)
    assert "0 of 3 action steps done, <strong>3 overdue</strong>" in html
