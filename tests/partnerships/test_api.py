from __future__ import annotations

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.partnerships.models import Partnership


@pytest.fixture
def api_as():
    def make(user):
        _, raw = token_create(user=user, name="test")
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        return client

    return make


def test_staff_create_read_update_and_delete_a_partnership(sam, workspace, api_as):
    api = api_as(sam)
    created = api.post(
        f"/api/workspaces/{workspace.slug}/partnerships",
        {"name": "Logistics Council", "industry_naics": "493"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["industry_title"] == "Warehousing and Storage"
    assert body["version"] == 1
    pid = body["id"]
    assert api.get(f"/api/partnerships/{pid}").json()["name"] == "Logistics Council"
    updated = api.patch(
        f"/api/partnerships/{pid}",
        {"version": 1, "region": "Columbus"},
        content_type="application/json",
    )
    assert updated.json()["version"] == 2
    listed = api.get(f"/api/workspaces/{workspace.slug}/partnerships").json()
    assert [p["name"] for p in listed["items"]] == ["Logistics Council"]
    assert api.delete(f"/api/partnerships/{pid}?version=2").status_code == 200
    assert not Partnership.objects.filter(pk=pid).exists()


def test_a_stale_version_gets_409_with_the_differences(sam, alice, partnership, api_as):
    api_as(alice).patch(
        f"/api/partnerships/{partnership.pk}",
        {"version": 1, "region": "Ohio"},
        content_type="application/json",
    )
    response = api_as(sam).patch(
        f"/api/partnerships/{partnership.pk}",
        {"version": 1, "region": "Texas"},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["conflicts"] == [{"field": "region", "current": "Ohio", "yours": "Texas"}]


def test_invalid_values_get_422_naming_the_field(sam, workspace, api_as):
    response = api_as(sam).post(
        f"/api/workspaces/{workspace.slug}/partnerships",
        {"name": "X", "industry_naics": "12ab"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "industry_naics"]


def test_an_oversized_name_gets_422(sam, workspace, api_as):
    response = api_as(sam).post(
        f"/api/workspaces/{workspace.slug}/partnerships",
        {"name": "x" * 5000},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_a_partner_lists_only_shared_partnerships(pat, alice, workspace, partnership, api_as):
    from convenor.partnerships.services import partnership_create

    partnership_create(actor=alice, workspace=workspace, name="Not shared")
    listed = api_as(pat).get(f"/api/workspaces/{workspace.slug}/partnerships").json()
    assert [p["name"] for p in listed["items"]] == [partnership.name]


def test_the_api_does_not_move_the_stage_by_patch(sam, partnership, api_as):
    api_as(sam).patch(
        f"/api/partnerships/{partnership.pk}",
        {"version": 1, "stage": "implementation"},
        content_type="application/json",
    )
    partnership.refresh_from_db()
    assert partnership.stage == "needs_assessment"


def test_a_partnership_links_to_a_saved_region_of_its_own_workspace_only(
    sam, alice, olga, workspace, partnership, api_as
):
    from convenor.regions.services import region_create
    from convenor.workspaces.models import Workspace

    ours = region_create(actor=alice, workspace=workspace, name="Franklin", area_codes="39049")
    elsewhere = Workspace.objects.get(name="Other Board")
    theirs = region_create(actor=olga, workspace=elsewhere, name="Cook", area_codes="17031")
    api = api_as(sam)
    refused = api.patch(
        f"/api/partnerships/{partnership.pk}",
        {"version": 1, "saved_region_id": theirs.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "No saved region" in refused.content.decode()
    partnership.refresh_from_db()
    assert partnership.saved_region is None and partnership.version == 1
    linked = api.patch(
        f"/api/partnerships/{partnership.pk}",
        {"version": 1, "saved_region_id": ours.pk},
        content_type="application/json",
    ).json()
    assert linked["saved_region_id"] == ours.pk
    assert linked["region"] == "Franklin County, OH"  # a described region is kept
    created = api.post(
        f"/api/workspaces/{workspace.slug}/partnerships",
        {"name": "Logistics Council", "saved_region_id": ours.pk},
        content_type="application/json",
    ).json()
    assert created["saved_region_id"] == ours.pk and created["region"] == "Franklin"
