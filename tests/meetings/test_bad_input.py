"""Every form of the meetings pages refuses malformed and oversized values with a message.

The same probe as tests/test_bad_input.py, limited to this app's pages so it runs
while other apps are still being built.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from convenor.workspaces.access import PUBLIC
from tests.test_tenancy import PARAM, fill, page_routes
from tests.world import World, build_world

OVERSIZED = "x" * 100_001
MALFORMED = {
    "email": "not an e-mail",
    "number": "abc",
    "date": "2026-02-31",
    "datetime-local": "yesterday at noon",
}
SKIPPED = {"hidden", "submit", "button", "checkbox", "radio", "file", "reset", "image"}


class Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "hidden": {}, "fields": {}}
        if self._form is None or not a.get("name"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                self._form["hidden"][a["name"]] = a.get("value", "")
            elif kind not in SKIPPED:
                self._form["fields"][a["name"]] = MALFORMED.get(kind, OVERSIZED)
        elif tag == "textarea":
            self._form["fields"][a["name"]] = OVERSIZED
        elif tag == "select":
            self._form["fields"][a["name"]] = "__no_such_choice__"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            if self._form["fields"]:
                self.forms.append(self._form)
            self._form = None


def _pages(world: World) -> list[tuple[str, str, object, set[str]]]:
    """This app's pages, from the one route walker's list (tests/test_tenancy.py)."""
    return [
        (fill(route, world.kwargs), method, need, set(PARAM.findall(route)))
        for route, callback in page_routes()
        if callback.__module__.startswith("convenor.meetings.")
        for method, need in callback.access_rule.items()
        if need is not None
    ]


@pytest.fixture
def world(db) -> World:
    return build_world()


def test_every_meetings_form_refuses_malformed_and_oversized_values(world):
    client = Client()
    client.force_login(world.owner)
    seen, failures = set(), []
    for url, method, need, _ in _pages(world):
        if method != "GET" or need == PUBLIC:
            continue
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page["Content-Type"]:
            continue
        parser = Forms()
        parser.feed(page.content.decode())
        for form in parser.forms:
            action = form["action"] or url
            key = (action, tuple(sorted(form["fields"])))
            if key in seen:
                continue
            seen.add(key)
            response = client.post(action, {**form["hidden"], **form["fields"]})
            text = response.content.decode(errors="replace")
            if not 400 <= response.status_code < 500:
                failures.append(f"{action} ({url}) -> {response.status_code}")
            elif not any(s in text for s in ('class="error"', "form-errors", 'role="alert"')):
                failures.append(f"{action} ({url}) -> {response.status_code} without a message")
    assert len(seen) >= 8
    assert failures == []
