"""A convener with a large registry finds a person the meeting form does not list,
adds them as an invitee and sees them invited (the person picker, partners/picker.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from convenor.meetings.models import Meeting
from convenor.partners.models import Category
from convenor.partnerships.services import partnership_create
from convenor.workspaces.services import workspace_create
from tests.browser.conftest import sign_in
from tests.browser.pages import axe_problems
from tests.conftest import PASSWORD, make_user
from tests.meetings.factories import org, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_convener_searches_the_registry_and_invites_someone_not_listed(page, settings):
    settings.PICKER_LIMIT = 5
    rosa = make_user("rosa@board.example", "Rosa Diaz")
    workspace = workspace_create(actor=rosa, name="Lakeshore Workforce Board")
    partnership = partnership_create(
        actor=rosa, workspace=workspace, name="Lakeshore Healthcare Careers Council"
    )
    hospital = org(workspace, "Lakeshore Hospital")
    college = org(workspace, "Lakeshore College", Category.EDUCATION)
    for i in range(30):
        person(workspace, f"Person {i:02d}", organisation=hospital)
    person(workspace, "Zora Quinn", organisation=college, email="zora@college.example")

    sign_in(page, "rosa@board.example", PASSWORD)
    page.goto(f"/p/{partnership.pk}/meetings/new/?template=blank")
    expect(page.get_by_text("Showing 5 of 31 people: search to find others.")).to_be_visible()
    expect(page.get_by_label("Zora Quinn", exact=False)).to_have_count(0)

    page.get_by_label("Title").fill("Spring partnership meeting")
    page.get_by_label("Starts").fill("2027-04-06T08:00")
    page.get_by_label("Ends").fill("2027-04-06T09:30")
    page.get_by_label("Objective").fill("Choose the two issues to work on first.")
    search = page.get_by_label("Search the registry to add someone")
    search.fill("zora@college")
    search.press("Enter")  # searches; never submits the meeting form
    expect(page.get_by_role("button", name="Add Zora Quinn")).to_be_visible()
    # Enter and the typing each asked; "Add" is clicked on the list both answers leave.
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Add Zora Quinn").click()
    added = page.get_by_role("checkbox", name="Zora Quinn (Lakeshore College)")
    expect(added).to_be_checked()
    assert not Meeting.objects.exists()
    # The search box, its hits and the added checkbox pass axe inside the form.
    search.fill("Person 1")
    expect(page.get_by_role("button", name="Add Person 10")).to_be_visible()
    assert not axe_problems(page, "meeting form with the person picker")

    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_role("heading", name="Spring partnership meeting")).to_be_visible()
    expect(page.locator("#attendance")).to_contain_text("Zora Quinn")
    invited = Meeting.objects.get().attendance.filter(invited=True)
    assert [a.person.name for a in invited] == ["Zora Quinn"]
