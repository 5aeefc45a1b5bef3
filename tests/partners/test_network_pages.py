"""The network page and API serve the map: its data block, its text alternative (tables of
every node and tie) and, in the API, the same positions and metrics the page draws."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.lib.palette import CATEGORY_COLOURS

pytestmark = pytest.mark.django_db


def _map_block(content: str) -> dict:
    found = re.search(
        r'<script id="network-data" type="application/json">(.*?)</script>', content, re.S
    )
    assert found, "the page carries the map's data for partners/network.js"
    return json.loads(found.group(1))


def test_the_partnership_page_carries_the_map_and_its_text_alternative(
    vic, partnership, ada_member, board_tie, client_for
):
    response = client_for(vic).get(f"/p/{partnership.pk}/network/")
    assert response.status_code == 200
    content = response.content.decode()
    data = _map_block(content)
    labels = {n["label"] for n in data["nodes"]}
    assert {"Ada Lovelace", "Acme Machining", "Olentangy Community College"} <= labels
    # Only the categories on the map, in their shared colours; filters for them only.
    assert [(c["label"], c["colour"]) for c in data["categories"]] == [
        ("Employers", CATEGORY_COLOURS["employer"]),
        ("Educational institutions", CATEGORY_COLOURS["education"]),
    ]
    assert 'value="labor"' not in content
    assert [k["value"] for k in data["kinds"]] == ["works_for", "board_member"]
    # The tables a screen reader reads instead of the canvas: every node and every tie.
    nodes_table = content[content.index('id="map-nodes"') : content.index('id="map-ties"')]
    for label in labels:
        assert label in nodes_table
    ties_table = content[content.index('id="map-ties"') :]
    assert "board member of" in ties_table
    assert 'aria-label="Show on the map: Ada Lovelace"' in content
    assert "partners/network.js" in content and "vendor/cytoscape-" in content


def test_the_workspace_page_draws_the_same_map(vic, workspace, ada, board_tie, client_for):
    response = client_for(vic).get(f"/w/{workspace.slug}/partners/network/")
    assert response.status_code == 200
    data = _map_block(response.content.decode())
    assert {n["label"] for n in data["nodes"]} >= {"Ada Lovelace", "Olentangy Community College"}


def test_an_empty_network_draws_no_map(vic, partnership, client_for):
    content = client_for(vic).get(f"/p/{partnership.pk}/network/").content.decode()
    assert 'id="network-data"' not in content
    assert "No relationship to draw yet" in content


def test_the_api_gives_the_map_with_the_pages_positions(
    vic, partnership, ada_member, board_tie, client_for
):
    _, token = token_create(user=vic, name="test")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    body = api.get(f"/api/partnerships/{partnership.pk}/network").json()
    page = _map_block(client_for(vic).get(f"/p/{partnership.pk}/network/").content.decode())
    assert body["nodes"] == len(body["map"]["nodes"]) == len(page["nodes"])
    assert body["connectors"][0]["name"] == "Ada Lovelace"  # the old fields stay
    on_page = {n["id"]: (n["x"], n["y"], n["degree"], n["betweenness"]) for n in page["nodes"]}
    in_api = {
        n["id"]: (n["x"], n["y"], n["degree"], n["betweenness"]) for n in body["map"]["nodes"]
    }
    assert in_api == on_page
    assert [c["value"] for c in body["map"]["categories"]] == ["employer", "education"]


def test_a_partner_and_an_outsider_get_no_map(pat, olga, partnership, board_tie, client_for):
    assert client_for(pat).get(f"/p/{partnership.pk}/network/").status_code == 403
    assert client_for(olga).get(f"/p/{partnership.pk}/network/").status_code == 404
