"""``convenor serve``: gunicorn and the background task worker, kept running.

The web server is gunicorn (it restarts its own web workers). This command supervises
gunicorn and the task worker: a child that dies is started again after a pause that
doubles with each quick failure (1 s, 2 s, 4 s ... 60 s), so one failed process never
takes the site down. Only a web server that cannot start at all (a port in use) ends
the command.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from convenor.lib.words import counted

# A child that ran this long is healthy again: its next failure restarts it at once.
HEALTHY_AFTER = 60.0
MAX_BACKOFF = 60.0


def cores() -> int:
    """CPU cores this process may use (its affinity, which honours cpusets)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def default_web_workers() -> int:
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else cores()


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    backoff: float = 0.0
    due_at: float | None = None  # when to start it again
    # In a process group of its own, so what it leaves behind when it is killed goes with
    # it: gunicorn's web workers outlive a killed master and hold the port until they
    # notice (half gunicorn's timeout), and every restart meanwhile failed to bind.
    own_group: bool = False

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own argv
            self.argv, env=self.env, process_group=0 if self.own_group else None
        )
        self.started_at = time.monotonic()
        self.due_at = None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.running():
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.clear_group()

    def clear_group(self) -> None:
        """Kill what is left of its process group once it has stopped."""
        if self.own_group and self.process is not None and self.process.poll() is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)


def _exit_reason(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class Command(BaseCommand):
    help = (
        "Serve Convenor with gunicorn on 127.0.0.1:$PORT (8000), one web worker per CPU core, "
        "with a background task worker that is restarted if it stops."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--host", default=os.environ.get("HOST", "127.0.0.1"), help="address to bind"
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="port (default $PORT or 8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="gunicorn web worker processes (default $WEB_CONCURRENCY, else one per CPU "
            f"core: {default_web_workers()} here)",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background task worker"
        )
        parser.add_argument("--no-migrate", action="store_true", help="skip applying migrations")

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        workers = options["workers"] or default_web_workers()
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        if not options["no_migrate"]:
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "convenor.settings"),
            "CONVENOR_DATA_DIR": str(settings.DATA_DIR),
        }
        web = Child(
            "web server",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "convenor.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
            ],
            env,
            own_group=True,
        )
        children = [web]
        if not options["no_worker"]:
            children.append(
                Child(
                    "task worker",
                    [sys.executable, "-m", "convenor.cli", "worker", "--interval", "1"],
                    env,
                )
            )
        for child in children:
            child.start()
        source = (
            "--workers"
            if options["workers"]
            else ("$WEB_CONCURRENCY" if os.environ.get("WEB_CONCURRENCY") else "one per CPU core")
        )
        self.stdout.write(
            self.style.SUCCESS(f"Convenor is serving on http://{host}:{port}/ (Ctrl-C stops)")
        )
        self.stdout.write(f"  {counted(workers, 'web worker')} ({source}; --workers changes it)")
        for child in children[1:]:
            assert child.process is not None
            self.stdout.write(f"  {child.name}: pid {child.process.pid}")
        self.stdout.flush()

        def _stop(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            while True:
                time.sleep(0.2)
                for child in children:
                    self._supervise(child, first=child is web)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            for child in children:
                child.stop()
            for child in children:
                child.wait(timeout=10)

    def _supervise(self, child: Child, *, first: bool) -> None:
        now = time.monotonic()
        if child.due_at is not None:
            if now >= child.due_at:
                child.start()
                assert child.process is not None
                self.stdout.write(f"Restarted the {child.name} (pid {child.process.pid}).")
                self.stdout.flush()
            return
        if child.running():
            return
        assert child.process is not None
        child.clear_group()
        code = child.process.returncode
        lived = now - child.started_at
        if first and child.restarts == 0 and lived < 5 and code not in (None, 0) and code > 0:
            # gunicorn exits at once when it cannot bind: nothing to supervise.
            raise CommandError(
                f"The web server did not start ({_exit_reason(code)}); is the port in use?"
            )
        child.backoff = (
            0.0 if lived > HEALTHY_AFTER else min(MAX_BACKOFF, max(1.0, child.backoff * 2))
        )
        child.restarts += 1
        child.due_at = now + child.backoff
        self.stderr.write(
            f"The {child.name} stopped ({_exit_reason(code)}); starting it again"
            + (f" in {child.backoff:.0f} s." if child.backoff else ".")
        )
        self.stderr.flush()
