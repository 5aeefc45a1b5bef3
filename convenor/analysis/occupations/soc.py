"""SOC codes: which are known to the loaded data, and finding one by code or title."""

from __future__ import annotations

import re
from typing import Any

from convenor.analysis.occupations.errors import InputError
from convenor.analysis.occupations.store import LabourStore

SOC = re.compile(r"^\d{2}-\d{4}$")
NO_MATCH = "99-9999"


def known_occupations(store: LabourStore) -> dict[str, str]:
    """Every SOC code in the loaded OEWS, EP, crosswalk or ``oe.occupation``, with a title."""
    out: dict[str, str] = {}
    for dataset in ("cip_soc", "ep", "oe_occupation", "oews"):

        def build(dataset: str = dataset) -> Any:
            t = store.table(dataset)
            return t.select("soc_code", "soc_title").distinct()

        for row in store.records(build):
            if row["soc_code"] != NO_MATCH and row["soc_title"]:
                out.setdefault(row["soc_code"], row["soc_title"])
    return out


def check_soc(store: LabourStore, codes: list[str], *, what: str = "occupation") -> list[str]:
    """Codes checked against the loaded data; :class:`InputError` names the first unknown."""
    known = known_occupations(store)
    out = []
    for raw in codes:
        code = raw.strip()
        if not SOC.match(code):
            raise InputError(f"{what} {raw!r} is not a SOC code (like 29-1141)")
        if code not in known:
            raise InputError(
                f"unknown SOC code {code}: not in the loaded OEWS, Employment Projections or "
                "CIP-SOC crosswalk"
            )
        out.append(code)
    return out


def find_occupations(store: LabourStore, text: str, *, limit: int = 20) -> list[dict[str, str]]:
    """Occupations whose code or title contains ``text``, best first (for pickers)."""
    needle = text.strip().lower()
    if not needle:
        return []
    hits = [
        {"soc_code": code, "soc_title": title}
        for code, title in known_occupations(store).items()
        if needle in code or needle in title.lower()
    ]
    hits.sort(
        key=lambda h: (
            h["soc_code"] != needle,
            not h["soc_title"].lower().startswith(needle),
            h["soc_code"].endswith("0"),
            h["soc_code"],
        )
    )
    return hits[:limit]


def _normal(title: str) -> str:
    words = re.sub(r"[^a-z0-9 ]+", " ", title.lower()).split()
    # "Registered nurse" and "Registered Nurses" are the same occupation.
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


def map_title(store: LabourStore, title: str) -> dict[str, str] | None:
    """The occupation a free-text job title names, when it names exactly one.

    Matches SOC titles of the loaded data ignoring case, punctuation and
    plurals ("registered nurse" -> 29-1141); a code typed as the title is
    accepted too. Anything else is ``None``: the title stays a label for a
    person to map.
    """
    text = title.strip()
    known = known_occupations(store)
    if SOC.match(text) and text in known:
        return {"soc_code": text, "soc_title": known[text]}
    wanted = _normal(text)
    if not wanted:
        return None
    hits = {code: name for code, name in known.items() if _normal(name) == wanted}
    # A broad group titled like its one detailed occupation (29-1140, 29-1141): the detail.
    hits = {
        code: name
        for code, name in hits.items()
        if not (code.endswith("0") and any(o != code and o[:6] == code[:6] for o in hits))
    }
    if len(hits) != 1:
        return None
    code, name = hits.popitem()
    return {"soc_code": code, "soc_title": name}
