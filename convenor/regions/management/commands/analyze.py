"""``convenor analyze``: a region's industry analysis from loaded QCEW data.

A thin wrapper over :func:`convenor.analysis.analyze_cli.analyze_main` (no Django
needed there), reading from the ``QCEW_DIR`` setting.
"""

from __future__ import annotations

import argparse

from django.conf import settings

from convenor.analysis.analyze_cli import analyze_main, analyze_parser
from convenor.regions.management.commands.qcew import PassThroughCommand


class Command(PassThroughCommand):
    help = (
        "Industry analysis of a region: employment, wages, LQ, change, shift-share and a "
        "target-industry score, one row per industry."
    )

    def engine_parser(self) -> argparse.ArgumentParser:
        return analyze_parser()

    def run(self, argv: list[str]) -> int:
        return analyze_main(argv, qcew_dir=settings.QCEW_DIR)
