"""A region's industry analysis: the one call pages, API, reports and CLI share.

:func:`analyze_region` returns a :class:`RegionAnalysis`: one row per
industry with the fields of :data:`ANNUAL_FIELDS` (or
:data:`QUARTERLY_FIELDS`), plus what was used to make them (region, period,
base year, data sources) and notes a reader needs ("national data not
loaded, LQ estimated"). The figures are one Ibis expression run on the
store's engine; titles, scores and reasons are added in Python.
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
from ibis import _

from convenor.analysis import reference as ref
from convenor.analysis.errors import InputError
from convenor.analysis.location_quotient import estimated_national_shares
from convenor.analysis.regional import (
    annual_pay,
    cells,
    period_rows,
    quarterly_weekly_wage,
    regional_sum,
)
from convenor.analysis.score import ScoreWeights, score_rows
from convenor.analysis.shift_share import shift_share_columns
from convenor.analysis.store import Store
from convenor.analysis.suppression import fill_suppressed, levels_to
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
DEFAULT_BASE_SPAN = 5


@dataclass(frozen=True)
class Region:
    """Area codes analysed together, and a name for people."""

    codes: tuple[str, ...]
    name: str

    @classmethod
    def from_codes(cls, codes: str | list[str], name: str | None = None) -> Region:
        """Validate codes (``"39049,39041"`` or a list) and name the region.

        A county listed with its own state would be counted twice: refused.
        """
        parsed = tuple(ref.parse_areas(codes))
        states = {c for c in parsed if c.isdigit() and c.endswith("000")}
        for code in parsed:
            if code.isdigit() and code not in states and f"{code[:2]}000" in states:
                raise InputError(
                    f"{code} is inside {code[:2]}000: a region lists a state or its "
                    "counties, not both"
                )
        return cls(parsed, name or region_name(parsed))


def region_name(codes: tuple[str, ...] | list[str]) -> str:
    """``"Franklin County, Ohio"``, or the first two names and how many more."""
    titles = [ref.area_title(c) for c in codes]
    if len(titles) <= 2:
        return " and ".join(titles)
    return f"{titles[0]}, {titles[1]} and {len(titles) - 2} more"


@dataclass
class RegionAnalysis:
    """The result of :func:`analyze_region`; render :attr:`rows` in :attr:`fields` order."""

    region: Region
    year: int
    period: str
    ownership: str
    level: str
    base_year: int | None
    base_source: str | None
    national_data: bool
    estimate_suppressed: bool
    weights: ScoreWeights
    rows: list[dict[str, Any]]
    totals: dict[str, Any]
    notes: list[str]
    sources: list[str]
    engine: str
    score_factors: dict[str, dict[str, float]] = field(default_factory=dict)
    source_hashes: list[str] = field(default_factory=list)

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
        """The rows with exactly :attr:`fields` as keys (nulls as ``None``)."""
        return [{f: row.get(f) for f in self.fields} for row in self.rows]

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

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame (columns in :attr:`fields` order)."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records(), columns=self.fields)


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)


def analyze_region(
    store: Store,
    areas: str | list[str] | Region,
    year: int,
    *,
    period: str = "a",
    ownership: str = "private",
    level: str = "sector",
    base_year: int | None = None,
    estimate_suppressed: bool = False,
    weights: ScoreWeights | None = None,
    region_name: str | None = None,
) -> RegionAnalysis:
    """Analyse a region's industries for one year and period.

    ``areas``: one code or several (a local workforce area), as a list,
    a ``"39049,39041"`` string or a :class:`Region`. ``period``: ``a`` for
    the annual average or ``1``-``4``. ``ownership``: private (default),
    total, federal, state or local. ``level``: total, domain, supersector,
    sector (default), 3, 4, 5 or 6 (NAICS digits). ``base_year``: the year
    change, CAGR and shift-share start from; by default the earliest of the
    five years before that is loaded, else the year before from the files'
    over-the-year columns. Raises :class:`InputError` when the data needed
    is not loaded.
    """
    region = areas if isinstance(areas, Region) else Region.from_codes(areas, region_name)
    year = _year(year)
    if period not in ref.ANALYSIS_PERIODS:
        raise InputError(
            f"unknown period {period!r} (use a, 1, 2, 3, 4, or t1, t2, t3 for the four "
            "quarters to Q1, Q2, Q3)"
        )
    own_codes = ref.ownership_codes(ownership)
    digit = ref.level_digit(level)
    if ownership == "total" and level == "total":
        own_codes, digit = (0,), 0
    weights = weights or ScoreWeights()
    plan = _Plan.make(store, region, year, period, base_year)
    key = (
        "analyze_region",
        region.codes,
        year,
        period,
        own_codes,
        digit,
        estimate_suppressed,
        plan.signature(),
    )

    def build() -> Any:
        return _query(
            store.table(), region, year, period, own_codes, digit, estimate_suppressed, plan
        )

    raw = store.records(key, build)
    totals_row = raw[0] if raw else None
    return _finish(
        store,
        region,
        year,
        period,
        ownership,
        level,
        estimate_suppressed,
        weights,
        plan,
        raw,
        totals_row,
    )


def _query(
    table: Any,
    region: Region,
    year: int,
    period: str,
    own_codes: tuple[int, ...],
    digit: int,
    estimate_suppressed: bool,
    plan: _Plan,
) -> Any:
    """The whole analysis as one Ibis expression (one row per industry).

    Without estimates, everything comes from one scan and one grouped
    aggregation (:func:`_single_pass`); with them, the hierarchy fill needs
    per-level joins (:func:`_joined`). Both give :func:`_derive` the same
    columns.
    """
    if estimate_suppressed and digit >= 1:
        expr = _joined(table, region, year, period, own_codes, digit, plan)
    else:
        expr = _single_pass(table, region, year, period, own_codes, digit, plan)
    if not plan.national:
        # Also for a single area: cells BLS publishes no LQ for get an estimate.
        rows = period_rows(table, year, period, plan.quarters_for)
        shares = estimated_national_shares(rows, own_codes, [digit])
        expr = _left(expr, shares, "_s", ["national_share"])
    return _derive(expr, plan, period, len(region.codes) == 1).order_by("industry_code")


def _single_pass(
    table: Any,
    region: Region,
    year: int,
    period: str,
    own_codes: tuple[int, ...],
    digit: int,
    plan: _Plan,
) -> Any:
    """Region, nation, base year and totals as conditional sums over one scan.

    Many small joins cost DuckDB more than reading the few row groups
    involved, so every figure is a ``sum(..., where=...)`` of the same rows:
    region or nation, current or base year, the industry level or a total.
    """
    areas = list(region.codes)
    wanted = areas + ([ref.NATION] if plan.national else [])
    stored_base = plan.base_source == "stored"
    rows = period_rows(table, year, period, plan.quarters_for)
    if stored_base:
        rows = rows.union(period_rows(table, plan.base_year, period, plan.base_quarters_for))
    own_digit = 0 if digit == 0 else 1
    r = rows.filter(
        _.area_fips.isin(wanted),
        _.own_code.isin([0, *own_codes]),
        (_.agglvl_code % 10).isin(sorted({0, own_digit, digit})),
        ~_.agglvl_code.between(20, 29),
        _.size_code == 0,
        _.disclosure_code.fill_null("") != "-",
    )
    null_i = ibis.null("int64")
    hidden = r.disclosure_code.notnull() & (r.disclosure_code == "N")
    prior_hidden = hidden | r.oty_disclosure_code.notnull()
    r = r.mutate(
        _region=r.area_fips.isin(areas),
        _nation=r.area_fips == ref.NATION,
        _cur=r.year == year,
        _lvl=r.agglvl_code % 10,
        _hidden=hidden,
        _emp=ibis.ifelse(hidden, null_i, r.employment),
        _prior=ibis.ifelse(prior_hidden, null_i, r.employment - r.oty_employment_chg),
    )
    industry = r.own_code.isin(list(own_codes)) & (r._lvl == digit)
    region_now = industry & r._region & r._cur
    nation_now = industry & r._nation & r._cur
    if stored_base:
        base_value = r._emp
        region_base = industry & r._region & ~r._cur
        nation_base = industry & r._nation & ~r._cur
    else:
        base_value, region_base, nation_base = r._prior, region_now, nation_now

    # Annual rows carry no months: not reading them saves three columns.
    quarterly = not ref.is_annual(period)

    def month(m: int) -> Any:
        return ibis.ifelse(r._hidden, null_i, r[f"month{m}_employment"])

    wages = ibis.ifelse(r._hidden, null_i, r.total_wages)
    measures = {
        "establishments": r.establishments.sum(where=region_now),
        "employment": r._emp.sum(where=region_now),
        "total_wages": wages.sum(where=region_now),
        **{f"month{m}_employment": month(m).sum(where=region_now) for m in (1, 2, 3) if quarterly},
        "parts": r.area_fips.count(where=region_now),
        "suppressed_parts": r._hidden.cast("int64").sum(where=region_now),
        "missing_parts": r._emp.isnull().cast("int64").sum(where=region_now),
        "pub_avg_weekly_wage": ibis.ifelse(r._hidden, null_i, r.avg_weekly_wage).max(
            where=region_now
        ),
        "pub_avg_annual_pay": ibis.ifelse(r._hidden, null_i, r.avg_annual_pay).max(
            where=region_now
        ),
        "pub_lq": ibis.ifelse(
            r.lq_disclosure_code.isnull() & ~r._hidden, r.lq_employment, ibis.null("float64")
        ).max(where=region_now),
        "employment_n": r._emp.sum(where=nation_now),
    }
    if plan.base_year is not None:
        measures["employment_b"] = base_value.sum(where=region_base)
        # Null when the industry is absent from the base year (no change then).
        measures["missing_parts_b"] = ibis.ifelse(
            r.area_fips.count(where=region_base) > 0,
            base_value.isnull().cast("int64").sum(where=region_base),
            null_i,
        )
        measures["employment_nb"] = base_value.sum(where=nation_base)
    # Totals are sums over the all-industry rows (industry 10); computing them
    # in the same grouping, then spreading them over every row with a window,
    # saves a second scan.
    everything = (r.own_code == 0) & (r._lvl == 0)
    own_total = everything if digit == 0 else r.own_code.isin(list(own_codes)) & (r._lvl == 1)
    region_total = own_total & r._region & r._cur
    totals = {
        "all_r": r._emp.sum(where=everything & r._region & r._cur),
        "all_n": r._emp.sum(where=everything & r._nation & r._cur),
        "own_emp_r": r._emp.sum(where=region_total),
        "own_wages_r": wages.sum(where=region_total),
        "own_estabs_r": r.establishments.sum(where=region_total),
        **{f"own_m{m}_r": month(m).sum(where=region_total) for m in (1, 2, 3) if quarterly},
    }
    if plan.base_year is not None:
        base_everything = everything & r._nation & (~r._cur if stored_base else r._cur)
        totals["all_nb"] = base_value.sum(where=base_everything)
    g = r.group_by("industry_code").aggregate(
        **measures, **{f"_t_{k}": v for k, v in totals.items()}
    )
    whole = ibis.window()
    g = g.mutate(**{k: g[f"_t_{k}"].max().over(whole) for k in totals})
    g = g.drop(*[f"_t_{k}" for k in totals])
    if not quarterly:
        g = g.mutate(
            **{f"month{m}_employment": null_i for m in (1, 2, 3)},
            **{f"own_m{m}_r": null_i for m in (1, 2, 3)},
        )
    return g.filter(g.parts > 0).mutate(estimated_parts=ibis.literal(0, "int64"))


def _joined(
    table: Any,
    region: Region,
    year: int,
    period: str,
    own_codes: tuple[int, ...],
    digit: int,
    plan: _Plan,
) -> Any:
    """The same columns as :func:`_single_pass`, with suppressed cells estimated."""
    estimate_suppressed = True  # the hierarchy fill needs the cells of every level
    rows = period_rows(table, year, period, plan.quarters_for)
    current = _snapshot(rows, region.codes, own_codes, digit, estimate_suppressed)
    expr = current
    scalars = [_totals(rows, region.codes, own_codes, digit, "_r")]
    if plan.national:
        nat = _snapshot(rows, [ref.NATION], own_codes, digit, False)
        expr = _left(expr, nat, "_n", ["employment"])
        scalars.append(_totals(rows, [ref.NATION], own_codes, digit, "_n"))
    if plan.base_year is not None:
        prior = plan.base_source == "oty"
        if prior:
            base_rows = rows
        else:
            base_rows = period_rows(table, plan.base_year, period, plan.base_quarters_for)
        base = _snapshot(
            base_rows, region.codes, own_codes, digit, estimate_suppressed, prior=prior
        )
        expr = _left(expr, base, "_b", ["employment", "missing_parts"])
        if plan.base_national:
            nat_base = _snapshot(base_rows, [ref.NATION], own_codes, digit, False, prior=prior)
            expr = _left(expr, nat_base, "_nb", ["employment"])
            scalars.append(_totals(base_rows, [ref.NATION], own_codes, digit, "_nb", prior=prior))
    for scalar in scalars:
        expr = expr.cross_join(scalar)
    return expr


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise InputError(f"{value!r} is not a year") from None
    if not 1975 <= year <= 2100:
        raise InputError(f"{year} is not a QCEW year")
    return year


@dataclass
class _Plan:
    """What data the analysis uses, decided from the manifest before any query."""

    year: int
    national: bool
    quarters_for: list[str]
    base_year: int | None
    base_source: str | None
    base_national: bool
    base_quarters_for: list[str]
    notes: list[str]
    sources: list[str]
    source_hashes: list[str]

    def signature(self) -> tuple:
        """What the query depends on besides the request (part of the cache key)."""
        return (
            self.national,
            tuple(self.quarters_for),
            self.base_year,
            self.base_source,
            self.base_national,
            tuple(self.base_quarters_for),
        )

    @classmethod
    def make(
        cls, store: Store, region: Region, year: int, period: str, base_year: int | None
    ) -> _Plan:
        manifest = store.manifest()
        cov = manifest.coverage()
        notes: list[str] = []

        trailing = period in ref.TRAILING_PERIODS

        def loaded(y: int, codes: tuple[str, ...] | list[str]) -> tuple[bool, list[str]]:
            """Whether ``codes`` have data for ``y``; and which are built from quarters."""
            if trailing:
                window = ref.window_quarters(y, period)
                built = [c for c in codes if all(c in cov.get(k, set()) for k in window)]
                return len(built) == len(codes), built
            have = cov.get((y, period), set())
            missing = [c for c in codes if c not in have]
            if not missing or period != "a":
                return not missing, []
            quarters = [c for c in missing if all(c in cov.get((y, q), set()) for q in "1234")]
            return len(quarters) == len(missing), quarters

        ok, quarters_for = loaded(year, region.codes)
        if not ok and trailing:
            missing = sorted(set(region.codes) - set(quarters_for))
            quarters = " ".join(f"{y}Q{q}" for y, q in ref.window_quarters(year, period))
            raise InputError(
                f"the four quarters {ref.window_label(year, period)} are not all loaded for "
                f"{', '.join(missing)}: fetch or ingest each of {quarters} (e.g. `convenor "
                f"qcew fetch --year {year} --period {period[1]} --area {' '.join(missing)}`)"
            )
        if not ok:
            have = cov.get((year, period), set())
            missing = [c for c in region.codes if c not in have]
            raise InputError(
                f"no {ref.PERIOD_LABELS[period]} data for {year} loaded for "
                f"{', '.join(missing)}: run `convenor qcew fetch --year {year} --period {period} "
                f"--area {' '.join(missing)}` or ingest the files"
            )
        if trailing:
            notes.append(
                f"Figures for the four quarters {ref.window_label(year, period)}, built from "
                "the quarterly files as BLS builds its annual averages (mean of the 12 "
                "months, wages summed)."
            )
        elif quarters_for:
            notes.append(
                f"Annual {year} figures for {', '.join(quarters_for)} are built from the four "
                "quarters (the annual file is not loaded)."
            )
        national, nat_quarters = loaded(year, [ref.NATION])
        quarters_for = quarters_for + nat_quarters if national else quarters_for
        if not national and trailing:
            notes.append(
                "National data not loaded for these quarters: BLS publishes LQs per quarter, "
                "not for a trailing year, so the LQ is left empty."
            )
        elif not national:
            if len(region.codes) == 1:
                notes.append(
                    "National data not loaded: LQ is BLS's published LQ for this area "
                    "(estimated where BLS publishes none)."
                )
            else:
                notes.append(
                    "National data not loaded, LQ estimated from the published LQs of the "
                    "loaded areas."
                )

        chosen: int | None = None
        source: str | None = None
        base_quarters: list[str] = []
        if base_year is not None:
            base_year = _year(base_year)
            if base_year >= year:
                raise InputError(f"base year {base_year} must be before {year}")
            ok_base, base_quarters = loaded(base_year, region.codes)
            if ok_base:
                chosen, source = base_year, "stored"
            elif base_year == year - 1:
                chosen, source = base_year, "oty"
            else:
                raise InputError(
                    f"no {ref.PERIOD_LABELS[period]} data for base year {base_year} loaded for "
                    f"{', '.join(region.codes)}"
                )
        else:
            for candidate in range(year - DEFAULT_BASE_SPAN, year):
                ok_base, quarters = loaded(candidate, region.codes)
                if ok_base:
                    chosen, source, base_quarters = candidate, "stored", quarters
                    break
            else:
                chosen, source = year - 1, "oty"
        base_national = False
        if chosen is not None:
            if source == "oty":
                base_national = national
                notes.append(
                    f"Base year {chosen} taken from the over-the-year change columns of the "
                    f"{year} files."
                )
            else:
                base_national, nat_q = loaded(chosen, [ref.NATION])
                if base_national:
                    base_quarters = base_quarters + nat_q
            if not base_national:
                notes.append(
                    "Shift-share needs national data for both years: not loaded, left empty."
                )

        def period_keys(y: int) -> set[tuple[int, str]]:
            return set(ref.window_quarters(y, period)) if trailing else {(y, period)}

        keys = period_keys(year) | (period_keys(chosen) if source == "stored" and chosen else set())
        wanted = {*region.codes, ref.NATION}
        used = [
            p
            for p in manifest.parts
            if any(_key(k) in keys and wanted & set(areas) for k, areas in p.coverage.items())
        ]
        sources = sorted({p.source for p in used})
        hashes = sorted({p.sha256 for p in used})
        return cls(
            year=year,
            national=national,
            quarters_for=quarters_for,
            base_year=chosen,
            base_source=source,
            base_national=base_national,
            base_quarters_for=base_quarters,
            notes=notes,
            sources=sources,
            source_hashes=hashes,
        )


def _key(k: str) -> tuple[int, str]:
    year, period = k.split("-", 1)
    return int(year), period


def _snapshot(
    rows: Any,
    areas: tuple[str, ...] | list[str],
    own_codes: tuple[int, ...],
    digit: int,
    estimate: bool,
    *,
    prior: bool = False,
) -> Any:
    if estimate and digit >= 1:
        all_cells = cells(rows, areas, own_codes, levels_to(digit), prior=prior)
        return regional_sum(fill_suppressed(all_cells, digit))
    return regional_sum(cells(rows, areas, own_codes, [digit], prior=prior))


def _totals(
    rows: Any,
    areas: tuple[str, ...] | list[str],
    own_codes: tuple[int, ...],
    digit: int,
    suffix: str,
    *,
    prior: bool = False,
) -> Any:
    """One row: the all-ownership total (LQ denominator) and the ownership's total."""
    everything = cells(rows, areas, [0], [0], prior=prior).aggregate(
        **{f"all{suffix}": _.employment.sum()}
    )
    own_digit = 0 if digit == 0 else 1
    own = cells(rows, areas, own_codes, [own_digit], prior=prior).aggregate(
        **{
            f"own_emp{suffix}": _.employment.sum(),
            f"own_wages{suffix}": _.total_wages.sum(),
            f"own_m1{suffix}": _.month1_employment.sum(),
            f"own_m2{suffix}": _.month2_employment.sum(),
            f"own_m3{suffix}": _.month3_employment.sum(),
            f"own_estabs{suffix}": _.establishments.sum(),
        }
    )
    return everything.cross_join(own)


def _left(expr: Any, other: Any, suffix: str, columns: list[str]) -> Any:
    picked = other.select(
        **{f"_k{suffix}": other.industry_code}, **{f"{c}{suffix}": other[c] for c in columns}
    )
    return expr.left_join(picked, expr.industry_code == picked[f"_k{suffix}"])


def _derive(expr: Any, plan: _Plan, period: str, single_area: bool) -> Any:
    e = expr
    f = "float64"
    null_f = ibis.null(f)
    null_i = ibis.null("int64")
    suppressed = e.suppressed_parts == e.parts
    lower_bound = (e.missing_parts > 0) & (e.missing_parts < e.parts)
    estimated = e.estimated_parts > 0
    single = (e.parts == 1) & (e.estimated_parts == 0)
    if ref.is_annual(period):
        pay, weekly = annual_pay(e.total_wages, e.employment)
        avg_annual = ibis.ifelse(single, e.pub_avg_annual_pay, pay)
        avg_weekly = ibis.ifelse(single, e.pub_avg_weekly_wage, weekly)
    else:
        weekly = quarterly_weekly_wage(
            e.total_wages, e.month1_employment, e.month2_employment, e.month3_employment
        )
        avg_weekly = ibis.ifelse(single, e.pub_avg_weekly_wage, weekly)
        avg_annual = null_i
    region_share = e.employment.cast(f) / e.all_r.cast(f)
    if plan.national:
        nat_share = e.employment_n.cast(f) / e.all_n.cast(f)
        lq = ibis.ifelse((e.all_r > 0) & (e.employment_n > 0), region_share / nat_share, null_f)
        lq_source = ibis.ifelse(lq.notnull(), "computed", ibis.null("string"))
    else:
        estimated_lq = ibis.ifelse(
            (e.all_r > 0) & (e.national_share_s > 0), region_share / e.national_share_s, null_f
        )
        if single_area:
            use_pub = single & e.pub_lq.notnull()
            lq = ibis.ifelse(use_pub, e.pub_lq, estimated_lq)
            lq_source = ibis.cases(
                (use_pub, "published"), (estimated_lq.notnull(), "estimated"), else_=None
            )
        else:
            lq = estimated_lq
            lq_source = ibis.ifelse(lq.notnull(), "estimated", ibis.null("string"))
    lq = ibis.ifelse(e.employment.notnull(), lq, null_f)
    lq_source = ibis.ifelse(e.employment.notnull(), lq_source, ibis.null("string"))
    out = {
        "industry_code": e.industry_code,
        "establishments": e.establishments,
        "employment": e.employment,
        "month1_employment": e.month1_employment,
        "month2_employment": e.month2_employment,
        "month3_employment": e.month3_employment,
        "total_wages": e.total_wages,
        "avg_weekly_wage": avg_weekly.cast("int64"),
        "avg_annual_pay": avg_annual.cast("int64"),
        "lq": lq,
        "lq_source": lq_source,
        "suppressed": suppressed,
        "lower_bound": lower_bound,
        "estimated": estimated,
    }
    totals = {
        "_all_r": e.all_r,
        "_own_emp": e.own_emp_r,
        "_own_wages": e.own_wages_r,
        "_own_m1": e.own_m1_r,
        "_own_m2": e.own_m2_r,
        "_own_m3": e.own_m3_r,
        "_own_estabs": e.own_estabs_r,
    }
    if plan.base_year is not None:
        # A lower bound's change would compare two incomplete sums: left empty.
        complete = (e.missing_parts == 0) & (e.missing_parts_b == 0)
        e0 = ibis.ifelse(complete, e.employment_b, null_i)
        years = plan.year - plan.base_year
        if plan.base_national:
            cols = shift_share_columns(
                e0, e.employment, e.all_nb, e.all_n, e.employment_nb, e.employment_n, years
            )
        else:
            cols = shift_share_columns(e0, e.employment, null_i, null_i, null_i, null_i, years)
            cols["shift_national"] = null_f
            cols["shift_industry_mix"] = null_f
            cols["shift_competitive"] = null_f
        out.update(cols)
        out["_base_employment"] = e0
    else:
        out.update(
            employment_change=null_i,
            employment_cagr=null_f,
            shift_national=null_f,
            shift_industry_mix=null_f,
            shift_competitive=null_f,
            _base_employment=null_i,
        )
    return e.select(**out, **totals)


def _finish(
    store: Store,
    region: Region,
    year: int,
    period: str,
    ownership: str,
    level: str,
    estimate: bool,
    weights: ScoreWeights,
    plan: _Plan,
    raw: list[dict[str, Any]],
    totals_row: dict[str, Any] | None,
) -> RegionAnalysis:
    titles = store.titles().get("industry", {})
    rows: list[dict[str, Any]] = []
    for r in raw:
        row = {k: v for k, v in r.items() if not k.startswith("_")}
        row["industry_title"] = ref.industry_title(r["industry_code"], titles)
        row["ownership"] = ownership
        row["lq"] = _round(row["lq"], 4)
        row["employment_cagr"] = _round(row["employment_cagr"], 6)
        for key in ("shift_national", "shift_industry_mix"):
            row[key] = _round(row[key], 2)
        if row["shift_competitive"] is not None:
            # The remainder of the rounded parts, so the three add up to the change.
            row["shift_competitive"] = round(
                row["employment_change"] - row["shift_national"] - row["shift_industry_mix"], 2
            )
        row["suppressed"] = bool(row["suppressed"])
        row["lower_bound"] = bool(row["lower_bound"])
        row["estimated"] = bool(row["estimated"])
        row["_base_employment"] = r["_base_employment"]
        rows.append(row)
    totals: dict[str, Any] = {}
    average_pay = None
    if totals_row:
        emp = totals_row["_own_emp"]
        wages = totals_row["_own_wages"]
        totals = {
            "establishments": totals_row["_own_estabs"],
            "employment": emp,
            "total_wages": wages,
            "all_ownerships_employment": totals_row["_all_r"],
        }
        if ref.is_annual(period) and emp:
            average_pay = wages / emp
            totals["avg_annual_pay"] = math.floor(average_pay + 0.5)
        elif not ref.is_annual(period):
            months = [totals_row["_own_m1"], totals_row["_own_m2"], totals_row["_own_m3"]]
            if all(months) and wages:
                average_pay = wages / (sum(months) / 3.0) / 13.0
                totals["avg_weekly_wage"] = math.floor(average_pay + 0.5)
    notes = list(plan.notes)
    lower = sum(1 for r in rows if r["lower_bound"])
    if lower:
        notes.append(
            f"{lower} industr{'y' if lower == 1 else 'ies'} include suppressed areas: "
            "their figures are lower bounds."
        )
    if estimate:
        notes.append(
            "Suppressed cells are estimated from the industry hierarchy and marked estimated; "
            "estimated rows are not ranked."
        )
    base_years = year - plan.base_year if plan.base_year is not None else None
    factors = score_rows(
        rows,
        weights,
        average_pay=average_pay,
        region_employment=totals.get("employment"),
        base_years=base_years,
    )
    for row in rows:
        row.pop("_base_employment", None)
    return RegionAnalysis(
        region=region,
        year=year,
        period=period,
        ownership=ownership,
        level=level,
        base_year=plan.base_year,
        base_source=plan.base_source,
        national_data=plan.national,
        estimate_suppressed=estimate,
        weights=weights,
        rows=rows,
        totals=totals,
        notes=notes,
        sources=plan.sources,
        engine=store.engine,
        score_factors=factors,
        source_hashes=plan.source_hashes,
    )


def _round(value: float | None, digits: int) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def annual_trend(
    store: Store,
    areas: str | list[str] | Region,
    *,
    period: str = "a",
    ownership: str = "private",
    level: str = "sector",
    industry_codes: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The region's employment per loaded year, per industry (for trend charts).

    One dict per (year, industry): ``year, industry_code, industry_title,
    employment, suppressed, lower_bound``, over every year whose ``period``
    is loaded for all the region's areas. Suppressed sums are ``None``.
    """
    region = areas if isinstance(areas, Region) else Region.from_codes(areas)
    if period not in ref.PERIODS:
        raise InputError(f"unknown period {period!r} (use a, 1, 2, 3 or 4)")
    own_codes = ref.ownership_codes(ownership)
    digit = ref.level_digit(level)
    if ownership == "total" and level == "total":
        own_codes, digit = (0,), 0
    years = sorted(
        y
        for (y, p), loaded in store.coverage().items()
        if p == period and set(region.codes) <= loaded
    )
    if not years:
        return []
    codes = tuple(industry_codes or ())

    def build() -> Any:
        t = store.table()
        r = t.filter(
            _.period == period,
            _.year.isin(years),
            _.area_fips.isin(list(region.codes)),
            _.own_code.isin(list(own_codes)),
            _.agglvl_code % 10 == digit,
            ~_.agglvl_code.between(20, 29),
            _.size_code == 0,
            _.disclosure_code.fill_null("") != "-",
        )
        if codes:
            r = r.filter(_.industry_code.isin(list(codes)))
        hidden = r.disclosure_code.notnull() & (r.disclosure_code == "N")
        r = r.mutate(_hidden=ibis.ifelse(hidden, 1, 0))
        g = r.group_by(["year", "industry_code"]).aggregate(
            employment=_.employment.sum(), parts=_.count(), hidden=_._hidden.sum()
        )
        return g.order_by(["industry_code", "year"])

    key = ("annual_trend", region.codes, period, own_codes, digit, codes, tuple(years))
    titles = store.titles().get("industry", {})
    out = []
    for row in store.records(key, build):
        out.append(
            {
                "year": int(row["year"]),
                "industry_code": row["industry_code"],
                "industry_title": ref.industry_title(row["industry_code"], titles),
                "employment": row["employment"],
                "suppressed": row["hidden"] == row["parts"],
                "lower_bound": 0 < row["hidden"] < row["parts"],
            }
        )
    return out
