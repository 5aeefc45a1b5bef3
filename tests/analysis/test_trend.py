from __future__ import annotations

import csv

from convenor.analysis.ingest import ingest
from convenor.analysis.request import TrendRequest
from convenor.analysis.store import connect
from convenor.analysis.trend import employment_trend
from tests.analysis.helpers import OHIO


def _published(path, industry: str, own: str) -> dict:
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["industry_code"] == industry and row["own_code"] == own:
                return row
    raise LookupError(industry)


def test_the_monthly_trend_reproduces_the_quarterly_files(tmp_path):
    files = sorted(OHIO.glob("morpc-qcew-2020-[1234]-39049.csv"))
    ingest(files, tmp_path)
    store = connect(tmp_path)
    points = employment_trend(store, TrendRequest.parse("39049", "31-33"))
    assert len(points) == 12
    for quarter, path in enumerate(files, start=1):
        row = _published(path, "31-33", "5")
        for month in (1, 2, 3):
            date = f"2020-{(quarter - 1) * 3 + month:02d}-01"
            point = next(p for p in points if p["date"] == date)
            assert point["employment"] == int(row[f"month{month}_emplvl"])


def test_a_month_with_a_suppressed_part_has_no_point(tmp_path):
    files = sorted(OHIO.glob("morpc-qcew-2020-4-*.csv"))
    ingest(files, tmp_path)
    store = connect(tmp_path)
    areas = [p.stem.rsplit("-", 1)[1] for p in files]
    suppressed = []
    for path in files:
        with open(path, newline="") as handle:
            suppressed += [
                r["industry_code"]
                for r in csv.DictReader(handle)
                if r["own_code"] == "5"
                and r["disclosure_code"] == "N"
                and len(r["industry_code"]) == 3
            ]
    assert suppressed, "the Q4 files have suppressed 3-digit cells"
    points = employment_trend(store, TrendRequest.parse(areas, suppressed[:5]))
    assert {p["industry_code"] for p in points}.isdisjoint(suppressed[:5])
