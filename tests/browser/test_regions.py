"""The region analysis page in a real browser: options, sorting, the trend chart."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.regions.conftest import ohio, region  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_region_analysis_sorts_draws_its_trend_and_names_a_bad_option(page, vic, region):  # noqa: F811
    sign_in(page, vic.email, PASSWORD)
    page.goto(f"/regions/{region.pk}/?year=2020")
    expect(page.locator("#bubble-chart[data-drawn='1']")).to_be_visible(timeout=30000)
    expect(page.locator("#trend-chart[data-drawn='1']")).to_be_visible(timeout=30000)
    # What the bubble chart cannot draw is listed under it, not drawn at 0.
    expect(page.locator("#bubble-left-out")).to_contain_text("Health Care and Social Assistance")
    expect(page.get_by_role("button", name="Snapshot PDF")).to_be_visible()

    # Sorting by employment swaps the table in place (htmx), biggest first.
    page.locator("#industries thead").get_by_role("link", name="Employment").click()
    # The swap has come when the score column is no longer marked as the sort (aria-sort).
    expect(page.locator("#industries thead th[aria-sort]")).to_have_count(0)
    cells = page.locator("#industries tbody tr td:nth-child(4)")
    expect(cells.first).not_to_have_text("n/d")
    figures = [
        int(t.replace("≥", "").replace(",", "").strip())
        for t in cells.all_inner_texts()
        if t.strip() != "n/d"
    ]
    assert figures == sorted(figures, reverse=True)

    # A row's "trend" link redraws the chart for that industry (retail: disclosed in all five).
    # (A sum with a suppressed county, like 62 here, is never drawn.)
    page.locator('tr[data-industry="44-45"]').get_by_role("link", name="trend").click()
    expect(page.locator("#trend-chart[data-drawn='1']")).to_be_visible(timeout=30000)
    expect(page.locator("#trend")).to_contain_text("Show the five best-scored industries")

    # A bad option is refused with the message the API and the command line give.
    page.goto(f"/regions/{region.pk}/?year=2020&level=9")
    expect(page.get_by_role("alert")).to_contain_text("level: '9' is not an industry level")
