"""A partner-role user (pat) votes and enters her own demand, but cannot edit the plan."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from convenor.accounts.services import token_create
from convenor.planning import services
from convenor.planning.models import HiringProjection, Issue, Rating
from tests.html import numbers_shown
from tests.planning import factories


@pytest.fixture
def pat_client(client_for, pat, pat_person):
    return client_for(pat)


def _url(partnership, rest=""):
    return f"/p/{partnership.pk}/plan/{rest}"


def test_pat_votes_from_her_own_sign_in(pat_client, partnership, open_round, issues, pat_person):
    data = {}
    for i, issue in enumerate(issues):
        data[f"importance_{issue.pk}"] = str(5 - i)
        data[f"feasibility_{issue.pk}"] = "3"
    response = pat_client.post(_url(partnership, f"priorities/{open_round.pk}/"), data)
    assert response.status_code == 302
    votes = Rating.objects.filter(round=open_round, person=pat_person)
    assert sorted(v.importance for v in votes) == [3, 4, 5]
    assert all(not v.on_paper and v.is_employer for v in votes)
    page = pat_client.get(_url(partnership, f"priorities/{open_round.pk}/"))
    assert "Update my ratings" in page.content.decode()


def test_pat_sees_a_clear_message_for_a_rating_out_of_range(
    pat_client, partnership, open_round, issues
):
    data = {f"importance_{i.pk}": "3" for i in issues} | {
        f"feasibility_{i.pk}": "3" for i in issues
    }
    data[f"importance_{issues[0].pk}"] = "9"
    response = pat_client.post(_url(partnership, f"priorities/{open_round.pk}/"), data)
    assert response.status_code == 422
    text = response.content.decode()
    assert "Importance of “No qualified CNC applicants” must be a whole number from 1 to 5" in text
    assert not Rating.objects.exists()


def test_pat_cannot_vote_after_the_round_closed(
    alice, pat_client, partnership, open_round, issues, pat_person
):
    services.ballot_cast(
        actor=alice, round=open_round, person=pat_person, ratings={i.pk: (4, 4) for i in issues}
    )
    services.round_close(actor=alice, round=open_round)
    data = {f"importance_{i.pk}": "1" for i in issues} | {
        f"feasibility_{i.pk}": "1" for i in issues
    }
    response = pat_client.post(_url(partnership, f"priorities/{open_round.pk}/"), data)
    assert response.status_code == 422
    assert "ratings are no longer accepted" in response.content.decode()
    assert set(Rating.objects.values_list("importance", flat=True)) == {4}


def test_pat_without_a_person_record_is_told_why_she_cannot_vote(
    client_for, pat, partnership, open_round, issues
):
    data = {f"importance_{i.pk}": "3" for i in issues} | {
        f"feasibility_{i.pk}": "3" for i in issues
    }
    response = client_for(pat).post(_url(partnership, f"priorities/{open_round.pk}/"), data)
    assert response.status_code == 422
    assert "not linked to a person record" in response.content.decode()


def test_pat_reads_the_plan_but_cannot_edit_it(pat_client, partnership, issues):
    assert pat_client.get(_url(partnership)).status_code == 200
    assert pat_client.get(_url(partnership, f"issues/{issues[0].pk}/")).status_code == 200
    forbidden = [
        ("issues/", {"title": "x", "challenge": "other"}),
        (f"issues/{issues[0].pk}/edit/", {"title": "x"}),
        ("goals/", {"title": "x"}),
        ("priorities/", {"title": "x"}),
        ("logic-model/", {"column": "inputs", "text": "x"}),
        ("resources/", {"name": "x"}),
        ("direction/edit/", {"name": "x"}),
    ]
    for rest, data in forbidden:
        assert pat_client.post(_url(partnership, rest), data).status_code == 403, rest
    assert Issue.objects.count() == 3


def test_pat_enters_and_sees_only_her_own_employers_projections(
    alice, pat_client, partnership, employers, pat_person
):
    services.projection_create(
        actor=alice,
        partnership=partnership,
        organisation=employers[1],
        occupation_title="Secret welder demand",
        openings_12m=437,
        openings_36m=911,
    )
    response = pat_client.post(
        _url(partnership, "demand/"),
        {
            "occupation_title": "CNC machinist",
            "soc_code": "51-4041",
            "openings_12m": "6",
            "openings_36m": "15",
        },
    )
    assert response.status_code == 302
    mine = HiringProjection.objects.get(occupation_title="CNC machinist")
    assert mine.organisation == employers[0]
    page = pat_client.get(_url(partnership, "demand/")).content.decode()
    assert "CNC machinist" in page
    assert "Secret welder demand" in page  # the occupation's pooled row is listed ...
    assert not {"911", "437"} & numbers_shown(page)  # ... but its numbers are suppressed
    other = HiringProjection.objects.get(occupation_title="Secret welder demand")
    assert pat_client.get(_url(partnership, f"demand/{other.pk}/edit/")).status_code == 404
    assert pat_client.post(_url(partnership, f"demand/{other.pk}/delete/")).status_code == 404
    assert pat_client.get(_url(partnership, f"demand/{mine.pk}/edit/")).status_code == 200


def test_pat_cannot_enter_projections_for_another_employer(
    pat_client, partnership, employers, pat_person
):
    pat_client.post(
        _url(partnership, "demand/"),
        {
            "organisation": str(employers[2].pk),
            "occupation_title": "Welder",
            "openings_12m": "1",
            "openings_36m": "2",
        },
    )
    assert HiringProjection.objects.get().organisation == employers[0]


def test_the_api_lets_pat_vote_and_read_her_rows_but_not_edit_the_plan(
    pat, partnership, open_round, issues, pat_person, employers, alice
):
    _, token = token_create(user=pat, name="t")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    base = f"/api/partnerships/{partnership.pk}"
    ballot = {"ratings": [{"issue_id": i.pk, "importance": 4, "feasibility": 2} for i in issues]}
    assert (
        api.post(
            f"{base}/rounds/{open_round.pk}/ballot", ballot, content_type="application/json"
        ).status_code
        == 200
    )
    mine = api.get(f"{base}/rounds/{open_round.pk}").json()
    assert len(mine["my_ratings"]) == 3
    assert mine["results"] is None  # results wait until the round closes
    paper = dict(ballot, person_id=pat_person.pk)
    assert (
        api.post(
            f"{base}/rounds/{open_round.pk}/ballot", paper, content_type="application/json"
        ).status_code
        == 403
    )
    assert (
        api.post(
            f"{base}/issues", {"title": "x", "challenge": "other"}, content_type="application/json"
        ).status_code
        == 403
    )
    services.projection_create(
        actor=alice,
        partnership=partnership,
        organisation=employers[1],
        occupation_title="Welder",
        openings_12m=3,
        openings_36m=3,
    )
    created = api.post(
        f"{base}/demand/projections",
        {"occupation_title": "CNC machinist", "openings_12m": 2, "openings_36m": 5},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["organisation"] == "Buckeye Precision"
    rows = api.get(f"{base}/demand/projections").json()
    assert [r["occupation_title"] for r in rows] == ["CNC machinist"]
    pooled = api.get(f"{base}/demand/pooled").json()
    assert all(r["suppressed"] and r["openings_36m"] is None for r in pooled["rows"])


def _api_as(user):
    _, token = token_create(user=user, name="t")
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_pat_without_a_person_record_is_told_the_same_in_the_api_as_on_the_page(
    client_for, pat, partnership, open_round, issues
):
    ballot = {"ratings": [{"issue_id": i.pk, "importance": 3, "feasibility": 3} for i in issues]}
    response = _api_as(pat).post(
        f"/api/partnerships/{partnership.pk}/rounds/{open_round.pk}/ballot",
        ballot,
        content_type="application/json",
    )
    assert response.status_code == 422
    api_message = response.json()["detail"][0]["msg"]
    data = {f"importance_{i.pk}": "3" for i in issues} | {
        f"feasibility_{i.pk}": "3" for i in issues
    }
    page = client_for(pat).post(_url(partnership, f"priorities/{open_round.pk}/"), data)
    assert page.status_code == 422
    assert escape(api_message) in page.content.decode()
    assert not Rating.objects.exists()


def test_pat_at_a_college_is_told_why_she_cannot_enter_projections_on_the_page_and_in_the_api(
    client_for, pat, partnership, college
):
    factories.person(partnership, "Pat Partner", college, user=pat)
    page = client_for(pat).get(_url(partnership, "demand/")).content.decode()
    response = _api_as(pat).post(
        f"/api/partnerships/{partnership.pk}/demand/projections",
        {"occupation_title": "Welder", "openings_12m": 1, "openings_36m": 2},
        content_type="application/json",
    )
    assert response.status_code == 422
    reason = response.json()["detail"][0]["msg"]
    assert "Columbus State is not recorded as an employer" in reason
    assert escape(reason) in page
    assert not HiringProjection.objects.exists()
