"""Staffing patterns: which occupations make up an industry's employment, nationally.

OEWS's national industry files (``natsector``, ``nat3d``, ``nat4d`` ...)
give, per industry, each occupation's employment; its *share* of the
industry is that over the industry's all-occupations total (``00-0000``).
:func:`find_pattern` picks the most detailed pattern loaded for a QCEW
industry code, walking up the NAICS tree (``6221`` -> ``622`` -> ``62``),
and the ownership that matches the QCEW ownership analysed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ibis import _

from convenor.analysis import reference as ref
from convenor.analysis.occupations.errors import InputError
from convenor.analysis.occupations.schemas import CROSS_INDUSTRY
from convenor.analysis.occupations.store import LabourStore

# The own_code digits of OEWS for each QCEW ownership choice (1 federal,
# 2 state, 3 local, 5 private; OEWS combines them, e.g. 58, 1235).
OWNERSHIP_DIGITS = {"private": "5", "federal": "1", "state": "2", "local": "3", "total": ""}


@dataclass(frozen=True)
class Pattern:
    """The staffing pattern used: OEWS industry code, level, ownership and year."""

    requested: str
    industry_code: str
    industry_level: str
    industry_title: str
    own_code: str
    year: int
    exact: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def ancestors(code: str) -> list[str]:
    """The QCEW code, then its parents up to the sector (``10`` -> cross-industry)."""
    if code == "10":
        return [CROSS_INDUSTRY]
    chain: list[str] = []
    current = code
    while current and current != "10":
        if ref.industry_level(current) in ("domain", "supersector"):
            break
        chain.append(current)
        current = ref.parent_industry(current)
    return chain


def loaded_patterns(store: LabourStore) -> list[dict[str, Any]]:
    """Every national industry total stored: year, industry, level, title, ownership."""

    def build() -> Any:
        t = store.table("oews")
        return (
            t.filter(_.area_type == "national", _.soc_code == "00-0000")
            .select("year", "industry_code", "industry_level", "industry_title", "own_code")
            .distinct()
            .order_by(["industry_code", "year", "own_code"])
        )

    return store.records(build)


def _own_choice(codes: list[str], ownership: str) -> tuple[str, bool]:
    """The own_code closest to the QCEW ownership, and whether it matches it."""
    digit = OWNERSHIP_DIGITS.get(ownership, "5")
    if not digit:
        return max(codes, key=lambda c: (len(c), c)), True
    matching = [c for c in codes if digit in c]
    if matching:
        return min(matching, key=lambda c: (len(c), c)), True
    return max(codes, key=lambda c: (len(c), c)), False


def find_pattern(
    store: LabourStore, industry: str, *, ownership: str = "private", year: int | None = None
) -> tuple[Pattern, list[str]]:
    """The most detailed staffing pattern loaded for ``industry``, and notes.

    Raises :class:`InputError` naming the code when none of the industry's
    levels has a pattern loaded (for ``year`` if given).
    """
    chain = ancestors(industry)
    patterns = loaded_patterns(store)
    notes: list[str] = []
    for candidate in chain:
        found = [
            p
            for p in patterns
            if p["industry_code"] == candidate and (year is None or p["year"] == year)
        ]
        if not found:
            continue
        latest = max(p["year"] for p in found)
        found = [p for p in found if p["year"] == latest]
        own, matched = _own_choice([p["own_code"] for p in found], ownership)
        chosen = next(p for p in found if p["own_code"] == own)
        pattern = Pattern(
            requested=industry,
            industry_code=candidate,
            industry_level=chosen["industry_level"],
            industry_title=chosen["industry_title"],
            own_code=own,
            year=int(latest),
            exact=candidate == chain[0],
        )
        if not pattern.exact:
            notes.append(
                f"No staffing pattern loaded for {industry}: the occupations are those of "
                f"{candidate} ({pattern.industry_title}), the most detailed level loaded."
            )
        if not matched:
            notes.append(
                f"OEWS has no {ownership} staffing pattern for {candidate}; ownership {own} "
                "is used."
            )
        return pattern, notes
    levels = ", ".join(chain) if chain else industry
    when = f" for May {year}" if year is not None else ""
    raise InputError(
        f"no staffing pattern loaded for industry {industry} (looked for {levels}{when}): "
        "ingest an OEWS national industry file (natsector, nat3d or nat4d)"
    )
