"""The result of an analysis and its exports (CSV, JSON, XLSX, pandas), side by side.

:class:`RegionAnalysis` is what :func:`convenor.analysis.analyze.analyze`
returns: one row per industry with the fields of :data:`ANNUAL_FIELDS` (or
:data:`QUARTERLY_FIELDS`), the request it answers, and what was used to make
the figures (base year, data sources) with the notes a reader needs. Every
export reads :meth:`RegionAnalysis.records` and :meth:`RegionAnalysis.meta`,
so the command line, the pages' downloads and the API carry the same fields.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

from convenor.analysis import reference as ref
from convenor.analysis.request import AnalysisRequest, Region, sort_records
from convenor.analysis.score import ScoreWeights
from convenor.lib.spreadsheets import safe_cell

ANNUAL_FIELDS = [
    "industry_code",
    "industry_title",
    "ownership",
    "establishments",
    "employment",
    "total_wages",
    "avg_weekly_wage",
    "avg_annual_pay",
    "lq",
    "lq_source",
    "employment_change",
    "employment_cagr",
    "shift_national",
    "shift_industry_mix",
    "shift_competitive",
    "suppressed",
    "lower_bound",
    "estimated",
    "score",
    "reasons",
]
QUARTERLY_FIELDS = [
    *ANNUAL_FIELDS[:5],
    "month1_employment",
    "month2_employment",
    "month3_employment",
    "total_wages",
    "avg_weekly_wage",
    *ANNUAL_FIELDS[8:],
]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SOURCE_LINE = "Source: U.S. Bureau of Labor Statistics, QCEW. Empty cells are not disclosed."


@dataclass
class RegionAnalysis:
    """The answer to an :class:`AnalysisRequest`; render :meth:`records` in :attr:`fields` order."""

    request: AnalysisRequest
    base_year: int | None
    base_source: str | None
    national_data: bool
    rows: list[dict[str, Any]]
    totals: dict[str, Any]
    notes: list[str]
    sources: list[str]
    engine: str
    score_factors: dict[str, dict[str, float]] = field(default_factory=dict)
    source_hashes: list[str] = field(default_factory=list)

    @property
    def region(self) -> Region:
        return self.request.region

    @property
    def year(self) -> int:
        return self.request.year

    @property
    def period(self) -> str:
        return self.request.period

    @property
    def ownership(self) -> str:
        return self.request.ownership

    @property
    def level(self) -> str:
        return self.request.level

    @property
    def estimate_suppressed(self) -> bool:
        return self.request.estimate_suppressed

    @property
    def weights(self) -> ScoreWeights:
        return self.request.weights

    @property
    def fingerprint(self) -> str:
        """A short hash of the inputs and of the data files used.

        Two analyses with the same fingerprint show the same figures: what a
        saved analysis is versioned by.
        """
        inputs = {
            "areas": list(self.region.codes),
            "year": self.year,
            "period": self.period,
            "ownership": self.ownership,
            "level": self.level,
            "base_year": self.base_year,
            "estimate_suppressed": self.estimate_suppressed,
            "weights": self.weights.as_dict(),
            "data": self.source_hashes,
        }
        blob = json.dumps(inputs, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    @property
    def annual(self) -> bool:
        """An annual average, published or built from four quarters (not one quarter)."""
        return ref.is_annual(self.period)

    @property
    def fields(self) -> list[str]:
        """The row fields, in order (annual or quarterly)."""
        return list(ANNUAL_FIELDS if self.annual else QUARTERLY_FIELDS)

    def meta(self) -> dict[str, Any]:
        """Everything but the rows: inputs, totals, notes, sources."""
        return {
            "region": {"codes": list(self.region.codes), "name": self.region.name},
            "year": self.year,
            "period": self.period,
            "period_label": ref.period_label(self.year, self.period),
            "ownership": self.ownership,
            "level": self.level,
            "base_year": self.base_year,
            "base_source": self.base_source,
            "national_data": self.national_data,
            "estimate_suppressed": self.estimate_suppressed,
            "weights": self.weights.as_dict(),
            "totals": self.totals,
            "notes": self.notes,
            "sources": self.sources,
            "fingerprint": self.fingerprint,
        }

    def records(self) -> list[dict[str, Any]]:
        """The rows with exactly :attr:`fields` as keys (nulls as ``None``).

        In the request's order (``sort``, by default the industry code) and
        only its ``top`` rows when it asks for a number.
        """
        rows = self._records()
        if self.request.sort is not None:
            rows = sort_records(rows, self.request.sort, self.request.sort_descending)
        return rows[: self.request.top] if self.request.top else rows

    def ranked(self) -> list[dict[str, Any]]:
        """Every row with a score, best first, whatever the request's order and top."""
        return [r for r in sort_records(self._records(), "score") if r["score"] is not None]

    def record(self, industry_code: str) -> dict[str, Any] | None:
        """One industry's row (whatever the request's top), or ``None``."""
        return next((r for r in self._records() if r["industry_code"] == industry_code), None)

    def _records(self) -> list[dict[str, Any]]:
        return [{f: row.get(f) for f in self.fields} for row in self.rows]

    # -- exports: one place for every format ---------------------------------

    def to_json(self, indent: int | None = 2) -> str:
        """``{"meta": {...}, "rows": [...]}``; suppressed figures are ``null``."""
        return json.dumps({"meta": self.meta(), "rows": self.records()}, indent=indent)

    def to_csv(self) -> str:
        """The rows as CSV with a header of :attr:`fields`; nulls are empty."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.fields)
        for record in self.records():
            writer.writerow(["" if v is None else _csv_value(v) for v in record.values()])
        return out.getvalue()

    def to_xlsx(self) -> bytes:
        """A workbook: the rows on "Industries" (empty where not disclosed), inputs,
        notes and sources on "About"."""
        # openpyxl is needed only here: the command line starts without it.
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook has one sheet
        sheet.title = "Industries"
        sheet.append(self.fields)
        for record in self.records():
            sheet.append([_xlsx_value(v) for v in record.values()])
        about = book.create_sheet("About")
        meta = self.meta()
        about.append(["Region", meta["region"]["name"]])
        about.append(["Area codes", ", ".join(meta["region"]["codes"])])
        for key in ("year", "period_label", "ownership", "level", "base_year", "national_data"):
            about.append([key, _xlsx_value(meta[key])])
        about.append(["weights", ", ".join(f"{k}={v}" for k, v in meta["weights"].items())])
        for note in meta["notes"]:
            about.append(["note", _xlsx_value(note)])
        for source in meta["sources"]:
            about.append(["source", _xlsx_value(source)])
        about.append(["", SOURCE_LINE])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (columns in :attr:`fields` order)."""
        # pandas takes a second to import: only for those who ask for a frame.
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]

        return pd.DataFrame.from_records(self.records(), columns=self.fields)


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return safe_cell(value)
