"""Reads for regions: the QCEW store a workspace analyses, and analyses themselves.

Each workspace has its own QCEW store (``QCEW_DIR/workspaces/<id>``) for the
files it uploads, so one workspace's files never change another's figures.
A workspace that has uploaded nothing reads the installation's shared store
(``QCEW_DIR``), which `convenor qcew ingest` and `convenor qcew fetch` fill.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from convenor.analysis.analyze import analyze
from convenor.analysis.reference import (
    PERIOD_LABELS,
    TRAILING_PERIODS,
    area_title,
    window_quarters,
)
from convenor.analysis.request import AnalysisRequest
from convenor.analysis.result import RegionAnalysis
from convenor.analysis.store import MANIFEST, Store, connect
from convenor.lib.cache import from_store
from convenor.lib.request_memo import per_request
from convenor.regions.models import AnalysisSnapshot, QcewUpload, SavedRegion
from convenor.workspaces.models import Workspace

OWN_STORE = "files uploaded by this workspace"
SHARED_STORE = "the installation's shared QCEW data"


def shared_store_dir() -> Path:
    return Path(settings.QCEW_DIR)


def workspace_store_dir(workspace: Workspace) -> Path:
    return Path(settings.QCEW_DIR) / "workspaces" / str(workspace.pk)


def open_store(workspace: Workspace) -> Store:
    """The store the workspace's analyses read (see the module docstring).

    Open it once per request and pass it on: it reads the manifest once and
    opens its database connection only when a query runs. Close it (or use
    :func:`workspace_store`) when the request is done.
    """
    own = workspace_store_dir(workspace)
    if (own / MANIFEST).exists():
        store = connect(own)
        if store.manifest().parts:
            return store
        store.close()
    return connect(shared_store_dir())


@contextmanager
def workspace_store(workspace: Workspace) -> Iterator[Store]:
    """:func:`open_store` as a context manager."""
    store = open_store(workspace)
    try:
        yield store
    finally:
        store.close()


def store_label(workspace: Workspace, store: Store) -> str:
    """Which store it is, in words for the page."""
    return OWN_STORE if store.root == workspace_store_dir(workspace) else SHARED_STORE


def store_contents(store: Store) -> list[dict[str, Any]]:
    """What the store holds: one entry per ingested file, newest first."""
    entries = []
    for part in sorted(store.manifest().parts, key=lambda p: p.seq, reverse=True):
        entries.append(
            {
                "source": public_source(part.source),
                "layout": part.layout,
                "rows": part.rows,
                "periods": sorted(part.coverage),
                "areas": len({a for areas in part.coverage.values() for a in areas}),
                "ingested_at": part.ingested_at,
            }
        )
    return entries


def loaded_periods_by_area(store: Store) -> dict[str, list[tuple[int, str]]]:
    """Area code -> the ``(year, period)`` pairs loaded for it, newest first."""
    found: dict[str, list[tuple[int, str]]] = {}
    for key, areas in store.coverage().items():
        for code in areas:
            found.setdefault(code, []).append(key)
    for periods in found.values():
        periods.sort(key=_period_order, reverse=True)
    return found


def loaded_label(periods: list[tuple[int, str]], most: int = 3) -> str:
    """``"QCEW loaded: 2020 annual average, 2019 annual average"`` or that none is."""
    if not periods:
        return "No QCEW data loaded"
    shown = ", ".join(f"{year} {PERIOD_LABELS[period]}" for year, period in periods[:most])
    more = f" and {len(periods) - most} more" if len(periods) > most else ""
    return f"QCEW loaded: {shown}{more}"


# Areas listed one per row on the regions page; a larger store lists the saved regions'.
GRID_ROWS = 300


@dataclass(frozen=True)
class LoadedGrid:
    """What the store holds as areas (rows, with names) by periods (columns)."""

    periods: list[tuple[int, str]]
    rows: list[tuple[str, str, list[bool]]]
    others: list[int]  # per period, the areas loaded but not listed (empty: all listed)

    @property
    def period_labels(self) -> list[str]:
        return [f"{year} {PERIOD_LABELS[period]}" for year, period in self.periods]


def loaded_grid(store: Store, first: set[str] | frozenset[str] = frozenset()) -> LoadedGrid:
    """The store's coverage as a grid: one row per area (named), one column per period.

    Past :data:`GRID_ROWS` areas (a whole-country store) the rows are the areas of
    ``first`` (the saved regions') and one row counts the other areas per period.
    """
    coverage = store.coverage()
    periods = sorted(coverage, key=_period_order, reverse=True)
    codes = sorted({code for areas in coverage.values() for code in areas})
    others: list[int] = []
    if len(codes) > GRID_ROWS:
        codes = [c for c in codes if c in first]
        others = [len(coverage[key] - set(codes)) for key in periods]
    rows = [(code, area_title(code), [code in coverage[key] for key in periods]) for code in codes]
    return LoadedGrid(periods, rows, others)


def _period_order(key: tuple[int, str]) -> tuple[int, bool, str]:
    return (key[0], key[1] == "a", key[1])


def available_periods(store: Store, codes: list[str] | None = None) -> list[tuple[int, str]]:
    """(year, period) pairs loaded (for every one of ``codes`` when given), newest first,
    the annual average before the trailing years and quarters of a year."""
    coverage = store.coverage()
    wanted = set(codes or ())
    found = {key for key, areas in coverage.items() if wanted <= set(areas)}
    # A trailing year (four quarters to Q1-Q3) wherever its four quarters are loaded.
    for year in {y for y, _ in found}:
        for period in TRAILING_PERIODS:
            if all(k in found for k in window_quarters(year, period)):
                found.add((year, period))
    return sorted(found, key=_period_order, reverse=True)


def public_source(name: str) -> str:
    """A stored file's name as pages, exports and the API show it: never the server
    folder it was read from (``/srv/qcew/2020.zip/x.csv`` -> ``2020.zip/x.csv``)."""
    archive, zipped, member = name.partition(".zip/")
    if zipped:
        return f"{Path(archive).name}.zip/{member}"
    return Path(name).name


def public_analysis(analysis: RegionAnalysis) -> RegionAnalysis:
    """The analysis with its sources named by :func:`public_source`."""
    sources = list(dict.fromkeys(public_source(s) for s in analysis.sources))
    return replace(analysis, sources=sources)


def run_analysis(workspace: Workspace, request: AnalysisRequest) -> RegionAnalysis:
    """The regional industry analysis on the workspace's store, opened for this call only.

    A page that also draws a trend or lists periods opens one store with
    :func:`workspace_store` and calls :func:`~convenor.analysis.analyze.analyze`.
    """
    with workspace_store(workspace) as store:
        return analysis_of(store, request)


def analysis_of(store: Store, request: AnalysisRequest) -> RegionAnalysis:
    """The analysis as pages and the API show it, kept per store content and query
    (``convenor.lib.cache``: dropped when a file is ingested or removed)."""
    return from_store(store, request, lambda: public_analysis(analyze(store, request)))


def regions_of(workspace: Workspace) -> QuerySet[SavedRegion]:
    return SavedRegion.objects.filter(workspace=workspace).order_by("name")


def uploads_of(workspace: Workspace) -> QuerySet[QcewUpload]:
    return QcewUpload.objects.filter(workspace=workspace).select_related("uploaded_by")[:20]


@per_request
def current_snapshot(partnership: Any) -> AnalysisSnapshot | None:
    """The partnership's newest saved analysis (its "why this industry" record).

    Read once per page view: the partnership page's guide and regions panel both show it.
    """
    return AnalysisSnapshot.objects.filter(partnership=partnership).select_related("region").first()
