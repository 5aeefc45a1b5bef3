"""A prioritisation round in the browser: two partners vote from their own sign-ins, staff
close the round and record the consensus."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from convenor.lib.challenges import Challenge
from convenor.planning import services
from convenor.planning.models import Rating
from convenor.workspaces.models import Role
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, add_member, make_user
from tests.planning import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ISSUES = [
    ("No qualified CNC applicants", Challenge.SKILLS_GAP),
    ("New hires leave within 90 days", Challenge.ENTRY_LEVEL),
    ("Maintenance technicians retiring", Challenge.RETIREMENT),
]


def _vote(page, round_url: str, ratings: dict[str, tuple[str, str]]) -> None:
    page.goto(round_url)
    expect(page.get_by_role("heading", name="Your ratings")).to_be_visible()
    for title, (importance, feasibility) in ratings.items():
        page.get_by_label(f"Importance of {title}").select_option(importance)
        page.get_by_label(f"Feasibility of {title}").select_option(feasibility)
    page.get_by_role("button", name="Submit my ratings").click()
    expect(page.locator("#ballot").get_by_role("status")).to_contain_text(
        "Your ratings are recorded"
    )


def test_two_partners_vote_and_staff_record_the_consensus(
    page, browser, live_server, alice, workspace, partnership
):
    employers = [
        factories.organisation(partnership, n) for n in ("Buckeye Precision", "Scioto Fabrication")
    ]
    partners = []
    for (email, name), org in zip(
        (("linda@buckeye.example", "Linda Park"), ("tom@scioto.example", "Tom Reilly")),
        employers,
        strict=True,
    ):
        user = make_user(email, name)
        add_member(workspace, user, Role.PARTNER, partnerships=[partnership])
        factories.person(partnership, name, org, user=user)
        partners.append(user)
    for title, code in ISSUES:
        services.issue_create(actor=alice, partnership=partnership, title=title, challenge=code)
    rnd = services.round_open(actor=alice, partnership=partnership, title="Kick-off priorities")
    round_url = f"/p/{partnership.pk}/plan/priorities/{rnd.pk}/"

    # Linda finds the round from the partnership page and votes.
    sign_in(page, "linda@buckeye.example", PASSWORD)
    page.goto(f"/p/{partnership.pk}/")
    page.get_by_role("link", name="Kick-off priorities").first.click()
    _vote(
        page,
        round_url,
        {
            "No qualified CNC applicants": ("5", "4"),
            "New hires leave within 90 days": ("4", "4"),
            "Maintenance technicians retiring": ("2", "3"),
        },
    )
    # A partner cannot reach the plan's editing pages.
    assert page.goto(f"/p/{partnership.pk}/plan/priorities/{rnd.pk}/paper/").status == 403

    # Tom votes from his own sign-in, in another browser.
    other = browser.new_context(base_url=live_server.url)
    tom = other.new_page()
    sign_in(tom, "tom@scioto.example", PASSWORD)
    _vote(
        tom,
        round_url,
        {
            "No qualified CNC applicants": ("5", "5"),
            "New hires leave within 90 days": ("3", "2"),
            "Maintenance technicians retiring": ("4", "2"),
        },
    )
    tom.reload()
    expect(tom.get_by_role("button", name="Update my ratings")).to_be_visible()
    expect(tom.get_by_text("Results are shown when the round closes.")).to_be_visible()
    assert Rating.objects.filter(round=rnd).count() == 6

    # Alice (staff) sees participation, closes the round and records the consensus.
    staff = browser.new_context(base_url=live_server.url).new_page()
    sign_in(staff, "alice@acme.example", PASSWORD)
    staff.goto(round_url)
    expect(staff.locator("#participation-summary")).to_contain_text("2 partners voted")
    expect(staff.locator("#participation-summary")).to_contain_text("2 employers")
    staff.on("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name="Close the round").click()
    expect(staff.locator("#round-status")).to_have_text("Closed")
    expect(staff.locator("#priority-chart[data-drawn='1']")).to_have_count(1)
    expect(staff.locator("#ranking-all tbody tr").first).to_contain_text(
        "No qualified CNC applicants"
    )
    expect(staff.locator("#ranking-employers tbody tr").first).to_contain_text(
        "No qualified CNC applicants"
    )
    staff.get_by_role("button", name="Record the consensus").click()
    staff.get_by_label("Consensus, in the partners' words").fill("Start with CNC applicants.")
    staff.get_by_role("button", name="Record in the decision log").click()
    expect(staff.get_by_text("Consensus recorded in the decision log.")).to_be_visible()
    expect(staff.get_by_role("link", name="No qualified CNC applicants")).to_be_visible()

    # After the close, Tom's ballot is gone and his ratings are kept.
    tom.goto(round_url)
    expect(tom.get_by_role("button", name="Update my ratings")).to_have_count(0)
    expect(tom.get_by_text("This round is closed; ratings are no longer accepted.")).to_be_visible()
    assert Rating.objects.filter(round=rnd).count() == 6
    other.close()
