"""What the occupation pages share: the options form, the run, the table's order, the CSV.

The region page (``convenor/regions/occupations.py``) and the partnership page call
these, so both show the same rows, in the same order, with the same messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils.text import slugify

from convenor.analysis.errors import AnalysisError
from convenor.analysis.occupations.analyze import OccupationAnalysis
from convenor.analysis.occupations.cli import SORTS, sort_rows
from convenor.occupations import labour
from convenor.occupations.forms import OccupationOptionsForm
from convenor.workspaces.models import Workspace

SHOWN = 25  # rows on the page; the CSV carries all of them
SORT_LABELS = {
    "score": "critical-occupation score",
    "employment": "estimated employment",
    "openings": "openings a year",
    "wage": "median wage",
    "code": "SOC code",
}


def run(workspace: Workspace, form: OccupationOptionsForm) -> tuple[OccupationAnalysis | None, str]:
    """The analysis for a valid form, or ``(None, the one-line reason)``."""
    if not form.is_valid() or form.request is None:
        return None, "Check the options: " + "; ".join(
            str(m) for errors in form.errors.values() for m in errors
        )
    try:
        return labour.analyze(workspace, form.request), ""
    except AnalysisError as exc:
        return None, str(exc)


def ordered(
    analysis: OccupationAnalysis, query: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], str]:
    """The rows in the order asked (``?sort=``), and that order's name."""
    sort = str(query.get("sort") or "score")
    if sort not in SORTS:
        sort = "score"
    return sort_rows(analysis.records(), sort), sort


def table_context(analysis: OccupationAnalysis, query: Mapping[str, Any]) -> dict[str, Any]:
    rows, sort = ordered(analysis, query)
    show_all = query.get("all") == "1"
    ranked = sum(1 for r in rows if r["score"] is not None)
    base = query.copy() if hasattr(query, "copy") else dict(query)
    for name in ("sort", "all"):
        base.pop(name, None)
    return {
        "analysis": analysis,
        "meta": analysis.meta(),
        "rows": rows if show_all else rows[:SHOWN],
        "row_count": len(rows),
        "ranked_count": ranked,
        "show_all": show_all,
        "sort": sort,
        "sort_label": SORT_LABELS[sort],
        "sorts": SORT_LABELS,
        "base_query": base.urlencode() if hasattr(base, "urlencode") else urlencode(base),
    }


def csv_response(analysis: OccupationAnalysis, stem: str) -> HttpResponse:
    """Every row with every field (the engine's CSV, as the command line writes it)."""
    response = HttpResponse(analysis.to_csv(), content_type="text/csv; charset=utf-8")
    name = slugify(stem) or "occupations"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
