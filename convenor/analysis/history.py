"""National history of an industry: every area's figures for each loaded year.

``convenor qcew history --industry 3363 --from 2015 --to 2024 --level county
--out history.parquet`` answers "where is this industry growing, nationally":
one row per area and industry code, with for each year its establishments,
employment, total wages, average annual pay, employment LQ and a flag, then
the change and CAGR over the span (first to last year of ``--from``/``--to``).

* A cell BLS suppressed (``N``) stays null, flagged ``suppressed``; a sum
  over ownerships (``--ownership total`` below the all-industry level) with
  some suppressed parts is a lower bound, flagged ``lower bound``, and no
  change or CAGR is computed from it. An area with no row for a loaded year
  is flagged ``no row``.
* The LQ is BLS's formula against the national (``US000``) rows of the same
  year when they are loaded (``(e / E) / (N_i / N)``, all-ownership
  all-industry denominators, ownership shares added); otherwise, for a single
  ownership, BLS's published LQ of the cell (a note says so).
* NAICS codes change between editions (2012, 2017, 2022): a requested code
  with no row in some loaded year gets a note naming those years.

Everything is one Ibis expression over the store's table (the same on DuckDB
and Spark) written to the file by the engine; the notes come from two small
queries first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
from ibis import _

from convenor.analysis import reference as ref
from convenor.analysis.errors import InputError
from convenor.analysis.request import check_ownership, parse_industry_codes

# agglvl_code's first digit for each geography.
LEVEL_GEOGRAPHY = {"county": 7, "msa": 4, "state": 5}
# Columns written for each year (suffixed _YYYY), in this order.
YEAR_FIELDS = (
    "establishments",
    "employment",
    "total_wages",
    "avg_annual_pay",
    "lq",
    "flag",
)
SPAN_FIELDS = (
    "employment_change",
    "employment_pct_change",
    "employment_cagr",
    "establishments_change",
    "total_wages_cagr",
    "lq_change",
)


@dataclass(frozen=True)
class HistoryRequest:
    """What ``convenor qcew history`` asks for, checked."""

    industries: tuple[str, ...]
    first: int | None = None
    last: int | None = None
    level: str = "county"
    ownership: str = "private"

    @classmethod
    def parse(
        cls,
        industries: str | Sequence[str],
        first: object = None,
        last: object = None,
        *,
        level: str = "county",
        ownership: str = "private",
    ) -> HistoryRequest:
        codes = parse_industry_codes(industries)
        if level not in LEVEL_GEOGRAPHY:
            raise InputError(
                f"level: {level!r} is not a geography (use {', '.join(LEVEL_GEOGRAPHY)})",
                field="level",
            )
        years = [_year(name, value) for name, value in (("from", first), ("to", last))]
        if years[0] is not None and years[1] is not None and years[0] > years[1]:
            raise InputError(f"from: {years[0]} is after to: {years[1]}", field="from")
        return cls(codes, years[0], years[1], level, check_ownership(ownership))

    def own_codes(self, code: str) -> tuple[int, ...]:
        """The ownerships summed for ``code`` (the all-ownership total is its own row)."""
        if self.ownership == "total" and code == "10":
            return (0,)
        return ref.ownership_codes(self.ownership)


def _year(name: str, value: object) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not text.isdigit() or not 1975 <= int(text) <= 2100:
        raise InputError(f"{name}: {text!r} is not a year", field=name)
    return int(text)


@dataclass
class History:
    """What was written: rows, the years covered and the notes to show."""

    rows: int
    years: list[int]
    notes: list[str] = field(default_factory=list)


def plan_years(store: Any, request: HistoryRequest) -> tuple[list[int], list[int], list[str]]:
    """The loaded annual years in the span, those with national data, and notes.

    :class:`InputError` when no year of the span is loaded.
    """
    coverage = store.coverage()
    loaded = sorted(y for (y, p), areas in coverage.items() if p == "a" and areas)
    if not loaded:
        raise InputError("no annual QCEW data loaded: ingest or fetch annual files first")
    first = request.first if request.first is not None else loaded[0]
    last = request.last if request.last is not None else loaded[-1]
    years = [y for y in loaded if first <= y <= last]
    if not years:
        if first <= last:
            asked = f"for {first}-{last}"
        else:
            asked = f"from {first}" if request.first is not None else f"up to {last}"
        raise InputError(
            f"no annual data loaded {asked} (loaded: {_span(loaded)}): ingest or fetch those years"
        )
    notes = []
    missing = [y for y in range(first, last + 1) if y not in years]
    if missing:
        notes.append(
            f"No annual data loaded for {_span(missing)}: those years have no columns; the "
            f"change and CAGR run from {years[0]} to {years[-1]}."
        )
    national = [y for y in years if ref.NATION in coverage.get((y, "a"), set())]
    without = [y for y in years if y not in national]
    if without:
        how = (
            "BLS's published LQ of each area"
            if len(ref.ownership_codes(request.ownership)) == 1
            else "left empty (published LQs of several ownerships do not add up)"
        )
        notes.append(f"No national (US000) data loaded for {_span(without)}: the LQ is {how}.")
    return years, national, notes


def _span(years: Sequence[int]) -> str:
    """``[2015, 2016, 2017, 2020]`` -> ``"2015-2017, 2020"``."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def _rows(table: Any, request: HistoryRequest, years: list[int], geo: int) -> Any:
    """The area cells of the requested industries, one row per stored cell."""
    own = None
    for code in request.industries:
        term = (_.industry_code == code) & _.own_code.isin(list(request.own_codes(code)))
        own = term if own is None else own | term
    return table.filter(
        _.period == "a",
        _.year.isin(years),
        _.agglvl_code.between(geo * 10, geo * 10 + 8),
        _.size_code == 0,
        _.disclosure_code.fill_null("") != "-",
        own,
    )


def vintage_notes(store: Any, request: HistoryRequest, years: list[int]) -> list[str]:
    """A note for each requested code that has no row in some loaded year."""
    geo = LEVEL_GEOGRAPHY[request.level]

    def build() -> Any:
        rows = _rows(store.table(), request, years, geo)
        return rows.select("industry_code", "year").distinct()

    found: dict[str, set[int]] = {code: set() for code in request.industries}
    for row in store.records(("history-vintages", request, tuple(years)), build):
        found[row["industry_code"]].add(int(row["year"]))
    notes = []
    for code in request.industries:
        absent = [y for y in years if y not in found[code]]
        if not absent:
            continue
        if len(absent) == len(years):
            notes.append(
                f"NAICS {code} has no {request.level} rows in any loaded year ({_span(years)}): "
                "check the code (NAICS codes change between the 2012, 2017 and 2022 editions)."
            )
        else:
            notes.append(
                f"NAICS {code} has no {request.level} rows in {_span(absent)} of the loaded "
                f"years: NAICS codes change between editions (2012, 2017, 2022), so compare "
                f"its parent {ref.parent_industry(code) or '10'} or the code of that "
                "edition; those years are flagged 'no row'."
            )
    return notes


def history_expression(
    store: Any,
    request: HistoryRequest,
    years: list[int],
    national: list[int],
    titles: Any,
) -> Any:
    """The wide table: one row per area and industry, the year columns, the span's change."""
    table = store.table()
    geo = LEVEL_GEOGRAPHY[request.level]
    r = _rows(table, request, years, geo)
    supp = r.disclosure_code.fill_null("") == "N"
    null_i = ibis.null("int64")
    null_f = ibis.null("float64")
    r = r.mutate(
        _emp=ibis.ifelse(supp, null_i, r.employment.cast("int64")),
        _wages=ibis.ifelse(supp, null_i, r.total_wages.cast("int64")),
        _supp=ibis.ifelse(supp, 1, 0),
        _pay=ibis.ifelse(supp, null_i, r.avg_annual_pay.cast("int64")),
        _pub_lq=ibis.ifelse(r.lq_disclosure_code.isnull() & ~supp, r.lq_employment, null_f),
    )
    cells = r.group_by(["area_fips", "industry_code", "year"]).aggregate(
        # Casts: DuckDB sums BIGINTs to HUGEINT, which its files would store as doubles.
        establishments=_.establishments.sum().cast("int64"),
        employment=_._emp.sum().cast("int64"),
        total_wages=_._wages.sum().cast("int64"),
        _parts=_.count(),
        _supp=_._supp.sum(),
        _pay=_._pay.max(),
        _pub_lq=_._pub_lq.max(),
    )
    # Denominators: each area's all-industry, all-ownership total, and the nation's.
    totals = table.filter(
        _.period == "a",
        _.year.isin(years),
        _.agglvl_code == geo * 10,
        _.own_code == 0,
        _.industry_code == "10",
        _.size_code == 0,
        _.disclosure_code.fill_null("") != "N",
    ).select(_t_area=_.area_fips, _t_year=_.year, _t_emp=_.employment.cast("float64").nullif(0))
    nat_rows = _rows(table, request, national or [-1], 1)
    nat_rows = nat_rows.filter(nat_rows.area_fips == ref.NATION)
    nat = nat_rows.group_by(["industry_code", "year"]).aggregate(
        _n_emp=_.employment.sum().cast("float64")
    )
    nat = nat.select(_n_ind=nat.industry_code, _n_year=nat.year, _n_emp=nat._n_emp.nullif(0))
    nat_total = table.filter(
        _.period == "a",
        _.year.isin(national or [-1]),
        _.area_fips == ref.NATION,
        _.own_code == 0,
        _.industry_code == "10",
        _.size_code == 0,
    ).select(_nt_year=_.year, _nt_emp=_.employment.cast("float64").nullif(0))
    j = cells.left_join(totals, [cells.area_fips == totals._t_area, cells.year == totals._t_year])
    j = j.left_join(nat, [j.industry_code == nat._n_ind, j.year == nat._n_year])
    j = j.left_join(nat_total, j.year == nat_total._nt_year)
    suppressed = j._supp == j._parts
    lower = (j._supp > 0) & ~suppressed
    computed = j.employment.cast("float64") / j._t_emp / (j._n_emp / j._nt_emp)
    published = ibis.ifelse(j._parts == 1, j._pub_lq, null_f)
    lq = ibis.ifelse(j._nt_emp.notnull(), computed, published)
    pay = ibis.ifelse(
        j._parts == 1,
        j._pay,
        ibis.ifelse(
            lower | (j.employment.fill_null(0) <= 0),
            null_i,
            (j.total_wages.cast("float64") / j.employment.cast("float64") + 0.5)
            .floor()
            .cast("int64"),
        ),
    )
    flag = ibis.ifelse(
        suppressed,
        ibis.literal("suppressed"),
        ibis.ifelse(lower, ibis.literal("lower bound"), ibis.null("string")),
    )
    long = j.select(
        "area_fips",
        "industry_code",
        "year",
        "establishments",
        "employment",
        "total_wages",
        avg_annual_pay=pay,
        lq=lq,
        flag=flag,
        _lower=lower,
    )
    columns: dict[str, Any] = {}
    for y in years:
        this = long.year == y
        columns[f"establishments_{y}"] = long.establishments.max(where=this)
        columns[f"employment_{y}"] = long.employment.max(where=this)
        columns[f"total_wages_{y}"] = long.total_wages.max(where=this)
        columns[f"avg_annual_pay_{y}"] = long.avg_annual_pay.max(where=this)
        columns[f"lq_{y}"] = long.lq.max(where=this)
        columns[f"_flag_{y}"] = long.flag.max(where=this)
        columns[f"_rows_{y}"] = long.year.count(where=this)
        columns[f"_lower_{y}"] = ibis.ifelse(long._lower, 1, 0).max(where=this)
    wide = long.group_by(["area_fips", "industry_code"]).aggregate(**columns)
    first, last = years[0], years[-1]
    span = float(last - first)

    def usable(y: int) -> Any:
        return wide[f"_lower_{y}"].fill_null(0) == 0

    both = usable(first) & usable(last)
    emp0 = wide[f"employment_{first}"]
    emp1 = wide[f"employment_{last}"]
    wages0 = wide[f"total_wages_{first}"]
    wages1 = wide[f"total_wages_{last}"]

    def cagr(start: Any, end: Any) -> Any:
        if not span:
            return null_f
        ratio = end.cast("float64") / start.cast("float64").nullif(0.0)
        return ibis.ifelse(both & (start > 0) & (end >= 0), ratio ** (1.0 / span) - 1.0, null_f)

    out: dict[str, Any] = {
        "area_fips": wide.area_fips,
        "area_title": titles.area_title,
        "industry_code": wide.industry_code,
    }
    for y in years:
        for name in YEAR_FIELDS:
            if name == "flag":
                out[f"flag_{y}"] = ibis.ifelse(
                    wide[f"_rows_{y}"] == 0, ibis.literal("no row"), wide[f"_flag_{y}"]
                )
            elif name == "lq":
                out[f"lq_{y}"] = wide[f"lq_{y}"]
            else:
                out[f"{name}_{y}"] = wide[f"{name}_{y}"].cast("int64")
    out["employment_change"] = ibis.ifelse(both, (emp1 - emp0).cast("int64"), null_i)
    out["employment_pct_change"] = ibis.ifelse(
        both & (emp0 > 0), (emp1 - emp0).cast("float64") / emp0.cast("float64"), null_f
    )
    out["employment_cagr"] = cagr(emp0, emp1)
    out["establishments_change"] = (
        wide[f"establishments_{last}"] - wide[f"establishments_{first}"]
    ).cast("int64")
    out["total_wages_cagr"] = cagr(wages0, wages1)
    out["lq_change"] = ibis.ifelse(both, wide[f"lq_{last}"] - wide[f"lq_{first}"], null_f)
    named = wide.left_join(titles, wide.area_fips == titles._title_area)
    return named.select(**out)


def area_titles(store: Any, level: str) -> pa.Table:
    """Area codes and titles of the level, from the reference list and ingested files."""
    kinds = {"county": ("county",), "msa": ("msa", "micro", "csa"), "state": ("state",)}[level]
    captured = store.titles().get("area", {})
    names = {a.code: a.title for a in ref.all_areas() if a.kind in kinds}
    for code, title in captured.items():
        names.setdefault(code, title)
    codes = sorted(names)
    return pa.table({"_title_area": codes, "area_title": [names[c] for c in codes]})


def write_history(store: Any, request: HistoryRequest, out: Path | str) -> History:
    """Write the history of ``request`` to ``out`` (.csv or .parquet) from the engine."""
    years, national, notes = plan_years(store, request)
    notes += vintage_notes(store, request, years)
    titles = store.register("_history_area_titles", area_titles(store, request.level))

    def build() -> Any:
        return history_expression(store, request, years, national, titles)

    key = ("history", request, tuple(years), tuple(national))
    rows = int(store.write(key, build, out, order_by=("area_fips", "industry_code")))
    return History(rows, years, notes)
