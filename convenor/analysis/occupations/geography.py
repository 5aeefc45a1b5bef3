"""Where a region is: its counties, their metropolitan areas (CBSA), its state.

Counties belong to core-based statistical areas by the Census Bureau's CBSA
delineation; ``data/occupations/county_cbsa.csv`` (provenance in the README
beside it) maps every county FIPS code to its CBSA and metropolitan
division. A region (QCEW area codes: counties ``SSCCC``, a state ``SS000``,
an MSA ``C####``, the nation ``US000``) is resolved to:

* the OEWS areas whose wages describe it, best first: the metropolitan
  division, the MSA, the state, the nation (a region's counties must all lie
  in the same one; otherwise that level is skipped and a note says why);
* its counties (for ACS and QWI figures).

Rebuild the CSV with ``python -m convenor.analysis.occupations.geography
COUNTIES.csv CBSAS.csv DIVISIONS.csv`` (files of the us_geo repository).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from convenor.analysis.occupations.errors import InputError
from convenor.analysis.occupations.schemas import NATIONAL

DATA = Path(__file__).resolve().parents[1] / "data" / "occupations"
COUNTY_CBSA = DATA / "county_cbsa.csv"
FIELDS = [
    "county_fips",
    "county_name",
    "state_postal",
    "cbsa_code",
    "cbsa_title",
    "metro_division_code",
    "metro_division_title",
]


@dataclass(frozen=True)
class County:
    """One county and the CBSA (and metropolitan division) it belongs to."""

    fips: str
    name: str
    state_postal: str
    cbsa_code: str
    cbsa_title: str
    division_code: str
    division_title: str


@dataclass(frozen=True)
class WageArea:
    """An OEWS area that may describe a region's wages: ``kind`` msa, state or national."""

    kind: str
    code: str
    title: str


@dataclass
class Place:
    """A region resolved: wage areas best first, its counties, and why levels were skipped."""

    codes: tuple[str, ...]
    wage_areas: list[WageArea]
    counties: list[str]
    state_fips: str | None
    notes: list[str] = field(default_factory=list)


@cache
def counties() -> dict[str, County]:
    """Every county of the delineation file, by FIPS code."""
    with open(COUNTY_CBSA, newline="", encoding="utf-8") as handle:
        return {
            row["county_fips"]: County(
                row["county_fips"],
                row["county_name"],
                row["state_postal"],
                row["cbsa_code"],
                row["cbsa_title"],
                row["metro_division_code"],
                row["metro_division_title"],
            )
            for row in csv.DictReader(handle)
        }


def cbsa_of(county_fips: str) -> County | None:
    """The county's delineation row (its CBSA code is empty outside any CBSA)."""
    return counties().get(county_fips)


def counties_of_cbsa(cbsa_code: str) -> list[str]:
    """The FIPS codes of a CBSA's counties."""
    return sorted(c.fips for c in counties().values() if c.cbsa_code == cbsa_code)


def cbsa_from_qcew(code: str) -> str | None:
    """QCEW's ``C1814`` -> the CBSA ``18140`` (QCEW drops the last digit)."""
    prefix = code[1:]
    found = sorted({c.cbsa_code for c in counties().values() if c.cbsa_code[:4] == prefix})
    return found[0] if len(found) == 1 else None


def place(codes: tuple[str, ...] | list[str], state_names: dict[str, str]) -> Place:
    """Resolve QCEW area codes to wage areas and counties (see the module docstring).

    ``state_names`` maps 2-digit state FIPS codes to names (for titles).
    """
    codes = tuple(codes)
    notes: list[str] = []
    county_codes: list[str] = []
    cbsas: set[str] = set()
    divisions: set[str] = set()
    states: set[str] = set()
    outside = 0
    national = False
    for code in codes:
        if code == "US000":
            national = True
        elif code.startswith("C"):
            cbsa = cbsa_from_qcew(code)
            if cbsa is None:
                raise InputError(f"{code} is not a CBSA of the Census delineation Convenor ships")
            members = counties_of_cbsa(cbsa)
            county_codes.extend(members)
            cbsas.add(cbsa)
            divisions.add("")
            states.update(m[:2] for m in members)
        elif code.endswith("000"):
            states.add(code[:2])
            county_codes.extend(sorted(f for f in counties() if f[:2] == code[:2]))
            cbsas.add("")
            divisions.add("")
        else:
            county_codes.append(code)
            states.add(code[:2])
            row = cbsa_of(code)
            if row is None or not row.cbsa_code:
                outside += 1
                cbsas.add("")
                divisions.add("")
            else:
                cbsas.add(row.cbsa_code)
                divisions.add(row.division_code)
    areas: list[WageArea] = []
    if not national:
        if len(divisions) == 1 and "" not in divisions:
            code = divisions.pop()
            title = next(c.division_title for c in counties().values() if c.division_code == code)
            areas.append(WageArea("msa", code, title))
        if len(cbsas) == 1 and "" not in cbsas:
            code = next(iter(cbsas))
            title = next(c.cbsa_title for c in counties().values() if c.cbsa_code == code)
            areas.append(WageArea("msa", code, title))
        elif outside:
            notes.append(
                f"{outside} of the region's counties lie in no metropolitan or micropolitan "
                "area: metropolitan wages are not used."
            )
        elif len(cbsas - {""}) > 1:
            notes.append(
                f"The region's counties lie in {len(cbsas - {''})} CBSAs: no single "
                "metropolitan area's wages describe it."
            )
        if len(states) == 1:
            fips = next(iter(states))
            areas.append(WageArea("state", fips, state_names.get(fips, f"State {fips}")))
        elif len(states) > 1:
            notes.append(f"The region spans {len(states)} states: no state's wages describe it.")
    areas.append(WageArea("national", NATIONAL, "United States"))
    state = next(iter(states)) if len(states) == 1 else None
    return Place(codes, areas, sorted(set(county_codes)), state, notes)


def build(counties_csv: Path, cbsas_csv: Path, divisions_csv: Path, out: Path = COUNTY_CBSA) -> int:
    """Write ``county_cbsa.csv`` from the us_geo repository's files; returns rows written."""
    with open(cbsas_csv, newline="", encoding="utf-8") as handle:
        cbsa_titles = {r["GEOID"]: r["Name"] for r in csv.DictReader(handle)}
    with open(divisions_csv, newline="", encoding="utf-8") as handle:
        division_titles = {r["GEOID"]: r["Name"] for r in csv.DictReader(handle)}
    rows = []
    with open(counties_csv, newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            cbsa = r["CBSA"].strip()
            division = r["Metropolitan Division"].strip()
            rows.append(
                {
                    "county_fips": r["GEOID"],
                    "county_name": r["Name"],
                    "state_postal": r["State"],
                    "cbsa_code": cbsa,
                    "cbsa_title": cbsa_titles.get(cbsa, "") if cbsa else "",
                    "metro_division_code": division,
                    "metro_division_title": division_titles.get(division, "") if division else "",
                }
            )
    rows.sort(key=lambda r: r["county_fips"])
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])), "counties written")
