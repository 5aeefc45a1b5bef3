"""Partners in the browser: the pipeline board moved with htmx (and without JavaScript),
the network drawn as a graph, and an import previewed, imported and undone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from convenor.partners import services
from convenor.partners.models import Category, RelationshipKind, Stage
from convenor.partnerships.services import partnership_create
from convenor.workspaces.services import workspace_create
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def board_world():
    owner = make_user("rosa@board.example", "Rosa Diaz")
    workspace = workspace_create(actor=owner, name="Lakeshore Workforce Board")
    partnership = partnership_create(
        actor=owner, workspace=workspace, name="Lakeshore Manufacturing Partnership"
    )
    acme = services.organisation_create(
        actor=owner, workspace=workspace, name="Acme Machining", category=Category.EMPLOYER
    )
    college = services.organisation_create(
        actor=owner,
        workspace=workspace,
        name="Lakeshore Community College",
        category=Category.EDUCATION,
        education_type="college",
    )
    ada = services.person_create(
        actor=owner, workspace=workspace, name="Ada Lovelace", title="CEO", organisation=acme
    )
    dean = services.person_create(
        actor=owner, workspace=workspace, name="Lee Kim", title="Dean", organisation=college
    )
    member = services.member_add(
        actor=owner,
        partnership=partnership,
        person=ada,
        stage=Stage.IDENTIFIED,
        on=dt.date(2026, 1, 5),
    )
    services.member_add(actor=owner, partnership=partnership, person=dean, stage=Stage.MET)
    services.relationship_create(
        actor=owner,
        workspace=workspace,
        kind=RelationshipKind.BOARD_MEMBER,
        source=ada,
        target=college,
    )
    return {"owner": owner, "workspace": workspace, "partnership": partnership, "member": member}


def test_staff_move_a_card_on_the_board_without_a_page_load(page, board_world):
    partnership, member = board_world["partnership"], board_world["member"]
    sign_in(page, "rosa@board.example", PASSWORD)
    page.goto(f"/p/{partnership.pk}/pipeline/")
    identified = page.locator('section.column[data-stage="identified"]')
    expect(identified.locator(f"#card-{member.pk}")).to_be_visible()
    page.evaluate("window.__stayed = true")  # gone if the page reloads

    card = page.locator(f"#card-{member.pk}")
    card.get_by_label("Move Ada Lovelace (Acme Machining) to").select_option("contacted")
    card.get_by_role("button", name="Move").click()

    contacted = page.locator('section.column[data-stage="contacted"]')
    expect(contacted.locator(f"#card-{member.pk}")).to_be_visible()
    expect(page.locator(".board-messages")).to_contain_text("moved to Contacted")
    assert page.evaluate("window.__stayed") is True
    expect(identified.locator(".badge")).to_have_text("0")

    page.reload()
    expect(page.locator('section.column[data-stage="contacted"]')).to_contain_text("Ada Lovelace")
    page.goto(f"/p/{partnership.pk}/partners/{member.pk}/")
    expect(page.locator("#stage-history")).to_contain_text("Identified → Contacted")


def test_the_board_works_without_javascript(browser, live_server, board_world):
    partnership, member = board_world["partnership"], board_world["member"]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, "rosa@board.example", PASSWORD)
    page.goto(f"/p/{partnership.pk}/pipeline/")
    card = page.locator(f"#card-{member.pk}")
    card.get_by_label("Move Ada Lovelace (Acme Machining) to").select_option("met")
    card.get_by_role("button", name="Move").click()
    expect(page).to_have_url(f"{live_server.url}/p/{partnership.pk}/pipeline/")
    expect(page.locator('section.column[data-stage="met"]')).to_contain_text("Ada Lovelace")
    expect(page.locator(".flash-success")).to_contain_text("moved to Met one-on-one")
    context.close()


def test_the_network_is_drawn_as_a_graph_with_its_connectors(page, board_world):
    partnership = board_world["partnership"]
    sign_in(page, "rosa@board.example", PASSWORD)
    page.goto(f"/p/{partnership.pk}/network/")
    chart = page.locator('#network-chart[data-drawn="1"]')
    expect(chart).to_be_visible()
    # People and organisations on the Cytoscape map (tests/browser/test_network_map.py).
    assert page.evaluate("() => window.convenorNetwork.nodes().length") >= 4
    expect(page.locator("#map-nodes")).to_contain_text("Ada Lovelace")
    expect(page.locator("#top-connectors li").first).to_contain_text(
        "links Employers and Educational institutions"
    )


def test_a_contact_export_is_previewed_imported_and_undone(page, board_world, tmp_path):
    workspace = board_world["workspace"]
    csv = tmp_path / "outlook.csv"
    csv.write_text(
        "First Name,Last Name,Company,E-mail Address\n"
        "Grace,Hopper,Navy Yard Tools,grace@navy.example\n"
        "Bob,Broken,Nowhere,bob@\n"
    )
    sign_in(page, "rosa@board.example", PASSWORD)
    page.goto(f"/w/{workspace.slug}/partners/import/")
    page.get_by_label("CSV or Excel file").set_input_files(str(csv))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator("#import-counts")).to_contain_text("1 valid")
    expect(page.locator("#import-report")).to_contain_text(
        "Row 3, column 'E-mail Address': 'bob@' is not an e-mail address."
    )
    expect(page.get_by_label("First Name")).to_have_value("first_name")
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-state")).to_have_text("Imported")
    page.goto(f"/w/{workspace.slug}/partners/people/")
    expect(page.locator("#people-list")).to_contain_text("Grace Hopper")

    page.go_back()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Undo this import").click()
    expect(page.locator("#import-state")).to_have_text("Undone")
    page.goto(f"/w/{workspace.slug}/partners/people/")
    expect(page.locator("#people-list")).not_to_contain_text("Grace Hopper")
