from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from convenor.audit import services as audit
from convenor.partners.models import Category, Organisation
from convenor.partnerships.services import partnership_create
from convenor.workspaces.services import workspace_create
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def convener_setup(db):
    owner = make_user("rosa@board.example", "Rosa Diaz")
    workspace = workspace_create(actor=owner, name="Lakeshore Workforce Board")
    partnership = partnership_create(
        actor=owner,
        workspace=workspace,
        name="Lakeshore Manufacturing Roundtable",
        industry_naics="31-33",
        industry_title="Manufacturing",
        region="Lake County",
    )
    for name, category in (
        ("Lakeshore Workforce Board", Category.WORKFORCE_SYSTEM),
        ("Lake Forge Inc", Category.EMPLOYER),
    ):
        audit.create(
            actor=owner,
            instance=Organisation(workspace=workspace, name=name, category=category),
        )
    return owner, workspace, partnership


def test_a_convener_follows_the_guide_to_choose_an_intermediary_and_move_the_stage(
    page, convener_setup
):
    owner, workspace, partnership = convener_setup
    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/p/{partnership.pk}/")
    guide = page.locator("#guide-panel")
    expect(guide).to_contain_text("1. Regional needs assessment")
    expect(guide.locator('[data-step="needs_assessment"]')).to_contain_text(
        "Talk to employers of the industry one-on-one"
    )

    # Step 2 of the guide: the intermediary. A single employer is flagged at once.
    page.get_by_role("link", name="Intermediary", exact=True).click()
    page.get_by_role("button", name="Add a candidate").click()
    page.get_by_label(re.compile("^Organisation")).select_option(label="Lake Forge Inc (Employers)")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", name="Score Lake Forge Inc")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".finding.warning").first).to_contain_text("is a single employer")

    page.get_by_role("button", name="Add a candidate").click()
    page.get_by_label(re.compile("^Organisation")).select_option(
        label="Lakeshore Workforce Board (Public workforce system)"
    )
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_label(
        "Understanding of employer and worker issues in the industry", exact=True
    ).select_option("4")
    page.get_by_label("Staffing mix and skills", exact=True).select_option("5")
    page.get_by_label("Neutrality", exact=True).select_option("4")
    page.get_by_role("button", name="Save").click()
    table = page.locator("#candidate-table")
    expect(table).to_contain_text("Lakeshore Workforce Board")
    expect(table).to_contain_text("4.33")
    expect(page.locator('#candidate-chart[data-drawn="1"]')).to_have_count(1)

    page.get_by_role("link", name="Record the convener").click()
    page.get_by_label(re.compile("^Convener")).select_option(
        label="Lakeshore Workforce Board (Public workforce system)"
    )
    page.get_by_label("Why", exact=True).fill("Regional reach and stable funding.")
    page.get_by_role("button", name="Record in the history and the decision log").click()
    expect(page.locator("#convener-history")).to_contain_text("Regional reach and stable funding.")

    # Back on the partnership page, the intermediary step is done.
    page.goto(f"/p/{partnership.pk}/guide/")
    expect(page.locator('[data-step="intermediary"] .badge')).to_have_text("Done")

    # The life cycle: moving on with unmet criteria needs a reason, recorded as a decision.
    page.goto(f"/p/{partnership.pk}/life-cycle/")
    page.get_by_role("button", name="Move to Convening").click()
    expect(page.locator("#unmet-criteria")).to_contain_text("A challenge identified")
    page.get_by_role("button", name="Move to Convening").click()
    expect(page.locator("small.error")).to_contain_text("Move anyway only with a reason")
    page.get_by_label("Why", exact=True).fill("Employers asked to start convening now.")
    page.get_by_role("button", name="Move to Convening").click()
    expect(page.locator("#stage-moves")).to_contain_text("Regional needs assessment → Convening")

    page.goto(f"/p/{partnership.pk}/timeline/")
    expect(page.locator("#timeline")).to_contain_text("Employers asked to start convening now.")
    expect(page.locator('#timeline-chart[data-drawn="1"]')).to_have_count(1)

    page.goto(f"/w/{workspace.slug}/overview/")
    expect(page.locator("#overview")).to_contain_text("Convening")


def test_staff_answer_a_readiness_question_in_place(page, convener_setup):
    owner, _, partnership = convener_setup
    sign_in(page, owner.email, PASSWORD)
    page.goto(f"/p/{partnership.pk}/readiness/")
    expect(page.locator("#readiness-score")).to_have_text("0")
    card = page.locator("#q-stakeholders")
    card.get_by_role("link", name="Answer").click()
    card.get_by_label("Partly").check()
    card.get_by_label("What we know").fill("The college and the one-stop said yes.")
    card.get_by_role("button", name="Save the answer").click()
    expect(page.locator("#q-stakeholders")).to_contain_text(
        "The college and the one-stop said yes."
    )
    expect(page.locator("#q-stakeholders")).to_contain_text("What the data says")
    assert page.url.endswith(f"/p/{partnership.pk}/readiness/")  # no page load
    page.reload()
    expect(page.locator("#readiness-score")).to_have_text("6")
