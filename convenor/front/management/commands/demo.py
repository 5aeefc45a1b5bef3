from __future__ import annotations

import importlib
import os
from collections.abc import Callable

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from convenor.front.demo import DEMO_PASSWORD, DemoContext, demo_base
from convenor.lib.db import analyze


class Command(BaseCommand):
    help = "Create a demo workspace with realistic data, print its sign-ins, and serve the app."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the demo data and exit"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete the demo workspace first and build it again",
        )
        parser.add_argument(
            "--port", type=int, default=None, help="port to serve on (default $PORT or 8000)"
        )

    def handle(self, *args, no_serve, reset, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        ctx = demo_base(reset=reset, stdout=self.stdout)
        if ctx.created:
            self._build_apps(ctx)
        else:
            self.stdout.write("The demo workspace exists already (use --reset to rebuild it).")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo workspace: " + ctx.workspace.name))
        port = port or int(os.environ.get("PORT", "8000"))
        self.stdout.write(
            f"Sign in at http://127.0.0.1:{port}/ with any of these "
            f"(password for all: {DEMO_PASSWORD}):"
        )
        for role, user in ctx.users.items():
            self.stdout.write(f"  {role:<8} {user.email}")
        if not no_serve:
            call_command("serve", "--no-migrate", "--port", str(port))

    def _build_apps(self, ctx: DemoContext) -> None:
        build_apps(ctx, self.stdout.write)


def build_apps(ctx: DemoContext, say: Callable[[str], object] = lambda line: None) -> None:
    """Each app may ship ``demo.py`` with ``build(ctx)``; they run in INSTALLED_APPS order.

    Tests that need the whole demo (the link walker) build it through here, as the
    command does.
    """
    for config in apps.get_app_configs():
        if not config.name.startswith("convenor.") or config.name == "convenor.front":
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        with transaction.atomic():
            module.build(ctx)
        say(f"  demo data: {config.verbose_name}")
    # Freshly loaded tables: give the planner their statistics before anyone reads them.
    analyze(*(m for m in apps.get_models() if m.__module__.startswith("convenor.")))
