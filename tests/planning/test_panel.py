from __future__ import annotations

from convenor.planning import services


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
