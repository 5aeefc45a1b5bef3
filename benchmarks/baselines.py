"""The baselines the engine is measured against: what an analyst would write in pandas.

Each reads the same Parquet file the engine reads (the store's part written
by ingest), in the plainest way: ``pd.read_parquet`` of the columns needed,
then filters, merges and group-bys. They produce the same figures as the
engine (the runner checks row counts), so the timings compare like with like.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

NATION = "US000"


def pandas_ingest(csv_path: Path, parquet_path: Path) -> int:
    """``read_csv`` + ``to_parquet``, codes kept as text (leading zeros matter)."""
    text = {
        "area_fips": str,
        "own_code": str,
        "industry_code": str,
        "agglvl_code": str,
        "size_code": str,
        "year": str,
        "qtr": str,
        "disclosure_code": str,
        "lq_disclosure_code": str,
        "oty_disclosure_code": str,
    }
    frame = pd.read_csv(csv_path, dtype=text)
    frame.to_parquet(parquet_path, index=False)
    return len(frame)


def pandas_all_area_lq(parquet_path: Path, *, whole_file: bool = False) -> int:
    """Employment LQ of every area, ownership and industry (as ``all_area_lq``).

    Reads only the columns needed, as a careful analyst would; with
    ``whole_file`` it reads every column, as ``pd.read_parquet(path)`` does.
    """
    df = pd.read_parquet(
        parquet_path,
        columns=None
        if whole_file
        else [
            "area_fips",
            "own_code",
            "industry_code",
            "agglvl_code",
            "size_code",
            "disclosure_code",
            "employment",
            "lq_employment",
        ],
    )
    code = df["disclosure_code"].fillna("")
    df = df[(df["size_code"] == 0) & (df["agglvl_code"] // 10 != 2) & (code != "-")].copy()
    df["employment"] = df["employment"].where(code[df.index] != "N")
    df["level"] = df["agglvl_code"] % 10
    totals = df.loc[
        (df["own_code"] == 0) & (df["industry_code"] == "10"), ["area_fips", "employment"]
    ]
    totals = totals.rename(columns={"employment": "area_total"})
    nat = df.loc[df["area_fips"] == NATION, ["own_code", "industry_code", "level", "employment"]]
    nat = nat.rename(columns={"employment": "nat_emp"})
    nat_total = nat.loc[(nat["own_code"] == 0) & (nat["industry_code"] == "10"), "nat_emp"].iloc[0]
    out = df.merge(totals, on="area_fips").merge(nat, on=["own_code", "industry_code", "level"])
    out["lq"] = (out["employment"] / out["area_total"]) / (out["nat_emp"] / nat_total)
    return len(out)


def pandas_region_analysis(
    parquet_path: Path,
    areas: list[str],
    year: int,
    *,
    whole_file: bool = False,
    out: Path | None = None,
) -> int:
    """One region's private, sector-level analysis (as ``analyze_region`` with defaults).

    Establishments, employment, wages, average pay, LQ, change and CAGR from
    the over-the-year columns, shift-share, suppression flags, a percentile
    score and a sentence of reasons. ``whole_file`` as in :func:`pandas_all_area_lq`;
    ``out``, a CSV file to write the rows to (the whole-process comparison).
    """
    df = pd.read_parquet(
        parquet_path,
        columns=None
        if whole_file
        else [
            "area_fips",
            "own_code",
            "industry_code",
            "agglvl_code",
            "size_code",
            "year",
            "period",
            "disclosure_code",
            "establishments",
            "employment",
            "total_wages",
            "oty_disclosure_code",
            "oty_employment_chg",
        ],
    )
    df = df[(df["year"] == year) & (df["period"] == "a") & (df["size_code"] == 0)]
    df = df[df["area_fips"].isin([*areas, NATION]) & (df["disclosure_code"].fillna("") != "-")]
    df = df.assign(
        suppressed=df["disclosure_code"].fillna("") == "N",
        prior=df["employment"] - df["oty_employment_chg"],
    )
    df["prior_missing"] = df["suppressed"] | df["oty_disclosure_code"].notna()
    totals = df[(df["own_code"] == 0) & (df["industry_code"] == "10")]
    region_total = totals.loc[totals["area_fips"].isin(areas), "employment"].sum()
    nat_total = totals.loc[totals["area_fips"] == NATION, ["employment", "prior"]].iloc[0]
    cells = df[(df["own_code"] == 5) & (df["agglvl_code"] % 10 == 4)]
    own_total = df[(df["own_code"] == 5) & (df["agglvl_code"] % 10 == 1)]
    own_total = own_total[own_total["area_fips"].isin(areas)]
    region = cells[cells["area_fips"].isin(areas)]
    g = region.groupby("industry_code").agg(
        establishments=("establishments", "sum"),
        employment=("employment", lambda s: s.sum(min_count=1)),
        total_wages=("total_wages", lambda s: s.sum(min_count=1)),
        parts=("area_fips", "size"),
        suppressed_parts=("suppressed", "sum"),
        prior=("prior", lambda s: s.sum(min_count=1)),
        prior_missing=("prior_missing", "sum"),
    )
    nat = cells[cells["area_fips"] == NATION].set_index("industry_code")[["employment", "prior"]]
    g = g.join(nat.rename(columns={"employment": "nat_emp", "prior": "nat_prior"}))
    g["suppressed"] = g["suppressed_parts"] == g["parts"]
    g["lower_bound"] = (g["suppressed_parts"] > 0) & ~g["suppressed"]
    g["avg_annual_pay"] = np.floor(g["total_wages"] / g["employment"] + 0.5)
    g["avg_weekly_wage"] = np.floor(g["total_wages"] / g["employment"] / 52 + 0.5)
    g["lq"] = (g["employment"] / region_total) / (g["nat_emp"] / nat_total["employment"])
    complete = (g["suppressed_parts"] == 0) & (g["prior_missing"] == 0)
    e0 = g["prior"].where(complete)
    g["employment_change"] = g["employment"] - e0
    g["employment_cagr"] = g["employment"] / e0 - 1
    growth = nat_total["employment"] / nat_total["prior"] - 1
    industry_growth = g["nat_emp"] / g["nat_prior"] - 1
    g["shift_national"] = e0 * growth
    g["shift_industry_mix"] = e0 * (industry_growth - growth)
    g["shift_competitive"] = g["employment_change"] - g["shift_national"] - g["shift_industry_mix"]
    average_pay = own_total["total_wages"].sum() / own_total["employment"].sum()
    ranked = g[~g["suppressed"] & (g["employment"] > 0)]
    factors = pd.DataFrame(
        {
            "size": ranked["employment"].rank(pct=True),
            "concentration": ranked["lq"].rank(pct=True),
            "growth": ranked["employment_cagr"].rank(pct=True),
            "wages": (ranked["avg_annual_pay"] / average_pay).rank(pct=True),
            "competitive": (ranked["shift_competitive"] / e0).rank(pct=True),
        }
    )
    g["score"] = 100 * factors.mean(axis=1)
    g["reasons"] = [
        f"LQ {lq:.1f} and {chg:+.0f} jobs; pays {100 * pay / average_pay:.0f}% of the "
        "regional average"
        for lq, chg, pay in zip(g["lq"], g["employment_change"], g["avg_annual_pay"], strict=True)
    ]
    g = g.sort_values("score", ascending=False)
    if out is not None:
        g.to_csv(out)
    return len(g)
