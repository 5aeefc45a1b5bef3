"""The NAICS list industries are picked from, and the one rule of "in the target industry".

A partnership's target industry and an organisation's industry are NAICS codes
from the list the engine ships (``convenor/analysis/data/industries.csv``:
NAICS 2022 and the sector ranges QCEW publishes, 31-33, 44-45 and 48-49; plus
the NAICS 2017 and 2012 codes QCEW data still carries). A code is picked by
its number or by its title; a code that is not on the list is refused with a
message naming it, never stored and read as "no industry".

An employer is in the target industry when its code falls under the target:
the target is a prefix of it (3327 under 332), or the target is a sector range
and the code starts with one of its two-digit sectors (332710 under 31-33).
A code broader than the target (33 against 3327) is not under it: we do not
know which part of the sector the employer is in.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from convenor.analysis.reference import DATA
from convenor.analysis.reference_build import read_older_titles

# QCEW's sector ranges and the two-digit sectors each one spans.
SECTOR_RANGES: dict[str, tuple[str, ...]] = {
    "31-33": ("31", "32", "33"),
    "44-45": ("44", "45"),
    "48-49": ("48", "49"),
}
# Levels of industries.csv that are NAICS codes (the others are QCEW aggregates:
# the all-industry total, the domains and the supersectors).
NAICS_LEVELS = frozenset({"sector", "3", "4", "5", "6"})
_FORMAT = re.compile(r"^(\d{2,6}|31-33|44-45|48-49)$")
# "332710 Machine Shops", "332710 - Machine Shops", "Machine Shops (332710)"
# The range first: "48-49" read as the code "48" and a title "49" would be refused.
_CODE_FIRST = re.compile(r"^\s*(\d{2}-\d{2}|\d{2,6})\b[\s\-\u2013\u2014:]*(.*)$")
_CODE_LAST = re.compile(r"^(.*?)\s*\(\s*(?:NAICS\s*)?(\d{2}-\d{2}|\d{2,6})\s*\)\s*$", re.I)


@cache
def naics_titles() -> dict[str, str]:
    """Every NAICS code of the shipped list with its title (the newest vintage's title)."""
    titles: dict[str, str] = {}
    with open(DATA / "industries.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] in NAICS_LEVELS:
                titles[row["industry_code"]] = row["industry_title"]
    for code, title in read_older_titles().items():
        titles.setdefault(code, title)
    return titles


@cache
def _current_codes() -> frozenset[str]:
    """The codes of NAICS 2022 (the others are older vintages QCEW data still carries)."""
    return frozenset(naics_titles()) - frozenset(read_older_titles())


def naics_title(code: str) -> str | None:
    """The title of a NAICS code, or ``None`` when the code is not on the list."""
    return naics_titles().get((code or "").strip())


def naics_label(code: str) -> str:
    """``"Machine Shops (NAICS 332710)"``; ``""`` without a code."""
    code = (code or "").strip()
    if not code:
        return ""
    title = naics_title(code)
    return f"{title} (NAICS {code})" if title else f"NAICS {code}"


def check_naics(value: str) -> None:
    """Refuse a code that is not a NAICS code on the list, naming it."""
    code = (value or "").strip()
    if not code:
        return
    if not _FORMAT.match(code):
        raise ValidationError(
            "%(value)s is not a NAICS code: use 2 to 6 digits (e.g. 332710) or a sector range "
            "such as 31-33.",
            code="naics_format",
            params={"value": code},
        )
    if code not in naics_titles():
        sector = next((r for r, spans in SECTOR_RANGES.items() if code in spans), "")
        hint = f" (the sector is {sector})" if sector else ""
        raise ValidationError(
            "NAICS %(value)s does not exist%(hint)s: pick a code from the NAICS list.",
            code="naics_unknown",
            params={"value": code, "hint": hint},
        )


def parse_naics(text: str) -> str:
    """A code from what a person typed or picked: ``332710``, ``332710 Machine Shops``,
    ``Machine Shops (332710)`` or the title alone. Raises ``ValidationError`` naming the
    value when it matches no code, or a title that names unrelated codes."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    for pattern, group in ((_CODE_FIRST, 1), (_CODE_LAST, 2)):
        found = pattern.match(text)
        if found:
            check_naics(found.group(group))
            return found.group(group)
    wanted = text.casefold()
    matches = sorted(
        (code for code, title in naics_titles().items() if title.casefold() == wanted),
        key=lambda c: (len(c), c),
    )
    if not matches:
        raise ValidationError(
            "%(value)s is neither a NAICS code nor a title on the NAICS list: type a code "
            "(e.g. 332710) or pick a title from the list.",
            code="naics_unknown",
            params={"value": text},
        )
    current = [code for code in matches if code in _current_codes()] or matches
    broadest = current[0]
    if all(within(code, broadest) for code in current):
        # The same industry at several levels (22 and 221 Utilities); a title that moved
        # to a new code in NAICS 2022 (5112 and 5132 Software Publishers) takes the new one.
        return broadest
    raise ValidationError(
        "%(value)s is the title of several NAICS codes (%(codes)s): type the code.",
        code="naics_ambiguous",
        params={"value": text, "codes": ", ".join(matches[:6])},
    )


def within(code: str, target: str) -> bool:
    """Does an industry code fall under the target industry?"""
    code, target = (code or "").strip(), (target or "").strip()
    if not code or not target:
        return False
    if code == target:
        return True
    if code in SECTOR_RANGES:  # a whole sector is never inside a narrower target
        return False
    if target in SECTOR_RANGES:
        return code[:2] in SECTOR_RANGES[target]
    return code.isdigit() and target.isdigit() and code.startswith(target)


def naics_options() -> list[tuple[str, str]]:
    """``(code, title)`` of every NAICS code, in code order, for a pick list."""
    return sorted(naics_titles().items(), key=lambda item: (item[0].replace("-", ""), item[0]))


# --- Picking a code in a form -------------------------------------------------------

DATALIST_ID = "naics-list"


@cache
def _datalist() -> str:
    options = "".join(f'<option value="{code} {escape(title)}">' for code, title in naics_options())
    return f'<datalist id="{DATALIST_ID}">{options}</datalist>'


class NaicsInput(forms.TextInput):
    """A text input suggesting every code and title of the NAICS list as one types."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"list": DATALIST_ID, "autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )

    def format_value(self, value: Any) -> str | None:
        # A stored code shows with its title, as the list offers it.
        code = (value or "").strip() if isinstance(value, str) else value
        title = naics_title(code) if isinstance(code, str) else None
        return f"{code} {title}" if title else super().format_value(value)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # The input is rendered by Django (escaped) and the list's titles are escaped.
        return mark_safe(super().render(name, value, attrs, renderer) + _datalist())


class NaicsField(forms.CharField):
    """A NAICS code typed or picked by code or title; cleans to the code."""

    widget = NaicsInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        return parse_naics(super().clean(value) or "")
