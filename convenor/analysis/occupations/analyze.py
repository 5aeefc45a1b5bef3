"""The jobs of a target industry in a region: one row per occupation.

:func:`analyze_occupations` returns an :class:`OccupationAnalysis` whose rows
have exactly the fields of :data:`FIELDS` (documented in the README; the
API publishes the same names):

* **estimated regional employment** = the region's QCEW employment in the
  industry (through :func:`convenor.analysis.analyze_region`, so suppression
  is honoured: a lower bound stays a lower bound, a suppressed figure stays
  unknown) x the occupation's national share of the industry's employment
  (the OEWS staffing pattern at the most detailed industry level loaded);
* **wages** from the region's own OEWS area where loaded (its metropolitan
  area by the CBSA delineation, else its state, else the nation), per
  occupation, saying which was used;
* **projections**: EP's change and annual openings scaled to the regional
  estimate, and the typical entry education, experience and training;
* a **critical-occupation score** with its reasons (:mod:`.score`).

The figures are one Ibis expression over the labour store, run on its engine
(DuckDB or PySpark); titles, scores and reasons are added in Python.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from dataclasses import dataclass, field
from typing import Any

import ibis

from convenor.analysis import reference as ref
from convenor.analysis.occupations import geography
from convenor.analysis.occupations.errors import InputError
from convenor.analysis.occupations.readers.common import oews_slice
from convenor.analysis.occupations.schemas import CROSS_INDUSTRY, NATIONAL, SLICE
from convenor.analysis.occupations.score import CriticalWeights, reasons, score_rows
from convenor.analysis.occupations.staffing import Pattern, find_pattern
from convenor.analysis.occupations.store import LabourStore, Part
from convenor.lib.spreadsheets import safe_cell

FIELDS = [
    "soc_code",
    "soc_title",
    "national_industry_employment",
    "national_industry_employment_flag",
    "industry_share",
    "estimated_employment",
    "lower_bound",
    "suppressed",
    "estimated",
    "wage_source",
    "wage_area_code",
    "wage_area_title",
    "wage_year",
    "median_annual_wage",
    "median_annual_wage_flag",
    "pct10_annual_wage",
    "pct10_annual_wage_flag",
    "pct90_annual_wage",
    "pct90_annual_wage_flag",
    "median_hourly_wage",
    "median_hourly_wage_flag",
    "annual_only",
    "hourly_only",
    "wage_area_employment",
    "wage_area_lq",
    "projected_change_percent",
    "projected_change",
    "annual_openings",
    "national_annual_openings",
    "openings_rate",
    "labor_force_exit_rate",
    "separations_rate",
    "entry_education",
    "work_experience",
    "on_the_job_training",
    "score",
    "reasons",
]
# Wage columns read from the chosen OEWS area: stored column -> output field.
WAGE_COLUMNS = {
    "a_median": "median_annual_wage",
    "a_pct10": "pct10_annual_wage",
    "a_pct90": "pct90_annual_wage",
    "h_median": "median_hourly_wage",
}


@dataclass
class IndustryFigure:
    """The region's QCEW employment in the industry, with its disclosure flags."""

    code: str
    title: str
    employment: int | None
    suppressed: bool
    lower_bound: bool
    estimated: bool
    year: int
    period: str
    period_label: str
    ownership: str
    region_codes: tuple[str, ...]
    region_name: str
    notes: list[str]
    sources: list[str]
    fingerprint: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "employment": self.employment,
            "suppressed": self.suppressed,
            "lower_bound": self.lower_bound,
            "estimated": self.estimated,
            "year": self.year,
            "period": self.period,
            "period_label": self.period_label,
            "ownership": self.ownership,
        }


@dataclass
class WageSource:
    """An OEWS area whose cross-industry wages are loaded, and the year read."""

    kind: str
    code: str
    title: str
    year: int
    all_occupations_median: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "title": self.title,
            "year": self.year,
            "all_occupations_median": self.all_occupations_median,
        }


@dataclass
class OccupationAnalysis:
    """The result of :func:`analyze_occupations`; render :attr:`rows` in :attr:`fields` order."""

    industry: IndustryFigure
    pattern: Pattern
    wage_sources: list[WageSource]
    ep_edition: str | None
    weights: CriticalWeights
    rows: list[dict[str, Any]]
    notes: list[str]
    sources: list[str]
    engine: str
    source_hashes: list[str] = field(default_factory=list)
    score_factors: dict[str, dict[str, float]] = field(default_factory=dict)
    counties: list[str] = field(default_factory=list)

    @property
    def fields(self) -> list[str]:
        """The row fields, in order."""
        return list(FIELDS)

    @property
    def fingerprint(self) -> str:
        """A short hash of the inputs and the data files used (what a saved analysis keys on)."""
        inputs = {
            "industry": self.industry.fingerprint,
            "pattern": self.pattern.as_dict(),
            "wages": [w.as_dict() for w in self.wage_sources],
            "ep": self.ep_edition,
            "weights": self.weights.as_dict(),
            "data": self.source_hashes,
        }
        blob = json.dumps(inputs, sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def meta(self) -> dict[str, Any]:
        """Everything but the rows: region, industry figure, data used, notes."""
        return {
            "region": {
                "codes": list(self.industry.region_codes),
                "name": self.industry.region_name,
            },
            "counties": self.counties,
            "industry": self.industry.as_dict(),
            "staffing_pattern": self.pattern.as_dict(),
            "wage_sources": [w.as_dict() for w in self.wage_sources],
            "ep_edition": self.ep_edition,
            "weights": self.weights.as_dict(),
            "notes": self.notes,
            "sources": self.sources,
            "fingerprint": self.fingerprint,
        }

    def records(self) -> list[dict[str, Any]]:
        """The rows with exactly :attr:`fields` as keys (unknown figures as ``None``)."""
        return [{f: row.get(f) for f in FIELDS} for row in self.rows]

    def to_json(self, indent: int | None = 2) -> str:
        """``{"meta": {...}, "rows": [...]}``; unknown figures are ``null``."""
        return json.dumps({"meta": self.meta(), "rows": self.records()}, indent=indent)

    def to_csv(self) -> str:
        """The rows as CSV with a header of :attr:`fields`; unknown figures are empty."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        for record in self.records():
            writer.writerow(["" if v is None else _csv_value(v) for v in record.values()])
        return out.getvalue()

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (columns in :attr:`fields` order)."""
        import pandas as pd  # type: ignore[import-untyped]

        return pd.DataFrame.from_records(self.records(), columns=FIELDS)


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)


def region_industry(
    qcew: Any,
    areas: str | list[str],
    industry: str,
    year: int,
    *,
    period: str = "a",
    ownership: str = "private",
    estimate_suppressed: bool = False,
    region_name: str | None = None,
) -> IndustryFigure:
    """The region's QCEW employment in ``industry`` through the QCEW engine.

    Raises :class:`InputError` for an unknown code or when the region has no
    row for the industry (no establishments, or its data not loaded).
    """
    from convenor.analysis import analyze_region

    industry = industry.strip()
    known = ref.industry(industry)
    if known is None:
        raise InputError(f"unknown NAICS code {industry!r} (use a QCEW code such as 62 or 3363)")
    level = ref.industry_level(industry)
    if level in ("domain", "supersector"):
        raise InputError(f"{industry} is a QCEW aggregate: use a NAICS sector or industry code")
    result = analyze_region(
        qcew,
        areas,
        year,
        period=period,
        ownership=ownership,
        level=level,
        estimate_suppressed=estimate_suppressed,
        region_name=region_name,
    )
    row = next((r for r in result.records() if r["industry_code"] == industry), None)
    region = result.region
    if row is None:
        raise InputError(
            f"no QCEW figures for industry {industry} ({known.title}) in {region.name}, "
            f"{year}: no establishments reported, or its data not loaded"
        )
    return IndustryFigure(
        code=industry,
        title=row["industry_title"],
        employment=row["employment"],
        suppressed=bool(row["suppressed"]) and row["employment"] is None,
        lower_bound=bool(row["lower_bound"]),
        estimated=bool(row["estimated"]),
        year=result.year,
        period=result.period,
        period_label=str(result.meta().get("period_label", result.period)),
        ownership=ownership,
        region_codes=tuple(region.codes),
        region_name=region.name,
        notes=list(result.notes),
        sources=list(result.sources),
        fingerprint=result.fingerprint,
    )


def wage_sources(
    store: LabourStore, areas: list[geography.WageArea], year: int | None
) -> tuple[list[WageSource], list[str]]:
    """The region's wage areas that have cross-industry OEWS loaded, best first."""

    def build() -> Any:
        t = store.table("oews")
        t = t.filter(t.industry_code == CROSS_INDUSTRY, t.soc_code == "00-0000")
        return t.select("year", "area_type", "area_code", "area_title", "a_median").order_by(
            ["area_type", "area_code", "year"]
        )

    loaded = store.records(build)
    out: list[WageSource] = []
    notes: list[str] = []
    for area in areas:
        years = [
            r
            for r in loaded
            if r["area_type"] == area.kind
            and r["area_code"] == area.code
            and (year is None or r["year"] == year)
        ]
        if not years:
            if area.kind != "national":
                label = "metropolitan area" if area.kind == "msa" else "state"
                notes.append(
                    f"No OEWS wages loaded for {area.title} ({label} {area.code}): the next "
                    "wider area's wages are used."
                )
            continue
        latest = max(years, key=lambda r: r["year"])
        out.append(
            WageSource(
                kind=area.kind,
                code=area.code,
                title=latest["area_title"] or area.title,
                year=int(latest["year"]),
                all_occupations_median=latest["a_median"],
            )
        )
    if not out:
        notes.append("No cross-industry OEWS wages loaded for the region, its state or the nation.")
    return out, notes


def ep_editions(store: LabourStore) -> list[str]:
    """The EP editions loaded, oldest first."""

    def build() -> Any:
        return store.table("ep").select("edition").distinct().order_by("edition")

    return [r["edition"] for r in store.records(build)]


def analyze_occupations(
    labour: LabourStore,
    qcew: Any,
    areas: str | list[str],
    industry: str,
    year: int,
    *,
    period: str = "a",
    ownership: str = "private",
    oews_year: int | None = None,
    wage_year: int | None = None,
    ep_edition: str | None = None,
    weights: CriticalWeights | None = None,
    estimate_suppressed: bool = False,
    region_name: str | None = None,
) -> OccupationAnalysis:
    """The occupations of ``industry`` in the region ``areas`` (see the module docstring).

    ``labour`` is the labour store (:func:`.store.connect`), ``qcew`` the
    QCEW store (:func:`convenor.analysis.connect`) on the same engine.
    ``year``/``period``/``ownership`` choose the QCEW figure;
    ``oews_year`` the staffing pattern's May year (default: the latest
    loaded at the most detailed level); ``wage_year`` the OEWS wages' year
    (default: each area's latest); ``ep_edition`` the projections
    (default: the latest loaded, e.g. ``2024-34``).
    """
    weights = weights or CriticalWeights()
    figure = region_industry(
        qcew,
        areas,
        industry,
        year,
        period=period,
        ownership=ownership,
        estimate_suppressed=estimate_suppressed,
        region_name=region_name,
    )
    pattern, notes = find_pattern(labour, figure.code, ownership=ownership, year=oews_year)
    state_names = {
        a.state_fips: a.title for a in ref.all_areas("state") if a.state_fips is not None
    }
    where = geography.place(figure.region_codes, state_names)
    sources_, wage_notes = wage_sources(labour, where.wage_areas, wage_year)
    editions = ep_editions(labour)
    if ep_edition is not None and ep_edition not in editions:
        raise InputError(
            f"EP edition {ep_edition} not loaded (loaded: {', '.join(editions) or 'none'})"
        )
    edition = ep_edition or (editions[-1] if editions else None)
    employment = figure.employment

    def build() -> Any:
        return _rows_expr(labour, pattern, sources_, edition, employment)

    raw = labour.records(build)
    rows = [_finish_row(r, figure, sources_) for r in raw]
    factors = score_rows(rows, weights)
    for row in rows:
        source = next((s for s in sources_ if s.code == row["wage_area_code"]), None)
        row["reasons"] = reasons(row, area_median=source.all_occupations_median if source else None)
    notes = _notes(figure, pattern, rows, edition) + notes + where.notes + wage_notes
    used = _used_parts(labour, pattern, sources_, edition)
    return OccupationAnalysis(
        industry=figure,
        pattern=pattern,
        wage_sources=sources_,
        ep_edition=edition,
        weights=weights,
        rows=rows,
        notes=notes,
        sources=sorted({p.source for p in used}) + figure.sources,
        engine=labour.engine,
        source_hashes=sorted({p.sha256 for p in used}),
        score_factors=factors,
        counties=where.counties,
    )


def _rows_expr(
    store: LabourStore,
    pattern: Pattern,
    sources: list[WageSource],
    edition: str | None,
    employment: int | None,
) -> Any:
    """One row per detailed occupation of the pattern, with wages and projections."""
    null_f = ibis.null("float64")
    null_s = ibis.null("string")
    t = store.table("oews")
    p = t.filter(
        t.year == pattern.year,
        t.area_type == "national",
        t.area_code == NATIONAL,
        t.industry_code == pattern.industry_code,
        t.own_code == pattern.own_code,
    )
    total = p.filter(p.soc_code == "00-0000").select(_total=p.tot_emp)
    occ = p.filter(p.o_group == "detailed").select(
        soc_code=p.soc_code,
        soc_title=p.soc_title,
        national_industry_employment=p.tot_emp,
        national_industry_employment_flag=p.tot_emp_flag,
    )
    e = occ.cross_join(total)
    share = ibis.ifelse(
        e.national_industry_employment.notnull() & (e._total > 0),
        e.national_industry_employment.cast("float64") / e._total.cast("float64"),
        null_f,
    )
    e = e.mutate(industry_share=share)
    for i, source in enumerate(sources):
        w = t.filter(
            t.year == source.year,
            t.area_type == source.kind,
            t.area_code == source.code,
            t.industry_code == CROSS_INDUSTRY,
        )
        has = (
            w.a_median.notnull()
            | w.h_median.notnull()
            | (w.a_median_flag.fill_null("") == "#")
            | (w.h_median_flag.fill_null("") == "#")
        )
        picked: dict[str, Any] = {f"_k{i}": w.soc_code, f"_has{i}": has}
        for column in WAGE_COLUMNS:
            picked[f"_w{i}_{column}"] = w[column]
            picked[f"_w{i}_{column}_flag"] = w[f"{column}_flag"]
        picked[f"_w{i}_tot_emp"] = w.tot_emp
        picked[f"_w{i}_loc_quotient"] = w.loc_quotient
        picked[f"_w{i}_annual_only"] = w.annual_only
        picked[f"_w{i}_hourly_only"] = w.hourly_only
        wage = w.select(**picked)
        e = e.left_join(wage, e.soc_code == wage[f"_k{i}"])
    if edition is not None:
        ep = store.table("ep")
        ep = ep.filter(ep.edition == edition).select(
            _ek=ep.soc_code,
            _ep_employment=ep.employment_base,
            _ep_openings=ep.openings,
            projected_change_percent=ep.change_percent,
            labor_force_exit_rate=ep.labor_force_exit_rate,
            separations_rate=ep.separations_rate,
            entry_education=ep.entry_education,
            work_experience=ep.work_experience,
            on_the_job_training=ep.on_the_job_training,
        )
        e = e.left_join(ep, e.soc_code == ep._ek)
    out: dict[str, Any] = {
        "soc_code": e.soc_code,
        "soc_title": e.soc_title,
        "national_industry_employment": e.national_industry_employment,
        "national_industry_employment_flag": e.national_industry_employment_flag,
        "industry_share": e.industry_share,
    }
    has_any = [e[f"_has{i}"].fill_null(False) for i in range(len(sources))]

    def pick(column: str, null: Any) -> Any:
        if not sources:
            return null
        return ibis.cases(*[(h, e[f"_w{i}_{column}"]) for i, h in enumerate(has_any)], else_=null)

    out["_wage_index"] = (
        ibis.cases(*[(h, i) for i, h in enumerate(has_any)], else_=ibis.null("int64"))
        if sources
        else ibis.null("int64")
    )
    for column in WAGE_COLUMNS:
        out[f"_{column}"] = pick(column, null_f)
        out[f"_{column}_flag"] = pick(f"{column}_flag", null_s)
    out["wage_area_employment"] = pick("tot_emp", ibis.null("int64"))
    out["wage_area_lq"] = pick("loc_quotient", null_f)
    out["annual_only"] = pick("annual_only", ibis.null("boolean"))
    out["hourly_only"] = pick("hourly_only", ibis.null("boolean"))
    regional = (
        e.industry_share * ibis.literal(float(employment)) if employment is not None else null_f
    )
    out["estimated_employment"] = ibis.ifelse(
        regional.notnull(), (regional + 0.5).floor().cast("int64"), ibis.null("int64")
    )
    if edition is not None:
        rate = ibis.ifelse(e._ep_employment > 0, e._ep_openings / e._ep_employment, null_f)
        out["openings_rate"] = rate
        out["annual_openings"] = regional * rate
        out["projected_change"] = regional * e.projected_change_percent / 100.0
        out["national_annual_openings"] = e._ep_openings * 1000.0
        for column in (
            "projected_change_percent",
            "labor_force_exit_rate",
            "separations_rate",
            "entry_education",
            "work_experience",
            "on_the_job_training",
        ):
            out[column] = e[column]
    return e.select(**out).order_by("soc_code")


def _round(value: Any, digits: int) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def _finish_row(
    raw: dict[str, Any], figure: IndustryFigure, sources: list[WageSource]
) -> dict[str, Any]:
    index = raw.get("_wage_index")
    source = sources[int(index)] if index is not None else None
    row: dict[str, Any] = {
        "soc_code": raw["soc_code"],
        "soc_title": raw["soc_title"],
        "national_industry_employment": raw["national_industry_employment"],
        "national_industry_employment_flag": raw["national_industry_employment_flag"],
        "industry_share": _round(raw["industry_share"], 6),
        "estimated_employment": raw["estimated_employment"],
        "lower_bound": figure.lower_bound and raw["estimated_employment"] is not None,
        "suppressed": figure.suppressed,
        "estimated": figure.estimated,
        "wage_source": source.kind if source else None,
        "wage_area_code": source.code if source else None,
        "wage_area_title": source.title if source else None,
        "wage_year": source.year if source else None,
        "annual_only": raw["annual_only"],
        "hourly_only": raw["hourly_only"],
        "wage_area_employment": raw["wage_area_employment"] if source else None,
        "wage_area_lq": _round(raw["wage_area_lq"], 2),
        "projected_change_percent": _round(raw.get("projected_change_percent"), 1),
        "projected_change": _round(raw.get("projected_change"), 1),
        "annual_openings": _round(raw.get("annual_openings"), 1),
        "national_annual_openings": _round(raw.get("national_annual_openings"), 0),
        "labor_force_exit_rate": _round(raw.get("labor_force_exit_rate"), 1),
        "separations_rate": _round(raw.get("separations_rate"), 1),
        "entry_education": raw.get("entry_education"),
        "work_experience": raw.get("work_experience"),
        "on_the_job_training": raw.get("on_the_job_training"),
        "openings_rate": _round(raw.get("openings_rate"), 4),
    }
    for column, name in WAGE_COLUMNS.items():
        value = raw[f"_{column}"]
        row[name] = _round(value, 2) if column.startswith("h_") else _round(value, 0)
        row[f"{name}_flag"] = raw[f"_{column}_flag"]
    return row


def _notes(
    figure: IndustryFigure, pattern: Pattern, rows: list[dict[str, Any]], edition: str | None
) -> list[str]:
    notes: list[str] = []
    region_figure = "suppressed" if figure.employment is None else f"{figure.employment:,}"
    notes.append(
        f"Estimated employment = the region's QCEW {figure.ownership} employment in "
        f"{figure.code} ({region_figure}, {figure.year} {figure.period_label}) x each "
        f"occupation's share of the industry's employment nationally (OEWS May {pattern.year}, "
        f"{pattern.industry_code} {pattern.industry_title}, ownership {pattern.own_code})."
    )
    if figure.employment is None:
        notes.append(
            "QCEW suppresses the region's employment in this industry: the estimates are "
            "unknown (not zero); the score ranks occupations by their national shares."
        )
    elif figure.lower_bound:
        notes.append(
            "Some of the region's areas are suppressed in QCEW: the region's employment and "
            "every estimate and regional opening are lower bounds."
        )
    if figure.estimated:
        notes.append("The region's employment is estimated from the QCEW industry hierarchy.")
    unknown = sum(1 for r in rows if r["industry_share"] is None)
    if unknown:
        notes.append(
            f"{unknown} occupation{'s have' if unknown != 1 else ' has'} no published "
            "employment in the industry (BLS's **): estimate unknown, not ranked."
        )
    if pattern.year != figure.year:
        notes.append(
            f"QCEW {figure.year} employment is combined with the OEWS May {pattern.year} "
            "staffing pattern."
        )
    if edition is None:
        notes.append(
            "No Employment Projections loaded: change, openings, education and training are "
            "left empty."
        )
    else:
        notes.append(
            f"Change and openings apply EP {edition}'s national rates to the regional estimate "
            "(the region's occupations are assumed to change as the nation's)."
        )
    return notes


def _used_parts(
    store: LabourStore, pattern: Pattern, sources: list[WageSource], edition: str | None
) -> list[Part]:
    import pyarrow.parquet as pq

    wanted = {
        oews_slice(pattern.year, "national", NATIONAL, pattern.industry_code, pattern.own_code),
        *(oews_slice(s.year, s.kind, s.code, CROSS_INDUSTRY, "") for s in sources),
    }
    if edition is not None:
        wanted.add(f"ep|{edition}")
    used: list[Part] = []
    for dataset in ("oews", "ep"):
        for part in store.parts(dataset):
            slices = pq.read_table(store.root / part.file, columns=[SLICE]).column(SLICE)
            if wanted & set(slices.unique().to_pylist()):
                used.append(part)
    return used
