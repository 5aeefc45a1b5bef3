"""An analyst's pandas script: every area's employment LQ from the store's Parquet, to Parquet.

``python benchmarks/scripts/lq_pandas.py PART.parquet OUT.parquet`` (the baseline of
``convenor qcew lq --out``: same rows, same columns, BLS's published LQ beside).
"""

import sys

import pandas as pd

cols = ["area_fips", "own_code", "industry_code", "agglvl_code", "size_code"]
cols += ["disclosure_code", "employment", "lq_disclosure_code", "lq_employment"]
df = pd.read_parquet(sys.argv[1], columns=cols)
code = df["disclosure_code"].fillna("")
df = df[(df["size_code"] == 0) & (df["agglvl_code"] // 10 != 2) & (code != "-")].copy()
df["employment"] = df["employment"].where(df["disclosure_code"].fillna("") != "N")
total = (df["own_code"] == 0) & (df["industry_code"] == "10")
totals = df.loc[total, ["area_fips", "employment"]].rename(columns={"employment": "t"})
nat = df.loc[df["area_fips"] == "US000", ["own_code", "industry_code", "employment"]]
nat_total = nat.loc[(nat["own_code"] == 0) & (nat["industry_code"] == "10"), "employment"].iloc[0]
nat = nat.rename(columns={"employment": "n"})
out = df.merge(totals, on="area_fips").merge(nat, on=["own_code", "industry_code"])
out["lq"] = (out["employment"] / out["t"]) / (out["n"] / nat_total)
out["published_lq"] = out["lq_employment"].where(out["lq_disclosure_code"].isna())
out = out.sort_values(["area_fips", "own_code"], kind="stable")
keep = ["area_fips", "own_code", "industry_code", "agglvl_code", "lq", "published_lq"]
out[keep].to_parquet(sys.argv[2], index=False)
