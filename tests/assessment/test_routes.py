"""The route-walking tenancy checks of tests/test_tenancy.py, on this issue's routes only.

The shared test walks every app's routes; this one keeps the intermediary and
assessment routes proven even while another app's routes are being built.
"""

from __future__ import annotations

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.audit.models import AuditEntry
from convenor.workspaces.access import PUBLIC, SIGNED_IN
from convenor.workspaces.models import Access
from tests.test_tenancy import API_PARAM, PARAM, _api_call, api_cases, fill, page_routes
from tests.world import World, build_world

MINE = ("convenor.intermediaries", "convenor.assessment")
API_MINE = (
    "/intermediary",
    "/interests",
    "/readiness",
    "/life-cycle",
    "/group-phases",
    "/health",
    "/self-check",
    "/guide",
    "/timeline",
    "/findings",
    "/overview",
)


@pytest.fixture
def world(db) -> World:
    return build_world()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pages(world: World):
    cases = []
    for route, callback in page_routes():
        if not callback.__module__.startswith(MINE):
            continue
        url = fill(route, world.kwargs)
        for method, need in callback.access_rule.items():
            if need is not None:
                cases.append((url, method, need, set(PARAM.findall(route))))
    return cases


def _apis(world: World):
    from convenor.api import api

    paths = [p for p in api.get_openapi_schema()["paths"] if any(m in p for m in API_MINE)]
    assert paths, "no API route of this issue found"
    # api_cases fails on other apps' unfilled parameters, so fill ours only.
    known = dict(world.kwargs)
    for path in api.get_openapi_schema()["paths"]:
        for name in API_PARAM.findall(path):
            known.setdefault(name, 999999)
    world_copy = World(**{**world.__dict__, "kwargs": known})
    return [c for c in api_cases(world_copy) if any(m in c[1] for m in API_MINE)]


def test_the_routes_of_this_issue_are_walked(world):
    assert len(_pages(world)) >= 20
    assert len(_apis(world)) >= 20


def test_the_owner_opens_every_page_and_reads_every_api_route(world):
    client = _client(world.owner)
    failures = [
        f"GET {url} -> {status}"
        for url, method, need, _ in _pages(world)
        if method == "GET" and (status := client.get(url).status_code) >= 400
    ]
    _, token = token_create(user=world.owner, name="t")
    for method, url, query, body, _ in _apis(world):
        if method == "GET":
            status = _api_call(Client(), token, method, url, query, body).status_code
            if status >= 400:
                failures.append(f"API GET {url} -> {status}")
    assert failures == []


def test_an_outsider_gets_404_everywhere(world):
    client = _client(world.outsider)
    _, token = token_create(user=world.outsider, name="t")
    before = AuditEntry.objects.exclude(content_type__model="apitoken").count()
    failures = []
    for url, method, need, _ in _pages(world):
        if need in (PUBLIC, SIGNED_IN):
            continue
        response = client.get(url) if method == "GET" else client.post(url, {"name": "x"})
        if response.status_code != 404:
            failures.append(f"{method} {url} -> {response.status_code}")
    for method, url, query, body, params in _apis(world):
        status = _api_call(Client(), token, method, url, query, body).status_code
        if params and status != 404:
            failures.append(f"API {method} {url} -> {status}")
    assert failures == []
    assert AuditEntry.objects.exclude(content_type__model="apitoken").count() == before


def test_a_viewer_reads_but_changes_nothing(world):
    client = _client(world.viewer)
    _, token = token_create(user=world.viewer, name="t")
    before = AuditEntry.objects.exclude(content_type__model="apitoken").count()
    failures = []
    for url, method, need, _ in _pages(world):
        response = client.get(url) if method == "GET" else client.post(url, {"name": "x"})
        expected = (200,) if need == Access.VIEW else (403, 404)
        if response.status_code not in expected:
            failures.append(f"{method} {url} -> {response.status_code}")
    for method, url, query, body, _ in _apis(world):
        status = _api_call(Client(), token, method, url, query, body).status_code
        if status not in ((200,) if method == "GET" else (403, 404)):
            failures.append(f"API {method} {url} -> {status}")
    assert failures == []
    assert AuditEntry.objects.exclude(content_type__model="apitoken").count() == before


def test_a_partner_gets_404_for_the_partnership_not_shared_with_her(world):
    client = _client(world.pat)
    _, token = token_create(user=world.pat, name="t")
    failures = []
    for url, method, _need, _params in _pages(world):
        response = client.get(url) if method == "GET" else client.post(url, {"name": "x"})
        if response.status_code != 404:
            failures.append(f"{method} {url} -> {response.status_code}")
    for method, url, query, body, _params in _apis(world):
        status = _api_call(Client(), token, method, url, query, body).status_code
        if status != 404:
            failures.append(f"API {method} {url} -> {status}")
    assert failures == []
