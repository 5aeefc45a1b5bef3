"""Labour stores for the Django tests: each set of real files is ingested once per test
process and copied into a test's ``settings.LABOUR_DIR`` (the web reads it, never writes)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from convenor.analysis.occupations.ingest import ingest
from tests.occupations.helpers import (
    B15003,
    B23025,
    CIP_LIST,
    CROSSWALK,
    EP_2024,
    NATIONAL,
    NATSECTOR,
    TIMESERIES,
)

# The OEWS national-by-sector staffing patterns (31-33, 54, 62): enough for an analysis.
PATTERN = (NATSECTOR,)
# Everything a partnership page uses: patterns, Columbus/Ohio/U.S. wages, EP 2024-34, the
# crosswalk and CIP list, ACS attainment and employment status of Ohio's counties.
FULL = (
    NATSECTOR,
    NATIONAL,
    TIMESERIES.parent,  # the time series with its oe.occupation and oe.area companions
    EP_2024,
    CROSSWALK,
    CIP_LIST,
    B15003,
    B23025,
)
_built: dict[tuple[Path, ...], Path] = {}


def built(files: Sequence[Path]) -> Path:
    key = tuple(files)
    if key not in _built:
        root = Path(tempfile.mkdtemp(prefix="convenor-labour-"))
        atexit.register(shutil.rmtree, root, True)
        ingest(list(files), root / "labour")
        _built[key] = root / "labour"
    return _built[key]


def install(target: Path, files: Sequence[Path] = PATTERN) -> Path:
    """Copy the store of ``files`` to ``target`` (a test's LABOUR_DIR); returns it."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(built(files), target)
    return target
