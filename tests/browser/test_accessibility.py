"""Accessibility and fit of the key pages (issue 18 §5 and its "done means").

On a laptop (1366 px) and a phone (390 px), each key page of the demo, seen by the
convener (the workspace's owner) and by a partner (their ballot and action items):
axe-core (vendored under tests/browser/vendor, never served) finds no violation of
serious or critical impact; the page does not scroll sideways; its h1 starts on the
first screen; every chart has drawn its marks. A full-page screenshot of each is kept
under pytest's temporary directory (artifacts, not compared).

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
    check_page,
    demo_world,
    partner_key_pages,
    team_key_pages,
)

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
            context = browser.new_context(base_url=live_server.url, viewport=viewport)
            page = context.new_page()
            page.set_default_timeout(15000)
            sign_in(page, ctx.users[role].email, DEMO_PASSWORD)
            expect(page.get_by_role("link", name="Convenor", exact=True)).to_be_visible()
            for visit in visits:
                problems += check_page(page, visit, viewport, shots, str(role))
            context.close()
    assert not problems, "\n".join(problems) + f"\n(screenshots in {shots})"


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
