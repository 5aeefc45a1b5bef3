"""``convenor occupations``: the occupations of a region's target industry.

A thin wrapper: the options, help and behaviour are those of
:func:`convenor.analysis.occupations.cli.main`, which needs no Django; this command
only supplies the ``LABOUR_DIR`` and ``QCEW_DIR`` settings.
"""

from __future__ import annotations

import argparse

from django.conf import settings

from convenor.analysis.occupations.cli import build_parser, main
from convenor.regions.management.commands.qcew import PassThroughCommand


class Command(PassThroughCommand):
    help = (
        "Occupations of a region's target industry: ingest OEWS, EP, CIP-SOC, ACS and QWI "
        "files; estimated jobs, wages, projections, critical occupations, supply and gaps."
    )

    def engine_parser(self) -> argparse.ArgumentParser:
        return build_parser()

    def run(self, argv: list[str]) -> int:
        return main(argv, labour_dir=settings.LABOUR_DIR, qcew_dir=settings.QCEW_DIR)
