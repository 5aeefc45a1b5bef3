"""Estimates for suppressed cells, from the industry hierarchy (opt-in).

BLS suppresses (``N``) a cell to protect an employer, and suppresses a
sibling too so the first cannot be worked out by subtraction. What can be
worked out is their *sum*: the parent's figure minus its disclosed children.
:func:`fill_suppressed` shares that residual among the suppressed siblings in
proportion to their establishment counts (which BLS still publishes), level
by level from the ownership total down, so an estimated parent feeds its
children. Estimated cells keep ``suppressed`` true and get ``estimated``
true: callers show them as estimates, never as published figures.

The path through the hierarchy is NAICS's: total -> sector -> 3 -> 4 -> 5 ->
6 digits; domains hang under the total and supersectors under domains.
"""

from __future__ import annotations

from typing import Any

import ibis
from ibis import _

from convenor.analysis.regional import CELL_COLUMNS, MEASURES

# agglvl last digit -> the digit of its parent level.
PARENT_DIGIT = {2: 1, 3: 2, 4: 1, 5: 4, 6: 5, 7: 6, 8: 7}


def levels_to(digit: int) -> list[int]:
    """The agglvl digits from the ownership total (1) down to ``digit``."""
    chain = [digit]
    while chain[-1] != 1:
        chain.append(PARENT_DIGIT[chain[-1]])
    return list(reversed(chain))


def parent_code(code: Any, digit: int) -> Any:
    """Ibis expression: the parent industry code of codes at agglvl ``digit``."""
    if digit in (2, 4):
        return ibis.literal("10")
    if digit == 3:
        return ibis.ifelse(code.isin(["1011", "1012", "1013"]), "101", "102")
    if digit == 5:
        two = code.substr(0, 2)
        return ibis.cases(
            (two.isin(["31", "32", "33"]), "31-33"),
            (two.isin(["44", "45"]), "44-45"),
            (two.isin(["48", "49"]), "48-49"),
            else_=two,
        )
    # 4- to 6-digit NAICS codes (digits 6-8): the parent drops the last digit.
    return code.substr(0, digit - 3)


def fill_suppressed(all_cells: Any, digit: int) -> Any:
    """Cells at ``digit`` with suppressed measures estimated where possible.

    ``all_cells`` must hold the cells of every level in :func:`levels_to`
    ``(digit)`` (see :func:`convenor.analysis.regional.cells`). A cell whose
    parent is itself unknown stays null.
    """
    chain = levels_to(digit)
    current = all_cells.filter(_.digit == chain[0])
    for level in chain[1:]:
        current = _fill_level(all_cells.filter(_.digit == level), current, level)
    return current


def _fill_level(children: Any, parents: Any, digit: int) -> Any:
    ch = children.mutate(_parent=parent_code(children.industry_code, digit))
    stats = ch.group_by(["area_fips", "own_code", "_parent"]).aggregate(
        **{f"_d_{m}": _[m].sum(where=~_.suppressed) for m in MEASURES},
        _supp_estabs=_.establishments.sum(where=_.suppressed),
        _n_supp=_.count(where=_.suppressed),
    )
    stats = stats.rename(_s_area="area_fips", _s_own="own_code", _s_parent="_parent")
    par = parents.select(
        _p_area=parents.area_fips,
        _p_own=parents.own_code,
        _p_code=parents.industry_code,
        **{f"_p_{m}": parents[m] for m in MEASURES},
    )
    j = ch.join(
        stats,
        [ch.area_fips == stats._s_area, ch.own_code == stats._s_own, ch._parent == stats._s_parent],
    )
    j = j.left_join(
        par, [j.area_fips == par._p_area, j.own_code == par._p_own, j._parent == par._p_code]
    )
    share = ibis.ifelse(
        j._supp_estabs > 0,
        j.establishments.cast("float64") / j._supp_estabs.cast("float64"),
        1.0 / j._n_supp.cast("float64"),
    )
    filled = {}
    for m in MEASURES:
        residual = ibis.greatest(j[f"_p_{m}"] - j[f"_d_{m}"].fill_null(0), 0)
        estimate = (residual.cast("float64") * share).round().cast("int64")
        filled[m] = ibis.ifelse(j.suppressed & ~j.estimated, estimate, j[m])
    estimated = j.estimated | (j.suppressed & filled["employment"].notnull())
    out = j.mutate(**filled, estimated=estimated)
    return out.select(*CELL_COLUMNS)
