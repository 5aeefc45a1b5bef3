"""The partners API: registry, memberships, moves, findings, network and imports."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.partners.models import ImportBatch, Person, Stage


@pytest.fixture
def api_for():
    def make(user):
        _, token = token_create(user=user, name="test")
        client = Client(headers={"Authorization": f"Bearer {token}"})

        def call(method, url, body=None, **kw):
            if method == "get":
                return client.get(url, **kw)
            return client.generic(
                method.upper(), url, json.dumps(body or {}), content_type="application/json"
            )

        call.client = client
        return call

    return make


def test_staff_create_an_organisation_and_a_person(sam, workspace, api_for):
    api = api_for(sam)
    org = api("post", f"/api/workspaces/{workspace.slug}/organisations", {
        "name": "Acme Machining", "category": "employer", "naics_code": "332710",
    })  # fmt: skip
    assert org.status_code == 201
    person = api("post", f"/api/workspaces/{workspace.slug}/people", {
        "name": "Ada Lovelace", "organisation_id": org.json()["id"], "is_naysayer": True,
    })  # fmt: skip
    assert person.status_code == 201
    assert person.json()["organisation_name"] == "Acme Machining"
    listed = api("get", f"/api/workspaces/{workspace.slug}/people").json()
    assert listed["count"] == 1


def test_an_invalid_organisation_gets_422_with_the_field(sam, workspace, api_for):
    response = api_for(sam)("post", f"/api/workspaces/{workspace.slug}/organisations", {
        "name": "College", "category": "education", "naics_code": "611210",
    })  # fmt: skip
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "naics_code"]


def test_a_stale_update_gets_409_with_the_differences(alice, sam, ada, api_for):
    api_for(sam)("patch", f"/api/people/{ada.pk}", {"version": 1, "title": "Chair"})
    response = api_for(alice)("patch", f"/api/people/{ada.pk}", {"version": 1, "title": "CEO"})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["conflicts"] == [{"field": "title", "current": "Chair", "yours": "CEO"}]


def test_members_are_added_and_moved_with_a_dated_history(sam, partnership, ada, api_for):
    api = api_for(sam)
    created = api("post", f"/api/partnerships/{partnership.pk}/members", {
        "person_id": ada.pk, "stage_since": "2025-12-01",
    })  # fmt: skip
    assert created.status_code == 201
    member = created.json()
    assert member["organisation_name"] == "Acme Machining"
    moved = api("patch", f"/api/partnership-members/{member['id']}", {
        "version": member["version"], "stage": "met", "moved_on": "2026-01-05",
        "move_note": "plant tour",
    })  # fmt: skip
    assert moved.status_code == 200
    assert moved.json()["stage"] == "met"
    history = api("get", f"/api/partnership-members/{member['id']}/moves").json()
    assert next((h["from_stage"], h["to_stage"], h["moved_on"]) for h in history) == (
        "identified",
        "met",
        "2026-01-05",
    )


def test_a_stale_move_gets_409(alice, sam, ada_member, api_for):
    api_for(sam)("patch", f"/api/partnership-members/{ada_member.pk}", {
        "version": ada_member.version, "stage": "active",
    })  # fmt: skip
    response = api_for(alice)("patch", f"/api/partnership-members/{ada_member.pk}", {
        "version": ada_member.version, "stage": "lapsed",
    })  # fmt: skip
    assert response.status_code == 409
    ada_member.refresh_from_db()
    assert ada_member.stage == Stage.ACTIVE


def test_a_partner_lists_members_at_the_table_without_notes(
    pat, alice, partnership, ada_member, college_member, api_for
):
    from convenor.partners.services import member_update

    member_update(
        actor=alice, member=ada_member, changes={"notes": "tough negotiator"}, expected_version=None
    )
    api = api_for(pat)
    listed = api("get", f"/api/partnerships/{partnership.pk}/members").json()["items"]
    assert [(m["person_name"], m["notes"]) for m in listed] == [("Ada Lovelace", "")]
    assert api("get", f"/api/partnership-members/{college_member.pk}").status_code == 404
    assert api("get", f"/api/partnership-members/{ada_member.pk}/moves").status_code == 403
    assert api("get", f"/api/partnerships/{partnership.pk}/partner-mix").status_code == 403
    assert api("get", f"/api/people/{ada_member.person_id}").status_code == 404


def test_partner_mix_findings_come_with_reason_and_next_step(vic, partnership, ada_member, api_for):
    findings = api_for(vic)("get", f"/api/partnerships/{partnership.pk}/partner-mix").json()
    by_code = {f["code"]: f for f in findings}
    assert "mix.categories_missing" in by_code
    finding = by_code["mix.categories_missing"]
    assert finding["severity"] == "warning"
    assert finding["next_step"]
    assert finding["source"] == "Step Two: Identify Partners"


def test_the_network_api_names_connectors(vic, partnership, ada_member, board_tie, api_for):
    body = api_for(vic)("get", f"/api/partnerships/{partnership.pk}/network").json()
    assert body["connectors"][0]["name"] == "Ada Lovelace"
    assert body["connectors"][0]["categories"] == ["employer", "education"]
    assert ["employer", "education"] in [b["categories"] for b in body["bridges"]]


def test_relationships_are_recorded_through_the_api(sam, workspace, ada, college, api_for):
    api = api_for(sam)
    response = api("post", f"/api/workspaces/{workspace.slug}/relationships", {
        "kind": "board_member", "from_person_id": ada.pk, "to_organisation_id": college.pk,
    })  # fmt: skip
    assert response.status_code == 201
    assert (
        response.json()["description"] == "Ada Lovelace board member of Olentangy Community College"
    )
    bad = api("post", f"/api/workspaces/{workspace.slug}/relationships", {
        "kind": "knows", "from_person_id": ada.pk,
    })  # fmt: skip
    assert bad.status_code == 422


def test_an_import_is_uploaded_then_run_and_its_status_read(sam, workspace, api_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = api_for(sam)
    upload = api.client.post(
        f"/api/workspaces/{workspace.slug}/imports",
        {
            "file": SimpleUploadedFile("c.csv", b"Name,Email\nAda,ada@x.org\nBob,bob@\n"),
            "mode": "valid_only",
        },
    )
    assert upload.status_code == 201
    batch = upload.json()
    assert batch["status"] == "ready"
    assert batch["counts"]["rejected"] == 1
    assert (
        batch["problems"][0]["message"] == "Row 3, column 'Email': 'bob@' is not an e-mail address."
    )
    run = api("post", f"/api/imports/{batch['id']}/run", {})
    assert run.json()["status"] == "imported"
    status = api("get", f"/api/imports/{batch['id']}").json()
    assert status["counts"]["people_created"] == 1
    undone = api("post", f"/api/imports/{batch['id']}/undo", {})
    assert undone.json()["status"] == "undone"
    assert not Person.objects.exists()


def test_an_import_without_a_file_is_refused(sam, workspace, api_for):
    response = api_for(sam)("post", f"/api/workspaces/{workspace.slug}/imports", {})
    assert response.status_code == 422
    assert not ImportBatch.objects.exists()


def test_a_viewer_cannot_upload_an_import(vic, workspace, api_for):
    response = api_for(vic)("post", f"/api/workspaces/{workspace.slug}/imports", {})
    assert response.status_code == 403
