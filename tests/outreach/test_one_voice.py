"""One voice to employers: each employer's point of contact, its page showing every touch
by every partner organisation, and the finding when two partner organisations called on
it within 30 days with different asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from convenor.lib.findings import Severity
from convenor.outreach import selectors, services
from convenor.outreach.coordination import EmployerTouch, coordination_findings
from convenor.outreach.models import Method
from convenor.partners import services as partners
from convenor.partners.models import Category

TODAY = timezone.localdate()


@pytest.fixture
def chamber(workspace, alice):
    return partners.organisation_create(
        actor=alice, workspace=workspace, name="Chamber of Commerce", category=Category.ASSOCIATION
    )


@pytest.fixture
def carl(workspace, alice, chamber):
    return partners.person_create(
        actor=alice, workspace=workspace, name="Carl Chamber", organisation=chamber
    )


def _touch(partnership, actor, by, who, purpose, days_ago=1):
    return services.touch_create(
        actor=actor,
        partnership=partnership,
        occurred_on=TODAY - dt.timedelta(days=days_ago),
        method=Method.CALL,
        people=[who],
        purpose=purpose,
        by_organisation=by,
    )


def _row(by: str, purpose: str, days_ago: int, by_id: int | None = None) -> EmployerTouch:
    return EmployerTouch(
        1, "Acme", by_id or hash(by) % 1000, by, purpose, TODAY - dt.timedelta(days=days_ago)
    )


def test_two_partners_asking_different_things_within_30_days_is_a_finding():
    rows = [_row("Columbus State", "internships", 10), _row("the chamber", "membership drive", 3)]
    (finding,) = coordination_findings(rows, {}, today=TODAY)
    assert finding.severity == Severity.WARNING
    assert finding.reason.startswith("Columbus State and the chamber both contacted Acme")
    assert "Name a point of contact for Acme" in finding.next_step


def test_the_finding_names_the_point_of_contact_when_there_is_one():
    rows = [_row("Columbus State", "internships", 3), _row("the chamber", "membership drive", 10)]
    (finding,) = coordination_findings(rows, {1: "Sam Staff (the board)"}, today=TODAY)
    assert finding.next_step.startswith("Coordinate through its point of contact, Sam Staff")


def test_the_same_ask_or_one_partner_or_an_old_touch_is_no_finding():
    same = [_row("Columbus State", "internships", 3), _row("the chamber", "Internships", 5)]
    one = [_row("Columbus State", "internships", 3), _row("Columbus State", "tour", 5)]
    old = [_row("Columbus State", "internships", 3), _row("the chamber", "dues", 45)]
    for rows in (same, one, old):
        assert coordination_findings(rows, {}, today=TODAY) == []


def test_the_partnership_finding_reads_touches_from_every_partnership(
    alice, workspace, partnership, ada, ada_member, dean, college, chamber
):
    from convenor.partnerships.services import partnership_create

    other = partnership_create(actor=alice, workspace=workspace, name="Logistics Partnership")
    _touch(partnership, alice, college, ada, "internship placements")
    _touch(other, alice, chamber, ada, "chamber membership")
    (finding,) = selectors.coordination(partnership)
    assert set(finding.evidence["organisations"]) == {
        "Olentangy Community College",
        "Chamber of Commerce",
    }
    assert finding.evidence["employer"] == "Acme Machining"


def test_the_follow_ups_list_and_the_api_show_the_finding(
    client_for, alice, workspace, partnership, ada, ada_member, college, chamber
):
    _touch(partnership, alice, college, ada, "internship placements")
    _touch(partnership, alice, chamber, ada, "chamber membership")
    client = client_for(alice)
    page = client.get(f"/w/{workspace.slug}/follow-ups/").content.decode()
    assert "contacted Acme Machining in the last 30 days" in page
    api = client.get(f"/api/partnerships/{partnership.pk}/coordination").json()
    assert [f["code"] for f in api] == ["outreach.uncoordinated_asks"]
    panel = client.get(f"/p/{partnership.pk}/").content.decode()
    assert "contacted Acme Machining in the last 30 days" in panel


def test_a_point_of_contact_is_a_person_at_a_partner_organisation(alice, acme, ada, carl, college):
    contact = services.point_of_contact_set(actor=alice, employer=acme, person=carl)
    assert contact.person == carl
    with pytest.raises(ValidationError, match="works at Acme Machining"):
        services.point_of_contact_set(actor=alice, employer=acme, person=ada)
    with pytest.raises(ValidationError, match="not an employer"):
        services.point_of_contact_set(actor=alice, employer=college, person=carl)
    assert services.point_of_contact_set(actor=alice, employer=acme, person=None) is None


def test_the_employer_page_shows_every_touch_by_every_partner_newest_first(
    client_for, alice, workspace, partnership, ada, college, chamber, carl
):
    _touch(partnership, alice, college, ada, "internship placements", days_ago=5)
    _touch(partnership, alice, chamber, ada, "chamber membership", days_ago=2)
    client = client_for(alice)
    set_contact = client.post(
        f"/w/{workspace.slug}/organisations/{ada.organisation_id}/point-of-contact/",
        {"person": carl.pk, "notes": "monthly call", "version": 0},
    )
    assert set_contact.status_code == 302
    page = client.get(
        f"/w/{workspace.slug}/partners/organisations/{ada.organisation_id}/"
    ).content.decode()
    section = page.split('id="employer-touches"')[1]
    assert section.index("chamber membership") < section.index("internship placements")
    assert "Chamber of Commerce" in section and "Olentangy Community College" in section
    assert "Carl Chamber (Chamber of Commerce), monthly call" in page


def test_a_bad_point_of_contact_is_refused_with_a_message(client_for, alice, workspace, acme, ada):
    response = client_for(alice).post(
        f"/w/{workspace.slug}/organisations/{acme.pk}/point-of-contact/",
        {"person": ada.pk, "version": 0},
    )
    assert response.status_code == 422


def test_the_point_of_contact_page_does_not_overwrite_a_newer_choice(
    client_for, alice, workspace, acme, carl
):
    url = f"/w/{workspace.slug}/organisations/{acme.pk}/point-of-contact/"
    client = client_for(alice)
    drawn = client.get(url).content.decode()
    assert 'name="version" value="0"' in drawn
    # someone else names Carl while the form is open
    services.point_of_contact_set(actor=alice, employer=acme, person=carl, notes="weekly call")
    response = client.post(url, {"person": "", "notes": "", "version": 0})
    assert response.status_code == 409
    contact = acme.point_of_contact
    contact.refresh_from_db()
    assert (contact.person, contact.notes) == (carl, "weekly call")


def test_the_point_of_contact_api_reads_and_sets_it(client_for, alice, acme, carl, vic, olga):
    client = client_for(alice)
    url = f"/api/organisations/{acme.pk}/point-of-contact"
    assert client.get(url).json()["version"] == 0  # none yet
    put = client.put(
        url, {"person_id": carl.pk, "notes": "", "version": 0}, content_type="application/json"
    )
    assert put.status_code == 200
    assert client.get(url).json()["person_name"] == "Carl Chamber"
    assert client.get(url).json()["version"] == 1
    assert (
        client_for(vic)
        .put(url, {"person_id": None, "version": 1}, content_type="application/json")
        .status_code
        == 403
    )
    assert client_for(olga).get(url).status_code == 404


def test_a_point_of_contact_put_needs_the_version_it_was_drawn_from(
    client_for, alice, sam, acme, carl
):
    url = f"/api/organisations/{acme.pk}/point-of-contact"
    no_version = client_for(sam).put(url, {"person_id": carl.pk}, content_type="application/json")
    assert no_version.status_code == 422
    services.point_of_contact_set(actor=alice, employer=acme, person=carl, notes="monthly call")
    # Sam read the page before Alice named Carl: his removal would undo her change unseen.
    stale = client_for(sam).put(
        url, {"person_id": None, "version": 0}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert client_for(sam).get(url).json()["person_name"] == "Carl Chamber"
    current = client_for(sam).get(url).json()["version"]
    removed = client_for(sam).put(
        url, {"person_id": None, "version": current}, content_type="application/json"
    )
    assert removed.status_code == 200
    assert removed.json()["person_id"] is None


def test_a_touch_records_which_partner_made_it(client_for, alice, partnership, ada, college):
    response = client_for(alice).post(
        f"/api/partnerships/{partnership.pk}/touches",
        {
            "occurred_on": str(TODAY),
            "method": "call",
            "person_ids": [ada.pk],
            "by_organisation_id": college.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["by_organisation_id"] == college.pk
