"""The served app under test: the real ``convenor serve`` (gunicorn and its task worker).

pytest-django's live server runs in the test process and the suite runs tasks at once,
which hid flows that never finish when a separate worker runs them (issue 11). Here one
``convenor serve`` per test session runs as in production: its own SQLite database and
data directory (a temporary one), django-tasks' database backend, the worker it starts,
e-mail written to files (``EMAIL_FILE_PATH``, the outbox). Chromium drives it.

Playwright's sync API allows one instance per thread, and tests/browser holds one on the
main thread for its whole session: so this Chromium lives in a thread of its own, and a
test hands it a scenario, ``chromium.run(lambda page: ...)``, run there on a fresh page.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_string
from email.message import Message
from pathlib import Path
from typing import Any, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CONVENOR_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "served-app correct horse"
OWNER = "owner@served.example"
START_TIMEOUT = 120.0  # seconds for gunicorn and the worker to come up on a loaded machine
T = TypeVar("T")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running ``convenor serve``: where it answers, its data, and a way to arrange data
    through its API (as a script would) while the browser does what a user does."""

    url: str
    data_dir: Path
    outbox: Path
    log: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    slug: str = ""
    token: str = ""
    owner: str = OWNER
    password: str = PASSWORD
    notes: list[str] = field(default_factory=list)

    def convenor(self, *args: str) -> str:
        """Run the convenor command on the served app's data; its output."""
        done = subprocess.run(
            [sys.executable, "-m", "convenor.cli", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        if done.returncode:
            raise AssertionError(f"convenor {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call the served API as the owner; the decoded answer (an error raises, with it)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
            f"{self.url}/api{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"{method} {path}: {exc.code} {exc.read()[:2000]!r}") from None
        return json.loads(raw) if raw else None

    def upload_contacts(self, name: str, data: bytes) -> Any:
        """Upload a contact file through the API, as a script would; the new import."""
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(  # noqa: S310 - 127.0.0.1
            f"{self.url}/api/workspaces/{self.slug}/imports",
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": f"multipart/form-data; boundary={boundary}",
            },
        )
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
            return json.loads(answer.read())

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def alive(self) -> bool:
        return self.process.poll() is None

    def processes(self) -> list[Process]:
        """The live processes of serve's session (serve, gunicorn, the task worker)."""
        return _session(self.process.pid)

    def task_workers(self) -> list[int]:
        """Process ids of the running task worker (``convenor worker``; one when healthy)."""
        return [
            p.pid
            for p in self.processes()
            if p.ppid == self.process.pid and "convenor.cli" in p.argv and "worker" in p.argv
        ]

    def web_workers(self) -> list[int]:
        """Process ids of gunicorn's web workers (the children of its master)."""
        masters = {
            p.pid
            for p in self.processes()
            if p.ppid == self.process.pid and any("gunicorn" in a for a in p.argv)
        }
        return [p.pid for p in self.processes() if p.ppid in masters]


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    group: int
    session: int
    state: str
    argv: tuple[str, ...]


def _processes() -> list[Process]:
    """Every process of this machine, from /proc (gone ones are skipped)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
        state, ppid, group, session = stat[stat.rindex(")") + 2 :].split()[:4]
        found.append(
            Process(
                int(entry.name),
                int(ppid),
                int(group),
                int(session),
                state,
                tuple(a.decode(errors="replace") for a in argv if a),
            )
        )
    return found


def _environment(data_dir: Path, url: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # The test process's own choices (a PostgreSQL run, other stores) are not the app's.
        if not k.startswith(("CONVENOR_", "DATABASE_", "EMAIL_", "TASKS_", "PYTEST_"))
        and k not in ("SITE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "WEB_CONCURRENCY")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="convenor.settings",
        CONVENOR_DATA_DIR=str(data_dir),
        DATABASE_URL=f"sqlite:///{data_dir / 'convenor.sqlite3'}",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(data_dir / "outbox"),
        SITE_URL=url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CONVENOR_PRODUCTION="0",
        DEBUG="0",
        PYTHONUNBUFFERED="1",
        # gunicorn's own setting, not serve's: on a loaded test machine a web worker's first
        # request (importing the whole app) outlasted the default 30 s and was killed, again
        # and again. Production keeps the default.
        GUNICORN_CMD_ARGS="--timeout 180",
    )
    return env


def _wait_until_it_answers(served: Served) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if not served.alive():
            raise RuntimeError(
                f"convenor serve exited ({served.process.returncode}):\n{served.log_tail()}"
            )
        try:
            with urllib.request.urlopen(f"{served.url}/accounts/signin/", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError(
        f"convenor serve did not answer in {START_TIMEOUT:.0f} s:\n{served.log_tail()}"
    )


def _session(sid: int) -> list[Process]:
    """The live processes of session ``sid``."""
    return [p for p in _processes() if p.session == sid and p.state not in "ZX"]


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop serve with its whole session (gunicorn, which has a process group of its own,
    its workers, the task worker)."""
    for sig, wait in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 10.0)):
        process.poll()
        members = _session(process.pid)
        if not members:
            return
        for member in members:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(member.pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            process.poll()
            if not _session(process.pid):
                return
            time.sleep(0.2)


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``convenor serve`` on a free 127.0.0.1 port, migrated first, with one owner and a
    workspace; stopped with its process group at the end, even when a test failed."""
    data_dir = tmp_path_factory.mktemp("served")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = _environment(data_dir, url)
    log = data_dir / "serve.log"
    setup = Served(url, data_dir, data_dir / "outbox", log, env, process=None)  # type: ignore[arg-type]
    setup.convenor("migrate", "--no-input")
    created = setup.convenor(
        "createuser",
        OWNER,
        "--name",
        "Olivia Owner",
        "--password",
        PASSWORD,
        "--new-workspace",
        "Served Workforce Board",
    )
    slug = created.rsplit("(", 1)[1].split(")", 1)[0]
    token = (
        setup.convenor("token", "create", OWNER, "--name", "served tests").strip().splitlines()[-1]
    )
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "convenor.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                "2",
                "--no-migrate",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own session: stopped as a whole
        )
    served = Served(url, data_dir, data_dir / "outbox", log, env, process, slug=slug, token=token)
    try:
        _wait_until_it_answers(served)
        yield served
    finally:
        _stop(process)


class Chromium:
    """Debian's chromium, driven from a thread of its own (see the module's docstring)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.jobs: queue.Queue[tuple[Callable[[Any], Any], dict[str, Any]] | None] = queue.Queue()
        self.started = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._loop, name="served-chromium", daemon=True)
        self.thread.start()
        self.started.wait(120)
        if self.failure is not None:
            raise self.failure

    def _loop(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
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
                self.started.set()
                while (job := self.jobs.get()) is not None:
                    scenario, outcome = job
                    context = browser.new_context(
                        base_url=self.base_url, viewport={"width": 1200, "height": 900}
                    )
                    page = context.new_page()
                    page.set_default_timeout(20000)
                    try:
                        outcome["value"] = scenario(page)
                    except BaseException as exc:  # handed to the test's thread
                        outcome["error"] = exc
                    finally:
                        context.close()
                        outcome["done"].set()
                browser.close()
        except BaseException as exc:
            self.failure = exc
            self.started.set()

    def run(self, scenario: Callable[[Any], T], timeout: float = 600) -> T:
        """Run ``scenario(page)`` on a fresh page of the served app; its value or its error."""
        outcome: dict[str, Any] = {"done": threading.Event()}
        self.jobs.put((scenario, outcome))
        if not outcome["done"].wait(timeout):
            raise TimeoutError(f"the browser scenario did not end in {timeout:.0f} s")
        if "error" in outcome:
            raise outcome["error"]
        return outcome["value"]

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join(30)


@pytest.fixture(scope="session")
def chromium(served: Served) -> Iterator[Chromium]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/debian-packages (make test does)")
    browser = Chromium(served.url)
    try:
        yield browser
    finally:
        browser.close()


def sign_in(page: Any, email: str = OWNER, password: str = PASSWORD) -> None:
    page.goto("/accounts/signin/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/signin/" not in url)


def wait_for(check: Callable[[], T], what: str, served: Served, timeout: float = 90) -> T:
    """Poll ``check`` until it returns something true; fail naming ``what`` and the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(
        f"{what} within {timeout:.0f} s. The served app's log:\n{served.log_tail()}"
    )


def outbox(served: Served) -> list[Message]:
    """Every e-mail the served app wrote to its outbox, oldest file first (the file
    backend writes one file per connection, its messages separated by 79 dashes)."""
    if not served.outbox.exists():
        return []
    mails = []
    for path in sorted(served.outbox.iterdir(), key=lambda p: (p.stat().st_mtime, p.name)):
        for part in path.read_text(errors="replace").split("-" * 79):
            if part.strip():
                mails.append(message_from_string(part.strip()))
    return mails


def mails_about(served: Served, subject: str) -> list[Message]:
    """The outbox's messages whose subject holds ``subject``."""
    return [m for m in outbox(served) if subject in str(m["Subject"])]


def text_of(mail: Message) -> str:
    """The plain-text part of a message, decoded."""
    for part in mail.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"no text part in the message to {mail['To']}")


def link_in(mail: Message, path: str) -> str:
    """The one link of the message's text whose path starts with ``path`` (e.g. "/rsvp/")."""
    links = sorted(set(re.findall(r"https?://[^\s<>\"]+", text_of(mail))))
    found = [u for u in links if urllib.parse.urlsplit(u).path.startswith(path)]
    assert len(found) == 1, f"expected one {path} link to {mail['To']}, found {found or links}"
    return found[0]


def wait_for_mails(served: Served, subject: str, count: int, timeout: float = 90) -> list[Message]:
    """The outbox's messages about ``subject`` once there are ``count`` of them (the worker
    sends them); fails naming the subject and showing the log."""

    def found() -> list[Message]:
        mails = mails_about(served, subject)
        return mails if len(mails) >= count else []

    return wait_for(found, f"The worker did not send “{subject}” {count} time(s)", served, timeout)
