"""The tension register: money, unclear roles, divergent missions, recorded and tracked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from convenor.accounts.services import token_create
from convenor.assessment import services
from convenor.assessment.facts import TensionFact
from convenor.assessment.health import RECONCILE_TENSIONS, health_findings, tension_findings
from convenor.assessment.models import Tension
from convenor.lib.errors import StaleVersionError
from convenor.partnerships.services import partnership_create
from convenor.workspaces.services import workspace_create
from tests.assessment import spine
from tests.assessment.factories import TODAY, make_facts


def _tension(partnership, actor, **fields):
    values = {
        "kind": "money",
        "what": "Who pays for instructors' time.",
        "raised_on": timezone.localdate() - dt.timedelta(days=5),
    }
    values.update(fields)
    return services.tension_create(actor=actor, partnership=partnership, **values)


def _form(**fields):
    data = {
        "kind": "money",
        "what": "Who pays for instructors' time.",
        "raised_on": "2026-03-02",
        "status": "open",
        "resolution": "",
        "reconciled_on": "",
    }
    data.update(fields)
    return data


# --- The finding --------------------------------------------------------------------


def test_an_open_tension_older_than_sixty_days_warns_quoting_the_seed():
    facts = make_facts(open_tensions=[TensionFact("roles", TODAY - dt.timedelta(days=75))])
    [finding] = tension_findings(facts)
    assert finding.code == "health.open_tensions"
    assert "75 days ago" in finding.reason and "unclear roles" in finding.reason
    assert RECONCILE_TENSIONS in finding.next_step
    assert "money, unclear roles and responsibilities, and divergent missions" in (
        finding.next_step
    )
    assert "health.open_tensions" in [f.code for f in health_findings(facts)]


def test_more_than_three_open_tensions_at_once_warn():
    recent = [TensionFact("money", TODAY - dt.timedelta(days=d)) for d in (1, 2, 3, 4)]
    [finding] = tension_findings(make_facts(open_tensions=recent))
    assert "4 tensions open at once" in finding.reason


def test_a_few_recent_open_tensions_do_not_warn():
    recent = [TensionFact("mission", TODAY - dt.timedelta(days=d)) for d in (10, 60, 30)]
    facts = make_facts(open_tensions=recent)
    assert tension_findings(facts) == []
    assert "health.open_tensions" not in [f.code for f in health_findings(facts)]


def test_reconciled_tensions_are_not_counted_in_the_facts(partnership, alice):
    from convenor.assessment.selectors import partnership_facts

    old = timezone.localdate() - dt.timedelta(days=90)
    _tension(partnership, alice, raised_on=old)
    _tension(
        partnership,
        alice,
        raised_on=old,
        status="reconciled",
        resolution="The board pays.",
    )
    facts = partnership_facts([partnership], team=True, extras=False)[partnership.pk]
    assert [t.raised_on for t in facts.open_tensions] == [old]
    assert "health.open_tensions" in [f.code for f in health_findings(facts)]


# --- Services -------------------------------------------------------------------------


def test_reconciling_without_saying_how_is_refused_on_that_field(partnership, alice):
    tension = _tension(partnership, alice)
    with pytest.raises(ValidationError) as refused:
        services.tension_update(
            actor=alice,
            tension=tension,
            changes={"status": "reconciled"},
            expected_version=tension.version,
        )
    assert list(refused.value.error_dict) == ["resolution"]


def test_reconciling_dates_the_reconciliation_and_reopening_clears_it(partnership, alice):
    tension = _tension(partnership, alice)
    saved = services.tension_update(
        actor=alice,
        tension=tension,
        changes={"status": "reconciled", "resolution": "The board pays instructors."},
        expected_version=tension.version,
    )
    assert saved.reconciled_on == timezone.localdate() and saved.version == 2
    reopened = services.tension_update(
        actor=alice, tension=saved, changes={"status": "open"}, expected_version=2
    )
    assert reopened.reconciled_on is None


def test_an_organisation_of_another_workspace_is_refused(partnership, alice, olga):
    other = partnership_create(
        actor=olga, workspace=olga.memberships.get().workspace, name="Elsewhere"
    )
    foreign = spine.org(other, "Elsewhere Inc", "employer")
    with pytest.raises(ValidationError) as refused:
        _tension(partnership, alice, organisations=[foreign])
    assert "organisations" in refused.value.error_dict


def test_a_meeting_of_another_partnership_is_refused(partnership, workspace, alice):
    sibling = partnership_create(actor=alice, workspace=workspace, name="Sibling")
    elsewhere = spine.meeting(sibling, days_ago=3)
    with pytest.raises(ValidationError) as refused:
        _tension(partnership, alice, meeting=elsewhere)
    assert "meeting" in refused.value.error_dict


def test_a_stale_edit_is_refused_and_says_what_changed(partnership, alice, sam):
    tension = _tension(partnership, alice)
    services.tension_update(
        actor=sam, tension=tension, changes={"kind": "roles"}, expected_version=1
    )
    with pytest.raises(StaleVersionError) as stale:
        services.tension_update(
            actor=alice, tension=tension, changes={"kind": "mission"}, expected_version=1
        )
    assert "Sam Staff" in stale.value.message


# --- Pages ----------------------------------------------------------------------------


def test_staff_record_edit_and_reconcile_a_tension_through_the_pages(partnership, sam, client_for):
    college = spine.org(partnership, "Columbus State", "education")
    board = spine.org(partnership, "Workforce Board", "workforce_system")
    spine.member(partnership, organisation=college, role="service_provider")
    spine.member(partnership, organisation=board, role="service_provider")
    meeting = spine.meeting(partnership, days_ago=4)
    client = client_for(sam)
    page = client.get(f"/p/{partnership.pk}/tensions/")
    assert page.status_code == 200 and b"Columbus State" in page.content

    created = client.post(
        f"/p/{partnership.pk}/tensions/new/",
        _form(organisations=[college.pk, board.pk], meeting=meeting.pk),
        HTTP_HX_REQUEST="true",
    )
    assert created.status_code == 200
    assert b'id="tension-register"' in created.content
    tension = Tension.objects.get(partnership=partnership)
    assert set(tension.organisations.all()) == {college, board}
    assert tension.meeting == meeting and tension.raised_by == sam

    url = f"/p/{partnership.pk}/tensions/{tension.pk}/"
    edited = client.post(url, _form(kind="roles", version=1))
    assert edited.status_code == 302
    refused = client.post(url, _form(kind="roles", status="reconciled", version=2))
    assert refused.status_code == 422
    assert b"Say how the tension was reconciled." in refused.content
    reconciled = client.post(
        url,
        _form(
            kind="roles",
            status="reconciled",
            resolution="Employers chose one provider per module.",
            version=2,
        ),
    )
    assert reconciled.status_code == 302
    tension.refresh_from_db()
    assert tension.status == "reconciled" and tension.reconciled_on == timezone.localdate()
    assert list(tension.organisations.all()) == []  # unticked in the edit


def test_the_register_lists_open_tensions_first(partnership, alice, client_for):
    _tension(
        partnership,
        alice,
        what="Settled long ago",
        status="reconciled",
        resolution="Agreed.",
        raised_on=timezone.localdate() - dt.timedelta(days=1),
    )
    _tension(
        partnership,
        alice,
        what="Still open",
        raised_on=timezone.localdate() - dt.timedelta(days=80),
    )
    page = client_for(alice).get(f"/p/{partnership.pk}/tensions/").content.decode()
    assert page.index("Still open") < page.index("Settled long ago")
    assert "open 80 days" in page


def test_the_register_runs_a_bounded_number_of_queries(
    partnership, alice, client_for, django_assert_max_num_queries
):
    orgs = [spine.org(partnership, f"Org {i}", "employer") for i in range(5)]
    for i in range(12):
        _tension(partnership, alice, what=f"Tension {i}", organisations=orgs[: i % 5])
    client = client_for(alice)
    client.get(f"/p/{partnership.pk}/tensions/")
    with django_assert_max_num_queries(20):
        assert client.get(f"/p/{partnership.pk}/tensions/").status_code == 200


def test_a_stale_edit_in_the_form_answers_409_with_the_difference(
    partnership, alice, sam, client_for
):
    tension = _tension(partnership, alice)
    services.tension_update(
        actor=sam, tension=tension, changes={"kind": "roles"}, expected_version=1
    )
    response = client_for(alice).post(
        f"/p/{partnership.pk}/tensions/{tension.pk}/", _form(kind="mission", version=1)
    )
    assert response.status_code == 409
    assert b"Sam Staff" in response.content
    tension.refresh_from_db()
    assert tension.kind == "roles"


def test_a_viewer_reads_the_register_but_cannot_write(partnership, alice, vic, client_for):
    tension = _tension(partnership, alice)
    client = client_for(vic)
    page = client.get(f"/p/{partnership.pk}/tensions/")
    assert page.status_code == 200 and b"Who pays" in page.content
    assert b"Record a tension" not in page.content
    assert client.post(f"/p/{partnership.pk}/tensions/new/", _form()).status_code == 403
    assert client.get(f"/p/{partnership.pk}/tensions/{tension.pk}/").status_code == 403


def test_a_partner_reads_the_register_of_a_shared_partnership_only(
    partnership, workspace, alice, pat, client_for
):
    _tension(partnership, alice)
    hidden = partnership_create(actor=alice, workspace=workspace, name="Not shared")
    client = client_for(pat)
    assert client.get(f"/p/{partnership.pk}/tensions/").status_code == 200
    assert client.get(f"/p/{hidden.pk}/tensions/").status_code == 404
    assert client.post(f"/p/{partnership.pk}/tensions/new/", _form()).status_code == 403


def test_an_outsider_gets_404(partnership, alice, olga, client_for):
    tension = _tension(partnership, alice)
    client = client_for(olga)
    assert client.get(f"/p/{partnership.pk}/tensions/").status_code == 404
    assert client.get(f"/p/{partnership.pk}/tensions/{tension.pk}/").status_code == 404


def test_a_tension_of_another_partnership_is_not_reached_through_this_one(
    partnership, workspace, alice, client_for
):
    sibling = partnership_create(actor=alice, workspace=workspace, name="Sibling")
    tension = _tension(sibling, alice)
    client = client_for(alice)
    assert client.get(f"/p/{partnership.pk}/tensions/{tension.pk}/").status_code == 404
    assert client.post(f"/p/{partnership.pk}/tensions/{tension.pk}/delete/").status_code == 404
    assert Tension.objects.filter(pk=tension.pk).exists()


def test_bad_input_is_named_on_its_field(partnership, alice, client_for):
    response = client_for(alice).post(
        f"/p/{partnership.pk}/tensions/new/",
        _form(what="", kind="gossip", raised_on="2026-02-31"),
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert {"what", "kind", "raised_on"} <= set(form.errors)
    assert not Tension.objects.exists()


def test_the_health_page_shows_open_tensions_and_the_nav_links_the_register(
    partnership, alice, client_for
):
    _tension(
        partnership,
        alice,
        what="Unclear who recruits employers",
        kind="roles",
        raised_on=timezone.localdate() - dt.timedelta(days=70),
    )
    page = client_for(alice).get(f"/p/{partnership.pk}/health/").content.decode()
    assert 'data-code="health.open_tensions"' in page
    assert "Unclear who recruits employers" in page
    assert f'href="/p/{partnership.pk}/tensions/"' in page


def test_deleting_removes_the_tension(partnership, alice, client_for):
    tension = _tension(partnership, alice)
    response = client_for(alice).post(f"/p/{partnership.pk}/tensions/{tension.pk}/delete/")
    assert response.status_code == 302
    assert not Tension.objects.filter(pk=tension.pk).exists()


# --- API ------------------------------------------------------------------------------


@pytest.fixture
def api_for():
    from django.test import Client

    def make(user):
        _, token = token_create(user=user, name="t")
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make


def test_the_api_creates_reconciles_and_deletes_with_versions(partnership, alice, api_for):
    college = spine.org(partnership, "Columbus State", "education")
    client = api_for(alice)
    base = f"/api/partnerships/{partnership.pk}/tensions"
    created = client.post(
        base,
        {
            "kind": "mission",
            "what": "Portable credentials against a fast-track.",
            "raised_on": "2026-03-02",
            "organisation_ids": [college.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["organisations"] == ["Columbus State"] and body["status"] == "open"
    url = f"{base}/{body['id']}"
    refused = client.patch(
        url, {"version": 1, "status": "reconciled"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "resolution"]
    done = client.patch(
        url,
        {"version": 1, "status": "reconciled", "resolution": "Both tracks, one credential."},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "what": "x"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert [t["id"] for t in client.get(base).json()] == [body["id"]]
    assert client.delete(f"{url}?version=1").status_code == 409
    assert client.delete(f"{url}?version=2").status_code == 200
    assert client.get(base).json() == []


def test_the_api_refuses_a_foreign_organisation_and_a_viewer(
    partnership, alice, vic, olga, api_for
):
    other = workspace_create(actor=olga, name="Elsewhere")
    foreign = partnership_create(actor=olga, workspace=other, name="X")
    org = spine.org(foreign, "Elsewhere Inc", "employer")
    base = f"/api/partnerships/{partnership.pk}/tensions"
    payload = {"what": "Money.", "raised_on": "2026-03-02", "organisation_ids": [org.pk]}
    refused = api_for(alice).post(base, payload, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "organisation_ids"]
    del payload["organisation_ids"]
    assert api_for(vic).get(base).status_code == 200
    assert api_for(vic).post(base, payload, content_type="application/json").status_code == 403
    assert api_for(olga).get(base).status_code == 404


def test_a_delete_from_a_page_drawn_before_an_edit_is_refused(partnership, alice, sam, client_for):
    """Sam's edit since the page was drawn is not thrown away by Alice's remove button."""
    tension = _tension(partnership, alice)
    drawn = tension.version
    services.tension_update(
        actor=sam, tension=tension, changes={"what": "Who pays, and when."}, expected_version=drawn
    )
    url = f"/p/{partnership.pk}/tensions/{tension.pk}/delete/"
    response = client_for(alice).post(url, {"version": drawn}, follow=True)
    assert Tension.objects.filter(pk=tension.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"version": drawn + 1})
    assert not Tension.objects.filter(pk=tension.pk).exists()


def test_a_refused_delete_names_who_changed_the_object(partnership, alice, sam):
    tension = _tension(partnership, alice)
    drawn = tension.version
    services.tension_update(
        actor=sam, tension=tension, changes={"what": "Who pays, and when."}, expected_version=drawn
    )
    with pytest.raises(StaleVersionError, match=f"changed by {sam.name}"):
        services.tension_delete(actor=alice, tension=tension, expected_version=drawn)
