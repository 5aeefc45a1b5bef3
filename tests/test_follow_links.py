"""Every link and every GET form of the demo, as each role: no answer is a 5xx, and no
page carries script the Content-Security-Policy would block.

The demo is built in the test database by the demo command's own builders. From the home
page each role follows every same-site link and submits every GET form with the values
the form shows, breadth first. Bounded: links of one shape (the path with its numbers
replaced) are followed at most ``PER_SHAPE`` times and at most ``MAX_PAGES`` pages per
role; sign-out is the only link not followed.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import Client

from convenor.front.demo import demo_base
from convenor.front.management.commands.demo import build_apps
from convenor.lib.middleware import INLINE_HANDLERS, policy_directives
from convenor.workspaces.models import Role

MAX_PAGES = 200
PER_SHAPE = 1
SKIP = ("/accounts/logout", "/static/", "/media/")

pytestmark = pytest.mark.slow


class Page(HTMLParser):
    """The links, GET forms, inline scripts, inline handlers and inline styles of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.inline_styles: list[str] = []
        self._form: tuple[str, dict[str, str]] | None = None
        self._select: str | None = None
        self._script: dict[str, str | None] | None = None
        self._script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.handlers += [v for k, v in a.items() if k.startswith("on")]
        # A style attribute or element: the policy's style-src refuses both (an SVG's own
        # presentation attributes, width="40", are not styles).
        if "style" in a:
            self.inline_styles.append(f"<{tag} style={a['style']!r}>")
        if tag == "style":
            self.inline_styles.append("<style> element")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and a.get("method", "get").lower() == "get":
            self._form = (a.get("action", ""), {})
        elif tag == "input" and self._form is not None and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") not in ("submit", "button", "file"):
                self._form[1][a["name"]] = a.get("value", "")
        elif tag == "select" and self._form is not None:
            self._select = a.get("name") or None
        elif tag == "option" and self._form is not None and self._select:
            values = self._form[1]
            if self._select not in values or "selected" in a:
                values[self._select] = a.get("value", "")
        elif tag == "script":
            self._script = dict(attrs)
            self._script_text = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "script" and self._script is not None:
            kind = (self._script.get("type") or "").lower()
            if not self._script.get("src") and "json" not in kind and self._script_text.strip():
                self.inline_scripts.append(self._script_text.strip()[:80])
            self._script = None


def shape(url: str) -> str:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path) + (
        "?" + "&".join(sorted(p.split("=")[0] for p in parts.query.split("&") if p))
        if parts.query
        else ""
    )


def walk(client: Client) -> tuple[int, list[str], list[str]]:
    """(pages fetched, failures, CSP problems) of a breadth-first walk from home."""
    queue: deque[tuple[str, str]] = deque([("/", "start")])
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    failures: list[str] = []
    csp: list[str] = []
    fetched = 0
    while queue and fetched < MAX_PAGES:
        url, came_from = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        key = shape(url)
        if shapes.get(key, 0) >= PER_SHAPE:
            continue
        shapes[key] = shapes.get(key, 0) + 1
        response = client.get(url, follow=True)
        fetched += 1
        if response.status_code >= 500:
            failures.append(f"{url} (from {came_from}) -> {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        page = Page()
        page.feed(response.content.decode(errors="replace"))
        policy = policy_directives(response.get("Content-Security-Policy", ""))
        if "'unsafe-inline'" in policy.get("script-src", ["'unsafe-inline'"]):
            csp.append(f"{url}: no policy forbidding inline script")
        csp += [f"{url}: inline script {s!r}" for s in page.inline_scripts]
        csp += [f"{url}: handler {h!r}" for h in page.handlers if h not in INLINE_HANDLERS]
        if "'unsafe-inline'" in policy.get("style-src", ["'unsafe-inline'"]):
            csp.append(f"{url}: no policy forbidding inline style")
        csp += [f"{url}: inline style {s}" for s in page.inline_styles]
        targets = list(page.links)
        targets += [
            (action or final).split("?")[0] + ("?" + urlencode(values) if values else "")
            for action, values in page.forms
        ]
        for target in targets:
            absolute = urljoin(final, target.split("#")[0])
            parts = urlsplit(absolute)
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path or path.startswith(SKIP):
                continue
            queue.append((path, url))
    return fetched, failures, csp


def test_every_link_and_get_form_of_the_demo_answers_without_a_5xx_for_every_role(db):
    # One build for the four walks: the demo takes a while, and the walks only read.
    ctx = demo_base(reset=True)
    build_apps(ctx)
    report: dict[str, dict[str, object]] = {}
    for role in (Role.OWNER, Role.STAFF, Role.VIEWER, Role.PARTNER):
        client = Client()
        client.force_login(ctx.users[role])
        client.raise_request_exception = False
        fetched, failures, csp = walk(client)
        report[str(role)] = {"fetched": fetched, "failures": failures, "csp": csp}
    assert all(r["fetched"] > 20 for r in report.values()), report  # got past the first pages
    assert {role: r["failures"] for role, r in report.items()} == {role: [] for role in report}
    assert {role: r["csp"] for role, r in report.items()} == {role: [] for role in report}
