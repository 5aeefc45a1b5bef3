"""Hiring projections name an occupation: a SOC code checked against the loaded labour
data, or the one the free-text title names; and the pooled figures set beside the
region's estimated employment and EP-based openings of each occupation.

The title stays the employer's label; the code is what pools and compares. With no
labour data loaded only the form of a code is checked (``validate_soc``), as before.
The disclosure rule is untouched: the figures set beside a pool are public data (BLS),
and a hidden pool stays hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from convenor.analysis.errors import AnalysisError, InputError
from convenor.analysis.occupations.soc import check_soc, map_title
from convenor.occupations import labour
from convenor.partnerships.models import Partnership
from convenor.planning.demand.disclosure import PooledDemand


def resolve_soc(title: str, soc_code: str) -> str:
    """The SOC code to store for a projection.

    A code given must be one the loaded OEWS, EP or crosswalk knows (else
    :class:`ValidationError` on ``soc_code``, naming it); with none given, the code of
    the occupation the title names when it names exactly one ("Machinists" ->
    51-4041), else "" (the title stays a label for a person to map).
    """
    soc_code = (soc_code or "").strip()
    if not labour.has_data():
        return soc_code
    with labour.open_labour() as store:
        if soc_code:
            try:
                check_soc(store, [soc_code])
            except InputError as exc:
                raise ValidationError({"soc_code": str(exc)}) from None
            return soc_code
        hit = map_title(store, title or "")
    return hit["soc_code"] if hit else ""


@dataclass
class Beside:
    """The region's figures for one occupation, set beside its pooled openings."""

    estimated_employment: int | None
    annual_openings: float | None
    lower_bound: bool
    in_pattern: bool  # the occupation is in the industry's national staffing pattern


@dataclass
class Comparison:
    """Each pooled occupation's regional figures, or why there are none."""

    by_soc: dict[str, Beside] = field(default_factory=dict)
    source: str = ""  # "Manufacturing in Central Ohio (QCEW 2020, OEWS May 2024, EP 2024-34)"
    reason: str = ""  # why nothing is compared

    def for_row(self, soc_code: str) -> Beside | None:
        return self.by_soc.get(soc_code) if soc_code else None


def compare(partnership: Partnership, pooled: PooledDemand) -> Comparison:
    """Estimated regional employment and EP-based annual openings of each pooled occupation
    (by SOC code) in the partnership's target industry and region."""
    if not pooled.rows:
        return Comparison()
    if not labour.has_data():
        return Comparison(reason=labour.NOT_LOADED)
    try:
        target = labour.partnership_target(partnership)
        if target.request is None:
            return Comparison(reason=target.reason)
        analysis = labour.analyze(partnership.workspace, target.request)
    except AnalysisError as exc:
        return Comparison(reason=str(exc))
    rows = labour.by_soc(analysis)
    meta: dict[str, Any] = analysis.meta()
    out: dict[str, Beside] = {}
    for pool in pooled.rows:
        row = rows.get(pool.soc_code)
        if pool.soc_code and row is not None:
            out[pool.soc_code] = Beside(
                row["estimated_employment"],
                row["annual_openings"],
                bool(row["lower_bound"]),
                True,
            )
        elif pool.soc_code:
            out[pool.soc_code] = Beside(None, None, False, False)
    industry = meta["industry"]
    edition = meta["ep_edition"]
    source = (
        f"{industry['title']} in {meta['region']['name']}: QCEW {industry['year']} "
        f"{industry['period_label']} x the OEWS May {meta['staffing_pattern']['year']} "
        "national staffing pattern"
        + (f"; openings at EP {edition}'s national rates" if edition else "")
    )
    return Comparison(out, source)
