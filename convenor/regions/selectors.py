"""Reads for regions: the QCEW store a workspace analyses, and analyses themselves.

Each workspace has its own QCEW store (``QCEW_DIR/workspaces/<id>``) for the
files it uploads, so one workspace's files never change another's figures.
A workspace that has uploaded nothing reads the installation's shared store
(``QCEW_DIR``), which `convenor qcew ingest` and `convenor qcew fetch` fill.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from convenor.analysis.analyze import RegionAnalysis, analyze_region
from convenor.analysis.reference import TRAILING_PERIODS, window_quarters
from convenor.analysis.score import ScoreWeights
from convenor.analysis.store import Store, connect, read_manifest
from convenor.regions.models import AnalysisSnapshot, QcewUpload, SavedRegion
from convenor.workspaces.models import Workspace


def shared_store_dir() -> Path:
    return Path(settings.QCEW_DIR)


def workspace_store_dir(workspace: Workspace) -> Path:
    return Path(settings.QCEW_DIR) / "workspaces" / str(workspace.pk)


def store_dir_for(workspace: Workspace) -> tuple[Path, str]:
    """The store a workspace's analyses read, and a label saying which one it is."""
    own = workspace_store_dir(workspace)
    if (own / "manifest.json").exists() and read_manifest(own).parts:
        return own, "files uploaded by this workspace"
    return shared_store_dir(), "the installation's shared QCEW data"


def store_for(workspace: Workspace) -> tuple[Store, str]:
    path, label = store_dir_for(workspace)
    return connect(path), label


def store_contents(workspace: Workspace) -> list[dict[str, Any]]:
    """What the workspace's store holds: one entry per ingested file."""
    path, _ = store_dir_for(workspace)
    manifest = read_manifest(path) if (path / "manifest.json").exists() else None
    if manifest is None:
        return []
    entries = []
    for part in sorted(manifest.parts, key=lambda p: p.seq, reverse=True):
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


def available_periods(
    workspace: Workspace, codes: list[str] | None = None
) -> list[tuple[int, str]]:
    """(year, period) pairs loaded (for every one of ``codes`` when given), newest first,
    the annual average before the trailing years and quarters of a year."""
    path, _ = store_dir_for(workspace)
    if not (path / "manifest.json").exists():
        return []
    coverage = read_manifest(path).coverage()
    wanted = set(codes or ())
    found = {key for key, areas in coverage.items() if wanted <= set(areas)}
    # A trailing year (four quarters to Q1-Q3) wherever its four quarters are loaded.
    for year in {y for y, _ in found}:
        for period in TRAILING_PERIODS:
            if all(k in found for k in window_quarters(year, period)):
                found.add((year, period))
    return sorted(found, key=lambda k: (k[0], k[1] == "a", k[1]), reverse=True)


def run_analysis(
    workspace: Workspace,
    codes: list[str],
    *,
    year: int,
    period: str = "a",
    ownership: str = "private",
    level: str = "sector",
    base_year: int | None = None,
    estimate_suppressed: bool = False,
    weights: ScoreWeights | None = None,
    region_name: str | None = None,
) -> RegionAnalysis:
    """The regional industry analysis, on the workspace's store (see the module docstring)."""
    store, _ = store_for(workspace)
    try:
        return analyze_region(
            store,
            codes,
            year,
            period=period,
            ownership=ownership,
            level=level,
            base_year=base_year,
            estimate_suppressed=estimate_suppressed,
            weights=weights,
            region_name=region_name,
        )
    finally:
        store.close()


def regions_of(workspace: Workspace) -> QuerySet[SavedRegion]:
    return SavedRegion.objects.filter(workspace=workspace).order_by("name")


def uploads_of(workspace: Workspace) -> QuerySet[QcewUpload]:
    return QcewUpload.objects.filter(workspace=workspace).select_related("uploaded_by")[:20]


def current_snapshot(partnership: Any) -> AnalysisSnapshot | None:
    return AnalysisSnapshot.objects.filter(partnership=partnership).select_related("region").first()
