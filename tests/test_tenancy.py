"""Every page and API route, walked as each kind of user, on two partnerships.

Routes are found from the URL configuration and the OpenAPI schema, so a new
route is covered the moment it exists: a page must declare its access with
``@route``, an API operation may declare a level other than the default (VIEW to
read, EDIT to write) with ``openapi_extra=needs(...)``, and every parameter must
have a value in ``tests/*/world.py``.

The walk runs on ``world.partnership`` (not shared with the partner-role user
pat) and on ``world.shared_partnership`` (shared with her), where the world holds
an object of every kind under the same parameter names. Besides the answer each
role gets, it compares what each route declares with what its view checked
(``request.access_checked``): a view must call the access helpers with at least
the level it declares.

This is the one walker; apps do not keep copies restricted to their routes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.http import HttpResponse
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

# Cases that do not hold yet: (check, method, route) -> why. Empty now; a case added
# here while its fix is in progress makes the walker fail when it starts to hold, so
# the entry goes with the fix.
# Checks: "declared" (the view checked less than the route declares), or the role
# whose answer differs ("viewer", "staff", "partner", "shared partner", "outsider").
KNOWN_MISMATCHES: dict[tuple[str, str, str], str] = {}


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


def fill(route: str, kwargs: Mapping[str, Any], pattern: re.Pattern = PARAM) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in kwargs:
            raise LookupError(name)
        return str(kwargs[name])

    return "/" + pattern.sub(value, route).lstrip("/")


# --- The cases -------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One method of one route, with its parameters filled from a world."""

    kind: str  # "page" or "api"
    method: str
    route: str  # the pattern: "p/<int:partnership_id>/outreach/" or "/api/touches/{touch_id}"
    url: str
    need: Access | str
    params: frozenset[str]
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None

    def __str__(self) -> str:
        return f"{self.method} {self.url}"

    @property
    def reads(self) -> bool:
        return self.method == "GET"

    def send(self, client: Client, token: str = "") -> HttpResponse:
        if self.kind == "page":
            if self.reads:
                return client.get(self.url)
            return client.post(self.url, {"name": "changed"})
        return _api_call(client, token, self.method, self.url, self.query, self.body)


def _page_cases_from(kwargs: Mapping[str, Any]) -> list[Case]:
    cases = []
    for route, callback in page_routes():
        rule = getattr(callback, "access_rule", None)
        assert rule is not None, (
            f"route {route!r} ({callback.__module__}) has no @route declaration"
        )
        try:
            url = fill(route, kwargs)
        except LookupError as missing:
            pytest.fail(
                f"route {route!r} needs a value for {missing}; set it in a tests/<app>/world.py"
            )
        params = frozenset(PARAM.findall(route))
        for method, need in rule.items():
            if need is not None:
                cases.append(Case("page", method, route, url, need, params))
    return cases


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


def api_need(method: str, operation: dict[str, Any], params: Iterable[str]) -> Access | str:
    """What an API operation declares: ``x-access``, else VIEW to read and EDIT to write;
    operations about the caller alone (no parameter) need only a signed-in user."""
    declared = operation.get("x-access")
    if declared in (PUBLIC, SIGNED_IN):
        return declared
    if declared:
        return Access(declared)
    if not list(params):
        return SIGNED_IN
    return Access.VIEW if method.upper() == "GET" else Access.EDIT


def _api_cases_from(kwargs: Mapping[str, Any]) -> list[Case]:
    schema = api.get_openapi_schema()
    cases = []
    for path, operations in schema["paths"].items():
        params = frozenset(API_PARAM.findall(path))
        try:
            url = fill(path, kwargs, API_PARAM)
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
            need = api_need(method, op, params)
            cases.append(Case("api", method.upper(), path, url, need, params, query, body))
    return cases


def cases_of(world: World, *, shared: bool = False) -> list[Case]:
    """Every page and API case of one partnership of the world.

    On the shared partnership, only the routes that reach one of its objects (a
    parameter of ``world.shared_kwargs``); the others are the same URLs in both walks.
    """
    kwargs = world.shared_walk if shared else world.kwargs
    cases = _page_cases_from(kwargs) + _api_cases_from(kwargs)
    if shared:
        cases = [c for c in cases if c.params & set(world.shared_kwargs)]
    return cases


def _page_cases(world: World) -> list[tuple[str, str, Any, set[str]]]:
    """(url, method, need, params) of every page of the unshared partnership (for the
    bad-input walk)."""
    return [(c.url, c.method, c.need, set(c.params)) for c in _page_cases_from(world.kwargs)]


def api_cases(world: World) -> list[tuple[str, str, dict, Any, set[str]]]:
    """(method, url, query, body, params) of every API operation (for the bad-input walk)."""
    return [
        (c.method, c.url, c.query, c.body, set(c.params)) for c in _api_cases_from(world.kwargs)
    ]


def _api_call(client: Client, token: str, method: str, url: str, query, body):
    headers = {"Authorization": f"Bearer {token}"}
    if query:
        url = url + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    if method == "GET":
        return client.get(url, headers=headers)
    return client.generic(
        method, url, json.dumps(body or {}), content_type="application/json", headers=headers
    )


# --- The walk --------------------------------------------------------------------------


def _workspace_level(need: Access | str) -> bool:
    return need in (PUBLIC, SIGNED_IN)


def declared_but_not_checked(case: Case, response: HttpResponse) -> bool:
    """The view answered without checking at least the level its route declares."""
    if _workspace_level(case.need) or response.status_code in (302, 405):
        return False
    checked = getattr(response.wsgi_request, "access_checked", [])
    return not any(level >= case.need for level in checked)


class Walk:
    """One user's requests; failures are collected as (check, case, what happened)."""

    def __init__(self, user: Any, check: str, *, compare_declared: bool = True) -> None:
        self.check = check
        self.compare_declared = compare_declared
        self.client = Client()
        self.token = ""
        if user is not None:
            self.client.force_login(user)
            self.token = token_create(user=user, name="walker")[1]
        self.sent: set[tuple[str, str]] = set()
        self.failures: dict[tuple[str, str, str], str] = {}

    def send(self, case: Case) -> HttpResponse:
        self.sent.add((case.method, case.route))
        response = case.send(self.client, self.token)
        if response.status_code >= 500:
            self.fail(case, f"-> {response.status_code}")
        elif self.compare_declared and declared_but_not_checked(case, response):
            checked = [c.name for c in getattr(response.wsgi_request, "access_checked", [])]
            self.fail(
                case, f"declares {case.need.name} but checked {checked or 'nothing'}", "declared"
            )
        return response

    def expect(self, case: Case, allowed: Iterable[int] | Callable[[int], bool]) -> HttpResponse:
        response = self.send(case)
        status = response.status_code
        if not (allowed(status) if callable(allowed) else status in set(allowed)):
            self.fail(case, f"-> {status}")
        return response

    def refused(self, case: Case, allowed: Iterable[int]) -> HttpResponse:
        """A write that must be refused: the answer is one of ``allowed`` and nothing is
        written (no audit entry)."""
        before = _audit_count()
        response = self.expect(case, allowed)
        if _audit_count() != before:
            self.fail(case, f"-> {response.status_code} and wrote an audit entry")
        return response

    def fail(self, case: Case, what: str, check: str | None = None) -> None:
        key = (check or self.check, case.method, case.route)
        if key not in self.failures:
            self.failures[key] = f"{case} {what}"
        elif what not in self.failures[key]:  # the same route in both partnerships
            self.failures[key] += f"; {what}"


def assert_walked(walk: Walk) -> None:
    """No failure but the known ones, and every known one this walk covers still fails."""
    unexpected = sorted(
        f"[{key[0]}] {text}" for key, text in walk.failures.items() if key not in KNOWN_MISMATCHES
    )
    checks = {walk.check, "declared"} if walk.compare_declared else {walk.check}
    fixed = sorted(
        f"[{check}] {method} {route} ({why})"
        for (check, method, route), why in KNOWN_MISMATCHES.items()
        if check in checks
        and (method, route) in walk.sent
        and (check, method, route) not in walk.failures
    )
    assert unexpected == [], "\n".join(unexpected)
    assert fixed == [], "these hold now; remove them from KNOWN_MISMATCHES:\n" + "\n".join(fixed)


def _audit_count() -> int:
    return AuditEntry.objects.exclude(content_type__model="apitoken").count()


def _everywhere(world: World) -> list[Case]:
    return cases_of(world) + cases_of(world, shared=True)


@pytest.fixture
def world(db) -> World:
    return build_world()


# --- The tests -------------------------------------------------------------------------


def test_every_route_declares_who_may_use_it(world):
    unclassified = [r for r, cb in page_routes() if not hasattr(cb, "access_rule")]
    assert unclassified == []
    # The walk found the routes this test is meant to cover, on both partnerships.
    assert len(page_routes()) >= 10
    assert len(cases_of(world, shared=True)) >= 100


def test_the_owner_opens_every_page_and_reads_every_api_route(world):
    walk = Walk(world.owner, "owner")
    for case in _everywhere(world):
        if case.reads and case.need != PUBLIC:
            walk.expect(case, lambda status: status < 400)
    assert_walked(walk)


def test_staff_open_every_page_but_the_owners(world):
    walk = Walk(world.staff, "staff")
    for case in _everywhere(world):
        if case.reads and case.need != PUBLIC:
            if case.need == Access.MANAGE:
                walk.expect(case, [403])
            else:
                walk.expect(case, lambda status: status < 400)
    assert_walked(walk)


def test_a_viewer_reads_the_teams_pages_and_changes_nothing(world):
    walk = Walk(world.viewer, "viewer")
    for case in _everywhere(world):
        if _workspace_level(case.need):
            continue
        if case.need in (Access.VIEW, Access.TEAM):
            if case.reads:
                walk.expect(case, [200])
        elif case.reads:
            walk.expect(case, [403])
        else:
            walk.refused(case, [403])
    assert_walked(walk)


def test_an_outsider_gets_404_everywhere_and_changes_nothing(world):
    # The first check refuses her, whatever its level: no comparison with the declaration.
    walk = Walk(world.outsider, "outsider", compare_declared=False)
    for case in _everywhere(world):
        if case.params and not _workspace_level(case.need):
            walk.expect(case, [404]) if case.reads else walk.refused(case, [404])
    assert_walked(walk)


def test_a_partner_sees_nothing_of_a_partnership_not_shared_with_her(world):
    walk = Walk(world.pat, "partner", compare_declared=False)
    name = world.partnership.name.encode()
    for case in cases_of(world):
        if _workspace_level(case.need):
            continue
        if case.params - {"slug"}:
            walk.expect(case, [404]) if case.reads else walk.refused(case, [404])
        elif case.reads:
            # Workspace pages she may open (partner_ok) show only what is shared with her.
            if name in walk.send(case).content:
                walk.fail(case, "shows the unshared partnership")
        elif case.need not in (Access.VIEW, Access.CONTRIBUTE):
            walk.refused(case, [403, 404])
    assert_walked(walk)


def test_a_partner_reads_the_shared_partnership_but_not_the_teams_views(world):
    walk = Walk(world.pat, "shared partner")
    cases = cases_of(world, shared=True)
    hers = (Access.VIEW, Access.CONTRIBUTE)
    for case in cases:
        if _workspace_level(case.need):
            continue
        if case.reads:
            walk.expect(case, [200] if case.need in hers else [403])
        elif case.need not in hers:
            walk.refused(case, [403])  # no write of hers succeeds where her role forbids it
    for case in cases:
        if not case.reads and case.need in hers:
            walk.send(case)  # her own input: may succeed, never a 5xx
    assert_walked(walk)


def test_anonymous_visitors_are_sent_to_sign_in(world):
    walk = Walk(None, "anonymous", compare_declared=False)
    for case in cases_of(world):
        if case.kind == "page" and case.reads and case.need != PUBLIC:
            response = walk.send(case)
            if response.status_code != 302 or "/accounts/signin/" not in response["Location"]:
                walk.fail(case, f"-> {response.status_code}")
    assert_walked(walk)


def test_the_api_schema_is_published(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Convenor API"
