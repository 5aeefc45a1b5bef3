"""What data an analysis uses, decided from the store's manifest before any query.

:meth:`Plan.make` checks that the request's year and period are loaded for
every area (or can be built from four quarters), picks the base year for
change and shift-share, says whether national data is there for LQs, picks
the state the second LQ is measured against (:class:`StateBase`), and
collects the notes and sources the result carries. No query runs here but
one small one for a region across a state line: each state's share of the
region's jobs, to pick the state holding most of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from convenor.analysis import reference as ref
from convenor.analysis.errors import InputError
from convenor.analysis.request import AnalysisRequest
from convenor.analysis.store import Store, period_key_parse

# How many years back the default base year may be.
DEFAULT_BASE_SPAN = 5


@dataclass(frozen=True)
class StateBase:
    """The state the region's second LQ (``lq_state``) is measured against.

    ``code`` is the state's ``SS000`` code; ``loaded`` says whether its rows
    for the period are in the store (else ``lq_state`` is empty, with a
    note). For a region across a state line it is the state holding most of
    the region's employment: ``share`` is that state's part of the region's
    jobs and ``others`` the other states' codes.
    """

    code: str
    name: str
    loaded: bool
    share: float | None = None
    others: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "loaded": self.loaded,
            "share": None if self.share is None else round(self.share, 4),
            "other_states": list(self.others),
        }


def area_state(code: str) -> str | None:
    """The ``SS000`` state an area lies in (an MSA: its principal state); ``None`` for US000."""
    if code == ref.NATION:
        return None
    if code.isdigit():
        return f"{code[:2]}000"
    found = ref.area(code)
    if found is None or not found.state_fips.isdigit():
        return None
    return f"{found.state_fips}000"


def region_states(codes: Sequence[str]) -> list[str]:
    """The states of a region's areas, in the order the areas are listed."""
    states: list[str] = []
    for code in codes:
        state = area_state(code)
        if state and state not in states:
            states.append(state)
    return states


@dataclass
class Plan:
    """What data the analysis uses, decided from the manifest before any query."""

    year: int
    national: bool
    quarters_for: list[str]
    base_year: int | None
    base_source: str | None
    base_national: bool
    base_quarters_for: list[str]
    notes: list[str]
    sources: list[str]
    source_hashes: list[str]
    state: StateBase | None = field(default=None)

    @property
    def state_code(self) -> str | None:
        """The state whose rows the query reads for ``lq_state`` (loaded), else ``None``."""
        return self.state.code if self.state is not None and self.state.loaded else None

    def signature(self) -> tuple[object, ...]:
        """What the query depends on besides the request (part of the cache key)."""
        return (
            self.national,
            tuple(self.quarters_for),
            self.base_year,
            self.base_source,
            self.base_national,
            tuple(self.base_quarters_for),
            self.state_code,
        )

    @classmethod
    def make(
        cls,
        store: Store,
        request: AnalysisRequest,
        weigh_states: Callable[[list[str]], dict[str, int]] | None = None,
    ) -> Plan:
        """Decide from the store's manifest; :class:`InputError` when data is missing.

        ``weigh_states(quarters_for)`` returns the region's employment per
        state (``SS000``): called only for a region across a state line, to
        pick the state the LQ against the state uses.
        """
        region, year, period, base_year = (
            request.region,
            request.year,
            request.period,
            request.base_year,
        )
        manifest = store.manifest()
        cov = manifest.coverage()
        notes: list[str] = []

        trailing = period in ref.TRAILING_PERIODS

        def loaded(y: int, codes: tuple[str, ...] | list[str]) -> tuple[bool, list[str]]:
            """Whether ``codes`` have data for ``y``; and which are built from quarters."""
            if trailing:
                window = ref.window_quarters(y, period)
                built = [c for c in codes if all(c in cov.get(k, set()) for k in window)]
                return len(built) == len(codes), built
            have = cov.get((y, period), set())
            missing = [c for c in codes if c not in have]
            if not missing or period != "a":
                return not missing, []
            quarters = [c for c in missing if all(c in cov.get((y, q), set()) for q in "1234")]
            return len(quarters) == len(missing), quarters

        ok, quarters_for = loaded(year, region.codes)
        if not ok and trailing:
            missing = sorted(set(region.codes) - set(quarters_for))
            quarters = " ".join(f"{y}Q{q}" for y, q in ref.window_quarters(year, period))
            raise InputError(
                f"the four quarters {ref.window_label(year, period)} are not all loaded for "
                f"{', '.join(missing)}: fetch or ingest each of {quarters} (e.g. `convenor "
                f"qcew fetch --year {year} --period {period[1]} --area {' '.join(missing)}`)"
            )
        if not ok:
            have = cov.get((year, period), set())
            missing = [c for c in region.codes if c not in have]
            raise InputError(
                f"no {ref.PERIOD_LABELS[period]} data for {year} loaded for "
                f"{', '.join(missing)}: run `convenor qcew fetch --year {year} --period {period} "
                f"--area {' '.join(missing)}` or ingest the files"
            )
        if trailing:
            notes.append(
                f"Figures for the four quarters {ref.window_label(year, period)}, built from "
                "the quarterly files as BLS builds its annual averages (mean of the 12 "
                "months, wages summed)."
            )
        elif quarters_for:
            notes.append(
                f"Annual {year} figures for {', '.join(quarters_for)} are built from the four "
                "quarters (the annual file is not loaded)."
            )
        national, nat_quarters = loaded(year, [ref.NATION])
        quarters_for = quarters_for + nat_quarters if national else quarters_for
        state = _state_base(region.codes, quarters_for, weigh_states, notes)
        if state is not None:
            state_loaded, state_quarters = loaded(year, [state.code])
            if state_loaded:
                quarters_for = quarters_for + [c for c in state_quarters if c not in quarters_for]
            else:
                state = StateBase(state.code, state.name, False, state.share, state.others)
                if trailing:
                    quarters = " ".join(f"{y}Q{q}" for y, q in ref.window_quarters(year, period))
                    how = f"fetch or ingest the state's file for each of {quarters}"
                else:
                    how = (
                        f"run `convenor qcew fetch --year {year} --period {period} --area "
                        f"{state.code}` or ingest the state's file"
                    )
                notes.append(
                    f"State data for {state.name} ({state.code}) is not loaded for {year} "
                    f"{ref.period_label(year, period)}: the LQ against the state is left empty "
                    f"(not zero); {how}."
                )
        if not national and trailing:
            notes.append(
                "National data not loaded for these quarters: BLS publishes LQs per quarter, "
                "not for a trailing year, so the LQ is left empty."
            )
        elif not national:
            if len(region.codes) == 1:
                notes.append(
                    "National data not loaded: LQ is BLS's published LQ for this area "
                    "(estimated where BLS publishes none)."
                )
            else:
                notes.append(
                    "National data not loaded, LQ estimated from the published LQs of the "
                    "loaded areas."
                )

        chosen: int | None = None
        source: str | None = None
        base_quarters: list[str] = []
        if base_year is not None:
            ok_base, base_quarters = loaded(base_year, region.codes)
            if ok_base:
                chosen, source = base_year, "stored"
            elif base_year == year - 1:
                chosen, source = base_year, "oty"
            else:
                raise InputError(
                    f"no {ref.PERIOD_LABELS[period]} data for base year {base_year} loaded for "
                    f"{', '.join(region.codes)}"
                )
        else:
            for candidate in range(year - DEFAULT_BASE_SPAN, year):
                ok_base, built = loaded(candidate, region.codes)
                if ok_base:
                    chosen, source, base_quarters = candidate, "stored", built
                    break
            else:
                chosen, source = year - 1, "oty"
        base_national = False
        if chosen is not None:
            if source == "oty":
                base_national = national
                notes.append(
                    f"Base year {chosen} taken from the over-the-year change columns of the "
                    f"{year} files."
                )
            else:
                base_national, nat_q = loaded(chosen, [ref.NATION])
                if base_national:
                    base_quarters = base_quarters + nat_q
            if not base_national:
                notes.append(
                    "Shift-share needs national data for both years: not loaded, left empty."
                )

        def period_keys(y: int) -> set[tuple[int, str]]:
            return set(ref.window_quarters(y, period)) if trailing else {(y, period)}

        keys = period_keys(year) | (period_keys(chosen) if source == "stored" and chosen else set())
        wanted = {*region.codes, ref.NATION, *([state.code] if state and state.loaded else [])}
        used = [
            p
            for p in manifest.parts
            if any(
                period_key_parse(k) in keys and wanted & set(areas)
                for k, areas in p.coverage.items()
            )
        ]
        sources = sorted({p.source for p in used})
        hashes = sorted({p.sha256 for p in used})
        return cls(
            year=year,
            national=national,
            quarters_for=quarters_for,
            base_year=chosen,
            base_source=source,
            base_national=base_national,
            base_quarters_for=base_quarters,
            notes=notes,
            sources=sources,
            source_hashes=hashes,
            state=state,
        )


def _state_base(
    codes: Sequence[str],
    quarters_for: list[str],
    weigh_states: Callable[[list[str]], dict[str, int]] | None,
    notes: list[str],
) -> StateBase | None:
    """The state of the LQ against the state (not yet checked for being loaded).

    ``None`` for a region with no state (the nation) or one that holds its
    state whole (the LQ of a state against itself says nothing).
    """
    states = region_states(codes)
    if not states:
        return None
    share: float | None = None
    others: tuple[str, ...] = ()
    chosen = states[0]
    if len(states) > 1:
        weights = weigh_states(quarters_for) if weigh_states is not None else {}
        total = sum(v for v in weights.values() if v)
        if total:
            # Most jobs first; ties by the order the areas are listed.
            chosen = max(states, key=lambda s: (weights.get(s) or 0, -states.index(s)))
            share = (weights.get(chosen) or 0) / total
        others = tuple(s for s in states if s != chosen)
    name = ref.area_title(chosen)
    if chosen in codes:
        notes.append(f"The region includes {name} ({chosen}) itself: no LQ against the state.")
        return None
    if others:
        names = ", ".join(f"{ref.area_title(s)} ({s})" for s in others)
        held = (
            f"which holds {share:.0%} of the region's employment"
            if share is not None
            else "the first listed (the areas' employment is not disclosed)"
        )
        notes.append(
            f"The region crosses a state line: the LQ against the state uses {name} "
            f"({chosen}), {held}; the region also reaches into {names}."
        )
    return StateBase(chosen, name, True, share, others)
