from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page, *, name: str, email: str, organisation: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Your organisation").fill(organisation)
    page.get_by_role("button", name="Create account").click()


def test_a_new_convener_signs_up_and_creates_a_partnership_an_outsider_cannot_see(page, browser):
    sign_up(
        page, name="Rosa Diaz", email="rosa@board.example", organisation="Lakeshore Workforce Board"
    )
    expect(page.get_by_role("heading", name="Lakeshore Workforce Board")).to_be_visible()

    page.get_by_role("button", name="New partnership").click()
    page.get_by_label("Name of the effort").fill("Lakeshore Healthcare Careers Council")
    page.get_by_label("Target industry (NAICS)").fill("62")
    page.get_by_label("Industry title").fill("Health Care and Social Assistance")
    page.get_by_role("textbox", name="Region").fill("Lake County")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Lakeshore Healthcare Careers Council")).to_be_visible()
    detail_url = page.url

    page.goto("/")
    expect(page.locator("#partnership-list")).to_contain_text(
        "Lakeshore Healthcare Careers Council"
    )

    # Someone from another workspace sees neither the list entry nor the page.
    make_user("other@elsewhere.example", "Other Convener")
    other = browser.new_context(base_url=page.url.split("/w/")[0])
    other_page = other.new_page()
    sign_in(other_page, "other@elsewhere.example", PASSWORD)
    other_page.goto("/w/new/")
    other_page.get_by_label("Organisation name").fill("Elsewhere Chamber")
    other_page.get_by_role("button", name="Create workspace").click()
    expect(other_page.get_by_role("heading", name="Elsewhere Chamber")).to_be_visible()
    expect(other_page.get_by_text("Lakeshore Healthcare Careers Council")).to_have_count(0)
    response = other_page.goto(detail_url)
    assert response.status == 404
    expect(other_page.get_by_role("heading", name="Not found")).to_be_visible()
    other.close()
