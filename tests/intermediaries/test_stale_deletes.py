"""Deletes of candidates and declared interests carry the version they were drawn from:
a delete after someone else's edit is refused and the object stays."""

from __future__ import annotations

import datetime as dt

from convenor.intermediaries import services
from convenor.intermediaries.models import Candidate, DeclaredInterest
from tests.assessment import spine


def _interest(partnership, actor, board):
    return services.interest_create(
        actor=actor,
        partnership=partnership,
        declared_by="Raj",
        organisation=board,
        kind="employment",
        description="Works there.",
        declared_on=dt.date(2026, 1, 1),
    )


def test_a_candidate_delete_drawn_before_an_edit_is_refused(alice, sam, partnership, client_for):
    board = spine.org(partnership, "Franklin County WDB", "workforce_system")
    candidate = services.candidate_create(actor=alice, partnership=partnership, organisation=board)
    base = f"/p/{partnership.pk}/intermediary/candidates/{candidate.pk}/"
    drawn = candidate.version
    assert f'name="version" value="{drawn}"' in client_for(alice).get(base).content.decode()
    services.candidate_update(
        actor=sam, candidate=candidate, changes={"staffing_score": 5}, expected_version=drawn
    )
    response = client_for(alice).post(base + "delete/", {"version": drawn}, follow=True)
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    assert response.redirect_chain[-1][0] == base
    assert "Not removed." in response.content.decode()
    client_for(alice).post(base + "delete/", {"version": drawn + 1})
    assert not Candidate.objects.filter(pk=candidate.pk).exists()


def test_an_interest_delete_drawn_before_an_edit_is_refused(alice, sam, partnership, client_for):
    board = spine.org(partnership, "Franklin County WDB", "workforce_system")
    interest = _interest(partnership, alice, board)
    base = f"/p/{partnership.pk}/intermediary/interests/{interest.pk}/"
    drawn = interest.version
    assert (
        f'name="version" value="{drawn}"' in client_for(alice).get(base + "edit/").content.decode()
    )
    services.interest_update(
        actor=sam, interest=interest, changes={"description": "Chairs it."}, expected_version=drawn
    )
    response = client_for(alice).post(base + "delete/", {"version": drawn}, follow=True)
    assert DeclaredInterest.objects.filter(pk=interest.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(base + "delete/", {"version": drawn + 1})
    assert not DeclaredInterest.objects.filter(pk=interest.pk).exists()


def test_a_stale_api_delete_answers_409_and_deletes_nothing(alice, sam, partnership, client_for):
    board = spine.org(partnership, "Franklin County WDB", "workforce_system")
    candidate = services.candidate_create(actor=alice, partnership=partnership, organisation=board)
    interest = _interest(partnership, alice, board)
    services.candidate_update(
        actor=sam, candidate=candidate, changes={"staffing_score": 5}, expected_version=1
    )
    services.interest_update(
        actor=sam, interest=interest, changes={"description": "Chairs it."}, expected_version=1
    )
    api = f"/api/partnerships/{partnership.pk}"
    client = client_for(alice)
    response = client.delete(f"{api}/intermediary/candidates/{candidate.pk}?version=1")
    assert response.status_code == 409
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    response = client.delete(f"{api}/interests/{interest.pk}?version=1")
    assert response.status_code == 409
    assert DeclaredInterest.objects.filter(pk=interest.pk).exists()
    assert (
        client.delete(f"{api}/intermediary/candidates/{candidate.pk}?version=2").status_code == 200
    )
    assert not Candidate.objects.filter(pk=candidate.pk).exists()
