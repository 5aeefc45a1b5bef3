"""A newcomer's first hour on the served app (issue 11), through pages only.

A workforce board signs up, is led from its empty workspace to Regions, finds its county
by name, saves a region, uploads a QCEW file the worker ingests, reads the region's
ranked industries, starts a partnership from one of them, imports its contacts with one
click, puts one at the table and invites her as a partner; she accepts from the e-mail,
creates her password and sees the shared partnership, her sign-in linked to her record.
The convener then records the partnership's issues, opens a prioritisation round on them
and gives Carla an action item; Carla signs in again, rates every issue from her own
ballot and finds her action item under My action items.

Nothing here is arranged by data: a step that dead-ends on the served app (a task the
worker never runs, a link to nowhere, a form that needs what does not exist) fails it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.served.conftest import link_in, sign_in, wait_for_mails

pytestmark = [pytest.mark.browser, pytest.mark.served, pytest.mark.xdist_group("served")]

HOCKING = (
    Path(__file__).resolve().parents[2]
    / "convenor/regions/demo_data/qcew/central-ohio-2020/morpc-qcew-2020-a-39073.csv"
)
CONVENER = "nadia@hocking-works.example"
PARTNER = "carla@hocking-health.example"
PASSWORD = "first hour, no dead ends"
PARTNER_PASSWORD = "carla's own password 2026"
BOARD = "Hocking Hills Workforce Board"

# Outlook's export of the board's contacts (its header names, abridged).
CONTACTS = (
    "First Name,Middle Name,Last Name,Title,Company,Job Title,Business Phone,"
    "E-mail Address,E-mail Type\r\n"
    "Carla,,Ruiz,,Hocking Valley Medical Center,Chief Nursing Officer,740-555-0100,"
    f"{PARTNER},SMTP\r\n"
    "Dev,,Shah,,Hocking College,Dean of Nursing,740-555-0101,dev@hocking-college.example,SMTP\r\n"
    "Ruth,,Adams,,Logan Health Partners,HR Director,,ruth@logan-health.example,SMTP\r\n"
)


ISSUES = {
    # title: (importance, feasibility) as Carla rates it
    "Nurses leave within their first year": ("5", "4"),
    "Too few clinical placements for nursing students": ("4", "2"),
}
ROUND = "Kick-off priorities"
ACTION = "Send the hospital's turnover figures for the last two years"


def test_a_newcomer_goes_from_sign_up_to_a_partner_who_votes_and_sees_her_action_item(
    served, chromium
):
    state: dict[str, Any] = {}

    def convener(page: Any) -> None:
        # Sign up: the organisation named becomes the workspace.
        page.goto("/accounts/signup/")
        page.get_by_label("Your name").fill("Nadia Convener")
        page.get_by_label("E-mail address").fill(CONVENER)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Your organisation").fill(BOARD)
        page.get_by_role("button", name="Create account").click()
        expect(page.get_by_text(f"Welcome. Your workspace “{BOARD}” is ready.")).to_be_visible()
        slug = page.url.rstrip("/").rsplit("/", 1)[-1]
        state["slug"] = slug

        # The empty workspace leads to Regions: a partnership starts with the assessment.
        expect(page.locator("#first-steps")).to_contain_text("regional needs assessment")
        page.get_by_role("button", name="Start with Regions").click()
        expect(page.get_by_role("heading", name="Regions and labour-market data")).to_be_visible()
        expect(page.get_by_text("No saved region yet.")).to_be_visible()

        # Find counties by name and save a region.
        page.get_by_text("Save a region").click()
        search = page.get_by_label("Find a county or area to add")
        search.fill("Franklin, Ohio")
        hits = page.locator("#area-hits")
        expect(hits).to_contain_text("Franklin County, Ohio")
        expect(hits).to_contain_text("39049")
        search.fill("hocking oh")
        expect(hits).to_contain_text("Hocking County, Ohio")
        hits.get_by_role("button", name=re.compile(r"Add Hocking County, Ohio \(39073\)")).click()
        expect(page.get_by_label("Area codes")).to_have_value("39073")
        page.get_by_label("Name").fill("Hocking Hills")
        page.get_by_role("button", name="Save region").click()
        expect(page.get_by_text("Region “Hocking Hills” saved.")).to_be_visible()
        region_url = page.url

        # Upload the county's QCEW file; the worker ingests it.
        page.goto(f"/w/{slug}/regions/")
        page.get_by_label("QCEW file").set_input_files(str(HOCKING))
        page.get_by_role("button", name="Upload and ingest").click()
        row = page.locator("li[id^='upload-']", has_text=HOCKING.name)
        expect(row.locator(".badge")).to_have_text(re.compile("^Done"), timeout=120000)
        page.reload()
        loaded = page.locator("#loaded-data")
        expect(loaded).to_contain_text("Hocking County, Ohio")
        expect(loaded).not_to_contain_text("/")  # a grid of areas, never a server path

        # The region's analysis ranks its industries.
        page.goto(region_url)
        industries = page.locator("#industries")
        expect(industries.locator('tr[data-industry="62"]')).to_contain_text("639")
        expect(industries.locator('tr[data-industry="72"]')).to_contain_text("1,090")
        health = industries.locator('tr[data-industry="62"]')
        health.get_by_role(
            "button", name=re.compile("Start a partnership for this industry")
        ).click()
        expect(page.get_by_text(re.compile(r"Partnership “.+” started for"))).to_be_visible()
        # The partnership targets the industry, for the region, with the analysis as its why.
        facts = page.locator("hgroup", has=page.locator("h1")).locator("p")
        expect(facts).to_contain_text(re.compile("health care", re.I))
        # Its region is the saved region, linked to its analysis (not free text).
        expect(facts.get_by_role("link", name="Hocking Hills")).to_have_attribute(
            "href", urlsplit(region_url).path
        )
        found = re.search(r"/p/(\d+)/", page.url)
        assert found, page.url
        state["pid"] = found.group(1)
        partnership_page = page.url
        page.goto(f"/p/{found.group(1)}/why-this-industry/")
        why = page.locator("article.snapshot").first
        expect(why).to_contain_text("(NAICS 62) in Hocking Hills")
        expect(why).to_contain_text("current")
        page.goto(partnership_page)
        state["partnership_url"] = page.url
        state["partnership"] = page.locator("h1").first.inner_text().strip()

        # Import the board's contacts with one click; the worker reads and writes them.
        page.goto(f"/w/{slug}/partners/import/")
        page.get_by_label("CSV or Excel file").set_input_files(
            {"name": "contacts.csv", "mimeType": "text/csv", "buffer": CONTACTS.encode("cp1252")}
        )
        page.get_by_role("button", name="Upload and preview").click()
        expect(page.locator("#import-state")).to_have_text(re.compile("^Ready"), timeout=90000)
        expect(page.locator("#import-counts")).to_contain_text("3 rows: 3 valid")
        page.get_by_role("button", name="Import", exact=True).click()
        expect(page.locator("#import-state")).to_have_text("Imported", timeout=90000)
        expect(page.locator("#import-outcome")).to_contain_text("People created3")

        # The registry lists them; Carla goes to the partnership's table, committed.
        page.goto(f"/w/{slug}/partners/people/")
        people = page.locator("table")
        for name in ("Carla Ruiz", "Dev Shah", "Ruth Adams"):
            expect(people).to_contain_text(name)
        page.get_by_label("Add Carla Ruiz").check()
        page.get_by_label("Stage").select_option(label="Committed")
        page.get_by_role("button", name="Add the ticked ones to the partnership").click()
        expect(page.get_by_text(re.compile(r"Added to .+: Carla Ruiz"))).to_be_visible()
        expect(page.locator("main")).to_contain_text("Hocking Valley Medical Center")

        # Invite her to the workspace as a partner of this partnership.
        page.goto(f"/w/{slug}/members/")
        invite = page.locator("form[action$='/members/invite/']")
        invite.get_by_label("E-mail address").fill(PARTNER)
        invite.get_by_label("Role").select_option(label="Partner")
        invite.get_by_label(state["partnership"]).check()
        invite.get_by_label("Organisation (for a partner)").select_option(
            label="Hocking Valley Medical Center"
        )
        invite.get_by_role("button", name="Send invitation").click()
        expect(page.get_by_text(f"Invitation sent to {PARTNER}.")).to_be_visible()

    chromium.run(convener)

    (mail,) = wait_for_mails(served, f"You are invited to {BOARD}", 1)
    assert mail["To"] == PARTNER
    accept_url = link_in(mail, "/invite/")

    def partner(page: Any) -> None:
        # A fresh browser: nobody signed in. The link leads to her account, then in.
        page.goto(accept_url)
        expect(page.get_by_role("heading", name=f"Join {BOARD}")).to_be_visible()
        expect(page.get_by_text("You are invited as partner")).to_be_visible()
        page.get_by_role("button", name="Create your account to accept").click()
        expect(page.get_by_label("E-mail address")).to_have_value(PARTNER)
        page.get_by_label("Your name").fill("Carla Ruiz")
        page.get_by_label("Password").fill(PARTNER_PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.get_by_role("button", name="Accept and join").click()
        expect(page.get_by_text(f"Welcome to {BOARD}.")).to_be_visible()

        # The shared partnership, and her sign-in linked to her person record.
        page.get_by_role("link", name=state["partnership"]).click()
        expect(page.locator("h1").first).to_have_text(state["partnership"])
        page.goto(f"/w/{state['slug']}/my-actions/")
        expect(page.locator("main")).not_to_contain_text("not linked")

    chromium.run(partner)

    def convener_again(page: Any) -> None:
        # The convener records the issues heard, opens a round on them, gives Carla a task.
        sign_in(page, CONVENER, PASSWORD)
        pid = state["pid"]
        page.goto(f"/p/{pid}/plan/issues/")
        expect(page.get_by_role("heading", name="Issues", exact=True)).to_be_visible()
        challenges = (
            "Recruiting or retaining entry-level workers",
            "Skills gap between applicants and critical occupations",
        )
        for title, challenge in zip(ISSUES, challenges, strict=True):
            page.goto(f"/p/{pid}/plan/issues/")
            form = page.locator("section[aria-labelledby='new-issue'] form")
            form.get_by_label("Title").fill(title)
            form.get_by_label("Challenge").select_option(label=challenge)
            form.get_by_role("button", name="Record issue").click()
            expect(page.get_by_text(f"Issue “{title}” recorded.")).to_be_visible()
        page.goto(f"/p/{pid}/plan/issues/")
        for title in ISSUES:
            expect(page.locator("#issue-list")).to_contain_text(title)

        page.goto(f"/p/{pid}/plan/priorities/")
        expect(page.get_by_text("No round yet.")).to_be_visible()
        form = page.locator("section[aria-labelledby='new-round'] form")
        form.get_by_label("Title").fill(ROUND)
        for title in ISSUES:  # every open issue is on the ballot
            expect(form.get_by_label(title)).to_be_checked()
        form.get_by_role("button", name="Open the round").click()
        expect(page.get_by_text(f"Round “{ROUND}” is open for ratings.")).to_be_visible()
        page.goto(f"/p/{pid}/plan/priorities/")
        listed = page.locator("#round-list tbody tr", has_text=ROUND)
        expect(listed).to_contain_text("Open")
        expect(listed.locator("td").nth(3)).to_have_text("2")

        page.goto(f"/p/{pid}/actions/new/")
        page.get_by_label("What must be done").fill(ACTION)
        page.get_by_label("Owner").select_option(label="Carla Ruiz")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text(f"Action item “{ACTION}” added.")).to_be_visible()
        expect(page.locator("main")).to_contain_text(ACTION)

    chromium.run(convener_again)

    def partner_again(page: Any) -> None:
        # Another day, a fresh browser: Carla signs in with her own password.
        sign_in(page, PARTNER, PARTNER_PASSWORD)
        page.goto(state["partnership_url"])
        expect(page.locator("h1").first).to_have_text(state["partnership"])
        page.get_by_role("link", name=ROUND).first.click()
        expect(page.get_by_role("heading", name="Your ratings")).to_be_visible()
        expect(page.locator("#ballot")).to_contain_text("Voting as Carla Ruiz")
        for title, (importance, feasibility) in ISSUES.items():
            page.get_by_label(f"Importance of {title}").select_option(importance)
            page.get_by_label(f"Feasibility of {title}").select_option(feasibility)
        page.get_by_role("button", name="Submit my ratings").click()
        expect(page.locator("#ballot").get_by_role("status")).to_contain_text(
            "Your ratings are recorded", timeout=30000
        )
        # Her ratings are kept: the ballot comes back with them, ready to update.
        page.reload()
        expect(page.get_by_role("button", name="Update my ratings")).to_be_visible()
        for title, (importance, feasibility) in ISSUES.items():
            expect(page.get_by_label(f"Importance of {title}")).to_have_value(importance)
            expect(page.get_by_label(f"Feasibility of {title}")).to_have_value(feasibility)

        # Her action item, from the workspace's navigation.
        page.get_by_role("link", name="My action items").first.click()
        expect(page.get_by_role("heading", name="My action items")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text("not linked")
        mine = page.locator("main tr", has_text=ACTION)
        expect(mine).to_have_count(1)
        expect(mine).to_contain_text(state["partnership"])

    chromium.run(partner_again)
