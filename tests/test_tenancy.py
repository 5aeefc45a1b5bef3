"""Every page and API route, walked as each kind of user.

Routes are found from the URL configuration and the OpenAPI schema, so a new
route is covered the moment it exists: it must declare its access with
``@route`` (pages), and its parameters must have a value in ``tests/*/world.py``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from convenor.accounts.services import token_create
from convenor.api import api
from convenor.audit.models import AuditEntry
from convenor.workspaces.access import PUBLIC, SIGNED_IN
from convenor.workspaces.models import Access
from tests.world import World, build_world

PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
API_PARAM = re.compile(r"{(\w+)}")


def page_routes() -> list[tuple[str, Any]]:
    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "api":
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.callback

    return list(walk(get_resolver().url_patterns, ""))


def fill(route: str, kwargs: dict[str, Any], pattern: re.Pattern = PARAM) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in kwargs:
            raise LookupError(name)
        return str(kwargs[name])

    return "/" + pattern.sub(value, route).lstrip("/")


@pytest.fixture
def world(db) -> World:
    return build_world()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page_cases(world: World):
    """(url, method, need, params) for every page route and method it serves."""
    cases = []
    for route, callback in page_routes():
        rule = getattr(callback, "access_rule", None)
        assert rule is not None, (
            f"route {route!r} ({callback.__module__}) has no @route declaration"
        )
        try:
            url = fill(route, world.kwargs)
        except LookupError as missing:
            pytest.fail(
                f"route {route!r} needs a value for {missing}; set it in a tests/<app>/world.py"
            )
        params = set(PARAM.findall(route))
        for method, need in rule.items():
            if need is not None:
                cases.append((url, method, need, params))
    return cases


def test_every_route_declares_who_may_use_it(world):
    unclassified = [r for r, cb in page_routes() if not hasattr(cb, "access_rule")]
    assert unclassified == []
    # The walk found the routes this test is meant to cover.
    assert len(page_routes()) >= 10


def test_the_owner_can_open_every_page(world):
    client = _client(world.owner)
    failures = []
    for url, method, need, _ in _page_cases(world):
        if method != "GET" or need == PUBLIC:
            continue
        status = client.get(url).status_code
        if status >= 400:
            failures.append(f"GET {url} -> {status}")
    assert failures == [], "the world's objects must be reachable by their owner"


def test_an_outsider_gets_404_everywhere_and_changes_nothing(world):
    client = _client(world.outsider)
    before = AuditEntry.objects.count()
    failures = []
    for url, method, need, _ in _page_cases(world):
        if need in (PUBLIC, SIGNED_IN):
            continue
        response = client.get(url) if method == "GET" else client.post(url, {"name": "hijack"})
        if response.status_code != 404:
            failures.append(f"{method} {url} -> {response.status_code}")
    assert failures == []
    assert AuditEntry.objects.count() == before


def test_a_viewer_cannot_change_anything(world):
    client = _client(world.viewer)
    before = AuditEntry.objects.count()
    failures = []
    for url, method, need, _ in _page_cases(world):
        if need in (PUBLIC, SIGNED_IN) or need <= Access.VIEW:
            continue
        response = client.get(url) if method == "GET" else client.post(url, {"name": "changed"})
        if response.status_code not in (403, 404):
            failures.append(f"{method} {url} -> {response.status_code}")
    assert failures == []
    assert AuditEntry.objects.count() == before


def test_a_partner_sees_nothing_of_a_partnership_not_shared_with_her(world):
    client = _client(world.pat)
    before = AuditEntry.objects.count()
    failures = []
    for url, method, need, params in _page_cases(world):
        if need in (PUBLIC, SIGNED_IN):
            continue
        response = client.get(url) if method == "GET" else client.post(url, {"name": "changed"})
        if params - {"slug"}:
            if response.status_code != 404:
                failures.append(f"{method} {url} -> {response.status_code}")
        elif response.status_code == 200 and world.partnership.name.encode() in response.content:
            failures.append(f"{method} {url} shows the unshared partnership")
    assert failures == []
    assert AuditEntry.objects.count() == before


def test_anonymous_visitors_are_sent_to_sign_in(world):
    client = Client()
    failures = []
    for url, method, need, _ in _page_cases(world):
        if need == PUBLIC or method != "GET":
            continue
        response = client.get(url)
        if response.status_code != 302 or "/accounts/signin/" not in response["Location"]:
            failures.append(f"GET {url} -> {response.status_code}")
    assert failures == []


# --- API -------------------------------------------------------------------


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def sample(schema: dict[str, Any], node: dict[str, Any]) -> Any:
    """A minimal valid value for a JSON schema: requests pass validation and reach access checks."""
    node = _resolve(schema, node)
    if node.get("examples"):
        return node["examples"][0]
    if "enum" in node:
        return node["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if _resolve(schema, o).get("type") != "null"]
            return sample(schema, options[0])
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return {
            name: sample(schema, prop)
            for name, prop in node.get("properties", {}).items()
            if name in node.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, node.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    fmt = node.get("format")
    if fmt == "date":
        return "2026-01-15"
    if fmt == "date-time":
        return "2026-01-15T10:00:00Z"
    if fmt == "email":
        return "someone@example.org"
    return "x" * max(1, node.get("minLength", 1))


def api_cases(
    world: World,
) -> list[tuple[str, str, dict[str, Any], dict[str, Any] | None, set[str]]]:
    schema = api.get_openapi_schema()
    cases = []
    for path, operations in schema["paths"].items():
        params = set(API_PARAM.findall(path))
        try:
            url = fill(path, world.kwargs, API_PARAM)
        except LookupError as missing:
            pytest.fail(
                f"API path {path!r} needs a value for {missing}; set it in a tests/<app>/world.py"
            )
        for method, op in operations.items():
            query = {
                p["name"]: sample(schema, p["schema"])
                for p in op.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            body = None
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = sample(schema, content["application/json"]["schema"])
            elif "multipart/form-data" in content:
                body = {}
            cases.append((method.upper(), url, query, body, params))
    return cases


def _api_call(client: Client, token: str, method: str, url: str, query, body):
    headers = {"Authorization": f"Bearer {token}"}
    if query:
        url = url + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    if method == "GET":
        return client.get(url, headers=headers)
    return client.generic(
        method, url, json.dumps(body or {}), content_type="application/json", headers=headers
    )


def test_the_api_schema_is_published(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Convenor API"


def test_the_owner_can_read_every_api_route(world):
    _, token = token_create(user=world.owner, name="t")
    client = Client()
    failures = []
    for method, url, query, body, _ in api_cases(world):
        if method == "GET":
            status = _api_call(client, token, method, url, query, body).status_code
            if status >= 400:
                failures.append(f"GET {url} -> {status}")
    assert failures == []


def test_an_outsider_gets_404_from_every_api_route_and_changes_nothing(world):
    _, token = token_create(user=world.outsider, name="t")
    client = Client()
    before = AuditEntry.objects.exclude(content_type__model="apitoken").count()
    failures = []
    for method, url, query, body, params in api_cases(world):
        if not params:
            continue  # routes about the caller only (/me, /workspaces)
        status = _api_call(client, token, method, url, query, body).status_code
        if status != 404:
            failures.append(f"{method} {url} -> {status}")
    assert failures == []
    assert AuditEntry.objects.exclude(content_type__model="apitoken").count() == before


def test_a_viewer_cannot_write_through_the_api(world):
    _, token = token_create(user=world.viewer, name="t")
    client = Client()
    before = AuditEntry.objects.exclude(content_type__model="apitoken").count()
    failures = []
    for method, url, query, body, _ in api_cases(world):
        if method == "GET":
            continue
        status = _api_call(client, token, method, url, query, body).status_code
        if status not in (403, 404):
            failures.append(f"{method} {url} -> {status}")
    assert failures == []
    assert AuditEntry.objects.exclude(content_type__model="apitoken").count() == before


def test_a_partner_gets_404_for_an_unshared_partnership_through_the_api(world):
    _, token = token_create(user=world.pat, name="t")
    client = Client()
    failures = []
    for method, url, query, body, params in api_cases(world):
        if not params - {"slug"}:
            continue
        status = _api_call(client, token, method, url, query, body).status_code
        if status != 404:
            failures.append(f"{method} {url} -> {status}")
    assert failures == []
