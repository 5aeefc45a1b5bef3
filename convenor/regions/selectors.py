"""Reads for regions: the QCEW store a workspace analyses, and analyses themselves.

Each workspace has its own QCEW store (``QCEW_DIR/workspaces/<id>``) for the
files it uploads, so one workspace's files never change another's figures.
A workspace that has uploaded nothing reads the installation's shared store
(``QCEW_DIR``), which `convenor qcew ingest` and `convenor qcew fetch` fill.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from convenor.analysis.analyze import analyze
from convenor.analysis.reference import TRAILING_PERIODS, window_quarters
from convenor.analysis.request import AnalysisRequest
from convenor.analysis.result import RegionAnalysis
from convenor.analysis.store import MANIFEST, Store, connect
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
                "source": part.source,
                "layout": part.layout,
                "rows": part.rows,
                "periods": sorted(part.coverage),
                "areas": len({a for areas in part.coverage.values() for a in areas}),
                "ingested_at": part.ingested_at,
            }
        )
    return entries


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
    return sorted(found, key=lambda k: (k[0], k[1] == "a", k[1]), reverse=True)


def run_analysis(workspace: Workspace, request: AnalysisRequest) -> RegionAnalysis:
    """The regional industry analysis on the workspace's store, opened for this call only.

    A page that also draws a trend or lists periods opens one store with
    :func:`workspace_store` and calls :func:`~convenor.analysis.analyze.analyze`.
    """
    with workspace_store(workspace) as store:
        return analyze(store, request)


def regions_of(workspace: Workspace) -> QuerySet[SavedRegion]:
    return SavedRegion.objects.filter(workspace=workspace).order_by("name")


def uploads_of(workspace: Workspace) -> QuerySet[QcewUpload]:
    return QcewUpload.objects.filter(workspace=workspace).select_related("uploaded_by")[:20]


def current_snapshot(partnership: Any) -> AnalysisSnapshot | None:
    """The partnership's newest saved analysis (its "why this industry" record)."""
    return AnalysisSnapshot.objects.filter(partnership=partnership).select_related("region").first()
