from __future__ import annotations

from django.test import Client

from convenor.accounts.services import token_create
from convenor.partnerships.services import partnership_update


def test_owners_see_the_audit_trail_with_before_and_after(
    alice, sam, workspace, partnership, client_for
):
    partnership_update(
        actor=sam, partnership=partnership, changes={"region": "Ohio"}, expected_version=1
    )
    response = client_for(alice).get(f"/w/{workspace.slug}/audit/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sam Staff" in text and "sam@acme.example" not in text
    assert "<strong>Region</strong>: Franklin County, OH → Ohio" in text


def test_the_trail_names_the_person_linked_to_a_sign_in_and_labels_fields(
    alice, sam, workspace, partnership, client_for
):
    from convenor.planning.demand.services import projection_create, projection_update
    from tests.meetings.factories import org, person

    person(workspace, "Jordan Rivera", user=sam)
    projection = projection_create(
        actor=sam,
        partnership=partnership,
        organisation=org(workspace, "Acme Machining"),
        occupation_title="Machinist",
        openings_12m=4,
        openings_36m=10,
    )
    projection_update(
        actor=sam, projection=projection, changes={"openings_12m": 6}, expected_version=1
    )
    text = client_for(alice).get(f"/w/{workspace.slug}/audit/").content.decode()
    assert "<strong>Openings in the next 12 months</strong>: 4 → 6" in text
    assert "openings_12m" not in text
    assert "Jordan Rivera" in text and "sam@acme.example" not in text
    # The filter finds the changes by the person's name as well as by the e-mail.
    by_name = client_for(alice).get(f"/w/{workspace.slug}/audit/?actor=jordan").content.decode()
    assert "4 → 6" in by_name
    by_other = client_for(alice).get(f"/w/{workspace.slug}/audit/?actor=alice").content.decode()
    assert "4 → 6" not in by_other


def test_the_audit_trail_shows_fifty_entries_a_page_and_keeps_the_filter(
    alice, workspace, partnership, client_for
):
    from convenor.audit import services as audit

    for n in range(55):
        audit.record(actor=alice, instance=partnership, action="update", note=f"note {n:02d}")
    first = client_for(alice).get(f"/w/{workspace.slug}/audit/?q=note").content.decode()
    assert first.count("<small>note ") == 50
    assert "note 54" in first and "note 04" not in first  # newest first
    assert "Page 1 of 2" in first
    assert 'href="?q=note&page=2"' in first
    second = client_for(alice).get(f"/w/{workspace.slug}/audit/?q=note&page=2").content.decode()
    assert second.count("<small>note ") == 5
    assert "note 04" in second and "note 05" not in second


def test_the_audit_trail_filters_by_who(alice, sam, workspace, partnership, client_for):
    partnership_update(
        actor=sam, partnership=partnership, changes={"region": "Ohio"}, expected_version=1
    )
    response = client_for(alice).get(f"/w/{workspace.slug}/audit/?actor=alice@acme.example")
    assert "→ Ohio" not in response.content.decode()


def test_staff_cannot_read_the_audit_trail(sam, workspace, client_for):
    assert client_for(sam).get(f"/w/{workspace.slug}/audit/").status_code == 403


def test_the_audit_trail_is_in_the_api_for_owners(alice, sam, workspace, partnership):
    partnership_update(
        actor=sam, partnership=partnership, changes={"region": "Ohio"}, expected_version=1
    )
    _, raw = token_create(user=alice, name="t")
    response = Client().get(
        f"/api/workspaces/{workspace.slug}/audit", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200
    newest = response.json()["items"][0]
    assert newest["actor"] == "sam@acme.example"
    assert newest["changes"] == {"region": ["Franklin County, OH", "Ohio"]}
