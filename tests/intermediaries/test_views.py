from __future__ import annotations

import datetime as dt

import pytest

from convenor.intermediaries import services
from convenor.intermediaries.models import Candidate, ConvenerTerm
from convenor.partners.models import Organisation
from tests.assessment import spine


@pytest.fixture
def orgs(partnership):
    return {
        "board": spine.org(partnership, "Franklin County WDB", "workforce_system"),
        "employer": spine.org(partnership, "Big Plant Inc", "employer"),
        "association": spine.org(partnership, "Ohio Manufacturers", "association"),
    }


def url(partnership, suffix=""):
    return f"/p/{partnership.pk}/intermediary/{suffix}"


def test_staff_add_a_candidate_and_score_it(client_for, sam, partnership, orgs):
    client = client_for(sam)
    response = client.post(url(partnership, "candidates/new/"), {"organisation": orgs["board"].pk})
    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"candidates/{candidate.pk}/edit/")
    form = {
        "kind": "workforce_board",
        "status": "shortlisted",
        "is_willing": "true",
        "understanding_score": "4",
        "understanding_evidence": "Sector staff since 2019.",
        "staffing_score": "3",
        "version": "1",
    }
    response = client.post(url(partnership, f"candidates/{candidate.pk}/edit/"), form)
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.understanding_score, candidate.staffing_score) == (4, 3)
    assert candidate.is_willing is True


def test_the_comparison_shows_the_table_the_chart_and_the_conflict(
    client_for, vic, alice, partnership, orgs
):
    for org in orgs.values():
        services.candidate_create(
            actor=alice, partnership=partnership, organisation=org, neutrality_score=3
        )
    page = client_for(vic).get(url(partnership)).content.decode()
    assert 'id="candidate-table"' in page
    assert 'data-vega-for="candidate-chart"' in page
    assert "Big Plant Inc is a candidate intermediary and is a single employer" in page
    assert "a natural fit to lead regional planning" in page


def test_a_stale_scoring_form_says_who_changed_what(client_for, alice, sam, partnership, orgs):
    candidate = services.candidate_create(
        actor=alice, partnership=partnership, organisation=orgs["board"]
    )
    services.candidate_update(
        actor=alice, candidate=candidate, changes={"staffing_score": 5}, expected_version=1
    )
    response = client_for(sam).post(
        url(partnership, f"candidates/{candidate.pk}/edit/"),
        {"kind": "workforce_board", "status": "considering", "staffing_score": "2", "version": "1"},
    )
    assert response.status_code == 409
    assert "Alice Owner" in response.content.decode()


def test_the_weights_are_edited_and_used(client_for, alice, partnership, orgs):
    services.candidate_create(
        actor=alice,
        partnership=partnership,
        organisation=orgs["board"],
        understanding_score=5,
        staffing_score=1,
    )
    weights = {
        f"{k}_weight": "0"
        for k in ("understanding", "staffing", "employers", "systems", "fiscal", "neutrality")
    }
    weights["understanding_weight"] = "3"
    response = client_for(alice).post(url(partnership, "weights/"), weights)
    assert response.status_code == 302
    page = client_for(alice).get(url(partnership)).content.decode()
    assert "<strong>5.0</strong>" in page


def test_changing_the_convener_shows_conflicts_and_interests_first(
    client_for, alice, partnership, orgs
):
    services.candidate_create(actor=alice, partnership=partnership, organisation=orgs["employer"])
    services.interest_create(
        actor=alice,
        partnership=partnership,
        declared_by="Sam Staff",
        organisation=orgs["employer"],
        kind="board",
        description="Sits on its board.",
        declared_on=dt.date(2026, 1, 1),
    )
    page = client_for(alice).get(url(partnership, "history/change/")).content.decode()
    assert "single employer" in page
    assert "Sits on its board." in page


def test_staff_record_a_change_of_convener(client_for, sam, alice, partnership, orgs):
    services.convener_change(
        actor=alice,
        partnership=partnership,
        convener=orgs["association"],
        started_on=dt.date(2026, 1, 1),
        reason="",
    )
    response = client_for(sam).post(
        url(partnership, "history/change/"),
        {
            "convener": orgs["board"].pk,
            "started_on": "2026-03-01",
            "fiscal_agent": orgs["board"].pk,
            "reason": "Stable funding.",
            "decided_by": "Employer advisory group",
        },
    )
    assert response.status_code == 302
    page = client_for(sam).get(url(partnership, "history/")).content.decode()
    assert "Franklin County WDB" in page and "Stable funding." in page
    assert ConvenerTerm.objects.get(convener=orgs["association"]).ended_on.isoformat() == (
        "2026-03-01"
    )


def test_a_change_without_reason_is_refused_on_the_form(client_for, sam, alice, partnership, orgs):
    services.convener_change(
        actor=alice,
        partnership=partnership,
        convener=orgs["association"],
        started_on=dt.date(2026, 1, 1),
        reason="",
    )
    response = client_for(sam).post(
        url(partnership, "history/change/"),
        {"convener": orgs["board"].pk, "started_on": "2026-03-01"},
    )
    assert response.status_code == 422
    assert "Say why the convener changes" in response.content.decode()


def test_interests_are_recorded_and_listed(client_for, sam, partnership, orgs):
    response = client_for(sam).post(
        url(partnership, "interests/new/"),
        {
            "declared_by": "Raj Patel",
            "organisation": orgs["board"].pk,
            "kind": "employment",
            "description": "Works for the board.",
            "declared_on": "2026-02-01",
        },
    )
    assert response.status_code == 302
    page = client_for(sam).get(url(partnership, "interests/")).content.decode()
    assert "Raj Patel" in page and "Works for the board." in page


def test_a_viewer_cannot_add_a_candidate(client_for, vic, partnership, orgs):
    response = client_for(vic).post(
        url(partnership, "candidates/new/"), {"organisation": orgs["board"].pk}
    )
    assert response.status_code == 403
    assert not Candidate.objects.exists()


def test_a_candidate_of_another_partnership_is_not_found_here(
    client_for, alice, workspace, partnership, orgs
):
    from convenor.partnerships.services import partnership_create

    other = partnership_create(actor=alice, workspace=workspace, name="Other")
    candidate = services.candidate_create(
        actor=alice, partnership=other, organisation=orgs["board"]
    )
    response = client_for(alice).get(url(partnership, f"candidates/{candidate.pk}/"))
    assert response.status_code == 404


def test_an_empty_registry_offers_a_new_organisation_in_place_and_it_becomes_a_candidate(
    client_for, sam, partnership
):
    # Issue 11 §4: "add a candidate" opened with an empty list and sent the user away.
    client = client_for(sam)
    page = client.get(url(partnership, "candidates/new/")).content.decode()
    quick = f"/w/{partnership.workspace.slug}/partners/quick/organisation/?for=id_organisation"
    assert quick in page and 'class="quick-add no-print" open' in page
    made = client.post(
        quick,
        {"quick-organisation-name": "Columbus State", "quick-organisation-category": "education"},
        headers={"HX-Request": "true"},
    )
    college = Organisation.objects.get(workspace=partnership.workspace, name="Columbus State")
    assert f'<option value="{college.pk}" selected>' in made.content.decode()
    added = client.post(url(partnership, "candidates/new/"), {"organisation": college.pk})
    assert added.status_code == 302
    assert Candidate.objects.filter(partnership=partnership, organisation=college).exists()
