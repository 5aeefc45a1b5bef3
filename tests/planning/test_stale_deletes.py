"""Deletes carry the version they were drawn from: someone else's newer edit is never
thrown away silently, on a page's delete button or through the API."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.audit import services as audit
from convenor.lib.challenges import Challenge
from convenor.planning import services
from convenor.planning.models import FundingSource, Goal, Issue, IssueEvidence, Resource


def _issue(partnership, alice):
    return services.issue_create(
        actor=alice,
        partnership=partnership,
        title="No CNC applicants",
        challenge=Challenge.SKILLS_GAP,
    )


def _goal(partnership, alice):
    return services.goal_create(actor=alice, partnership=partnership, title="Fill 40 CNC seats")


def _resource(partnership, alice):
    return services.resource_create(
        actor=alice,
        partnership=partnership,
        name="WIOA adult training accounts",
        capacity="120 training accounts a year",
        funding_sources=[FundingSource.WIOA_I],
    )


def _evidence(partnership, alice):
    return services.issue_evidence_add(
        actor=alice, issue=_issue(partnership, alice), title="Job board count"
    )


# noun: (make, model, edit by someone else, edit page, delete page, api path)
NOUNS = {
    "issue": (
        _issue,
        Issue,
        lambda actor, obj: services.issue_update(
            actor=actor, issue=obj, changes={"title": "Few CNC applicants"}, expected_version=None
        ),
        "issues/{o.pk}/edit/",
        "issues/{o.pk}/delete/",
        "issues/{o.pk}",
    ),
    "goal": (
        _goal,
        Goal,
        lambda actor, obj: services.goal_update(
            actor=actor, goal=obj, changes={"title": "Fill 50 CNC seats"}, expected_version=None
        ),
        "goals/{o.pk}/edit/",
        "goals/{o.pk}/delete/",
        "goals/{o.pk}",
    ),
    "resource": (
        _resource,
        Resource,
        lambda actor, obj: services.resource_update(
            actor=actor, resource=obj, changes={"capacity": "150 a year"}, expected_version=None
        ),
        "resources/{o.pk}/edit/",
        "resources/{o.pk}/delete/",
        "resources/{o.pk}",
    ),
}


def _page(partnership, rest: str, obj) -> str:
    return f"/p/{partnership.pk}/plan/" + rest.format(o=obj)


@pytest.mark.parametrize("noun", sorted(NOUNS))
def test_a_delete_from_a_page_drawn_before_an_edit_is_refused(
    noun, partnership, alice, sam, client_for
):
    make, model, edit, edit_page, delete_page, _ = NOUNS[noun]
    obj = make(partnership, alice)
    staff = client_for(sam)
    page = staff.get(_page(partnership, edit_page, obj)).content.decode()
    delete_form = re.search(r'<form method="post" action="[^"]*/delete/".*?</form>', page, re.S)
    assert delete_form, "the edit page has a delete button"
    drawn = int(re.search(r'name="version" value="(\d+)"', delete_form.group(0)).group(1))
    assert drawn == obj.version

    edit(alice, obj)
    url = _page(partnership, delete_page, obj)
    response = staff.post(url, {"version": drawn}, follow=True)
    assert model.objects.filter(pk=obj.pk).exists()
    assert "Not removed." in response.content.decode()

    staff.post(url, {"version": drawn + 1})
    assert not model.objects.filter(pk=obj.pk).exists()


def test_removing_evidence_drawn_before_an_edit_is_refused(partnership, alice, sam, client_for):
    evidence = _evidence(partnership, alice)
    staff = client_for(sam)
    issue_page = f"/p/{partnership.pk}/plan/issues/{evidence.issue_id}/"
    assert f'name="version" value="{evidence.version}"' in staff.get(issue_page).content.decode()
    drawn = evidence.version
    audit.update(
        actor=alice, instance=evidence, changes={"note": "Counted in May"}, expected_version=None
    )
    url = f"{issue_page}evidence/{evidence.pk}/delete/"
    response = staff.post(url, {"version": drawn}, follow=True)
    assert IssueEvidence.objects.filter(pk=evidence.pk).exists()
    assert "Not removed." in response.content.decode()
    staff.post(url, {"version": drawn + 1})
    assert not IssueEvidence.objects.filter(pk=evidence.pk).exists()


def test_a_delete_without_a_version_still_works(partnership, alice, sam, client_for):
    goal = _goal(partnership, alice)
    client_for(sam).post(f"/p/{partnership.pk}/plan/goals/{goal.pk}/delete/")
    assert not Goal.objects.filter(pk=goal.pk).exists()


@pytest.fixture
def api(sam):
    _, raw = token_create(user=sam, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.mark.parametrize("noun", sorted(NOUNS))
def test_an_api_delete_with_a_stale_version_answers_409(noun, partnership, alice, api):
    make, model, edit, _, _, path = NOUNS[noun]
    obj = make(partnership, alice)
    drawn = obj.version
    edit(alice, obj)
    url = f"/api/partnerships/{partnership.pk}/" + path.format(o=obj)
    stale = api.delete(f"{url}?version={drawn}")
    assert stale.status_code == 409
    assert model.objects.filter(pk=obj.pk).exists()
    assert api.delete(f"{url}?version={drawn + 1}").status_code == 200
    assert not model.objects.filter(pk=obj.pk).exists()


def test_a_refused_role_delete_leaves_its_reports_where_they_were(
    partnership, alice, sam, client_for
):
    chair = services.governance_role_create(actor=alice, partnership=partnership, title="Chair")
    lead = services.governance_role_create(
        actor=alice, partnership=partnership, title="Work group lead", reports_to=chair
    )
    drawn = chair.version
    services.governance_role_update(
        actor=alice, role=chair, changes={"title": "Co-chair"}, expected_version=None
    )
    url = f"/p/{partnership.pk}/plan/direction/roles/{chair.pk}/delete/"
    client_for(sam).post(url, {"version": drawn})
    lead.refresh_from_db()
    assert lead.reports_to_id == chair.pk and lead.version == 1
