"""Training supply per occupation, and the gap between openings, demand and supply.

Programs are a plain table (CIP code, award level, annual completers; a
name and provider if known): the education and training partners' own
records, imported as the Django side likes. Through NCES's CIP-SOC
crosswalk each program leads to one or more occupations, and crosswalks
overlap: a nursing program (51.3801) leads to Registered Nurses and to
Nursing Instructors, a computer science one (11.0701) to 13 occupations.
So supply is a range:

* ``supply_low``: each program's completers split evenly across the
  occupations its CIP code leads to (a graduate fills one job);
* ``supply_high``: all of a program's completers counted for every
  occupation it leads to (any of them may take any of those jobs).

CIP codes with no occupation (NCES's ``99-9999`` NO MATCH) supply nothing
and are listed apart. The gap is the region's projected annual openings (and
the employers' pooled demand, when given) minus supply, so it is a range too:
``gap_low = openings - supply_high``, ``gap_high = openings - supply_low``
(positive: more openings than completers).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from convenor.analysis.occupations.errors import InputError
from convenor.analysis.occupations.population import Attainment
from convenor.analysis.occupations.readers.cip import cip_code
from convenor.analysis.occupations.score import EDUCATION_RANK
from convenor.analysis.occupations.soc import NO_MATCH
from convenor.analysis.occupations.store import LabourStore
from convenor.lib.words import agrees, counted

# IPEDS award levels (and the words people use for them) -> (label, rank on
# the scale of EP's typical entry education, see .score.EDUCATION_RANK).
AWARD_LEVELS: dict[str, tuple[str, int]] = {
    "1": ("Certificate of less than 1 year", 2),
    "2": ("Certificate of 1 to less than 2 years", 2),
    "3": ("Associate's degree", 3),
    "4": ("Certificate of 2 to less than 4 years", 2),
    "5": ("Bachelor's degree", 4),
    "6": ("Postbaccalaureate certificate", 4),
    "7": ("Master's degree", 5),
    "8": ("Post-master's certificate", 5),
    "17": ("Doctor's degree, research/scholarship", 6),
    "18": ("Doctor's degree, professional practice", 6),
    "19": ("Doctor's degree, other", 6),
    "non-credit": ("Non-credit training or industry credential", 1),
    "apprenticeship": ("Registered apprenticeship", 2),
    "certificate": ("Postsecondary certificate", 2),
    "associate": ("Associate's degree", 3),
    "bachelor": ("Bachelor's degree", 4),
    "master": ("Master's degree", 5),
    "doctor": ("Doctor's degree", 6),
}
_ALIASES = {
    "associate's degree": "associate",
    "associates": "associate",
    "bachelor's degree": "bachelor",
    "bachelors": "bachelor",
    "master's degree": "master",
    "masters": "master",
    "doctorate": "doctor",
    "doctoral": "doctor",
    "industry credential": "non-credit",
    "noncredit": "non-credit",
}
GAP_FIELDS = [
    "soc_code",
    "soc_title",
    "score",
    "estimated_employment",
    "lower_bound",
    "annual_openings",
    "pooled_demand",
    "supply_low",
    "supply_high",
    "gap_low",
    "gap_high",
    "demand_gap_low",
    "demand_gap_high",
    "programs",
    "entry_education",
    "attainment_share",
    "attainment_level",
    "attainment_sentence",
]


@dataclass(frozen=True)
class Program:
    """One training program of the region, as checked by :func:`read_programs`."""

    row: int
    cip_code: str
    award_level: str
    award_label: str
    award_rank: int
    completers: float
    basis: str
    name: str = ""
    provider: str = ""

    def label(self) -> str:
        who = f" ({self.provider})" if self.provider else ""
        return f"{self.name or self.cip_code}{who}"


def award_level(value: Any) -> tuple[str, str, int] | None:
    """``"5"``, ``5`` or ``"bachelor"`` -> ``("5", "Bachelor's degree", 4)``, else ``None``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    key = str(value).strip().lower()
    key = _ALIASES.get(key, key)
    if key in AWARD_LEVELS:
        label, rank = AWARD_LEVELS[key]
        return key, label, rank
    return None


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    result = float(str(value).replace(",", "")) if isinstance(value, str) else float(value)
    if math.isnan(result) or math.isinf(result):
        raise ValueError(value)
    return result


def read_programs(
    store: LabourStore, rows: Iterable[Mapping[str, Any]], *, source: str = "programs"
) -> list[Program]:
    """Check a table of programs; :class:`InputError` names the row, field and value.

    Each row needs ``cip_code`` (a 6-digit CIP 2020 code the loaded CIP list
    or crosswalk knows), ``award_level`` (an IPEDS award level 1-8, 17-19, or
    certificate, associate, bachelor, master, doctor, apprenticeship,
    non-credit) and ``completers`` (or ``capacity``); ``name`` and
    ``provider`` are optional. Rows are numbered from 1 (a header is not
    a row).
    """
    known = _known_cip(store)
    if not known:
        raise InputError(
            "no CIP-SOC crosswalk loaded: ingest NCES's CIP2020_SOC2018_Crosswalk.xlsx first"
        )
    out: list[Program] = []
    for number, raw in enumerate(rows, start=1):
        row = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}

        def fail(field_: str, message: str, number: int = number) -> InputError:
            return InputError(f"{source}, row {number}, {field_}: {message}")

        code = cip_code(row.get("cip_code"))
        if not code:
            raise fail("cip_code", "empty")
        if not re.fullmatch(r"\d{2}\.\d{4}", code):
            raise fail("cip_code", f"{code!r} is not a 6-digit CIP code (like 51.3801)")
        if code not in known:
            raise fail("cip_code", f"unknown CIP 2020 code {code}")
        level = award_level(row.get("award_level", ""))
        if level is None:
            raise fail(
                "award_level",
                f"unknown award level {row.get('award_level')!r} (use an IPEDS level 1-8, "
                "17-19, or certificate, associate, bachelor, master, doctor, apprenticeship, "
                "non-credit)",
            )
        basis = "completers"
        try:
            count = _number(row.get("completers"))
            if count is None:
                count = _number(row.get("capacity"))
                basis = "capacity"
        except (TypeError, ValueError):
            raise fail(basis, f"not a number: {row.get(basis)!r}") from None
        if count is None:
            raise fail("completers", "empty (give annual completers or capacity)")
        if count < 0:
            raise fail(basis, f"must be 0 or more, not {count:g}")
        out.append(
            Program(
                row=number,
                cip_code=code,
                award_level=level[0],
                award_label=level[1],
                award_rank=level[2],
                completers=count,
                basis=basis,
                name=str(row.get("name") or row.get("program") or "").strip(),
                provider=str(row.get("provider") or "").strip(),
            )
        )
    return out


def _known_cip(store: LabourStore) -> set[str]:
    def build_crosswalk() -> Any:
        return store.table("cip_soc").select("cip_code").distinct()

    def build_list() -> Any:
        t = store.table("cip")
        return t.select("cip_code").distinct()

    crosswalk = {r["cip_code"] for r in store.records(build_crosswalk)}
    if not crosswalk:
        return set()
    listed = {r["cip_code"] for r in store.records(build_list)}
    return crosswalk | listed


@dataclass
class Supply:
    """Completers per occupation, as a range (see the module docstring)."""

    rows: dict[str, dict[str, Any]]
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    programs: int = 0

    def for_soc(self, code: str) -> dict[str, Any] | None:
        return self.rows.get(code)


def supply_by_occupation(store: LabourStore, programs: list[Program]) -> Supply:
    """Each occupation's supply range and the programs behind it."""
    codes = sorted({p.cip_code for p in programs})

    def build() -> Any:
        t = store.table("cip_soc")
        return t.filter(t.cip_code.isin(codes)).select(
            "cip_code", "cip_title", "soc_code", "soc_title"
        )

    links: dict[str, list[dict[str, Any]]] = {}
    for row in store.records(build) if codes else []:
        links.setdefault(row["cip_code"], []).append(row)
    rows: dict[str, dict[str, Any]] = {}
    unmatched: list[dict[str, Any]] = []
    for program in programs:
        targets = sorted(
            (r for r in links.get(program.cip_code, []) if r["soc_code"] != NO_MATCH),
            key=lambda r: r["soc_code"],
        )
        title = links[program.cip_code][0]["cip_title"] if links.get(program.cip_code) else ""
        if not targets:
            unmatched.append(
                {
                    "row": program.row,
                    "cip_code": program.cip_code,
                    "cip_title": title,
                    "program": program.label(),
                    "completers": program.completers,
                }
            )
            continue
        split = program.completers / len(targets)
        for target in targets:
            entry = rows.setdefault(
                target["soc_code"],
                {
                    "soc_code": target["soc_code"],
                    "soc_title": target["soc_title"],
                    "supply_low": 0.0,
                    "supply_high": 0.0,
                    "programs": [],
                },
            )
            entry["supply_low"] += split
            entry["supply_high"] += program.completers
            entry["programs"].append(
                {
                    "row": program.row,
                    "program": program.label(),
                    "cip_code": program.cip_code,
                    "cip_title": title,
                    "award_level": program.award_label,
                    "award_rank": program.award_rank,
                    "completers": program.completers,
                    "basis": program.basis,
                    "occupations_reached": len(targets),
                }
            )
    for entry in rows.values():
        entry["supply_low"] = round(entry["supply_low"], 1)
        entry["supply_high"] = round(entry["supply_high"], 1)
    return Supply(rows=rows, unmatched=unmatched, programs=len(programs))


def gap_table(
    analysis: Any,
    supply: Supply,
    *,
    demand: Mapping[str, float] | None = None,
    attainment: Attainment | None = None,
    top: int = 20,
    titles: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Openings and pooled demand against supply, per critical occupation.

    ``analysis`` is an :class:`.analyze.OccupationAnalysis`; ``demand`` the
    employers' pooled annual openings by SOC code. Rows: the ``top``
    occupations by score, plus every occupation with supply or demand;
    fields :data:`GAP_FIELDS`. A program whose award is below the
    occupation's typical entry education is still counted, and named with
    its award level so a reader can judge.
    """
    demand = dict(demand or {})
    ranked = sorted(
        analysis.rows, key=lambda r: (r["score"] is None, -(r["score"] or 0), r["soc_code"])
    )
    chosen = ranked[:top] + [
        r for r in ranked[top:] if r["soc_code"] in supply.rows or r["soc_code"] in demand
    ]
    # Employers may hire occupations the industry's national pattern lacks.
    listed = {r["soc_code"] for r in analysis.rows}
    titles = titles or {}
    chosen += [
        {"soc_code": code, "soc_title": titles.get(code, ""), "score": None}
        for code in sorted(demand)
        if code not in listed
    ]
    place = analysis.industry.region_name
    out: list[dict[str, Any]] = []
    for row in chosen:
        code = row["soc_code"]
        entry = supply.rows.get(code)
        low = entry["supply_low"] if entry else 0.0
        high = entry["supply_high"] if entry else 0.0
        openings = row.get("annual_openings")
        pooled = demand.get(code)
        education = row.get("entry_education")
        figure = attainment.at_least(education) if attainment else None
        out.append(
            {
                "soc_code": code,
                "soc_title": row["soc_title"],
                "score": row.get("score"),
                "estimated_employment": row.get("estimated_employment"),
                "lower_bound": row.get("lower_bound"),
                "annual_openings": openings,
                "pooled_demand": pooled,
                "supply_low": low,
                "supply_high": high,
                "gap_low": None if openings is None else round(openings - high, 1),
                "gap_high": None if openings is None else round(openings - low, 1),
                "demand_gap_low": None if pooled is None else round(pooled - high, 1),
                "demand_gap_high": None if pooled is None else round(pooled - low, 1),
                "programs": [
                    {**p, "meets_entry_education": _meets(p["award_rank"], education)}
                    for p in (entry["programs"] if entry else [])
                ],
                "entry_education": education,
                "attainment_share": figure["share"] if figure else None,
                "attainment_level": figure["level"] if figure else None,
                "attainment_sentence": attainment.sentence(education, place)
                if attainment
                else None,
            }
        )
    return out


def _meets(rank: int, education: str | None) -> bool | None:
    if education not in EDUCATION_RANK:
        return None
    return rank >= EDUCATION_RANK[education]


@dataclass
class SupplyGap:
    """The gap table of an occupation analysis, with what it was built from."""

    rows: list[dict[str, Any]]
    unmatched: list[dict[str, Any]]
    attainment: dict[str, Any] | None
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "unmatched_programs": self.unmatched,
            "attainment": self.attainment,
            "notes": self.notes,
        }


def supply_gap(
    store: LabourStore,
    analysis: Any,
    programs: Iterable[Mapping[str, Any]],
    *,
    demand: Mapping[str, float] | None = None,
    top: int = 20,
    source: str = "programs",
) -> SupplyGap:
    """Programs and pooled demand against an :class:`.analyze.OccupationAnalysis`.

    Checks the programs (:func:`read_programs`) and the demand's SOC codes
    (an unknown code is refused, naming it), then builds :func:`gap_table`
    with the ACS attainment of the analysis's counties.
    """
    from convenor.analysis.occupations.population import attainment as read_attainment
    from convenor.analysis.occupations.soc import check_soc, known_occupations

    checked = read_programs(store, programs, source=source)
    demand = dict(demand or {})
    check_soc(store, list(demand), what="demand occupation")
    for code, value in demand.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise InputError(f"demand for {code}: {value!r} is not a number of openings >= 0")
    supply = supply_by_occupation(store, checked)
    education = read_attainment(store, analysis.counties)
    attained = education if education.table.complete else None
    notes = [
        "Supply is a range: supply_low splits each program's completers evenly across the "
        "occupations its CIP code leads to; supply_high counts them for every one.",
        "Gaps are openings minus supply (positive: more openings than completers): gap_low "
        "uses supply_high, gap_high supply_low.",
    ]
    if attained is None:
        missing = ", ".join(education.table.missing[:5]) or "all"
        notes.append(
            f"ACS B15003 not loaded for the region's counties ({missing}): attainment left empty."
        )
    if supply.unmatched:
        notes.append(
            f"{counted(len(supply.unmatched), 'program')} "
            f"{agrees(len(supply.unmatched), 'leads', 'lead')} to no occupation in the "
            "crosswalk (NCES's NO MATCH) and supply none."
        )
    rows = gap_table(
        analysis,
        supply,
        demand=demand,
        attainment=attained,
        top=top,
        titles=known_occupations(store) if demand else None,
    )
    summary = None
    if attained is not None:
        summary = {
            "table": attained.table.table_id,
            "vintage": attained.table.vintage,
            "adults_25_plus": attained.adults,
            "counties": attained.table.counties,
        }
    return SupplyGap(rows=rows, unmatched=supply.unmatched, attainment=summary, notes=notes)
