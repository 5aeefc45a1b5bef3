"""Browser tests: Playwright driving Debian's chromium (/usr/bin/chromium) against
pytest-django's live server. Never a downloaded browser."""

from __future__ import annotations

import os
import shutil
import threading
import time

import pytest

CHROMIUM = os.environ.get("CONVENOR_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser(live_server):
    """Chromium for the session; it closes before the live server stops (see below)."""
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/debian-packages (make test does)")
    # Playwright's sync API runs an event loop; Django must allow ORM calls beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    _wait_for_requests_to_finish()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _wait_for_requests_to_finish(timeout: float = 10.0) -> None:
    """Let the live server's request threads end before the server stops.

    Chromium keeps connections open after a context closes; their threads end
    only when the browser closes, and each then closes its database
    connection. If the server had stopped first, it would have taken back the
    in-memory SQLite connection it shared, and every such thread would fail.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = [
            t
            for t in threading.enumerate()
            if t.is_alive() and t.name.endswith("(process_request_thread)")
        ]
        if not busy:
            return
        time.sleep(0.02)


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/signin/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
