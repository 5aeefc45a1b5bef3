"""Contact import on the served app: upload, preview, one click on Import, people listed.

The worker reads the file and imports it; a page that waited for a task the worker never
ran would stay at "Queued" or "Importing" and these tests fail.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.served.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.served, pytest.mark.xdist_group("served")]

# Outlook's export (its header names, abridged): Jordan Lee is an Exchange ("EX") contact,
# whose real address is in "E-mail 2 Address".
OUTLOOK = (
    "First Name,Middle Name,Last Name,Title,Company,Job Title,Business Phone,"
    "E-mail Address,E-mail Type,E-mail 2 Address\r\n"
    "Ada,,Lovelace,,Acme Machining,Plant Manager,614-555-0100,ada@acme.example,SMTP,\r\n"
    "Jordan,,Lee,,Acme Machining,HR Director,614-555-0101,"
    '"/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jlee",'
    "EX,jordan.lee@acme.example\r\n"
    "Raj,,Patel,,Beta Plastics,Owner,,raj@beta.example,SMTP,\r\n"
)


def _upload(page, slug: str, name: str, data: bytes) -> None:
    page.goto(f"/w/{slug}/partners/import/")
    page.get_by_label("CSV or Excel file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload and preview").click()
    # The worker reads the file; the preview polls until it is ready.
    expect(page.locator("#import-state")).to_have_text(re.compile("^Ready"), timeout=90000)


def test_an_outlook_file_is_imported_with_one_click_and_its_people_are_listed(served, chromium):
    def scenario(page) -> None:
        sign_in(page)
        _upload(page, served.slug, "outlook.csv", OUTLOOK.encode("cp1252"))
        expect(page.locator("#import-counts")).to_contain_text("3 rows: 3 valid")
        page.get_by_role("button", name="Import", exact=True).click()
        expect(page.locator("#import-state")).to_have_text("Imported", timeout=90000)
        expect(page.locator("#import-outcome")).to_contain_text("People created3")

        page.goto(f"/w/{served.slug}/partners/people/")
        people = page.locator("table")
        for name in ("Ada Lovelace", "Jordan Lee", "Raj Patel"):
            expect(people).to_contain_text(name)
        # The Exchange contact's address is the one in "E-mail 2 Address".
        expect(people).to_contain_text("jordan.lee@acme.example")
        expect(people).not_to_contain_text("/o=ExchangeLabs")

    chromium.run(scenario)
    people = served.api("GET", f"/workspaces/{served.slug}/people?q=acme.example")
    assert {p["email"] for p in people["items"]} >= {"ada@acme.example", "jordan.lee@acme.example"}


def test_a_changed_setting_is_read_again_and_imported_by_the_same_click(served, chromium):
    linkedin = (
        "Notes:\n"
        '"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."\n'
        "\n"
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Mei,Chen,https://www.linkedin.com/in/meichen,mei@gamma.example,"
        "Gamma College,Dean of Workforce,01 Mar 2026\n"
    )

    def scenario(page) -> None:
        sign_in(page)
        _upload(page, served.slug, "Connections.csv", linkedin.encode())
        expect(page.locator("#import-counts")).to_contain_text("The column names are in row 4")
        page.get_by_label("Category of new organisations").select_option("education")
        page.get_by_role("button", name="Import", exact=True).click()
        # The file is read again with the new category, then imported: no second click.
        expect(page.locator("#import-state")).to_have_text("Imported", timeout=90000)
        page.goto(f"/w/{served.slug}/partners/people/?q=Mei")
        expect(page.locator("table")).to_contain_text("Gamma College")

    chromium.run(scenario)
    orgs = served.api("GET", f"/workspaces/{served.slug}/organisations?q=Gamma")
    assert [(o["name"], o["category"]) for o in orgs["items"]] == [("Gamma College", "education")]


def test_the_api_imports_with_one_call_carrying_the_mapping(served):
    """``POST /api/imports/{id}/run`` with the mapping the preview suggested imports at once:
    it used to answer 422 ("reading the file") and only a second call imported."""
    batch = served.upload_contacts(
        "api.csv", b"Name,Company,Email\r\nNia Brooks,Epsilon Foods,nia@epsilon.example\r\n"
    )

    def status() -> dict:
        return served.api("GET", f"/imports/{batch['id']}")

    deadline = time.monotonic() + 90
    while (batch := status())["status"] == "queued" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert batch["status"] == "ready", served.log_tail()
    run = served.api(
        "POST", f"/imports/{batch['id']}/run", {"mapping": batch["mapping"], "version": 1}
    )
    assert run["status"] == "importing"
    while (batch := status())["status"] == "importing" and time.monotonic() < deadline + 90:
        time.sleep(0.5)
    assert (batch["status"], batch["counts"]["people_created"]) == ("imported", 1)
    people = served.api("GET", f"/workspaces/{served.slug}/people?q=Nia")
    assert [p["email"] for p in people["items"]] == ["nia@epsilon.example"]
