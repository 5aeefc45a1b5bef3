"""Readers and rewriters of real BLS files, so tests derive every expected value from them.

The Ohio files in ``convenor/regions/demo_data/qcew/central-ohio-2020`` (shipped
with the demo; see the README there for their provenance) are unquoted
re-saves of BLS open-data slices. The functions below rebuild, from them,
the other layouts BLS publishes (quoted open data, by-area files with title
columns and ``_count`` names, singlefiles), so each layout is tested against
the same real figures.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OHIO = Path(
    os.environ.get(
        "CONVENOR_QCEW_TEST_DATA",
        ROOT / "convenor" / "regions" / "demo_data" / "qcew" / "central-ohio-2020",
    )
)
TEXT_FIELDS = {
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
}


def ohio_file(period: str, area: str) -> Path:
    """The real file for ``period`` (``a``, ``1``-``4``) and county ``area``."""
    return OHIO / f"morpc-qcew-2020-{period}-{area}.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    """A BLS CSV as dicts of raw strings (header names as in the file)."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def write_rows(
    path: Path,
    rows: Iterable[dict[str, str]],
    fields: list[str],
    *,
    quoted: Iterable[str] = (),
) -> Path:
    """Write rows; fields in ``quoted`` are always quoted, as BLS's downloads do."""
    quoted = set(quoted)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        handle.write(",".join(f'"{f}"' if f in quoted else f for f in fields) + "\r\n")
        for row in rows:
            cells = []
            for f in fields:
                value = row.get(f, "")
                cells.append(f'"{value}"' if f in quoted else value)
            handle.write(",".join(cells) + "\r\n")
    return path


def open_data(src: Path, dst: Path) -> Path:
    """BLS's open-data slice as downloaded: text quoted, LQs with two decimals."""
    rows = read_rows(src)
    fields = list(rows[0])
    for row in rows:
        for f in fields:
            if f.startswith("lq_") and f != "lq_disclosure_code" and row[f]:
                row[f] = f"{float(row[f]):.2f}"
    return write_rows(dst, rows, fields, quoted=TEXT_FIELDS)


def _count_name(name: str) -> str:
    for stem in ("annual_avg_estabs", "qtrly_estabs"):
        if name == stem or name == f"lq_{stem}":
            return f"{name}_count"
        if name.startswith(f"oty_{stem}_"):
            return name.replace(stem, f"{stem}_count")
    return name


def renamed(src: Path, dst: Path, rename: Callable[[str], str] = _count_name) -> Path:
    """An older vintage: estab columns spelled ``..._count``, nothing else changed."""
    rows = read_rows(src)
    fields = list(rows[0])
    new_fields = [rename(f) for f in fields]
    out = [{rename(k): v for k, v in row.items()} for row in rows]
    return write_rows(dst, out, new_fields)


def by_area(src: Path, dst: Path, titles: dict[str, str]) -> Path:
    """A by-area archive member: title columns after disclosure_code, ``_count`` names."""
    rows = read_rows(src)
    fields = [_count_name(f) for f in rows[0]]
    at = fields.index("disclosure_code") + 1
    title_fields = ["area_title", "own_title", "industry_title", "agglvl_title", "size_title"]
    fields = fields[:at] + title_fields + fields[at:]
    out = []
    for row in rows:
        new = {_count_name(k): v for k, v in row.items()}
        new.update(
            area_title=f"Area {row['area_fips']}",
            own_title=f"Ownership {row['own_code']}",
            industry_title=titles.get(row["industry_code"], f"NAICS {row['industry_code']}"),
            agglvl_title=f"Level {row['agglvl_code']}",
            size_title="All establishment sizes",
        )
        out.append(new)
    return write_rows(dst, out, fields, quoted=TEXT_FIELDS | set(title_fields))


def singlefile(sources: list[Path], dst: Path) -> Path:
    """A singlefile: several areas' rows under one header, quoted like BLS's."""
    rows: list[dict[str, str]] = []
    fields: list[str] = []
    for src in sources:
        part = read_rows(src)
        fields = fields or list(part[0])
        rows.extend(part)
    return write_rows(dst, rows, fields, quoted=TEXT_FIELDS)


def disclosed(row: dict[str, str]) -> bool:
    """BLS published this row's figures (blank disclosure code)."""
    return row["disclosure_code"].strip() == ""


def prior_year_quarter(src: Path, dst: Path) -> Path:
    """The file's prior-year quarter: every value minus its over-the-year change."""
    rows = read_rows(src)
    fields = list(rows[0])
    out = []
    for r in rows:
        hidden = r["disclosure_code"].strip() == "N" or r["oty_disclosure_code"].strip() != ""
        prior = dict(r, year=str(int(r["year"]) - 1))
        for name in (
            "month1_emplvl",
            "month2_emplvl",
            "month3_emplvl",
            "total_qtrly_wages",
            "qtrly_estabs",
        ):
            chg = r[f"oty_{name}_chg"]
            prior[name] = "0" if hidden else str(int(r[name]) - int(chg or 0))
        prior["disclosure_code"] = "N" if hidden else ""
        for name in fields:
            if name.startswith(("oty_", "lq_")) or name == "avg_wkly_wage":
                prior[name] = ""
        out.append(prior)
    return write_rows(dst, out, fields)
