"""Occupations of a region's target industry: jobs, wages, projections, supply, gaps.

A plain package (no Django), beside the QCEW engine it builds on. The
public surface:

* :func:`ingest` / :func:`ingest_source` / :func:`loaded`: OEWS workbooks and
  time-series files, EP occupation workbooks, the NCES CIP-SOC crosswalk
  and CIP list, ACS table exports and QWI extracts into the labour store
  (:mod:`.ingest`, :mod:`.readers`);
* :func:`connect`: open the labour store on DuckDB (default) or PySpark;
* :func:`analyze_occupations` -> :class:`OccupationAnalysis`: one row per
  occupation with the fields of :data:`FIELDS` (:mod:`.analyze`);
* :class:`CriticalWeights`: the editable weights of the critical-occupation
  score (:mod:`.score`);
* :func:`read_programs`, :func:`supply_gap`, :data:`GAP_FIELDS`: training
  supply through the crosswalk, as a range, against openings and demand
  (:mod:`.supply`); :func:`attainment`, :func:`labor_force`: ACS figures
  (:mod:`.population`);
* :func:`challenge_evidence`: figures for the data-verifiable employer
  challenges (:mod:`.evidence`);
* :func:`find_occupations`, :func:`check_soc`, :func:`map_title`: SOC codes, and
  free-text job titles mapped where they name one occupation (:mod:`.soc`).

Errors meant for people are the engine's: :class:`LabourIngestError`
(file, sheet, row or line, column) and ``InputError``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "FIELDS": "analyze",
    "OccupationAnalysis": "analyze",
    "analyze_occupations": "analyze",
    "LabourIngestError": "errors",
    "IngestResult": "ingest",
    "ingest": "ingest",
    "ingest_source": "ingest",
    "loaded": "ingest",
    "CriticalWeights": "score",
    "GAP_FIELDS": "supply",
    "read_programs": "supply",
    "supply_gap": "supply",
    "attainment": "population",
    "labor_force": "population",
    "challenge_evidence": "evidence",
    "find_occupations": "soc",
    "check_soc": "soc",
    "map_title": "soc",
    "LabourStore": "store",
    "connect": "store",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
