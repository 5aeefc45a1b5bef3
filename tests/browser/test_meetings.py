"""A convener schedules the first meeting from the template, records attendance and a
decision, and downloads the meeting's calendar file."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from convenor.meetings.models import Attendance, Decision, Meeting
from convenor.partners.models import AuthorityLevel, Category
from convenor.partnerships.services import partnership_create
from convenor.workspaces.services import workspace_create
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, make_user
from tests.meetings.factories import person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_convener_runs_the_first_meeting_and_takes_it_home_in_a_calendar(page):
    rosa = make_user("rosa@board.example", "Rosa Diaz")
    workspace = workspace_create(actor=rosa, name="Lakeshore Workforce Board")
    partnership = partnership_create(
        actor=rosa,
        workspace=workspace,
        name="Lakeshore Healthcare Careers Council",
        industry_naics="62",
        industry_title="Health Care and Social Assistance",
    )
    person(workspace, "Carla Ceo", authority_level=AuthorityLevel.CEO)
    person(workspace, "Dean Diaz", category=Category.EDUCATION)

    sign_in(page, "rosa@board.example", PASSWORD)
    expect(page.get_by_role("heading", name="Lakeshore Workforce Board")).to_be_visible()
    page.goto(f"/p/{partnership.pk}/meetings/")
    page.get_by_role("button", name="Schedule the first meeting").click()
    expect(page.get_by_role("heading", name="The sample agenda (115 minutes)")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(
        "Lakeshore Healthcare Careers Council: first partnership meeting"
    )
    page.get_by_label("Carla Ceo").check()
    page.get_by_label("Dean Diaz").check()
    page.get_by_label("Place or link").fill("Lakeshore Hospital, board room")
    page.get_by_role("button", name="Schedule").click()

    expect(
        page.get_by_role("heading", name="Lakeshore Healthcare Careers Council: first partnership")
    ).to_be_visible()
    expect(page.locator("#agenda-total")).to_have_text("115 of 120")
    meeting = Meeting.objects.get()
    assert meeting.is_kickoff and meeting.agenda_items.count() == 7

    attendance = page.locator("#attendance")
    attendance.get_by_label("Carla Ceo").check()
    attendance.get_by_role("button", name="Save attendance").click()
    expect(page.locator("#attendance").get_by_role("status")).to_have_text("Attendance saved.")
    expect(page.locator("#attendance .finding")).to_contain_text(
        "Employer-led: 1 employer against 0 public partners (attended)"
    )
    assert dict(Attendance.objects.values_list("person__name", "attended")) == {
        "Carla Ceo": True,
        "Dean Diaz": False,
    }

    decisions = page.locator("#decisions")
    decisions.get_by_label("What was decided").fill(
        "Prioritise nursing assistant retention for the first year."
    )
    decisions.get_by_label("Who decided").fill("Employer partners, by consensus")
    decisions.get_by_role("button", name="Record decision").click()
    expect(page.locator("#decisions")).to_contain_text(
        "Prioritise nursing assistant retention for the first year."
    )
    assert Decision.objects.get().meeting == meeting

    with page.expect_download() as download:
        page.get_by_role("button", name="Add to calendar (.ics)").click()
    body = Path(download.value.path()).read_bytes()
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["summary"]) == meeting.title
    assert str(event["location"]) == "Lakeshore Hospital, board room"
    assert event.decoded("dtstart") == meeting.starts_at

    # The decision log filters as you type (htmx).
    page.get_by_role("link", name="Decisions").click()
    expect(page.locator("#decision-count")).to_have_text("1")
    page.get_by_label("Search the decisions").fill("forklift")
    expect(page.locator("#decision-count")).to_have_text("0")
    page.get_by_label("Search the decisions").fill("retention")
    expect(page.locator("#decision-count")).to_have_text("1")


def test_a_stale_attendance_save_is_refused_in_place_and_keeps_the_ticks(page):
    """Rosa's page is open while Sam records attendance; her save does not overwrite his."""
    from convenor.meetings import services
    from tests.conftest import add_member
    from tests.meetings.factories import meeting

    rosa = make_user("rosa@board.example", "Rosa Diaz")
    sam = make_user("sam@board.example", "Sam Staff")
    workspace = workspace_create(actor=rosa, name="Lakeshore Workforce Board")
    add_member(workspace, sam, "staff")
    partnership = partnership_create(
        actor=rosa, workspace=workspace, name="Lakeshore Healthcare Careers Council"
    )
    carla = person(workspace, "Carla Ceo", authority_level=AuthorityLevel.CEO)
    dean = person(workspace, "Dean Diaz", category=Category.EDUCATION)
    met = meeting(partnership, rosa, days=-1, invitees=[carla, dean])

    sign_in(page, "rosa@board.example", PASSWORD)
    page.goto(met.get_absolute_url())
    attendance = page.locator("#attendance")
    attendance.get_by_label("Dean Diaz").check()

    met.refresh_from_db()
    services.attendance_record(
        actor=sam,
        meeting=met,
        attended_person_ids=[carla.pk],
        expected_version=met.attendance_version,
    )

    attendance.get_by_role("button", name="Save attendance").click()
    expect(page.locator("#attendance")).to_contain_text("changed by Sam Staff")
    expect(page.locator("#attendance")).to_contain_text("Nothing was saved")
    expect(page.locator("#attendance").get_by_label("Dean Diaz")).to_be_checked()
    assert dict(Attendance.objects.values_list("person__name", "attended")) == {
        "Carla Ceo": True,
        "Dean Diaz": False,
    }
