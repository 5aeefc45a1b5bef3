"""A partnership's occupation analysis saved with its figures, and cited as data evidence
for an issue or a challenge employers raised."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from convenor.lib.challenges import Challenge
from convenor.occupations import labour
from convenor.occupations.labour import OccupationRequest
from convenor.occupations.models import OccupationEvidence, OccupationSnapshot
from convenor.planning import services as planning
from tests.occupations import web
from tests.planning import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def targeted(partnership, workspace, alice):
    web.qcew_for(workspace)
    web.labour_store()
    web.target_manufacturing(partnership, web.franklin(workspace, alice), alice)
    return partnership


@pytest.fixture
def saved(client_for, sam, targeted):
    response = client_for(sam).post(
        reverse("occupations:partnership", args=[targeted.pk]), {"note": "for the committee"}
    )
    assert response.status_code == 302
    return OccupationSnapshot.objects.get()


def test_saving_keeps_the_figures_as_they_were(saved, client_for, vic, targeted, workspace):
    assert saved.industry_code == "31-33" and saved.area_codes == web.FRANKLIN
    now = labour.by_soc(
        labour.analyze(workspace, OccupationRequest.parse([web.FRANKLIN], "31-33", 2020))
    )
    best = saved.rows[0]
    assert best["score"] == max(r["score"] or 0 for r in now.values())
    assert best == json.loads(json.dumps(now[best["soc_code"]]))
    assert {e["challenge"] for e in saved.evidence} >= {"skills_gap", "retirement", "turnover"}
    page = client_for(vic).get(reverse("occupations:snapshot", args=[targeted.pk, saved.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert best["soc_title"] in html and "for the committee" in html
    # Turnover needs the Census QWI, which is not loaded: the page says so.
    assert "QWI" in html


def test_a_viewer_cannot_save(client_for, vic, targeted):
    response = client_for(vic).post(reverse("occupations:partnership", args=[targeted.pk]), {})
    assert response.status_code == 403
    assert not OccupationSnapshot.objects.exists()


def test_an_issue_cites_the_saved_analysis_and_its_figures_for_the_issues_challenge(
    client_for, sam, targeted, saved, alice
):
    issue = planning.issue_create(
        actor=alice, partnership=targeted, title="Retiring technicians",
        challenge=Challenge.RETIREMENT,
    )  # fmt: skip
    url = reverse("occupations:snapshot", args=[targeted.pk, saved.pk])
    assert client_for(sam).post(url, {"issue": issue.pk}).status_code == 302
    link = OccupationEvidence.objects.get()
    assert (link.issue, link.challenge) == (issue, "retirement")
    assert link.figures and all(f["challenge"] == "retirement" for f in link.figures)
    api = client_for(sam).get(f"/api/partnerships/{targeted.pk}/occupations/evidence").json()
    assert api[0]["occupation_snapshot_id"] == saved.pk and api[0]["issue_id"] == issue.pk


def test_an_issue_the_data_cannot_speak_to_is_refused_with_the_reason(
    client_for, sam, targeted, saved, alice
):
    issue = planning.issue_create(
        actor=alice, partnership=targeted, title="No bus on the second shift",
        challenge=Challenge.SUPPORT_TRANSPORT,
    )  # fmt: skip
    response = client_for(sam).post(
        f"/api/partnerships/{targeted.pk}/occupations/evidence",
        {"occupation_snapshot_id": saved.pk, "issue_id": issue.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "cannot verify it" in response.content.decode()
    assert not OccupationEvidence.objects.exists()


def test_a_challenge_is_cited_only_once_employers_raised_it(client_for, sam, targeted, saved):
    payload = {"occupation_snapshot_id": saved.pk, "challenge": "skills_gap"}
    url = f"/api/partnerships/{targeted.pk}/occupations/evidence"
    refused = client_for(sam).post(url, payload, content_type="application/json")
    assert refused.status_code == 422 and "No employer raised" in refused.content.decode()
    employer = factories.organisation(targeted, "Buckeye Precision")
    person = factories.person(targeted, "Dana Plant Manager", employer)
    factories.touch(targeted, [person], ["skills_gap"])
    created = client_for(sam).post(url, payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["issue_id"] is None


def test_a_saved_analysis_of_another_partnership_cannot_be_cited(
    client_for, sam, saved, workspace, alice
):
    from convenor.partnerships.services import partnership_create

    other = partnership_create(actor=alice, workspace=workspace, name="Healthcare")
    issue = planning.issue_create(
        actor=alice, partnership=other, title="Skills", challenge=Challenge.SKILLS_GAP
    )
    response = client_for(sam).post(
        f"/api/partnerships/{other.pk}/occupations/evidence",
        {"occupation_snapshot_id": saved.pk, "issue_id": issue.pk},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not OccupationEvidence.objects.exists()


def test_the_why_this_industry_page_lists_the_saved_analysis(client_for, vic, targeted, saved):
    page = client_for(vic).get(reverse("regions:why", args=[targeted.pk]))
    assert page.status_code == 200
    assert reverse("occupations:snapshot", args=[targeted.pk, saved.pk]) in page.content.decode()


def test_the_issue_page_tag_lists_the_analyses_cited_with_their_figures(targeted, saved, alice):
    from django.template import Context, Template
    from django.utils.html import escape

    from convenor.occupations import services

    issue = planning.issue_create(
        actor=alice, partnership=targeted, title="Retiring technicians",
        challenge=Challenge.RETIREMENT,
    )  # fmt: skip
    tag = Template("{% load occupations %}{% issue_evidence issue %}")
    assert "No saved occupation analysis cited yet" in tag.render(Context({"issue": issue}))
    services.evidence_attach(actor=alice, snapshot=saved, issue=issue)
    html = tag.render(Context({"issue": issue}))
    assert reverse("occupations:snapshot", args=[targeted.pk, saved.pk]) in html
    retirement = [e for e in saved.evidence if e["challenge"] == "retirement"]
    assert retirement and all(escape(e["statement"]) in html for e in retirement)


def test_the_issue_page_shows_the_analyses_cited_for_it(client_for, vic, targeted, saved, alice):
    from convenor.occupations import services

    issue = planning.issue_create(
        actor=alice, partnership=targeted, title="Retiring technicians",
        challenge=Challenge.RETIREMENT,
    )  # fmt: skip
    services.evidence_attach(actor=alice, snapshot=saved, issue=issue)
    page = client_for(vic).get(reverse("planning:issue", args=[targeted.pk, issue.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Data evidence: saved occupation analyses" in html
    assert reverse("occupations:snapshot", args=[targeted.pk, saved.pk]) in html
