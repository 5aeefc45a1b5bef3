"""Accessibility and fit of the pages (issue 18 §5 and its "done means").

On a laptop (1366 px) and a phone (390 px), each key page of the demo, seen by the
convener (the workspace's owner) and by a partner (their ballot and action items):
axe-core (vendored under tests/browser/vendor, never served) finds no violation of
serious or critical impact; the page does not scroll sideways; its h1 starts on the
first screen; every chart has drawn its marks. A full-page screenshot of each is kept
under pytest's temporary directory (artifacts, not compared).

Every other page passes axe too, at 1366 px: the route walker's pages (tests/test_tenancy.py,
every URL pattern filled from tests/<app>/world.py, one object of every kind), each
opened by the workspace's owner, who may GET them all.

And a form that saves in place (htmx) says what happened and keeps focus where the
user was (convenor/front/static/convenor/focus.js).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.pages import (
    AXE,
    LAPTOP,
    PHONE,
    axe_problems,
    check_page,
    demo_world,
    partner_key_pages,
    signed_in,
    team_key_pages,
)
from tests.test_tenancy import cases_of
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_is_vendored_and_never_served():
    assert AXE.is_file() and AXE.read_text(encoding="utf-8").startswith("/*! axe v4.")
    assert "tests" in AXE.parts, "axe-core is a test tool: it lives under tests/"


def test_key_pages_pass_axe_fit_the_screen_and_draw_their_charts(
    browser, live_server, tmp_path_factory
):
    from convenor.front.demo import DEMO_PASSWORD
    from convenor.workspaces.models import Role

    ctx = demo_world()
    shots = tmp_path_factory.mktemp("accessibility-screenshots")
    problems: list[str] = []
    walks = ((Role.PARTNER, partner_key_pages(ctx)), (Role.OWNER, team_key_pages(ctx)))
    for role, visits in walks:
        for viewport in (LAPTOP, PHONE):
            email = ctx.users[role].email
            with signed_in(browser, live_server.url, email, DEMO_PASSWORD, viewport) as page:
                for visit in visits:
                    problems += check_page(page, visit, viewport, shots, str(role))
    assert not problems, "\n".join(problems) + f"\n(screenshots in {shots})"


# Pages of the walk axe does not check yet: route -> why (each needs more than a fix of
# labels, names, contrast or landmarks). Empty now.
EXCLUDED: dict[str, str] = {}

# Routes that answer a piece of a page for htmx to swap in, not a document: axe checks
# them inside the pages that load them (alone, a piece has no title, no lang and, for an
# upload's line, no list around its <li>). Any other HTML answer must be a whole page.
FRAGMENTS: dict[str, str] = {
    "p/<int:partnership_id>/meetings/check/": "the draft's checks, in the meeting form",
    "p/<int:partnership_id>/occupations/find/": "occupation search hits, in its search box",
    "w/<slug:slug>/regions/areas/": "area search hits, in the region form",
    "w/<slug:slug>/partners/people/pick/": "person search hits, in a person field's search box",
    "uploads/<int:upload_id>/": "an upload's status line, in the regions page's list",
}


def _download(response) -> bool:
    """A file (CSV, XLSX, PDF, DOCX, ICS), not a page."""
    kind = response.headers.get("content-type", "")
    return not kind.startswith("text/html") or "attachment" in response.headers.get(
        "content-disposition", ""
    )


def test_every_page_passes_axe_on_a_laptop(browser, live_server):
    from playwright.sync_api import Error as PlaywrightError

    from tests.conftest import PASSWORD

    world = build_world()
    cases = [c for c in cases_of(world) if c.kind == "page" and c.reads]
    problems: list[str] = []
    checked: set[str] = set()
    with signed_in(browser, live_server.url, world.owner.email, PASSWORD, LAPTOP) as page:
        for case in cases:
            if case.route in EXCLUDED or case.route in FRAGMENTS:
                continue
            where = f"{case.url} ({case.route})"
            try:
                response = page.goto(case.url)
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # chromium saves the file instead of opening a page
                raise
            assert response is not None
            if response.status >= 400:
                problems.append(f"{where}: HTTP {response.status}")
            elif _download(response):
                continue
            elif not response.text().lstrip().lower().startswith("<!doctype html>"):
                problems.append(f"{where}: HTML that is not a whole page (a fragment?)")
            else:
                problems += axe_problems(page, where)
                checked.add(case.route)
    assert not problems, "\n".join(problems)
    assert {"p/<int:partnership_id>/", "w/<slug:slug>/partners/"} <= checked
    routes = {c.route for c in cases}
    assert set(EXCLUDED) | set(FRAGMENTS) <= routes, "a listed route no longer exists"


def test_an_in_place_save_keeps_focus_on_the_field_and_says_what_happened(page):
    from convenor.meetings.models import ActionItem, ActionStatus
    from convenor.partnerships.services import partnership_create
    from convenor.workspaces.services import workspace_create
    from tests.conftest import PASSWORD, make_user
    from tests.meetings.factories import person

    rosa = make_user("rosa@board.example", "Rosa Diaz")
    workspace = workspace_create(actor=rosa, name="Lakeshore Workforce Board")
    partnership = partnership_create(
        actor=rosa,
        workspace=workspace,
        name="Lakeshore Healthcare Careers Council",
        industry_naics="62",
        industry_title="Health Care and Social Assistance",
    )
    owner = person(workspace, "Carla Ceo")
    item = ActionItem.objects.create(
        workspace=workspace,
        partnership=partnership,
        title="Draft the apprenticeship outline",
        owner=owner,
    )
    sign_in(page, "rosa@board.example", PASSWORD)
    page.goto(reverse("meetings:actions", args=[partnership.pk]))
    status = page.get_by_label("Status of Draft the apprenticeship outline")
    announced = page.locator("#form-status")

    status.focus()
    status.select_option(ActionStatus.IN_PROGRESS)
    expect(announced).to_have_text("Saved.")
    expect(status).to_be_focused()
    expect(status).to_have_value(ActionStatus.IN_PROGRESS)
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS

    # Someone else changes the item meanwhile: the page says so, and focus stays put.
    ActionItem.objects.filter(pk=item.pk).update(version=item.version + 1)
    status.select_option(ActionStatus.DONE)
    expect(announced).to_contain_text("Not saved.")
    expect(page.locator(f"#action-status-{item.pk} [role=alert]")).to_be_visible()
    expect(status).to_be_focused()
    item.refresh_from_db()
    assert item.status == ActionStatus.IN_PROGRESS
