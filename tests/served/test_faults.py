"""Faults on the served app: a killed task worker or web worker never takes the site down,
and a job whose worker was killed says so and runs again to the end (issue 16, §1 and §2).

The processes are those ``convenor serve`` started (its process group, read from /proc);
each is killed with SIGKILL, as the out-of-memory killer or a power cut would, so nothing
of theirs gets to clean up.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.served.conftest import PASSWORD, Served, sign_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.served, pytest.mark.xdist_group("served")]

# 49 first and 49 last names: every pair once per organisation.
FIRST = [
    a + b
    for a in ("Mar", "Jo", "El", "An", "Ro", "Sa", "Li")
    for b in ("a", "y", "ie", "en", "is", "on", "ia")
]
LAST = [
    a + b
    for a in ("Hol", "Bar", "Whit", "Carl", "Fen", "Ash", "Brook")
    for b in ("ton", "ley", "wood", "field", "ridge", "ford", "more")
]
DOMAIN = "faults-import.example"
VALID = 40_000  # rows: enough that the worker is still writing them when it is killed
REJECT_EVERY = 2_000  # a malformed e-mail after every 2,000th valid row
PER_ORGANISATION = len(FIRST) * len(LAST)  # every name once per organisation


def _big_file() -> tuple[bytes, int, int, int]:
    """A CSV of ``VALID`` new people (unique names per organisation, unique e-mails) and a
    few rows that are rejected; (its bytes, valid rows, rejected rows, organisations)."""
    lines = ["Name,Company,Title,Email"]
    rejected = 0
    for i in range(VALID):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        company = f"Faultline {LAST[i // PER_ORGANISATION]} Works"
        lines.append(f"{first} {last},{company},Operator,{first}.{last}.{i}@{DOMAIN}".lower())
        if (i + 1) % REJECT_EVERY == 0:
            lines.append(f"Bad Row,{company},Operator,not-an-address")
            rejected += 1
    organisations = -(-VALID // PER_ORGANISATION)
    return ("\r\n".join(lines) + "\r\n").encode(), VALID, rejected, organisations


@pytest.fixture(scope="module")
def apart(served: Served) -> Served:
    """The served app as the owner of a workspace of its own: 40,000 people in the shared
    one made the other served tests' meeting page (which offers every person) time out."""
    email = "faults@served.example"
    created = served.convenor(
        "createuser",
        email,
        "--name",
        "Fay Faults",
        "--password",
        PASSWORD,
        "--new-workspace",
        "Faults Workforce Board",
    )
    slug = created.rsplit("(", 1)[1].split(")", 1)[0]
    token = served.convenor("token", "create", email, "--name", "fault tests")
    return dataclasses.replace(served, slug=slug, token=token.strip().splitlines()[-1], owner=email)


def _warm(served: Served) -> None:
    """Two requests at a time, three times, so that each new web worker has loaded the
    app before the next test's browser waits on it (its first request takes seconds)."""

    def get(_: int) -> int:
        with urllib.request.urlopen(f"{served.url}/accounts/signin/", timeout=120) as answer:  # noqa: S310
            return int(answer.status)

    with ThreadPoolExecutor(2) as pool:
        for _ in range(3):
            assert list(pool.map(get, range(2))) == [200, 200]


def _import(served: Served, import_id: int) -> dict[str, Any]:
    return served.api("GET", f"/imports/{import_id}")


def _settled(served: Served, import_id: int, pending: tuple[str, ...], timeout: float) -> dict:
    """The import once its status has left ``pending``."""

    def check() -> dict[str, Any] | None:
        batch = _import(served, import_id)
        return None if batch["status"] in pending else batch

    return wait_for(check, f"Import {import_id} stayed {'/'.join(pending)}", served, timeout)


def _count(served: Served, what: str, query: str) -> int:
    answer = served.api("GET", f"/workspaces/{served.slug}/{what}?q={query}&limit=1")
    return int(answer["count"])


def _one_task_worker(served: Served, timeout: float = 60) -> int:
    """The pid of the one running task worker (waiting for serve to start it)."""

    def one() -> list[int]:
        pids = served.task_workers()
        return pids if len(pids) == 1 else []

    return wait_for(one, "There was no single running task worker", served, timeout)[0]


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] in "ZX"
    except OSError:
        return True


class Watch:
    """Requests the sign-in page over and over in a thread while a test kills processes;
    ``kill`` waits for the request in flight to end, so an answer can only fail because
    the site stopped answering, never because a request was cut in half by the test."""

    def __init__(self, served: Served) -> None:
        self.url = f"{served.url}/accounts/signin/"
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.answers: list[int | str] = []
        self.thread = threading.Thread(target=self._loop, name="served-watch", daemon=True)

    def _loop(self) -> None:
        while not self.done.is_set():
            with self.lock:
                try:
                    with urllib.request.urlopen(self.url, timeout=30) as answer:  # noqa: S310
                        self.answers.append(answer.status)
                except urllib.error.HTTPError as exc:
                    self.answers.append(exc.code)
                except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                    self.answers.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.1)

    def kill(self, pid: int) -> None:
        with self.lock:
            _kill(pid)

    def failures(self) -> list[int | str]:
        return [a for a in self.answers if a != 200]


@contextmanager
def watching(served: Served) -> Iterator[Watch]:
    watch = Watch(served)
    watch.thread.start()
    try:
        yield watch
    finally:
        watch.done.set()
        watch.thread.join(60)


def test_a_contact_import_killed_with_its_worker_fails_and_runs_again_to_the_end(apart, chromium):
    served = apart
    data, valid, rejected, organisations = _big_file()
    batch = served.upload_contacts("faults.csv", data)
    batch = _settled(served, batch["id"], ("queued",), timeout=240)
    assert (batch["status"], batch["counts"]["valid"], batch["counts"]["rejected"]) == (
        "ready",
        valid,
        rejected,
    ), batch["error"]
    worker = _one_task_worker(served)
    recovered = "failed 1 task a stopped worker left running"
    recoveries = served.log.read_text(errors="replace").count(recovered)

    served.api("POST", f"/imports/{batch['id']}/run", {"version": batch["version"]})

    def writing() -> dict[str, Any] | None:
        now = _import(served, batch["id"])
        assert now["status"] == "importing", f"the import ended before the kill: {now}"
        return now if now["counts"].get("written", 0) >= 2_000 else None

    wait_for(writing, "The import did not write its first rows", served, timeout=120)
    _kill(worker)
    wait_for(lambda: _gone(worker), f"Task worker {worker} outlived SIGKILL", served, 30)

    # The import says its worker stopped, at once (pages and the API check the lease),
    # and what the stopped run had written is counted.
    stopped = _import(served, batch["id"])
    assert (stopped["status"], stopped["can_run_again"]) == ("failed", True), stopped
    assert "The background worker stopped while this was running" in stopped["error"]
    written = re.search(r"It had written (\d+) people", stopped["error"])
    assert written, stopped["error"]
    assert 0 < int(written[1]) < valid, stopped["error"]

    # serve starts a new worker, and the site still answers.
    new_worker = _one_task_worker(served)
    assert new_worker != worker
    assert "The task worker stopped (killed by SIGKILL)" in served.log.read_text(errors="replace")
    assert _import(served, batch["id"])["status"] == "failed"
    # Its sweep at start failed the task the killed worker had left running.
    wait_for(
        lambda: served.log.read_text(errors="replace").count(recovered) > recoveries,
        "The new worker did not sweep the killed worker's task",
        served,
        30,
    )

    def scenario(page) -> None:
        sign_in(page, served.owner)
        page.goto(f"/w/{served.slug}/partners/import/{batch['id']}/")
        expect(page.get_by_role("alert")).to_contain_text(
            "The background worker stopped while this was running"
        )
        page.get_by_role("button", name="Run it again").click()
        # The new worker imports it; the page polls until it is done.
        expect(page.locator("#import-state")).to_have_text("Imported", timeout=300_000)
        expect(page.locator("#import-outcome")).to_contain_text(f"People created{valid}")
        expect(page.locator("#import-outcome")).to_contain_text(f"Rows rejected{rejected}")
        page.goto(f"/w/{served.slug}/partners/people/?q={DOMAIN}")
        expect(page.locator("main")).to_contain_text(f"{valid} people")
        expect(page.locator("#people-list")).to_contain_text(f"@{DOMAIN}")

    chromium.run(scenario)

    # Nothing half-written: each valid row once, no row of the stopped run left over
    # (it would be a duplicate of itself, skipped, and "people created" would be short).
    done = _import(served, batch["id"])
    assert done["status"] == "imported"
    assert (done["counts"]["people_created"], done["counts"]["duplicate"]) == (valid, 0)
    assert done["counts"]["organisations_created"] == organisations
    assert _count(served, "people", DOMAIN) == valid
    assert _count(served, "organisations", "Faultline") == organisations


def test_a_task_worker_killed_while_idle_is_started_again_and_does_the_work_queued_next(apart):
    served = apart
    worker = _one_task_worker(served)
    stops = served.log.read_text(errors="replace").count("The task worker stopped")
    small = (
        b"Name,Company,Email\r\n"
        b"Iris Okafor,Lattice Tooling,iris@after-kill.example\r\n"
        b"Tom Brandt,Lattice Tooling,tom@after-kill.example\r\n"
    )
    with watching(served) as watch:
        time.sleep(1)
        watch.kill(worker)
        wait_for(lambda: _gone(worker), f"Task worker {worker} outlived SIGKILL", served, 30)
        # Work queued at once waits for the worker serve starts next.
        batch = served.upload_contacts("after-kill.csv", small)
        new_worker = _one_task_worker(served)
        batch = _settled(served, batch["id"], ("queued",), timeout=120)
        assert batch["status"] == "ready", batch["error"]
        served.api("POST", f"/imports/{batch['id']}/run", {"version": batch["version"]})
        batch = _settled(served, batch["id"], ("importing",), timeout=120)
    assert new_worker != worker
    log = served.log.read_text(errors="replace")
    assert log.count("The task worker stopped (killed by SIGKILL)") == stops + 1, log[-3000:]
    assert f"Restarted the task worker (pid {new_worker})." in log
    assert (batch["status"], batch["counts"]["people_created"]) == ("imported", 2), batch
    assert _count(served, "people", "after-kill.example") == 2
    # The web answered every request while the worker was down and coming back.
    assert len(watch.answers) >= 5
    assert watch.failures() == [], watch.failures()


def test_a_killed_web_worker_is_replaced_and_the_site_keeps_answering(served):
    def two() -> list[int]:
        pids = served.web_workers()
        return pids if len(pids) == 2 else []

    before = wait_for(two, "gunicorn did not run its two web workers", served, 60)
    victim = before[0]
    with watching(served) as watch:
        time.sleep(1)
        watch.kill(victim)

        def replaced() -> list[int]:
            pids = two()
            return pids if pids and victim not in pids else []

        after = wait_for(replaced, f"gunicorn did not replace web worker {victim}", served, 120)
        # Requests after the replacement too, served by either worker.
        seen = len(watch.answers)
        wait_for(lambda: len(watch.answers) >= seen + 10, "The watch stalled", served, 60)
    assert set(after) - set(before), (before, after)
    assert watch.failures() == [], watch.failures()
    _warm(served)
    assert served.alive()
    assert _count(served, "people", "no-such-person.example") == 0


def test_a_killed_web_server_is_started_again_by_serve_at_the_first_try(served):
    """gunicorn's master itself killed: ``convenor serve`` stops what it left behind and
    starts the web server again, and that first start answers. (Its web workers used to
    outlive it holding the port, until they noticed, and every restart meanwhile failed
    to bind: the site was down for half gunicorn's timeout and more.)"""

    def masters() -> list[int]:
        return [
            p.pid
            for p in served.processes()
            if p.ppid == served.process.pid and any("gunicorn" in a for a in p.argv)
        ]

    (master,) = masters()
    task_worker = _one_task_worker(served)
    stops = served.log.read_text(errors="replace").count("The web server stopped")
    _kill(master)
    wait_for(lambda: _gone(master), "gunicorn outlived SIGKILL", served, 30)

    def restarted() -> int | None:
        log = served.log.read_text(errors="replace")
        found = re.findall(r"Restarted the web server \(pid (\d+)\)", log)
        return int(found[-1]) if found else None

    new_master = wait_for(restarted, "serve did not start the web server again", served, 60)

    def answering() -> bool:
        # The new web workers, not the old ones on their way out, answer.
        if len(served.web_workers()) != 2:
            return False
        try:
            return served.api("GET", f"/workspaces/{served.slug}/people?limit=1") is not None
        except (AssertionError, OSError):
            return False

    wait_for(answering, "The site did not answer again after its web server was killed", served)
    _warm(served)
    assert served.alive()
    log = served.log.read_text(errors="replace")
    assert "The web server stopped (killed by SIGKILL)" in log, log[-3000:]
    # The first start after the kill is the one serving: no start failed on the port.
    assert log.count("The web server stopped") == stops + 1, log[-3000:]
    assert new_master != master and masters() == [new_master]
    # The task worker was left alone.
    assert served.task_workers() == [task_worker]
