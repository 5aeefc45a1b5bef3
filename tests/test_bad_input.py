"""Malformed and oversized values posted to every form and every API write.

Forms are found by opening every page as the workspace owner and reading its
POST forms; API writes come from the OpenAPI schema. Each must answer 4xx
with a message, never a 500 and never a silent success.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.api import api
from tests.test_tenancy import API_PARAM, _page_cases, fill, sample
from tests.world import World, build_world

OVERSIZED = "x" * 100_001
MALFORMED = {
    "email": "not an e-mail",
    "url": "not a url",
    "number": "abc",
    "date": "2026-02-31",
    "datetime-local": "yesterday at noon",
    "time": "25:99",
    "tel": OVERSIZED,
}
SKIPPED_TYPES = {"hidden", "submit", "button", "checkbox", "radio", "file", "reset", "image"}


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "hidden": {}, "fields": {}}
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                self._form["hidden"][a["name"]] = a.get("value", "")
            elif kind not in SKIPPED_TYPES:
                self._form["fields"][a["name"]] = MALFORMED.get(kind, OVERSIZED)
        elif tag == "textarea" and a.get("name"):
            self._form["fields"][a["name"]] = OVERSIZED
        elif tag == "select" and a.get("name"):
            self._form["fields"][a["name"]] = "__no_such_choice__"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            if self._form["fields"]:
                self.forms.append(self._form)
            self._form = None


@pytest.fixture
def world(db) -> World:
    return build_world()


def test_every_form_refuses_malformed_and_oversized_values_with_a_message(world):
    client = Client()
    client.force_login(world.owner)
    seen, failures, forms_tried = set(), [], 0
    for url, method, _need, _ in _page_cases(world):
        if method != "GET":
            continue
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        parser = FormParser()
        parser.feed(page.content.decode())
        for form in parser.forms:
            action = form["action"] or url
            key = (action, tuple(sorted(form["fields"])))
            if key in seen:
                continue
            seen.add(key)
            forms_tried += 1
            response = client.post(action, {**form["hidden"], **form["fields"]})
            text = response.content.decode(errors="replace")
            if response.status_code >= 500 or response.status_code < 400:
                failures.append(f"{action} ({url}) -> {response.status_code}")
            elif (
                'class="error"' not in text
                and "form-errors" not in text
                and 'role="alert"' not in text
            ):
                failures.append(f"{action} ({url}) -> {response.status_code} without a message")
    assert forms_tried >= 5
    assert failures == [], "\n".join(failures)


def _malformed(schema: dict[str, Any], node: dict[str, Any]) -> Any:
    """Like ``sample`` but every string is oversized and every number is text."""
    value = sample(schema, node)
    if isinstance(value, dict):
        return {
            k: (OVERSIZED if isinstance(v, str) else "abc" if isinstance(v, int | float) else v)
            for k, v in value.items()
        }
    return value


def test_every_api_write_refuses_malformed_and_oversized_values_with_a_message(world):
    _, token = token_create(user=world.owner, name="t")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    schema = api.get_openapi_schema()
    failures, tried = [], 0
    for path, operations in schema["paths"].items():
        url = fill(path, world.kwargs, API_PARAM)
        for method, op in operations.items():
            if method == "get":
                continue
            content = op.get("requestBody", {}).get("content", {})
            query = {
                p["name"]: "abc" if p["schema"].get("type") in ("integer", "number") else OVERSIZED
                for p in op.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            if "application/json" in content:
                body = _malformed(schema, content["application/json"]["schema"])
                if not body and not query:
                    continue  # nothing a user types
            elif query:
                body = None
            else:
                continue
            tried += 1
            target = url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
            response = client.generic(
                method.upper(), target, json.dumps(body or {}), content_type="application/json"
            )
            if not 400 <= response.status_code < 500:
                failures.append(f"{method.upper()} {path} -> {response.status_code}")
            elif "detail" not in response.json():
                failures.append(f"{method.upper()} {path} -> {response.status_code} without detail")
    assert tried >= 2
    assert failures == [], "\n".join(failures)
