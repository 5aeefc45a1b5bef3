"""Partners kept informed, on the served app (issue 15): an update composed, previewed and
sent through the real worker, its unsubscribe link honoured by the next update, and a
meeting's RSVP links answered without signing in.

The worker sends the messages (e-mail written to files) and logs each delivery as an
outreach touch; a flow that only worked with tasks run at once would stay "Sending" or
leave the outbox empty, and these tests fail.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.served.conftest import (
    Served,
    link_in,
    mails_about,
    sign_in,
    text_of,
    wait_for,
    wait_for_mails,
)

pytestmark = [pytest.mark.browser, pytest.mark.served, pytest.mark.xdist_group("served")]


def _partnership(served: Served, name: str) -> dict[str, Any]:
    """A partnership with four members; arranged through the API, as a script would."""
    ws = f"/workspaces/{served.slug}"
    partnership = served.api("POST", f"{ws}/partnerships", {"name": name, "industry_naics": "332"})
    orgs = {
        key: served.api("POST", f"{ws}/organisations", body)
        for key, body in {
            "acme": {"name": f"Acme Tooling ({name})", "category": "employer", "naics_code": "332"},
            "college": {"name": f"Columbus State ({name})", "category": "education"},
            "board": {"name": f"Central Ohio Works ({name})", "category": "workforce_system"},
            "gone": {"name": f"Old Forge ({name})", "category": "employer", "naics_code": "332"},
        }.items()
    }
    tag = partnership["id"]
    people = {
        key: served.api(
            "POST",
            f"{ws}/people",
            {"name": person, "email": email, "organisation_id": orgs[org]["id"]},
        )
        for key, person, email, org in (
            ("ada", "Ada Lovelace", f"ada.{tag}@acme.example", "acme"),
            ("ben", "Ben Okafor", "", "acme"),  # no e-mail address: not reached
            ("cora", "Cora Diaz", f"cora.{tag}@cscc.example", "college"),
            ("dev", "Dev Shah", f"dev.{tag}@works.example", "board"),
            ("zed", "Zed Hart", f"zed.{tag}@forge.example", "gone"),
        )
    }
    for key, role, stage in (
        ("ada", "champion", "committed"),
        ("ben", "employer_partner", "committed"),
        ("cora", "public_partner", "committed"),
        ("dev", "public_partner", "active"),
        ("zed", "employer_partner", "lapsed"),  # not picked: the update goes to the table
    ):
        served.api(
            "POST",
            f"/partnerships/{partnership['id']}/members",
            {"person_id": people[key]["id"], "role": role, "stage": stage},
        )
    return {"partnership": partnership, "people": people}


def _rsvp(mail: Any, label: str) -> str:
    """The link after ``label`` in an invitation's text ("I will attend: <link>")."""
    found = re.search(rf"{re.escape(label)}:\s+(\S+)", text_of(mail))
    assert found, f"no “{label}” link in the invitation to {mail['To']}"
    assert "/rsvp/" in found.group(1)
    return found.group(1)


def _compose_draft(page: Any, pid: int, subject: str, body: str) -> None:
    """Compose an update for the committed and active members and save it: the preview."""
    page.goto(f"/p/{pid}/updates/")
    page.get_by_role("button", name="Compose an update").click()
    page.get_by_label("Subject").fill(subject)
    page.get_by_label("Body").fill(body)
    stages = page.get_by_role("group", name="Pipeline stages")
    stages.get_by_label("Committed").check()
    stages.get_by_label("Active").check()
    page.get_by_role("button", name="Save and preview").click()
    expect(page.get_by_text("Draft saved")).to_be_visible()


def test_an_update_reaches_the_table_and_an_unsubscribe_is_honoured(served, chromium):
    world = _partnership(served, "Served Machining Council")
    pid = world["partnership"]["id"]
    people = world["people"]
    first = "Machining council: the hiring survey is out"

    def send_first(page: Any) -> None:
        sign_in(page)
        _compose_draft(
            page,
            pid,
            first,
            "Thank you for **coming**. The survey:\n\n- two questions\n- due Friday",
        )
        # The preview as recipients see it: Markdown rendered, no raw asterisks.
        expect(page.locator("#update-preview strong")).to_have_text("coming")
        expect(page.locator("#update-preview li")).to_have_count(2)
        summary = page.locator("#audience-summary")
        expect(summary).to_contain_text("3 recipients with an e-mail address")
        expect(summary).to_contain_text("1 without an e-mail address")
        audience = page.locator("#audience-h + p + ul")
        expect(audience).to_contain_text("Ben Okafor: not reached, no e-mail address")
        expect(audience).not_to_contain_text("Zed Hart")  # lapsed: not picked
        page.get_by_role("button", name="Send to 3 recipients").click()
        expect(page.get_by_text("The update is on its way to 3 recipients")).to_be_visible()

    chromium.run(send_first)

    mails = wait_for_mails(served, first, 3)
    assert sorted(m["To"] for m in mails) == sorted(
        people[k]["email"] for k in ("ada", "cora", "dev")
    )
    for mail in mails:
        stop = link_in(mail, "/unsubscribe/")
        # The header too (folded on the way: its whitespace is not part of it).
        assert "".join(str(mail["List-Unsubscribe"]).split()) == f"<{stop}>"
        assert "Thank you for **coming**" in text_of(mail)
        html = next(p for p in mail.walk() if p.get_content_type() == "text/html")
        payload = html.get_payload(decode=True)
        assert isinstance(payload, bytes) and b"<strong>coming</strong>" in payload
        assert stop.encode() in payload  # the HTML part carries the link as well

    def recorded(page: Any) -> None:
        sign_in(page)
        page.goto(f"/p/{pid}/updates/")
        row = page.locator("tr", has_text=first)
        expect(row).to_contain_text("Sent")
        row.get_by_role("link", name=first).click()
        recipients = page.locator("#recipients")
        expect(recipients.locator("tr", has_text="Ben Okafor")).to_contain_text(
            "Not reached: no e-mail address"
        )
        for key in ("ada", "cora", "dev"):
            expect(recipients.locator("tr", has_text=people[key]["name"])).to_contain_text("Sent")
        # Each delivery is an outreach touch (method e-mail) on the person.
        for key in ("ada", "cora", "dev"):
            page.goto(f"/w/{served.slug}/partners/people/{people[key]['id']}/")
            touch = page.locator("#person-touches tr", has_text=f"Update: {first}")
            expect(touch).to_contain_text("E-mail")
        page.goto(f"/w/{served.slug}/partners/people/{people['ben']['id']}/")
        expect(page.get_by_text("No touch logged with Ben Okafor yet.")).to_be_visible()

    chromium.run(recorded)

    # Cora follows the unsubscribe link of her e-mail: no sign-in.
    cora_link = link_in(next(m for m in mails if m["To"] == people["cora"]["email"]), "/unsub")

    def unsubscribe(page: Any) -> None:
        page.goto(cora_link)
        expect(page.get_by_text(f"Stop the updates to {people['cora']['email']}?")).to_be_visible()
        page.get_by_role("button", name="Unsubscribe").click()
        expect(page.get_by_role("status").filter(has_text="receives")).to_have_text(
            f"{people['cora']['email']} receives no more updates."
        )
        assert "/accounts/signin/" not in page.url

    chromium.run(unsubscribe)

    second = "Machining council: survey results"

    def send_second(page: Any) -> None:
        sign_in(page)
        _compose_draft(page, pid, second, "Twelve employers answered.")
        summary = page.locator("#audience-summary")
        expect(summary).to_contain_text("2 recipients with an e-mail address")
        expect(summary).to_contain_text("1 unsubscribed")
        expect(page.locator("#audience-h + p + ul")).to_contain_text("Cora Diaz: unsubscribed")
        page.get_by_role("button", name="Send to 2 recipients").click()
        expect(page.get_by_text("The update is on its way to 2 recipients")).to_be_visible()

    chromium.run(send_second)
    wait_for_mails(served, second, 2)
    update = next(
        u for u in served.api("GET", f"/partnerships/{pid}/updates") if u["subject"] == second
    )
    wait_for(
        lambda: served.api("GET", f"/updates/{update['id']}")["status"] == "sent",
        "The second update was not marked sent",
        served,
    )
    assert sorted(m["To"] for m in mails_about(served, second)) == sorted(
        people[k]["email"] for k in ("ada", "dev")
    )


def test_invitees_answer_through_the_rsvp_links_and_the_meeting_counts_the_accepted(
    served, chromium
):
    world = _partnership(served, "Served RSVP Council")
    pid = world["partnership"]["id"]
    people = world["people"]
    starts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=10)).replace(microsecond=0)
    title = f"Machining council {pid}: kick-off"
    meeting = served.api(
        "POST",
        f"/partnerships/{pid}/meetings",
        {
            "title": title,
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=1, minutes=30)).isoformat(),
            "objective": "Agree the two hiring challenges to work on first.",
            "invitee_ids": [people[k]["id"] for k in ("ada", "cora", "dev")],
        },
    )
    page_url = f"/p/{pid}/meetings/{meeting['id']}/"

    def invite(page: Any) -> None:
        sign_in(page)
        page.goto(page_url)
        # Before anyone answers, the check counts who is invited.
        expect(page.locator("#attendance")).to_contain_text(
            "Employers are outnumbered by public partners: 1 employer against 2 public "
            "partners (are invited)."
        )
        page.get_by_role("button", name="Send the invitations").click()
        expect(page.get_by_text("Invitations to 3 invitees are on their way")).to_be_visible()

    chromium.run(invite)
    mails = wait_for_mails(served, title, 3)
    by_person = {
        k: next(m for m in mails if m["To"] == people[k]["email"]) for k in ("ada", "cora", "dev")
    }

    def answer(url: str, name: str, label: str, said: str = "") -> None:
        def scenario(page: Any) -> None:
            page.goto(url)  # a fresh context: nobody is signed in
            expect(page.get_by_role("heading", name=title)).to_be_visible()
            intro = f"{name}, your answer so far: {said}." if said else f"{name}."
            expect(page.get_by_text(intro, exact=True)).to_be_visible()
            page.get_by_role("button", name=label).click()
            status = page.get_by_role("status").filter(has_text="answer")
            if said == label:  # the same link again: recorded once
                expect(status).to_contain_text(
                    f"Your answer “{label}” was already recorded; nothing changed."
                )
            else:
                expect(status).to_contain_text(
                    f"Thank you, {name}: your answer “{label}” is recorded."
                )
            assert "/accounts/signin/" not in page.url

        chromium.run(scenario)

    # The invitation's text names each answer with its link.
    attend_ada = _rsvp(by_person["ada"], "I will attend")
    decline_cora = _rsvp(by_person["cora"], "I can't attend")
    attend_dev = _rsvp(by_person["dev"], "I will attend")
    assert attend_ada != _rsvp(by_person["ada"], "I can't attend")
    answer(attend_ada, "Ada Lovelace", "Will attend")
    answer(decline_cora, "Cora Diaz", "Can't attend")
    answer(attend_dev, "Dev Shah", "Will attend")

    def responses(page: Any) -> None:
        sign_in(page)
        page.goto(page_url)
        expect(page.locator("#rsvp-summary")).to_have_text(
            "Answers to the invitation: 2 will attend, 1 can't attend, 0 no answer yet."
        )
        table = page.locator("#attendance table")
        expect(table.locator("tr", has_text="Ada Lovelace")).to_contain_text("will attend")
        expect(table.locator("tr", has_text="Cora Diaz")).to_contain_text("can't attend")
        # The employer-led check reads the accepted answers before the meeting: Cora
        # (a public partner) declined, so one employer against one public partner.
        expect(page.locator("#attendance")).to_contain_text(
            "Employer-led: 1 employer against 1 public partner (accepted)."
        )

    chromium.run(responses)

    # A link works once per choice; the other link changes the answer until the meeting.
    answer(attend_ada, "Ada Lovelace", "Will attend", said="Will attend")
    answer(_rsvp(by_person["cora"], "I will attend"), "Cora Diaz", "Will attend", "Can't attend")

    def changed(page: Any) -> None:
        sign_in(page)
        page.goto(page_url)
        expect(page.locator("#rsvp-summary")).to_have_text(
            "Answers to the invitation: 3 will attend, 0 can't attend, 0 no answer yet."
        )
        expect(page.locator("#attendance")).to_contain_text(
            "Employers are outnumbered by public partners: 1 employer against 2 public "
            "partners (accepted)."
        )

    chromium.run(changed)
