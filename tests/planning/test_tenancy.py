"""The route-walking tenancy checks of ``tests/test_tenancy.py``, on planning routes only.

The full walk covers every app; this one keeps planning's answer clear while other
apps' routes are in progress, and adds the partner-role user on a shared partnership.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from django.test import Client
from ninja import NinjaAPI

from convenor.accounts.services import token_create
from convenor.audit.models import AuditEntry
from convenor.planning import api as planning_api_module
from convenor.workspaces.models import Access
from tests import test_tenancy as walk
from tests.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def planning_pages(world: World):
    """(url, method, need, params) for every planning page and method it serves."""
    cases = []
    for route, callback in walk.page_routes():
        if "/plan/" not in route:
            continue
        url = walk.fill(route, world.kwargs)
        for method, need in callback.access_rule.items():
            if need is not None:
                cases.append((url, method, need, set(walk.PARAM.findall(route))))
    return cases


def planning_schema() -> dict:
    """The OpenAPI schema of the planning router alone.

    Built from a fresh copy of ``convenor.planning.api`` mounted on its own NinjaAPI, so
    a broken schema in another app does not hide planning's routes; the paths and
    bodies are the same as those of the site's API.
    """
    spec = importlib.util.spec_from_file_location("planning_api_copy", planning_api_module.__file__)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the annotations through it
    spec.loader.exec_module(module)
    solo = NinjaAPI(title="planning", urls_namespace="planning-copy")
    solo.add_router("/", module.router)
    return solo.get_openapi_schema(path_prefix="/api/")


def planning_api(world: World):
    """(method, url, query, body, params) for every planning API route."""
    schema = planning_schema()
    paths = {
        path: ops
        for path, ops in schema["paths"].items()
        if path.startswith("/api/partnerships/{partnership_id}/") and _is_planning(path)
    }
    cases = []
    for path, operations in paths.items():
        url = walk.fill(path, world.kwargs, walk.API_PARAM)
        for method, op in operations.items():
            query = {
                p["name"]: walk.sample(schema, p["schema"])
                for p in op.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            body = None
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                body = walk.sample(schema, content["application/json"]["schema"])
            cases.append((method.upper(), url, query, body, set(walk.API_PARAM.findall(path))))
    return cases


PLANNING_API_PARTS = (
    "/issues",
    "/rounds",
    "/problem-statements",
    "/why-steps",
    "/solutions",
    "/past-efforts",
    "/direction",
    "/governance-roles",
    "/logic-model",
    "/goals",
    "/benchmarks",
    "/benchmark-results",
    "/action-steps",
    "/plan-",
    "/decisions/",
    "/resources",
    "/resource-map",
    "/demand/",
)


def _is_planning(url: str) -> bool:
    return any(part in url for part in PLANNING_API_PARTS)


def test_the_walk_finds_the_planning_routes(world):
    assert len(planning_pages(world)) > 60
    assert len(planning_api(world)) > 60


def test_the_owner_can_open_every_planning_page_and_api_route(world):
    client = _client(world.owner)
    failures = [
        f"GET {url} -> {client.get(url).status_code}"
        for url, method, need, _ in planning_pages(world)
        if method == "GET" and client.get(url).status_code >= 400
    ]
    _, token = token_create(user=world.owner, name="t")
    api = Client()
    for method, url, query, body, _ in planning_api(world):
        if method == "GET":
            status = walk._api_call(api, token, method, url, query, body).status_code
            if status >= 400:
                failures.append(f"API GET {url} -> {status}")
    assert failures == []


def test_an_outsider_gets_404_from_every_planning_route(world):
    client = _client(world.outsider)
    before = AuditEntry.objects.count()
    failures = []
    for url, method, _, _ in planning_pages(world):
        response = client.get(url) if method == "GET" else client.post(url, {"name": "x"})
        if response.status_code != 404:
            failures.append(f"{method} {url} -> {response.status_code}")
    _, token = token_create(user=world.outsider, name="t")
    api = Client()
    for method, url, query, body, _ in planning_api(world):
        status = walk._api_call(api, token, method, url, query, body).status_code
        if status != 404:
            failures.append(f"API {method} {url} -> {status}")
    assert failures == []
    assert AuditEntry.objects.exclude(content_type__model="apitoken").count() == before


def test_a_viewer_reads_but_cannot_write_anything_in_the_plan(world):
    client = _client(world.viewer)
    before = AuditEntry.objects.count()
    failures = []
    for url, method, need, _ in planning_pages(world):
        response = client.get(url) if method == "GET" else client.post(url, {"name": "x"})
        expected = (200,) if need == Access.VIEW and method == "GET" else (403,)
        if response.status_code not in expected:
            failures.append(f"{method} {url} -> {response.status_code}")
    _, token = token_create(user=world.viewer, name="t")
    api = Client()
    for method, url, query, body, _ in planning_api(world):
        status = walk._api_call(api, token, method, url, query, body).status_code
        if status != (200 if method == "GET" else 403):
            failures.append(f"API {method} {url} -> {status}")
    assert failures == []
    assert AuditEntry.objects.exclude(content_type__model="apitoken").count() == before


def test_a_partner_gets_404_for_every_planning_route_of_an_unshared_partnership(world):
    client = _client(world.pat)
    failures = []
    for url, method, _, _ in planning_pages(world):
        response = client.get(url) if method == "GET" else client.post(url, {"name": "x"})
        if response.status_code != 404:
            failures.append(f"{method} {url} -> {response.status_code}")
    _, token = token_create(user=world.pat, name="t")
    api = Client()
    for method, url, query, body, _ in planning_api(world):
        status = walk._api_call(api, token, method, url, query, body).status_code
        if status != 404:
            failures.append(f"API {method} {url} -> {status}")
    assert failures == []
