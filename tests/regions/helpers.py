from __future__ import annotations

import csv
from pathlib import Path

OHIO = (
    Path(__file__).resolve().parents[2]
    / "convenor"
    / "regions"
    / "demo_data"
    / "qcew"
    / "central-ohio-2020"
)


def published(area: str, period: str, industry: str, own: str = "5") -> dict[str, str]:
    """The row BLS published for one cell, read straight from the file."""
    path = OHIO / f"morpc-qcew-2020-{period}-{area}.csv"
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["industry_code"] == industry and row["own_code"] == own:
                return row
    raise LookupError((area, period, industry, own))
