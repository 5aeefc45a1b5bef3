"""The result of an analysis and its exports (CSV, JSON, XLSX, pandas), side by side.

:class:`RegionAnalysis` is what :func:`convenor.analysis.analyze.analyze`
returns: one row per industry with the fields of :data:`ANNUAL_FIELDS` (or
:data:`QUARTERLY_FIELDS`), the request it answers, and what was used to make
the figures (base year, data sources) with the notes a reader needs. Every
export reads :meth:`RegionAnalysis.records` and :meth:`RegionAnalysis.meta`,
so the command line, the pages' downloads and the API carry the same fields.

JSON (and the API) name the fields by their machine names; CSV and XLSX,
which people open in a spreadsheet, head each column in plain English
(:meth:`RegionAnalysis.headers`) with the machine names in a second header
row (CSV) or on the "About" sheet (XLSX). The printed snapshot (PDF, DOCX)
is in :mod:`convenor.analysis.report`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from convenor.analysis import reference as ref
from convenor.analysis.request import AnalysisRequest, Region, sort_records
from convenor.analysis.score import ScoreWeights
from convenor.lib.spreadsheets import safe_cell

if TYPE_CHECKING:
    from convenor.analysis.plan import StateBase

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
    "lq_state",
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
# Column headings in plain English, for people reading a spreadsheet or a
# printout; {state}, {base} and {jobs} are filled from the analysis.
FIELD_LABELS = {
    "industry_code": "Industry code (NAICS)",
    "industry_title": "Industry",
    "ownership": "Ownership",
    "establishments": "Establishments",
    "employment": "Jobs{jobs}",
    "month1_employment": "Jobs, first month",
    "month2_employment": "Jobs, second month",
    "month3_employment": "Jobs, third month",
    "total_wages": "Total wages ($)",
    "avg_weekly_wage": "Average weekly wage ($)",
    "avg_annual_pay": "Average annual pay ($)",
    "lq": "Concentration vs. U.S. (location quotient)",
    "lq_source": "How the U.S. location quotient was made",
    "lq_state": "Concentration vs. {state} (location quotient)",
    "employment_change": "Change in jobs since {base}",
    "employment_cagr": "Job growth per year (compound)",
    "shift_national": "Change explained by national growth",
    "shift_industry_mix": "Change explained by the industry's national trend",
    "shift_competitive": "Change explained by the region (competitive effect)",
    "suppressed": "Not disclosed by BLS",
    "lower_bound": "At least (some areas not disclosed)",
    "estimated": "Estimated from the industry hierarchy",
    "score": "Target-industry score (0-100)",
    "reasons": "Why this score",
}
# What each field means, on the XLSX's "About" sheet and in the report.
FIELD_HELP = {
    "industry_code": "NAICS code, or a QCEW aggregate (domain, supersector)",
    "establishments": "count of establishments (workplaces)",
    "employment": "average employment of the period (a quarter: its third month)",
    "lq": "the region's share of jobs in the industry divided by the nation's; "
    "above 1: more concentrated than the U.S.",
    "lq_source": "computed with national data, published by BLS, or estimated",
    "lq_state": "the same ratio against the state (from the state's own QCEW rows)",
    "employment_cagr": "compound annual growth rate since the base year",
    "shift_competitive": "the part of the change not explained by national growth or "
    "the industry's national trend",
    "lower_bound": "a sum with parts BLS did not disclose: the true figure is higher",
    "score": "ranks industries by size, concentration, growth, pay and competitive effect",
}
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
    state: StateBase | None = None

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

    def headers(self) -> list[str]:
        """Plain-English headings of :attr:`fields`, in order (for spreadsheets and print)."""
        return [self.label(f) for f in self.fields]

    def label(self, name: str) -> str:
        """The plain-English heading of one field."""
        state = self.state.name if self.state is not None else "the state"
        base = str(self.base_year) if self.base_year is not None else "the base year"
        jobs = " (annual average)" if self.annual else " (third month of the quarter)"
        return FIELD_LABELS[name].format(state=state, base=base, jobs=jobs)

    def meta(self) -> dict[str, Any]:
        """Everything but the rows: inputs, totals, notes, sources.

        ``state`` is the state of ``lq_state`` (code, name, whether its data
        is loaded, and for a region across a state line its share of the
        region's jobs and the other states), or ``None`` when no state applies.
        """
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
            "state": self.state.as_dict() if self.state is not None else None,
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

    def all_records(self) -> list[dict[str, Any]]:
        """Every row by industry code, whatever the request's order and top (for charts)."""
        return self._records()

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
        """The rows as CSV: a plain-English header, then :attr:`fields`; nulls are empty.

        Two header rows: people read the first, scripts key on the second
        (``pandas.read_csv(..., header=1)``).
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([_csv_value(h) for h in self.headers()])
        writer.writerow(self.fields)
        for record in self.records():
            writer.writerow(["" if v is None else _csv_value(v) for v in record.values()])
        return out.getvalue()

    def to_xlsx(self) -> bytes:
        """A workbook: the rows on "Industries" under plain-English headings (empty
        where not disclosed); inputs, notes, sources and each column's machine name
        on "About"."""
        # openpyxl is needed only here: the command line starts without it.
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook has one sheet
        sheet.title = "Industries"
        sheet.append([_xlsx_value(h) for h in self.headers()])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "C2"
        for record in self.records():
            sheet.append([_xlsx_value(v) for v in record.values()])
        about = book.create_sheet("About")
        for line in self._about_rows():
            # Every cell through the one safety helper: a region named
            # "=HYPERLINK(...)" is text, never a live formula.
            about.append([_xlsx_value(v) for v in line])
            if line and line[0] == "Column":
                for cell in about[about.max_row]:
                    cell.font = Font(bold=True)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def _about_rows(self) -> list[list[Any]]:
        """The XLSX's "About" sheet: inputs, notes, sources, then each column's field name."""
        meta = self.meta()
        state = meta["state"]
        rows: list[list[Any]] = [
            ["Region", meta["region"]["name"]],
            ["Area codes", ", ".join(meta["region"]["codes"])],
            ["Period", f"{meta['year']} {meta['period_label']}"],
        ]
        for key in ("year", "period_label", "ownership", "level", "base_year", "national_data"):
            rows.append([key, meta[key]])
        rows.append(
            ["LQ against the state", f"{state['name']} ({state['code']})" if state else "none"]
        )
        rows.append(["weights", ", ".join(f"{k}={v}" for k, v in meta["weights"].items())])
        rows += [["note", note] for note in meta["notes"]]
        rows += [["source", source] for source in meta["sources"]]
        rows += [["", SOURCE_LINE], [], ["Column", "Field name (JSON, API)", "Meaning"]]
        rows += [[self.label(name), name, FIELD_HELP.get(name, "")] for name in self.fields]
        return rows

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
