"""The labour-market store the web app reads, and the one way pages and the API run an
occupation analysis.

The store is the installation's (``settings.LABOUR_DIR``, filled by ``convenor
occupations ingest``); the QCEW figure comes from the workspace's own QCEW store
(:func:`convenor.regions.selectors.workspace_store`), as the region page reads it.

An analysis takes a couple of seconds (the engine compiles several Ibis
expressions), and the same one is asked for by the page, its CSV, the save button and
the demand page: results are kept per process, keyed by the request and by what both
stores hold (each stored file's hash, rows and source), so new data is never answered
from an old result. Callers
treat a result as read-only.

This module imports no other app than ``regions``, so ``planning`` can read it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from convenor.analysis.errors import InputError
from convenor.analysis.occupations.analyze import OccupationAnalysis, analyze_occupations
from convenor.analysis.occupations.ingest import loaded
from convenor.analysis.occupations.score import CriticalWeights
from convenor.analysis.occupations.store import MANIFEST, LabourStore, connect, read_manifest
from convenor.analysis.request import AnalysisRequest, parse_industry_codes
from convenor.regions.models import AnalysisSnapshot
from convenor.regions.selectors import current_snapshot, workspace_store
from convenor.workspaces.models import Workspace

NOT_LOADED = (
    "No occupational data is loaded: an administrator runs `convenor occupations ingest` "
    "with the OEWS, Employment Projections, CIP-SOC and ACS files (see the README)."
)
CACHE_SIZE = 16


def labour_dir() -> Path:
    return Path(settings.LABOUR_DIR)


def has_data() -> bool:
    """Whether anything is stored (without opening a database connection)."""
    return (labour_dir() / MANIFEST).exists() and bool(loaded(labour_dir()))


def contents() -> list[dict[str, Any]]:
    """What is stored: one dict per file (the engine's ``loaded``)."""
    return loaded(labour_dir()) if (labour_dir() / MANIFEST).exists() else []


@contextmanager
def open_labour() -> Iterator[LabourStore]:
    store = connect(labour_dir())
    try:
        yield store
    finally:
        store.close()


@dataclass(frozen=True)
class OccupationRequest:
    """What an occupation analysis is asked, checked once for the page, the API and the save.

    The region's options (areas, year, period, ownership) are checked as the industry
    analysis checks them (:class:`AnalysisRequest`), so the messages are the same.
    """

    areas: tuple[str, ...]
    industry: str
    year: int
    period: str = "a"
    ownership: str = "private"
    weights: CriticalWeights = field(default_factory=CriticalWeights)
    estimate_suppressed: bool = False
    name: str | None = None

    @classmethod
    def parse(
        cls,
        areas: str | Sequence[str],
        industry: object,
        year: object,
        *,
        period: object = "a",
        ownership: object = "private",
        weights: object = "",
        estimate_suppressed: object = False,
        name: str | None = None,
    ) -> OccupationRequest:
        """Raises :class:`InputError` with ``field`` naming the first bad value."""
        base = AnalysisRequest.parse(
            areas,
            year,
            period=period,
            ownership=ownership,
            estimate_suppressed=estimate_suppressed,
            name=name,
        )
        text = "" if industry is None else str(industry).strip()
        if not text:
            raise InputError("industry: give the target industry's NAICS code", field="industry")
        try:
            codes = parse_industry_codes(text)
        except InputError as exc:
            raise InputError(
                str(exc).replace("industries:", "industry:"), field="industry"
            ) from None
        if len(codes) != 1:
            raise InputError(f"industry: give one industry code, not {text!r}", field="industry")
        try:
            parsed = (
                CriticalWeights.parse(str(weights))
                if weights not in (None, "")
                else CriticalWeights()
            )
        except InputError as exc:
            raise InputError(f"weights: {exc}", field="weights") from None
        return cls(
            areas=base.areas,
            industry=codes[0],
            year=base.year,
            period=base.period,
            ownership=base.ownership,
            weights=parsed,
            estimate_suppressed=base.estimate_suppressed,
            name=base.name,
        )

    def inputs(self) -> dict[str, Any]:
        """What decides the figures: saved with an analysis."""
        return {
            "areas": list(self.areas),
            "industry": self.industry,
            "year": self.year,
            "period": self.period,
            "ownership": self.ownership,
            "weights": self.weights.as_dict(),
            "estimate_suppressed": self.estimate_suppressed,
        }

    def query(self) -> dict[str, str]:
        """The request as a page's query string (to link to it)."""
        weights = ",".join(f"{k}={v:g}" for k, v in self.weights.as_dict().items() if v != 1)
        out = {
            "industry": self.industry,
            "year": str(self.year),
            "period": self.period,
            "ownership": self.ownership,
        }
        if weights:
            out["weights"] = weights
        if self.estimate_suppressed:
            out["estimate_suppressed"] = "on"
        return out


def _content(parts: list[Any]) -> tuple[tuple[Any, ...], ...]:
    """What a store holds, by content: the same files give the same key wherever stored."""
    return tuple(sorted((p.sha256, p.source, p.rows, p.trimmed) for p in parts))


def content_key() -> tuple[tuple[Any, ...], ...]:
    """What the labour store holds, by content (a cache key)."""
    return _content(read_manifest(labour_dir()).parts)


_cache: OrderedDict[tuple[Any, ...], OccupationAnalysis] = OrderedDict()
_lock = threading.Lock()


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def analyze(workspace: Workspace, request: OccupationRequest) -> OccupationAnalysis:
    """The occupation analysis on the workspace's QCEW store and the labour store.

    Raises the engine's :class:`InputError` (no staffing pattern for the industry, no
    QCEW row for it, an unknown code) with its one-line message; and when nothing is
    loaded, :data:`NOT_LOADED`.
    """
    if not has_data():
        raise InputError(NOT_LOADED)
    with workspace_store(workspace) as qcew:
        key = (request, content_key(), _content(qcew.manifest().parts))
        with _lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
        with open_labour() as store:
            result = analyze_occupations(
                store,
                qcew,
                list(request.areas),
                request.industry,
                request.year,
                period=request.period,
                ownership=request.ownership,
                weights=request.weights,
                estimate_suppressed=request.estimate_suppressed,
                region_name=request.name,
            )
    with _lock:
        _cache[key] = result
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return result


@dataclass(frozen=True)
class Target:
    """A partnership's target industry in its region, from its "why this industry" record."""

    request: OccupationRequest | None
    snapshot: AnalysisSnapshot | None
    reason: str = ""  # why there is no request


def partnership_target(partnership: Any, **options: Any) -> Target:
    """The occupation request of the partnership's target industry in its region.

    The region, year, period and ownership are those of its newest saved regional
    analysis; the industry is the partnership's target (set when that analysis was
    saved). ``options`` (weights, estimate_suppressed) come from the page or the API.
    """
    snapshot = current_snapshot(partnership)
    if snapshot is None:
        return Target(
            None,
            None,
            "No regional analysis is saved for this partnership yet: save one as its "
            "“why this industry” record first (Regions page).",
        )
    industry = partnership.industry_naics or snapshot.industry_code
    inputs = snapshot.inputs if isinstance(snapshot.inputs, dict) else {}
    request = OccupationRequest.parse(
        snapshot.area_codes,
        industry,
        inputs.get("year"),
        period=inputs.get("period", "a"),
        ownership=inputs.get("ownership", "private"),
        name=snapshot.region_name,
        **options,
    )
    return Target(request, snapshot)


def by_soc(analysis: OccupationAnalysis) -> dict[str, dict[str, Any]]:
    """The analysis's rows by SOC code (for setting other figures beside them)."""
    return {r["soc_code"]: r for r in analysis.rows}
