"""Figures that support or weaken the employer challenges data can speak to.

The challenge codes are those of :mod:`convenor.lib.challenges` (the engine
does not import Django: the codes are repeated here as strings, and a test
checks each one exists there). For each code, :func:`challenge_evidence`
returns the figures the loaded data hold, each read as ``supports``,
``weakens`` or ``neutral`` with a sentence a person can check, and says
plainly what the loaded data cannot show (``cannot_show``): vacancies and
time to fill are in none of these files; turnover and the age of the
industry's workers need the Census QWI (used when a QWI extract is loaded);
QWI describes industries, never occupations.

Readings compare like with like and nothing else: the region with its state,
the critical occupations with all occupations. No threshold is invented; a
difference within the ACS margins of error reads ``neutral``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from convenor.analysis.occupations import geography
from convenor.analysis.occupations.population import AT_LEAST, attainment, labor_force
from convenor.analysis.occupations.score import EDUCATION_RANK
from convenor.analysis.occupations.store import LabourStore

RECRUITING = "recruitment_retention"
ENTRY_LEVEL = "entry_level"
SKILLS_GAP = "skills_gap"
TECHNICAL_SKILLS = "technical_skills"
RETIREMENT = "retirement"
TURNOVER = "turnover"
TRAINING_SLOTS = "training_slots"
CODES = (
    RECRUITING,
    ENTRY_LEVEL,
    SKILLS_GAP,
    TECHNICAL_SKILLS,
    RETIREMENT,
    TURNOVER,
    TRAINING_SLOTS,
)
QWI_OWNERSHIP = {"private": "A05", "total": "A00", "federal": "A01"}
OLDER_AGE_GROUPS = ("A07", "A08")  # 55-64, 65-99 (label_agegrp.csv)


@dataclass
class Evidence:
    """One figure about one challenge, or what cannot be shown about it."""

    challenge: str
    figure: str
    value: float | None
    compared_with: float | None
    unit: str
    reading: str
    statement: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cannot(challenge: str, figure: str, statement: str) -> Evidence:
    return Evidence(challenge, figure, None, None, "", "cannot_show", statement, "")


def _compare(value: float, reference: float, margin: float | None = None) -> str:
    """``supports`` if ``value`` is above ``reference`` (beyond ``margin``), else ..."""
    if margin is not None and abs(value - reference) <= margin:
        return "neutral"
    if value > reference:
        return "supports"
    if value < reference:
        return "weakens"
    return "neutral"


def _flip(reading: str) -> str:
    return {"supports": "weakens", "weakens": "supports"}.get(reading, reading)


def challenge_evidence(
    labour: LabourStore, analysis: Any, *, gap: Any = None, top: int = 10
) -> list[Evidence]:
    """The figures for each data-verifiable challenge (see the module docstring).

    ``analysis`` is an :class:`.analyze.OccupationAnalysis`; ``gap`` an
    optional :class:`.supply.SupplyGap` (programs recorded); ``top`` how many
    of the highest-scoring occupations count as the critical ones.
    """
    critical = sorted(
        (r for r in analysis.rows if r["score"] is not None),
        key=lambda r: (-r["score"], r["soc_code"]),
    )[:top]
    out: list[Evidence] = []
    totals = _ep_totals(labour, analysis.ep_edition)
    counties = analysis.counties
    state = counties[0][:2] if counties and len({c[:2] for c in counties}) == 1 else None
    place = analysis.industry.region_name
    out += _labour_market(labour, counties, state, place)
    out += _openings(critical, totals, analysis.ep_edition)
    out += _pay(labour, critical)
    out.append(
        _cannot(
            RECRUITING,
            "vacancies",
            "Vacancies, time to fill and applicants per opening are in none of the loaded "
            "files (they need job postings or an employer survey).",
        )
    )
    out += _entry_level(analysis.rows, totals, analysis.ep_edition)
    out += _skills(labour, critical, counties, state, place)
    out += _supply(critical, gap)
    out += _retirement(critical, totals, analysis.ep_edition)
    out += _qwi(labour, analysis, counties)
    return out


def _ep_totals(store: LabourStore, edition: str | None) -> dict[str, Any] | None:
    if edition is None:
        return None

    def build() -> Any:
        t = store.table("ep")
        return t.filter(t.edition == edition, t.soc_code == "00-0000")

    rows = store.records(build)
    return rows[0] if rows else None


def _state_counties(state: str) -> list[str]:
    return sorted(f for f in geography.counties() if f[:2] == state)


def _labour_market(
    store: LabourStore, counties: list[str], state: str | None, place: str
) -> list[Evidence]:
    region = labor_force(store, counties)
    if region is None:
        return [
            _cannot(
                RECRUITING,
                "unemployment_rate",
                "ACS B23025 (employment status) is not loaded for all the region's counties.",
            )
        ]
    rate = region["unemployment_rate"]
    source = f"ACS {region['vintage']} B23025"
    statement = f"Unemployment in {place} is {100 * rate:.1f}%"
    reading = "neutral"
    reference = None
    whole = labor_force(store, _state_counties(state)) if state else None
    if (
        whole is not None
        and whole["unemployment_rate"] is not None
        and set(counties) != set(_state_counties(state or ""))
    ):
        reference = whole["unemployment_rate"]
        margin = _margin(region["unemployment_rate_moe"], whole["unemployment_rate_moe"])
        # A lower rate than the state's: fewer people looking, harder to recruit.
        reading = _flip(_compare(rate, reference, margin))
        statement += f", against {100 * reference:.1f}% in the state"
        if reading == "neutral":
            statement += " (within the margins of error)"
    statement += "."
    return [
        Evidence(
            RECRUITING, "unemployment_rate", rate, reference, "share", reading, statement, source
        ),
        Evidence(
            ENTRY_LEVEL, "unemployment_rate", rate, reference, "share", reading, statement, source
        ),
    ]


def _margin(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return math.sqrt(a**2 + b**2)


def _weighted(rows: list[dict[str, Any]], field: str) -> float | None:
    """An employment-weighted mean of a per-occupation rate (national shares as weights)."""
    pairs = [
        (float(r["industry_share"]), float(r[field]))
        for r in rows
        if r.get(field) is not None and r.get("industry_share")
    ]
    weight = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / weight if weight else None


def _openings(
    critical: list[dict[str, Any]], totals: dict[str, Any] | None, edition: str | None
) -> list[Evidence]:
    if totals is None:
        return [_cannot(RECRUITING, "openings_rate", "No Employment Projections loaded.")]
    rates = [r for r in critical if r.get("openings_rate") is not None]
    if not rates:
        return []
    rate = _weighted(rates, "openings_rate")
    reference = totals["openings"] / totals["employment_base"]
    if rate is None:
        return []
    reading = _compare(rate, reference)
    return [
        Evidence(
            RECRUITING,
            "openings_rate",
            round(rate, 4),
            round(reference, 4),
            "share",
            reading,
            f"The {len(rates)} critical occupations open {100 * rate:.1f}% of their jobs a "
            f"year, against {100 * reference:.1f}% for all occupations (national rates).",
            f"BLS Employment Projections {edition}",
        )
    ]


def _pay(store: LabourStore, critical: list[dict[str, Any]]) -> list[Evidence]:
    local = [r for r in critical if r["wage_source"] in ("msa", "state")]
    if not local:
        return [
            _cannot(
                RECRUITING,
                "relative_pay",
                "No regional OEWS wages loaded: pay cannot be compared with the nation's.",
            )
        ]
    codes = [r["soc_code"] for r in local]

    def build() -> Any:
        t = store.table("oews")
        t = t.filter(t.area_type == "national", t.industry_code == "000000", t.soc_code.isin(codes))
        return t.select("year", "soc_code", "a_median")

    national: dict[tuple[int, str], float] = {
        (r["year"], r["soc_code"]): r["a_median"]
        for r in store.records(build)
        if r["a_median"] is not None
    }
    compared = [
        (r, national[(r["wage_year"], r["soc_code"])])
        for r in local
        if r["median_annual_wage"] is not None and (r["wage_year"], r["soc_code"]) in national
    ]
    if not compared:
        return []
    below = sum(1 for r, n in compared if r["median_annual_wage"] < n)
    ratio = below / len(compared)
    reading = "supports" if below * 2 > len(compared) else "weakens"
    if below * 2 == len(compared):
        reading = "neutral"
    where = local[0]["wage_area_title"]
    return [
        Evidence(
            RECRUITING,
            "pay_below_national",
            round(ratio, 4),
            0.5,
            "share",
            reading,
            f"{below} of {len(compared)} critical occupations pay a lower median in {where} "
            "than nationally (before cost-of-living differences).",
            "BLS OEWS",
        )
    ]


def _entry_level(
    rows: list[dict[str, Any]], totals: dict[str, Any] | None, edition: str | None
) -> list[Evidence]:
    entry = [
        r
        for r in rows
        if EDUCATION_RANK.get(r.get("entry_education") or "", 99) <= 1
        and r.get("separations_rate") is not None
        and r.get("industry_share")
    ]
    if totals is None or totals.get("separations_rate") is None:
        return [_cannot(ENTRY_LEVEL, "separations_rate", "No EP separation rates loaded.")]
    rate = _weighted(entry, "separations_rate")
    if rate is None:
        return []
    reference = float(totals["separations_rate"])
    jobs = sum(float(r["industry_share"]) for r in entry)
    return [
        Evidence(
            ENTRY_LEVEL,
            "separations_rate",
            round(rate, 1),
            reference,
            "percent",
            _compare(rate, reference),
            f"The industry's {len(entry)} occupations open to people with a high school "
            f"diploma or less ({100 * jobs:.0f}% of its jobs nationally) see {rate:.1f}% of "
            f"their workers leave the occupation each year, against {reference:.1f}% for all "
            "occupations (national rates).",
            f"BLS Employment Projections {edition}",
        ),
        _cannot(
            ENTRY_LEVEL,
            "retention",
            "Whether the region's employers keep their entry-level workers needs the Census "
            "QWI (hires and separations by industry); no occupation-level source exists.",
        ),
    ]


def _skills(
    store: LabourStore,
    critical: list[dict[str, Any]],
    counties: list[str],
    state: str | None,
    place: str,
) -> list[Evidence]:
    region = attainment(store, counties)
    if not region.table.complete:
        return [
            _cannot(
                SKILLS_GAP,
                "attainment",
                "ACS B15003 (educational attainment) is not loaded for all the region's counties.",
            )
        ]
    whole = attainment(store, _state_counties(state)) if state else None
    if whole is not None and (
        not whole.table.complete or set(counties) == set(whole.table.counties)
    ):
        whole = None
    out: list[Evidence] = []
    levels = sorted(
        {
            r["entry_education"]
            for r in critical
            if EDUCATION_RANK.get(r.get("entry_education") or "", 0) >= 2
        },
        key=lambda e: EDUCATION_RANK[e],
    )
    for education in levels:
        figure = region.at_least(education)
        if figure is None or figure["share"] is None:
            continue
        names = [r["soc_title"] for r in critical if r["entry_education"] == education][:3]
        statement = (
            f"{100 * figure['share']:.0f}% of adults 25+ in {place} hold {AT_LEAST[education][1]}"
        )
        reference = None
        reading = "neutral"
        if whole is not None:
            other = whole.at_least(education)
            if other is not None and other["share"] is not None:
                reference = other["share"]
                margin = _margin(figure["share_moe"], other["share_moe"])
                # Fewer qualified adults than in the state: a skills gap is likelier.
                reading = _flip(_compare(figure["share"], reference, margin))
                statement += f" (the state: {100 * reference:.0f}%)"
        statement += f"; {', '.join(names)} typically need{'s' if len(names) == 1 else ''} it."
        for code in (SKILLS_GAP, TECHNICAL_SKILLS):
            out.append(
                Evidence(
                    code,
                    "attainment",
                    figure["share"],
                    reference,
                    "share",
                    reading,
                    statement,
                    f"ACS {figure['vintage']} B15003",
                )
            )
    out.append(
        _cannot(
            SKILLS_GAP,
            "applicant_skills",
            "The skills of actual applicants are in no public file: attainment is a proxy; "
            "employers' own assessments are the evidence.",
        )
    )
    return out


def _supply(critical: list[dict[str, Any]], gap: Any) -> list[Evidence]:
    if gap is None:
        return [
            _cannot(
                TRAINING_SLOTS,
                "supply",
                "No training programs recorded: supply cannot be set against openings.",
            )
        ]
    codes = {r["soc_code"] for r in critical}
    rows = [r for r in gap.rows if r["soc_code"] in codes and r["annual_openings"] is not None]
    short = [r for r in rows if r["gap_low"] is not None and r["gap_low"] > 0]
    covered = [r for r in rows if r["gap_high"] is not None and r["gap_high"] <= 0]
    if not rows:
        return []
    reading = _compare(len(short), len(covered))
    statement = (
        f"For {len(short)} of {len(rows)} critical occupations the region's projected "
        "openings exceed even the highest count of completers; "
        f"for {len(covered)} the completers cover the openings even when split."
    )
    return [
        Evidence(
            code,
            "supply_gap",
            float(len(short)),
            float(len(covered)),
            "occupations",
            reading,
            statement,
            "Programs recorded, NCES CIP-SOC, BLS EP",
        )
        for code in (TRAINING_SLOTS, SKILLS_GAP)
    ]


def _retirement(
    critical: list[dict[str, Any]], totals: dict[str, Any] | None, edition: str | None
) -> list[Evidence]:
    if totals is None or totals.get("labor_force_exit_rate") is None:
        return [_cannot(RETIREMENT, "labor_force_exit_rate", "No EP separation rates loaded.")]
    rate = _weighted(critical, "labor_force_exit_rate")
    reference = float(totals["labor_force_exit_rate"])
    if rate is None:
        return []
    return [
        Evidence(
            RETIREMENT,
            "labor_force_exit_rate",
            round(rate, 2),
            reference,
            "percent",
            _compare(rate, reference),
            f"Workers in the critical occupations leave the labor force (mostly to retire) at "
            f"{rate:.1f}% a year, against {reference:.1f}% for all occupations (national rates).",
            f"BLS Employment Projections {edition}",
        )
    ]


def _qwi(store: LabourStore, analysis: Any, counties: list[str]) -> list[Evidence]:
    industry = analysis.industry.code
    owner = QWI_OWNERSHIP.get(analysis.industry.ownership, "A05")

    def build() -> Any:
        t = store.table("qwi")
        keep = t.geography.isin(counties) & t.industry.isin([industry, "00"])
        keep &= t.indicator.isin(["Emp", "EmpS", "TurnOvrS"])
        keep &= (t.ownercode == owner) | (t.ownercode == "")
        keep &= t.sex.isin(["0", ""]) & t.race.isin(["A0", ""]) & t.ethnicity.isin(["A0", ""])
        keep &= t.education.isin(["E0", ""]) & t.firmage.isin(["0", ""])
        keep &= t.firmsize.isin(["0", ""]) & t.seasonadj.isin(["U", ""])
        return t.filter(keep).select(
            "geography", "industry", "agegrp", "year", "quarter", "indicator", "value"
        )

    rows = store.records(build)
    for row in rows:
        # An extract without age groups is all ages.
        row["agegrp"] = row["agegrp"] or "A00"
    if not rows:
        return [
            _cannot(
                RETIREMENT,
                "older_workers",
                "The age of the industry's workers in the region needs the Census QWI by age "
                "group, which is not loaded for these counties and industry.",
            ),
            _cannot(
                TURNOVER,
                "turnover",
                "Turnover needs the Census QWI (TurnOvrS), which is not loaded for these "
                "counties and industry; QWI describes industries, not occupations.",
            ),
        ]
    out: list[Evidence] = []
    older = _older_share(rows, counties, industry)
    if older is None:
        out.append(
            _cannot(
                RETIREMENT,
                "older_workers",
                "The loaded QWI has no age groups (A07, A08) "
                "with employment for every county of the region.",
            )
        )
    else:
        share, reference, when = older
        reading = _compare(share, reference) if reference is not None else "neutral"
        text = f"{100 * share:.1f}% of the industry's jobs in the region are held by workers 55+"
        if reference is not None:
            text += f", against {100 * reference:.1f}% in all industries"
        out.append(
            Evidence(
                RETIREMENT,
                "older_workers",
                round(share, 4),
                None if reference is None else round(reference, 4),
                "share",
                reading,
                text + f" ({when}).",
                "Census QWI",
            )
        )
    turnover = _turnover(rows, counties, industry)
    if turnover is None:
        out.append(
            _cannot(
                TURNOVER,
                "turnover",
                "The loaded QWI has no disclosed TurnOvrS and EmpS for every county of the region.",
            )
        )
    else:
        rate, reference, when = turnover
        reading = _compare(rate, reference) if reference is not None else "neutral"
        text = f"Quarterly turnover in the industry is {100 * rate:.1f}%"
        if reference is not None:
            text += f", against {100 * reference:.1f}% in all industries"
        out.append(
            Evidence(
                TURNOVER,
                "turnover",
                round(rate, 4),
                None if reference is None else round(reference, 4),
                "share",
                reading,
                text + f" ({when}; by industry: QWI has no occupations).",
                "Census QWI",
            )
        )
    return out


def _latest(
    rows: list[dict[str, Any]], counties: list[str], industry: str, indicator: str, ages: set[str]
) -> tuple[int, int] | None:
    """The latest quarter with a value for every county, industry and age group."""
    have: dict[tuple[int, int], set[tuple[str, str]]] = {}
    for r in rows:
        if r["industry"] == industry and r["indicator"] == indicator and r["value"] is not None:
            have.setdefault((r["year"], r["quarter"]), set()).add((r["geography"], r["agegrp"]))
    needed = {(c, a) for c in counties for a in ages}
    complete = [q for q, got in have.items() if needed <= got]
    return max(complete) if complete else None


def _older_share(
    rows: list[dict[str, Any]], counties: list[str], industry: str
) -> tuple[float, float | None, str] | None:
    ages = {"A00", *OLDER_AGE_GROUPS}
    when = _latest(rows, counties, industry, "Emp", ages)
    if when is None:
        return None

    def share(code: str) -> float | None:
        values: dict[str, float] = {}
        for r in rows:
            if (
                r["industry"] == code
                and r["indicator"] == "Emp"
                and (r["year"], r["quarter"]) == when
                and r["value"] is not None
            ):
                values[r["agegrp"]] = values.get(r["agegrp"], 0.0) + float(r["value"])
        if not values.get("A00") or any(a not in values for a in OLDER_AGE_GROUPS):
            return None
        return sum(values[a] for a in OLDER_AGE_GROUPS) / values["A00"]

    mine = share(industry)
    if mine is None:
        return None
    return mine, share("00"), f"{when[0]} Q{when[1]}"


def _turnover(
    rows: list[dict[str, Any]], counties: list[str], industry: str
) -> tuple[float, float | None, str] | None:
    when = _latest(rows, counties, industry, "TurnOvrS", {"A00"})
    if when is None:
        return None

    def rate(code: str) -> float | None:
        by_county: dict[str, dict[str, float]] = {}
        for r in rows:
            if (
                r["industry"] == code
                and (r["year"], r["quarter"]) == when
                and r["agegrp"] == "A00"
                and r["value"] is not None
            ):
                by_county.setdefault(r["geography"], {})[r["indicator"]] = float(r["value"])
        pairs = [
            (v["EmpS"], v["TurnOvrS"]) for v in by_county.values() if {"EmpS", "TurnOvrS"} <= set(v)
        ]
        weight = sum(w for w, _ in pairs)
        return sum(w * t for w, t in pairs) / weight if weight else None

    mine = rate(industry)
    if mine is None:
        return None
    return mine, rate("00"), f"{when[0]} Q{when[1]}"
