"""The linked logic model in the browser, at 1366 px and 390 px: a connector is drawn for
every link the page lists, the activity that leads nowhere is flagged on the page, and the
page does not scroll sideways (screenshots kept under tmp_path)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from convenor.lib.challenges import Challenge
from convenor.partnerships.services import partnership_create
from convenor.planning import services as planning
from convenor.planning.direction import services
from convenor.planning.models import LogicColumn
from convenor.workspaces.services import workspace_create
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan_world():
    owner = make_user("rosa@logic.example", "Rosa Diaz")
    workspace = workspace_create(actor=owner, name="Lakeshore Workforce Board")
    partnership = partnership_create(
        actor=owner, workspace=workspace, name="Lakeshore Manufacturing Partnership"
    )
    issue = planning.issue_create(
        actor=owner,
        partnership=partnership,
        title="CNC applicants lack the skills",
        challenge=Challenge.SKILLS_GAP,
    )

    def add(column, text, **links):
        return services.logic_entry_create(
            actor=owner, partnership=partnership, column=column, text=text, **links
        )

    impact = add(LogicColumn.IMPACT, "Family-supporting careers for residents")
    pipeline = add(LogicColumn.LONG, "A regional pipeline into machining", leads_to=[impact])
    hired = add(LogicColumn.SHORT, "Completers hired by partners", leads_to=[pipeline])
    add(LogicColumn.SHORT, "Fewer early quits")
    completers = add(LogicColumn.OUTPUTS, "60 completers a year", leads_to=[hired])
    add(LogicColumn.ACTIVITIES, "Evening CNC certificate", issue=issue, leads_to=[completers])
    add(LogicColumn.ACTIVITIES, "Onboarding buddies", issue=issue)
    add(LogicColumn.INPUTS, "College instructors")
    return partnership


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["laptop", "phone"])
def test_the_links_are_drawn_and_the_gaps_flagged(browser, live_server, plan_world, size, tmp_path):
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    sign_in(page, "rosa@logic.example", PASSWORD)
    page.goto(f"/p/{plan_world.pk}/plan/logic-model/")

    listed = page.locator("#lm-link-list li")
    expect(listed).to_have_count(4)
    expect(page.locator("#lm-link-count")).to_have_text("4")
    drawn = page.locator(".logic-model svg.lm-links path.lm-link")
    expect(drawn).to_have_count(4)
    # Each drawn connector has a visible length, between the two entries the text names.
    for i in range(4):
        box = drawn.nth(i).bounding_box()
        assert box and (box["width"] > 4 or box["height"] > 4)
    pairs = {(p.get_attribute("data-source"), p.get_attribute("data-target")) for p in drawn.all()}
    named = {
        (li.get_attribute("data-source"), li.get_attribute("data-target")) for li in listed.all()
    }
    assert pairs == named

    findings = page.locator("section[aria-labelledby='lm-findings'] .findings")
    expect(findings).to_contain_text(
        "The activity “Onboarding buddies” leads to no output or outcome"
    )
    expect(findings).to_contain_text(
        "Nothing in the logic model leads to the short-term outcomes “Fewer early quits”"
    )
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), f"the page scrolls sideways at {width} px"
    page.screenshot(path=str(tmp_path / f"logic-model-{width}.png"), full_page=True)
    context.close()
