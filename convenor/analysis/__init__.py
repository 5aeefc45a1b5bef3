"""Convenor's labour-market engine: BLS QCEW data in, a region's industry analysis out.

A plain package (no Django): the CLI, the API and the pages call the same
functions. The public surface:

* :func:`ingest` / :func:`ingest_source` and :func:`collect_sources`: CSV
  files, folders, .zip archives into the Parquet store (:mod:`.ingest`);
* :func:`fetch`: download BLS open-data slices, cache, ingest (:mod:`.fetch`);
* :func:`connect`: open a store on DuckDB (default) or PySpark (:mod:`.store`);
  :func:`default_store_dir`: the installation's shared store, from
  ``CONVENOR_QCEW_DIR`` or ``CONVENOR_DATA_DIR`` as the Django settings read them;
* :class:`AnalysisRequest` (:mod:`.request`): the options of an analysis,
  validated once; the CLI, the region page's form and the API all build one;
* :func:`analyze` (``store, request``) -> :class:`RegionAnalysis`: one row per
  industry with the fields of :data:`ANNUAL_FIELDS` / :data:`QUARTERLY_FIELDS`,
  plus metadata and notes, and its exports ``to_csv``, ``to_json``,
  ``to_xlsx``, ``to_pandas`` (:mod:`.analyze`, :mod:`.result`);
  :func:`analyze_region` is the same with keyword options;
* :func:`employment_trend` (:class:`TrendRequest`): a region's monthly
  employment in some industries, months with a suppressed part left out
  (:mod:`.trend`; ``convenor qcew trend``);
* :func:`all_area_lq`: the employment LQ of every loaded area, ownership
  and industry of a period, as a pyarrow table (:mod:`.location_quotient`;
  ``convenor qcew lq``);
* :class:`ScoreWeights`: the editable weights of the target-industry score;
* :mod:`.reference`: areas, industries, ownership and level codes;
* lower-level Ibis expressions for other uses: :mod:`.regional`,
  :mod:`.location_quotient` (estimated national shares), :mod:`.suppression`,
  :mod:`.shift_share`.

Errors meant for people derive from :class:`AnalysisError`:
:class:`IngestError` (file, line, column), :class:`FetchError`,
:class:`InputError`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Exported names -> their module. Imported on first use, so importing the
# package (the management commands, ``convenor --help``) does not load Ibis.
_EXPORTS = {
    "ANNUAL_FIELDS": "result",
    "QUARTERLY_FIELDS": "result",
    "RegionAnalysis": "result",
    "AnalysisRequest": "request",
    "Region": "request",
    "TrendRequest": "request",
    "sort_records": "request",
    "analyze": "analyze",
    "analyze_region": "analyze",
    "employment_trend": "trend",
    "AnalysisError": "errors",
    "FetchError": "errors",
    "IngestError": "errors",
    "InputError": "errors",
    "all_area_lq": "location_quotient",
    "DEFAULT_BASE_URL": "fetch",
    "fetch": "fetch",
    "IngestResult": "ingest",
    "Source": "ingest",
    "collect_sources": "ingest",
    "ingest": "ingest",
    "ingest_source": "ingest",
    "ScoreWeights": "score",
    "Store": "store",
    "connect": "store",
    "default_store_dir": "store",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
