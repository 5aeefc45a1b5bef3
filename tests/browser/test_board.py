"""The pipeline board in the browser: a card dragged to another stage and one moved with
the keyboard both land there and stay after a reload, dated with the date chosen on the
board; a move made on an out-of-date board is refused with the version message; every
stage name is shown whole at 1366 px and at 390 px (screenshots kept under tmp_path)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from convenor.partners import services
from convenor.partners.models import Category, PartnershipMember, Stage, StageMove
from convenor.partnerships.services import partnership_create
from convenor.workspaces.services import workspace_create
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pipeline():
    owner = make_user("rosa@pipeline.example", "Rosa Diaz")
    workspace = workspace_create(actor=owner, name="Lakeshore Workforce Board")
    partnership = partnership_create(
        actor=owner, workspace=workspace, name="Lakeshore Manufacturing Partnership"
    )
    acme = services.organisation_create(
        actor=owner, workspace=workspace, name="Acme Machining", category=Category.EMPLOYER
    )
    bolt = services.organisation_create(
        actor=owner, workspace=workspace, name="Bolt Fabrication", category=Category.EMPLOYER
    )
    ada = services.person_create(
        actor=owner, workspace=workspace, name="Ada Lovelace", title="CEO", organisation=acme
    )
    ben = services.person_create(
        actor=owner, workspace=workspace, name="Ben Okafor", title="Owner", organisation=bolt
    )
    old = timezone.localdate() - dt.timedelta(days=60)
    ada_m = services.member_add(
        actor=owner, partnership=partnership, person=ada, stage=Stage.IDENTIFIED, on=old
    )
    ben_m = services.member_add(
        actor=owner, partnership=partnership, person=ben, stage=Stage.CONTACTED, on=old
    )
    return {"owner": owner, "partnership": partnership, "ada": ada_m, "ben": ben_m}


# Held near the card's left edge, the mouse travelling in small steps as a hand would:
# Chromium picks the dragged element where the mouse is once the drag begins, so a long
# first jump would start dragging the neighbouring card.
HAND = {"source_position": {"x": 12, "y": 12}, "steps": 40}


@pytest.fixture
def laptop(browser, live_server):
    """The issue's laptop: at 1366 px every stage is on screen, so a drag never scrolls."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _column(page, stage: str):
    return page.locator(f'section.column[data-stage="{stage}"]')


def test_a_dragged_card_and_a_keyboard_move_land_in_their_new_stage_with_the_chosen_date(
    laptop, pipeline
):
    page = laptop
    partnership, ada, ben = pipeline["partnership"], pipeline["ada"], pipeline["ben"]
    sign_in(page, "rosa@pipeline.example", PASSWORD)
    page.goto(f"/p/{partnership.pk}/pipeline/")
    dragged_on = timezone.localdate() - dt.timedelta(days=3)
    page.get_by_label("Date of the move").fill(dragged_on.isoformat())

    # Drag Ada from Identified onto the Met one-on-one column.
    page.locator(f"#card-{ada.pk}").drag_to(_column(page, "met"), **HAND)
    expect(_column(page, "met").locator(f"#card-{ada.pk}")).to_be_visible()
    expect(page.locator(".board-messages")).to_contain_text(
        "Ada Lovelace (Acme Machining) moved to Met one-on-one"
    )

    # Ben with the keyboard: focus his card, → moves him one stage on (Contacted → Met).
    keyed_on = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Date of the move").fill(keyed_on.isoformat())
    page.locator(f"#card-{ben.pk}").focus()
    page.keyboard.press("ArrowRight")
    expect(_column(page, "met").locator(f"#card-{ben.pk}")).to_be_visible()
    # Focus comes back to the moved card, so the next arrow moves it again.
    expect(page.locator(f"#card-{ben.pk}")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(_column(page, "committed").locator(f"#card-{ben.pk}")).to_be_visible()
    expect(page.locator("#board-status")).to_contain_text("moved to Committed")

    page.reload()
    expect(_column(page, "met")).to_contain_text("Ada Lovelace")
    expect(_column(page, "committed")).to_contain_text("Ben Okafor")
    expect(_column(page, "identified").locator(".badge")).to_have_text("0")

    page.goto(f"/p/{partnership.pk}/partners/{ada.pk}/")
    expect(page.locator("#stage-history")).to_contain_text(
        f"{dragged_on:%Y-%m-%d}: Identified → Met one-on-one"
    )
    page.goto(f"/p/{partnership.pk}/partners/{ben.pk}/")
    expect(page.locator("#stage-history")).to_contain_text(
        f"{keyed_on:%Y-%m-%d}: Met one-on-one → Committed"
    )
    assert StageMove.objects.get(member=ben, to_stage=Stage.MET).moved_on == keyed_on


def test_a_move_from_an_out_of_date_board_is_refused_with_the_version_message(laptop, pipeline):
    page = laptop
    partnership, ada, owner = pipeline["partnership"], pipeline["ada"], pipeline["owner"]
    sign_in(page, "rosa@pipeline.example", PASSWORD)
    page.goto(f"/p/{partnership.pk}/pipeline/")
    # Someone else moves Ada while this board is open.
    services.member_move(
        actor=owner, member=ada, stage=Stage.CONTACTED, expected_version=ada.version
    )
    page.locator(f"#card-{ada.pk}").drag_to(_column(page, "lapsed"), **HAND)
    expect(page.locator(".board-messages")).to_contain_text("was not moved")
    expect(page.locator(".board-messages")).to_contain_text("after you opened it")
    # The board now shows where Ada really is; nothing was saved.
    expect(_column(page, "contacted").locator(f"#card-{ada.pk}")).to_be_visible()
    assert PartnershipMember.objects.get(pk=ada.pk).stage == Stage.CONTACTED


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["laptop", "phone"])
def test_every_stage_name_is_shown_whole(browser, live_server, pipeline, size, tmp_path):
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    sign_in(page, "rosa@pipeline.example", PASSWORD)
    page.goto(f"/p/{pipeline['partnership'].pk}/pipeline/")
    for stage in Stage:
        title = _column(page, stage.value).locator(".column-title")
        expect(title).to_contain_text(stage.label)
        cut = title.evaluate("el => el.scrollWidth > el.clientWidth + 1")
        assert not cut, f"{stage.label} is cut at {width} px"
        if width >= 1366:
            expect(title).to_be_in_viewport()
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    ), f"the page scrolls sideways at {width} px"
    page.screenshot(path=str(tmp_path / f"board-{width}.png"), full_page=True)
    context.close()
