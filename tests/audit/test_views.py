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
    assert "sam@acme.example" in text
    assert "Franklin County, OH → Ohio" in text


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
