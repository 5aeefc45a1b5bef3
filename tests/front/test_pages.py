from __future__ import annotations

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

TEMPLATES = Path(__file__).resolve().parents[2] / "convenor" / "front" / "templates"


def test_a_missing_page_uses_the_layout_and_says_not_found(alice, client_for):
    response = client_for(alice).get("/p/999999/")
    assert response.status_code == 404
    assert b"<h1>Not found</h1>" in response.content
    assert b"Skip to content" in response.content


def test_a_forbidden_page_says_which_role_is_needed(vic, workspace, client_for):
    response = client_for(vic).get(f"/w/{workspace.slug}/partnerships/new/")
    assert response.status_code == 403
    assert b"staff or owner role needed" in response.content


def test_the_landing_page_invites_to_sign_up(db):
    response = Client().get("/")
    assert response.status_code == 200
    assert b"Create your workspace" in response.content


def test_vendored_assets_are_served_from_this_server(db):
    for path in (
        "vendor/htmx-2.0.11.min.js",
        "vendor/pico-2.1.1.min.css",
        "vendor/vega-embed-7.3.0.min.js",
        "convenor/app.js",
    ):
        assert finders.find(path), path


def test_no_template_loads_anything_from_another_host():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', template.read_text()):
            offenders.append(f"{template.name}: {url}")
    assert offenders == []


def test_pages_have_a_viewport_for_phones_and_labelled_fields(alice, client_for, workspace):
    response = client_for(alice).get(f"/w/{workspace.slug}/partnerships/new/")
    html = response.content.decode()
    assert 'name="viewport"' in html
    for field_id in re.findall(r'<input(?![^>]+type="hidden")[^>]+id="(id_[^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id
