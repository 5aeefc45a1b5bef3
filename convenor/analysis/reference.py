"""Reference data: areas, industries, ownership and aggregation-level codes.

Areas and industries are read from the CSV files shipped in ``data/`` (built
by :mod:`convenor.analysis.reference_build`; sources listed there), once per
process. Codes follow BLS QCEW: areas ``US000`` (nation), ``SS000`` (state),
``SSCCC`` (county), ``C####`` (MSA or micropolitan area).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from convenor.analysis import reference_build as _build
from convenor.analysis.errors import InputError

DATA = Path(__file__).with_name("data")
NATION = "US000"

# QCEW ownership codes (own_code) and their BLS titles.
OWNERSHIP_TITLES: dict[int, str] = {
    0: "Total Covered",
    1: "Federal Government",
    2: "State Government",
    3: "Local Government",
    4: "International Government",
    5: "Private",
    8: "Total Government",
    9: "Total U.I. Covered (Excludes Federal Government)",
}
# The ownership choices people make, and the own_code rows each one sums.
# Below the all-industry total BLS publishes no own_code 0 row, so "total"
# is the sum of the ownership sectors (8 and 9 are themselves sums: left out).
OWNERSHIPS: dict[str, tuple[int, ...]] = {
    "private": (5,),
    "total": (1, 2, 3, 4, 5),
    "federal": (1,),
    "state": (2,),
    "local": (3,),
}
OWNERSHIP_LABELS = {
    "private": "Private",
    "total": "All ownerships",
    "federal": "Federal government",
    "state": "State government",
    "local": "Local government",
}

# Industry detail levels, and the last digit of agglvl_code that carries each
# one in the by-ownership series (county 7x, MSA 4x, state 5x, nation 1x).
LEVELS: dict[str, int] = {
    "total": 1,
    "domain": 2,
    "supersector": 3,
    "sector": 4,
    "3": 5,
    "4": 6,
    "5": 7,
    "6": 8,
}
LEVEL_LABELS = {
    "total": "All industries",
    "domain": "Domain",
    "supersector": "Supersector",
    "sector": "NAICS sector",
    "3": "NAICS 3-digit",
    "4": "NAICS 4-digit",
    "5": "NAICS 5-digit",
    "6": "NAICS 6-digit",
}

_AGGLVL_GEOGRAPHY = {1: "National", 3: "CSA", 4: "MSA", 5: "State", 7: "County"}
_AGGLVL_DETAIL = {
    0: "Total Covered",
    1: "Total -- by ownership sector",
    2: "by Domain -- by ownership sector",
    3: "by Supersector -- by ownership sector",
    4: "NAICS Sector -- by ownership sector",
    5: "NAICS 3-digit -- by ownership sector",
    6: "NAICS 4-digit -- by ownership sector",
    7: "NAICS 5-digit -- by ownership sector",
    8: "NAICS 6-digit -- by ownership sector",
}
# agglvl_code -> title, e.g. 74 -> "County, NAICS Sector -- by ownership sector".
AGGLVL_TITLES: dict[int, str] = {
    geo * 10 + detail: f"{geo_title}, {detail_title}"
    for geo, geo_title in _AGGLVL_GEOGRAPHY.items()
    for detail, detail_title in _AGGLVL_DETAIL.items()
}
AGGLVL_TITLES.update(
    {
        20
        + d: f"National, {t.split(' -- ')[0]} -- by ownership sector, by establishment size class"
        for d, t in _AGGLVL_DETAIL.items()
        if d
    }
)

# The periods BLS publishes files for.
PERIODS = ("a", "1", "2", "3", "4")
# Four quarters ending with Q1, Q2 or Q3 of the year: an annual figure built
# from quarterly files, for when the annual file is not out yet.
TRAILING_PERIODS = ("t1", "t2", "t3")
# The periods an analysis can be run for.
ANALYSIS_PERIODS = (*PERIODS, *TRAILING_PERIODS)
PERIOD_LABELS = {
    "a": "annual average",
    "1": "Q1",
    "2": "Q2",
    "3": "Q3",
    "4": "Q4",
    "t1": "four quarters to Q1",
    "t2": "four quarters to Q2",
    "t3": "four quarters to Q3",
}


def is_annual(period: str) -> bool:
    """True for annual averages, published (``a``) or built from four quarters (``t1``-``t3``)."""
    return period == "a" or period in TRAILING_PERIODS


def window_quarters(year: int, period: str) -> list[tuple[int, str]]:
    """The ``(year, quarter)`` pairs an annual figure is built from, oldest first.

    ``a``: the four quarters of ``year``; ``tN``: the four quarters ending
    with quarter N of ``year`` (so ``t2`` of 2021 is 2020 Q3 to 2021 Q2).
    """
    through = 4 if period == "a" else int(period[1])
    year = int(year)
    return [(year - 1, str(q)) for q in range(through + 1, 5)] + [
        (year, str(q)) for q in range(1, through + 1)
    ]


def period_label(year: int, period: str) -> str:
    """How a period reads after its year: ``annual average``, ``Q2``, or
    ``four quarters to Q2 (2020 Q3 to 2021 Q2)``."""
    label = PERIOD_LABELS[period]
    return f"{label} ({window_label(year, period)})" if period in TRAILING_PERIODS else label


def window_label(year: int, period: str) -> str:
    """``"2020 Q3 to 2021 Q2"``: the quarters an annual figure is built from."""
    (y0, q0), *_, (y1, q1) = window_quarters(year, period)
    return f"{y0} Q{q0} to {y1} Q{q1}"


# Named tuples, not frozen dataclasses: every command reads the shipped lists (about
# 7,000 rows) at start, and a tuple is built in a third of the time.
class Area(NamedTuple):
    """One area code with its name: ``kind`` is nation, state, county, msa, micro or other."""

    code: str
    title: str
    kind: str
    state_fips: str
    state_postal: str


class Industry(NamedTuple):
    """One industry code: ``level`` as in :data:`LEVELS`, ``parent`` in QCEW's tree."""

    code: str
    title: str
    level: str
    parent: str
    supersector: str


def _rows(name: str, header: list[str]) -> Iterator[list[str]]:
    """The rows of a shipped list whose columns are ``header``, in that order (checked:
    plain rows, not DictReader's dicts, halve the start-up of every command)."""
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        found = next(reader)
        if found != header:
            raise RuntimeError(f"{name}: columns {found}, expected {header}")
        yield from reader


@cache
def _areas() -> dict[str, Area]:
    header = ["area_fips", "area_title", "kind", "state_fips", "state_postal"]
    return {row[0]: Area._make(row) for row in _rows("areas.csv", header)}


@cache
def _industries() -> dict[str, Industry]:
    header = ["industry_code", "industry_title", "level", "parent_code", "supersector"]
    return {row[0]: Industry._make(row) for row in _rows("industries.csv", header)}


def area(code: str) -> Area | None:
    """The area with this code, or ``None``."""
    return _areas().get(code.strip().upper())


def area_title(code: str, extra: dict[str, str] | None = None) -> str:
    """A readable name for an area code; ``extra`` are titles seen in ingested files."""
    found = area(code)
    if found:
        return found.title
    if extra and code in extra:
        return extra[code]
    return f"Area {code}"


def all_areas(kind: str | None = None, state_fips: str | None = None) -> list[Area]:
    """Areas, optionally of one kind and/or in one state, ordered by code."""
    return [
        a
        for a in _areas().values()
        if (kind is None or a.kind == kind) and (state_fips is None or a.state_fips == state_fips)
    ]


def counties_in_state(state: str) -> list[Area]:
    """The counties of a state given by FIPS (``39``, ``39000``) or postal code (``OH``)."""
    state = state.strip().upper()
    if state.isalpha():
        fips = next((a.state_fips for a in all_areas("state") if a.state_postal == state), "")
    else:
        fips = state[:2]
    return all_areas("county", fips)


# Words people put after a county's name; dropped before names are compared.
_COUNTY_WORDS = {
    "county",
    "co",
    "parish",
    "borough",
    "census",
    "area",
    "city",
    "and",
    "municipality",
}
_CODE_LIKE = re.compile(r"^(us|c\d{0,4}|cs\d{0,3}|\d{1,5})$", re.IGNORECASE)


@dataclass(frozen=True)
class AreaSearch:
    """What an area search found, and what to tell the person when it found nothing."""

    text: str
    areas: list[Area]
    message: str = ""


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' -]+", " ", text.lower().replace(".", "")).split()


def _place_name(words: list[str]) -> str:
    """``["franklin", "county"]`` -> ``"franklin"``: the name without county words at its end."""
    while len(words) > 1 and words[-1] in _COUNTY_WORDS:
        words = words[:-1]
    return " ".join(words)


@cache
def _states_by_words() -> dict[tuple[str, ...], Area]:
    """Each state under its postal code and its full name, as word tuples."""
    found: dict[tuple[str, ...], Area] = {}
    for state in all_areas("state"):
        found[(state.state_postal.lower(),)] = state
        found[tuple(_words(state.title))] = state
    return found


@cache
def _county_names() -> dict[str, str]:
    """area code -> the bare lower-case place name (``"franklin"`` for 39049)."""
    return {
        a.code: _place_name(_words(a.title.rsplit(",", 1)[0]))
        for a in _areas().values()
        if a.kind == "county"
    }


def _split_state(words: list[str]) -> tuple[list[str], Area | None]:
    """``franklin county oh`` -> (``franklin county``, Ohio); the state is the last word(s)."""
    states = _states_by_words()
    for size in (4, 3, 2, 1):
        if len(words) > size and tuple(words[-size:]) in states:
            return words[:-size], states[tuple(words[-size:])]
    return words, None


def find_areas(text: str, *, limit: int = 20) -> AreaSearch:
    """Areas for what a person types: ``39049``, ``Franklin, Ohio``, ``Franklin County OH``.

    A place name may carry "County", "Parish" or "Borough" and a state (full
    name or postal code, comma optional), in any case. Counties whose name is
    exactly the one typed come first, then names that start with it, then
    any area (MSA, state) whose code or title contains the text.
    """
    raw = " ".join(text.split())
    if not raw:
        return AreaSearch(raw, [])
    needle = raw.lower()
    everything = list(_areas().values())
    if _CODE_LIKE.match(needle.replace(" ", "")):
        code = needle.replace(" ", "").upper()
        hits = [a for a in everything if a.code.startswith(code)]
        hits.sort(key=lambda a: (a.code != code, a.kind == "other", a.code))
        if hits:
            return AreaSearch(raw, hits[:limit])
        return AreaSearch(
            raw, [], f"No area has the code {raw!r}: a county is 5 digits (39049 is Franklin, OH)."
        )
    name_words, state = _split_state(_words(raw.replace(",", " ")))
    name = _place_name(name_words)
    ranked: dict[str, tuple[int, str]] = {}
    if name:
        for code, county in _county_names().items():
            if state and _areas()[code].state_fips != state.state_fips:
                continue
            if county == name:
                ranked[code] = (0, code)
            elif county.startswith(name):
                ranked[code] = (1, code)
    elif state:
        ranked[state.code] = (0, state.code)
    if name and state:
        # "columbus oh": an MSA named for its main city, in that state.
        for a in everything:
            city, _, states = a.title.lower().partition(", ")
            in_state = state.state_postal.lower() in re.split(r"[- ]", states)
            if a.kind in ("msa", "micro") and city.startswith(name) and in_state:
                ranked.setdefault(a.code, (2, a.code))
    for a in everything:
        if a.code not in ranked and (needle in a.code.lower() or needle in a.title.lower()):
            ranked[a.code] = (
                2 if a.title.lower().startswith(needle) else 3 + (a.kind == "other"),
                a.code,
            )
    hits = [_areas()[code] for code in sorted(ranked, key=ranked.__getitem__)]
    if hits:
        return AreaSearch(raw, hits[:limit])
    where = f" in {state.title}" if state else ""
    return AreaSearch(
        raw,
        [],
        f"No county or area named {name or raw!r}{where}. Type a county name and state "
        "(Franklin, Ohio or franklin oh), an MSA's city (Columbus) or a FIPS code (39049).",
    )


def search_areas(text: str, *, limit: int = 20) -> list[Area]:
    """The areas :func:`find_areas` finds for ``text``, best first."""
    return find_areas(text, limit=limit).areas


_AREA_CODE = re.compile(r"^(US000|\d{5}|C\d{4}|CS\d{3})$")


def parse_areas(text: str | list[str]) -> list[str]:
    """``"39049, 39041"`` or a list -> validated, de-duplicated codes in order.

    Accepts county ``SSCCC``, state ``SS000``, MSA ``C####`` and ``US000``;
    raises :class:`InputError` naming the first bad code.
    """
    items = text.split(",") if isinstance(text, str) else list(text)
    codes: list[str] = []
    for item in items:
        code = item.strip().upper()
        if not code:
            continue
        if code.isdigit() and len(code) < 5:
            code = code.zfill(5)
        if code == "US":
            code = NATION
        if not _AREA_CODE.match(code):
            raise InputError(
                f"{item.strip()!r} is not an area code (county SSCCC, state SS000, MSA C####)"
            )
        if code not in codes:
            codes.append(code)
    if not codes:
        raise InputError("no area code given")
    return codes


def industry(code: str) -> Industry | None:
    """The industry with this code (QCEW aggregates and NAICS 2022), or ``None``."""
    return _industries().get(code)


def industry_title(code: str, extra: dict[str, str] | None = None) -> str:
    """A title for any QCEW industry code.

    NAICS 2022 and QCEW aggregates come from the shipped list. Codes of older
    NAICS vintages use titles seen in ingested by-area/by-industry files
    (``extra``); failing that, QCEW's residential/nonresidential split of
    specialty trade contractors (``2381x1``/``2381x2``) is named from its
    parent, and any other code as ``NAICS <code> (<nearest known parent>)``.
    """
    found = _industries().get(code)
    if found:
        return found.title
    if extra and code in extra:
        return extra[code]
    parent = parent_industry(code) if code[:2].isdigit() else ""
    if len(code) == 6 and code.startswith("238") and code[-1] in "12":
        base = _industries().get(code[:5])
        if base:
            kind = "residential" if code[-1] == "1" else "nonresidential"
            return f"{base.title} ({kind})"
    while parent and parent not in _industries():
        parent = parent_industry(parent)
    if parent and parent != "10":
        return f"NAICS {code} ({_industries()[parent].title})"
    return f"NAICS {code}"


def industry_level(code: str) -> str:
    """The level of a code (``total``, ``domain``, ``supersector``, ``sector``, ``3``-``6``)."""
    return _build.industry_level(code)


def parent_industry(code: str) -> str:
    """The parent code in QCEW's hierarchy (``""`` for the all-industry total)."""
    return _build.parent_of(code)


def ownership_codes(ownership: str) -> tuple[int, ...]:
    """``"private"`` -> ``(5,)``; raises :class:`InputError` on an unknown name."""
    try:
        return OWNERSHIPS[ownership]
    except KeyError:
        raise InputError(f"unknown ownership {ownership!r} (use {', '.join(OWNERSHIPS)})") from None


def level_digit(level: str) -> int:
    """``"sector"`` -> 4, the agglvl_code last digit; :class:`InputError` if unknown."""
    try:
        return LEVELS[str(level)]
    except KeyError:
        raise InputError(f"unknown level {level!r} (use {', '.join(LEVELS)})") from None
