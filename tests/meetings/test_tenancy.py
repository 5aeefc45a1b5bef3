"""The route walk of tests/test_tenancy.py, restricted to this app's pages and API.

The project-wide walk covers every app; this one runs the same checks on the
meetings routes alone, so a gap here is found even while another app's routes
are still being built.
"""

from __future__ import annotations

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.audit.models import AuditEntry
from convenor.workspaces.access import PUBLIC
from convenor.workspaces.models import Access
from tests.test_tenancy import API_PARAM, PARAM, _api_call, fill, page_routes, sample
from tests.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


def _pages(world: World):
    cases = []
    for route, callback in page_routes():
        if callback.__module__ != "convenor.meetings.views":
            continue
        url = fill(route, world.kwargs)
        params = set(PARAM.findall(route))
        for method, need in callback.access_rule.items():
            if need is not None:
                cases.append((url, method, need, params))
    return cases


def _api(world: World):
    from convenor.api import api

    schema = api.get_openapi_schema()
    cases = []
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            if "meetings" not in op.get("tags", []):
                continue
            url = fill(path, world.kwargs, API_PARAM)
            query = {
                p["name"]: sample(schema, p["schema"])
                for p in op.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            content = op.get("requestBody", {}).get("content", {})
            body = (
                sample(schema, content["application/json"]["schema"])
                if "application/json" in content
                else None
            )
            cases.append((method.upper(), url, query, body, set(API_PARAM.findall(path))))
    return cases


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_walk_finds_the_meetings_routes(world):
    assert len(_pages(world)) >= 30
    assert len(_api(world)) >= 20


def test_the_owner_opens_every_meetings_page(world):
    client = _client(world.owner)
    failures = [
        f"GET {url} -> {status}"
        for url, method, need, _ in _pages(world)
        if method == "GET" and need != PUBLIC
        for status in [client.get(url).status_code]
        if status >= 400
    ]
    assert failures == []


def test_an_outsider_gets_404_on_every_meetings_page(world):
    client = _client(world.outsider)
    before = AuditEntry.objects.count()
    failures = []
    for url, method, need, _ in _pages(world):
        if need == PUBLIC:
            continue
        response = client.get(url) if method == "GET" else client.post(url, {"name": "x"})
        if response.status_code != 404:
            failures.append(f"{method} {url} -> {response.status_code}")
    assert failures == []
    assert AuditEntry.objects.count() == before


def test_a_viewer_cannot_change_meetings(world):
    client = _client(world.viewer)
    before = AuditEntry.objects.count()
    failures = []
    for url, method, need, _ in _pages(world):
        if need == PUBLIC or need <= Access.VIEW:
            continue
        response = client.get(url) if method == "GET" else client.post(url, {"status": "done"})
        if response.status_code not in (403, 404):
            failures.append(f"{method} {url} -> {response.status_code}")
    assert failures == []
    assert AuditEntry.objects.count() == before


def test_a_partner_sees_nothing_of_an_unshared_partnership_meetings(world):
    client = _client(world.pat)
    before = AuditEntry.objects.count()
    failures = []
    for url, method, need, params in _pages(world):
        if need == PUBLIC:
            continue
        response = client.get(url) if method == "GET" else client.post(url, {"status": "done"})
        if params - {"slug"}:
            if response.status_code != 404:
                failures.append(f"{method} {url} -> {response.status_code}")
        elif response.status_code == 200 and world.partnership.name.encode() in response.content:
            failures.append(f"{method} {url} shows the unshared partnership")
    assert failures == []
    assert AuditEntry.objects.count() == before


def test_anonymous_visitors_are_sent_to_sign_in_from_meetings_pages(world):
    client = Client()
    for url, method, need, _ in _pages(world):
        if need == PUBLIC or method != "GET":
            continue
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/signin/" in response["Location"]


def test_the_api_answers_the_owner_and_refuses_everyone_else(world):
    owner = Client(
        headers={"Authorization": f"Bearer {token_create(user=world.owner, name='t')[1]}"}
    )
    outsider_token = token_create(user=world.outsider, name="t")[1]
    viewer_token = token_create(user=world.viewer, name="t")[1]
    pat_token = token_create(user=world.pat, name="t")[1]
    before = AuditEntry.objects.exclude(content_type__model="apitoken").count()
    failures = []
    for method, url, query, body, params in _api(world):
        if method == "GET":
            status = owner.get(url, query).status_code
            if status >= 400:
                failures.append(f"owner GET {url} -> {status}")
        if params:
            status = _api_call(Client(), outsider_token, method, url, query, body).status_code
            if status != 404:
                failures.append(f"outsider {method} {url} -> {status}")
        if method != "GET":
            status = _api_call(Client(), viewer_token, method, url, query, body).status_code
            if status not in (403, 404):
                failures.append(f"viewer {method} {url} -> {status}")
        if params - {"slug"}:
            status = _api_call(Client(), pat_token, method, url, query, body).status_code
            if status != 404:
                failures.append(f"partner {method} {url} -> {status}")
    assert failures == []
    assert AuditEntry.objects.exclude(content_type__model="apitoken").count() == before
