"""``convenor qcew``: load BLS QCEW data (ingest files, fetch from BLS, list).

A thin wrapper: the options, help and behaviour are those of
:func:`convenor.analysis.cli.qcew_main`, which needs no Django; this command
only supplies the ``QCEW_DIR`` and ``QCEW_BASE_URL`` settings.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from convenor.analysis.cli import qcew_main, qcew_parser


class _PassThrough(CommandParser):
    """Hands every argument, options included, to the engine's own parser."""

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        return argparse.Namespace(
            args=list(args or []),
            verbosity=1,
            settings=None,
            pythonpath=None,
            traceback=False,
            no_color=False,
            force_color=False,
            skip_checks=True,
        )


class PassThroughCommand(BaseCommand):
    """A management command whose arguments are parsed by a Django-free CLI function."""

    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return _PassThrough(prog=f"{prog_name} {subcommand}", add_help=False)

    def print_help(self, prog_name: str, subcommand: str) -> None:
        self.engine_parser().print_help()

    def engine_parser(self) -> argparse.ArgumentParser:
        raise NotImplementedError

    def run(self, argv: list[str]) -> int:
        raise NotImplementedError

    def handle(self, *args: str, **options: Any) -> None:
        code = self.run([str(a) for a in args])
        if code:
            # The engine already printed a one-line reason on stderr.
            raise SystemExit(code)


class Command(PassThroughCommand):
    help = "Load BLS QCEW data: ingest CSV files, fetch them from BLS, list what is stored."

    def engine_parser(self) -> argparse.ArgumentParser:
        return qcew_parser()

    def run(self, argv: list[str]) -> int:
        return qcew_main(argv, qcew_dir=settings.QCEW_DIR, base_url=settings.QCEW_BASE_URL)
