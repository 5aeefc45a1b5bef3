from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Convenor with gunicorn on 127.0.0.1:$PORT (8000), with a background task worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default=os.environ.get("HOST", "127.0.0.1"), help="address to bind"
        )
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="port (default $PORT or 8000)",
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background task worker"
        )
        parser.add_argument("--no-migrate", action="store_true", help="skip applying migrations")

    def handle(self, *args, host, port, workers, no_worker, no_migrate, **options):
        if not no_migrate:
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "convenor.settings"),
        }
        env["CONVENOR_DATA_DIR"] = str(settings.DATA_DIR)
        web = [
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
        ]
        procs = [subprocess.Popen(web, env=env)]  # noqa: S603 - fixed argv, our own interpreter
        if not no_worker:
            worker = [sys.executable, "-m", "convenor.cli", "worker", "--interval", "1"]
            procs.append(subprocess.Popen(worker, env=env))  # noqa: S603
        self.stdout.write(
            self.style.SUCCESS(f"Convenor is serving on http://{host}:{port}/ (Ctrl-C stops)")
        )
        try:
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            for p in procs:
                if p.poll() is None:
                    p.send_signal(signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        return None
