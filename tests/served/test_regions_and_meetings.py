"""QCEW upload to a region analysis, and meeting invitations to the outbox, on the served
app: the worker ingests the file and sends the e-mails, or these tests fail."""

from __future__ import annotations

import datetime as dt
import re
from email import message_from_string
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.served.conftest import sign_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.served, pytest.mark.xdist_group("served")]

HOCKING = (
    Path(__file__).resolve().parents[2]
    / "convenor/regions/demo_data/qcew/central-ohio-2020/morpc-qcew-2020-a-39073.csv"
)


def test_an_uploaded_qcew_file_is_ingested_and_analysed_for_a_region(served, chromium):
    def upload(page) -> None:
        sign_in(page)
        page.goto(f"/w/{served.slug}/regions/")
        page.get_by_label("QCEW file").set_input_files(str(HOCKING))
        page.get_by_role("button", name="Upload and ingest").click()
        # The worker ingests it; the row polls until it is done.
        row = page.locator("li[id^='upload-']", has_text=HOCKING.name)
        expect(row.locator(".badge")).to_have_text(re.compile("^Done"), timeout=120000)
        expect(row).to_contain_text("2020-a")

    chromium.run(upload)
    region = served.api(
        "POST", f"/workspaces/{served.slug}/regions", {"name": "Hocking", "area_codes": "39073"}
    )

    def analyse(page) -> None:
        sign_in(page)
        page.goto(f"/regions/{region['id']}/?year=2020")
        # Accommodation and food services: 1,090 jobs in Hocking County in 2020 (BLS).
        expect(page.locator('#industries tr[data-industry="72"]')).to_contain_text("1,090")
        expect(page.locator('#industries tr[data-industry="62"]')).to_contain_text("639")

    chromium.run(analyse)


def _outbox(served) -> list:
    """Every e-mail the served app wrote to its outbox (one file per connection)."""
    if not served.outbox.exists():
        return []
    mails = []
    for path in sorted(served.outbox.iterdir()):
        # The file backend separates messages with a line of 79 dashes.
        for part in path.read_text().split("-" * 79):
            if part.strip():
                mails.append(message_from_string(part.strip()))
    return mails


def test_meeting_invitations_reach_the_outbox(served, chromium):
    partnership = served.api(
        "POST",
        f"/workspaces/{served.slug}/partnerships",
        {"name": "Served Healthcare Council", "industry_naics": "62"},
    )
    org = served.api(
        "POST",
        f"/workspaces/{served.slug}/organisations",
        {"name": "Riverside Hospital", "category": "employer"},
    )
    invitees = [
        served.api(
            "POST",
            f"/workspaces/{served.slug}/people",
            {"name": name, "email": email, "organisation_id": org["id"]},
        )
        for name, email in (
            ("Carla Ruiz", "carla@riverside.example"),
            ("Dev Shah", "dev@riverside.example"),
        )
    ]
    starts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=14)).replace(microsecond=0)
    meeting = served.api(
        "POST",
        f"/partnerships/{partnership['id']}/meetings",
        {
            "title": "Nursing pipeline: first meeting",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
            "objective": "Agree the two hiring challenges to work on first.",
            "invitee_ids": [p["id"] for p in invitees],
        },
    )
    before = len(_outbox(served))

    def invite(page) -> None:
        sign_in(page)
        page.goto(f"/p/{partnership['id']}/meetings/{meeting['id']}/")
        page.get_by_role("button", name="Send the invitations").click()
        expect(page.get_by_text("Invitations to 2 invitees are on their way")).to_be_visible()

    chromium.run(invite)
    wait_for(
        lambda: len(_outbox(served)) - before >= 2,
        "The worker did not write both invitations to the outbox",
        served,
    )
    mails = _outbox(served)[before:]
    assert sorted(m["To"] for m in mails) == ["carla@riverside.example", "dev@riverside.example"]
    for mail in mails:
        assert "Nursing pipeline: first meeting" in mail["Subject"]
        calendar = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
        assert calendar, "the invitation carries no calendar part"
        ics = calendar[0].get_payload(decode=True).decode()
        assert "BEGIN:VEVENT" in ics and "Agree the two hiring challenges" in mail.as_string()

    def sent(page) -> None:
        sign_in(page)
        page.goto(f"/p/{partnership['id']}/meetings/{meeting['id']}/")
        expect(page.locator("#invite-h + p")).to_contain_text("Last sent")

    chromium.run(sent)
