"""The target industry at the table: its employers against the region's industry.

"Engage as many employers as possible within the target industry and defined
geographic region" (toolkit, Step Two). The employers of the target industry
committed or active (``PartnershipFacts.committed_employers``, the readiness
count) are set against the region's QCEW figures for that industry: the
establishments, and the jobs their recorded employees make up ("6 employers of
412 establishments; about 9% of the industry's 23,000 jobs").

The region and period are those of the partnership's current "why this
industry" analysis (``regions.selectors.current_snapshot``): when that analysis
is about the target industry, the figures saved with it; otherwise the target
industry's row read from the engine at that analysis's inputs (area, year,
period, ownership). A figure BLS did not disclose is said so, never
read as zero; a sum with undisclosed parts is "at least".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from convenor.analysis.errors import AnalysisError
from convenor.analysis.reference import industry_level
from convenor.analysis.request import AnalysisRequest
from convenor.assessment.facts import PartnershipFacts
from convenor.lib.words import counted
from convenor.partnerships.models import Partnership
from convenor.partnerships.naics import naics_label
from convenor.regions.models import AnalysisSnapshot
from convenor.regions.selectors import current_snapshot, run_analysis


@dataclass(frozen=True)
class IndustryFigures:
    """The target industry in the region, from QCEW: ``None`` where BLS did not disclose."""

    region: str
    period: str
    establishments: int | None
    employment: int | None
    lower_bound: bool = False  # a sum with undisclosed parts: the true figure is higher
    saved: bool = False  # the figures saved with the analysis, not read again from the data


@dataclass(frozen=True)
class Coverage:
    industry: str  # "Manufacturing (NAICS 31-33)"
    employers: int  # employers of the target industry committed or active
    with_employees: int  # of which their employees in the region are recorded
    employees: int  # their recorded employees, summed
    figures: IndustryFigures | None = None
    note: str = ""  # why there are no regional figures

    @property
    def share(self) -> float | None:
        """The recorded employees' share of the industry's jobs in the region."""
        jobs = self.figures.employment if self.figures else None
        if not jobs or not self.with_employees:
            return None
        return self.employees / jobs

    def sentence(self) -> str:
        """ "6 employers of 412 establishments; about 9% of the industry's 23,000 jobs" """
        employers = counted(self.employers, "employer")
        figures = self.figures
        if figures is None:
            return f"{employers} of {self.industry} at the table. {self.note}".strip()
        if figures.establishments is None:
            text = f"{employers} at the table; BLS does not disclose the number of establishments"
        else:
            # BLS publishes establishment counts even where it withholds employment: the
            # lower bound is about jobs only.
            text = f"{employers} of {figures.establishments:,} establishments"
        if figures.employment is None:
            return text + "; BLS does not disclose the industry's employment in the region."
        at_least = "at least " if figures.lower_bound else ""
        jobs = f"the industry's {at_least}{figures.employment:,} jobs"
        if not self.with_employees:
            return (
                f"{text}; the employees of none of them are recorded (enter them on each "
                f"organisation to see their share of {jobs})."
            )
        share = self.share or 0.0
        about = "at most" if figures.lower_bound else "about"
        part = (
            ""
            if self.with_employees == self.employers
            else f", from the employees of {self.with_employees} of the {self.employers}"
        )
        return f"{text}; {about} {_percent(share)} of {jobs}{part}."

    def where(self) -> str:
        """ "Manufacturing (NAICS 31-33) in Central Ohio, 2020 annual average" """
        if self.figures is None:
            return self.industry
        saved = " (as saved with the analysis)" if self.figures.saved else ""
        return f"{self.industry} in {self.figures.region}, {self.figures.period}{saved}"

    def as_dict(self) -> dict[str, Any]:
        figures = self.figures
        return {
            "industry": self.industry,
            "employers": self.employers,
            "with_employees": self.with_employees,
            "employees": self.employees,
            "region": figures.region if figures else None,
            "period": figures.period if figures else None,
            "establishments": figures.establishments if figures else None,
            "employment": figures.employment if figures else None,
            "lower_bound": figures.lower_bound if figures else False,
            "share": round(self.share, 4) if self.share is not None else None,
            "sentence": self.sentence(),
        }


def _percent(share: float) -> str:
    """ "9%", "0.4%", "less than 0.1%": a small share is not rounded to 0%."""
    if share >= 0.095:
        return f"{share:.0%}"
    if share >= 0.001:
        return f"{share:.1%}"
    return "less than 0.1%"


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) else None


def _figures(snapshot: AnalysisSnapshot, row: dict[str, Any], *, saved: bool) -> IndustryFigures:
    return IndustryFigures(
        region=snapshot.region_name,
        period=snapshot.period_label,
        establishments=_int(row.get("establishments")),
        employment=_int(row.get("employment")),
        lower_bound=bool(row.get("lower_bound")),
        saved=saved,
    )


def industry_figures(partnership: Partnership, target: str) -> tuple[IndustryFigures | None, str]:
    """The target industry's QCEW figures in the partnership's region, or why there are none."""
    snapshot = current_snapshot(partnership)
    if snapshot is None:
        return None, (
            "No regional analysis is saved for this partnership yet: save one from a region's "
            "page to set the employers against the industry in the region."
        )
    if snapshot.industry_code == target and isinstance(snapshot.row, dict):
        # The figures the partnership chose its industry on: no engine run on a page view.
        return _figures(snapshot, snapshot.row, saved=True), ""
    inputs = snapshot.inputs if isinstance(snapshot.inputs, dict) else {}
    try:
        request = AnalysisRequest.parse(
            snapshot.area_codes,
            inputs.get("year"),
            period=inputs.get("period", "a"),
            ownership=inputs.get("ownership", "private"),
            level=industry_level(target),
        )
        row = run_analysis(partnership.workspace, request).record(target)
    except AnalysisError:
        return None, (
            f"The QCEW data of the saved analysis ({snapshot.region_name}, "
            f"{snapshot.period_label}) is not loaded: ingest it again to compare."
        )
    if row is None:
        return None, (
            f"The QCEW data of {snapshot.region_name} ({snapshot.period_label}) has no row for "
            f"{naics_label(target)}."
        )
    return _figures(snapshot, row, saved=False), ""


def coverage(partnership: Partnership, f: PartnershipFacts) -> Coverage | None:
    """The target industry's employers at the table against the industry in the region;
    ``None`` while the partnership has no target industry."""
    if not f.industry_naics:
        return None
    employers: dict[object, int | None] = {}
    for m in f.engaged_members:
        if f.voices(m):
            employers[m.organisation_id or ("p", m.person_id)] = m.employees
    known = [n for n in employers.values() if n is not None]
    figures, note = industry_figures(partnership, f.industry_naics)
    return Coverage(
        industry=naics_label(f.industry_naics),
        employers=len(employers),
        with_employees=len(known),
        employees=sum(known),
        figures=figures,
        note=note,
    )
