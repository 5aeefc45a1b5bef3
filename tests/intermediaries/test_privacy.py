"""Candidates' scores and declared interests are the convener team's unless shared.

A partner-role member of a shared partnership sees a candidate (and its neutrality
score) or a declared interest only when the convener ticked "show to partners";
staff and viewers see them all.
"""

from __future__ import annotations

import datetime as dt

import pytest

from convenor.intermediaries import services
from tests.assessment import spine


@pytest.fixture
def board(partnership):
    return spine.org(partnership, "Franklin County WDB", "workforce_system")


@pytest.fixture
def employer(partnership):
    return spine.org(partnership, "Big Plant Inc", "employer")


@pytest.fixture
def private(alice, partnership, employer):
    """A candidate the partner must not see: a neutrality score judging its self-interest."""
    return services.candidate_create(
        actor=alice,
        partnership=partnership,
        organisation=employer,
        neutrality_score=1,
        neutrality_evidence="Would steer the training contract to its own plant.",
    )


@pytest.fixture
def shared(alice, partnership, board):
    return services.candidate_create(
        actor=alice,
        partnership=partnership,
        organisation=board,
        neutrality_score=5,
        shared_with_partners=True,
    )


def _interest(alice, partnership, organisation, text: str, **fields):
    return services.interest_create(
        actor=alice,
        partnership=partnership,
        declared_by="Dana Staff",
        organisation=organisation,
        kind="board",
        description=text,
        declared_on=dt.date(2026, 1, 5),
        **fields,
    )


def api(partnership, suffix: str) -> str:
    return f"/api/partnerships/{partnership.pk}/{suffix}"


def test_a_candidate_is_not_shown_to_partners_unless_shared(client_for, pat, partnership, private):
    client = client_for(pat)
    assert client.get(api(partnership, "intermediary/candidates")).json() == []
    page = client.get(f"/p/{partnership.pk}/intermediary/").content.decode()
    assert "Big Plant Inc" not in page
    assert "steer the training contract" not in page
    assert client.get(f"/p/{partnership.pk}/intermediary/candidates/{private.pk}/").status_code == (
        404
    )
    detail = api(partnership, f"intermediary/candidates/{private.pk}")
    assert client.get(detail).status_code == 404


def test_a_shared_candidate_is_shown_with_its_neutrality_score(
    client_for, pat, partnership, private, shared
):
    [row] = client_for(pat).get(api(partnership, "intermediary/candidates")).json()
    assert (row["organisation"], row["scores"]["neutrality"]) == ("Franklin County WDB", 5)
    page = client_for(pat).get(f"/p/{partnership.pk}/intermediary/candidates/{shared.pk}/")
    assert page.status_code == 200


def test_staff_and_viewers_see_every_candidate(client_for, vic, partnership, private, shared):
    rows = client_for(vic).get(api(partnership, "intermediary/candidates")).json()
    assert {r["organisation"]: r["shared_with_partners"] for r in rows} == {
        "Franklin County WDB": True,
        "Big Plant Inc": False,
    }


def test_the_conflict_findings_a_partner_reads_rest_on_shared_candidates_only(
    client_for, pat, vic, partnership, private
):
    # The single employer among the candidates is a finding for the team, not for her.
    assert client_for(vic).get(api(partnership, "intermediary/findings")).json()
    assert client_for(pat).get(api(partnership, "intermediary/findings")).json() == []


def test_a_declared_interest_is_not_shown_to_partners_unless_shared(
    client_for, alice, pat, vic, partnership, employer, board
):
    _interest(alice, partnership, employer, "Sits on the board of Big Plant Inc.")
    _interest(alice, partnership, board, "Chairs the workforce board.", shared_with_partners=True)
    theirs = client_for(pat).get(api(partnership, "interests")).json()
    assert [i["description"] for i in theirs] == ["Chairs the workforce board."]
    page = client_for(pat).get(f"/p/{partnership.pk}/intermediary/interests/").content.decode()
    assert "Chairs the workforce board." in page
    assert "Big Plant" not in page
    assert len(client_for(vic).get(api(partnership, "interests")).json()) == 2


def test_staff_share_a_candidate_on_its_score_page(client_for, sam, pat, partnership, private):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/intermediary/candidates/{private.pk}/edit/",
        {
            "version": private.version,
            "kind": private.kind,
            "status": private.status,
            "is_willing": "unknown",
            "neutrality_score": "1",
            "shared_with_partners": "on",
        },
    )
    assert response.status_code == 302
    assert (
        client_for(pat)
        .get(api(partnership, f"intermediary/candidates/{private.pk}"))
        .json()["scores"]["neutrality"]
        == 1
    )


def test_a_null_share_flag_changes_nothing(client_for, sam, partnership, shared):
    response = client_for(sam).patch(
        api(partnership, f"intermediary/candidates/{shared.pk}"),
        {"version": shared.version, "shared_with_partners": None, "staffing_score": 3},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["shared_with_partners"] is True
