"""What data an analysis uses, decided from the store's manifest before any query.

:meth:`Plan.make` checks that the request's year and period are loaded for
every area (or can be built from four quarters), picks the base year for
change and shift-share, says whether national data is there for LQs, and
collects the notes and sources the result carries. No query runs here.
"""

from __future__ import annotations

from dataclasses import dataclass

from convenor.analysis import reference as ref
from convenor.analysis.errors import InputError
from convenor.analysis.request import AnalysisRequest
from convenor.analysis.store import Store, period_key_parse

# How many years back the default base year may be.
DEFAULT_BASE_SPAN = 5


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

    def signature(self) -> tuple[object, ...]:
        """What the query depends on besides the request (part of the cache key)."""
        return (
            self.national,
            tuple(self.quarters_for),
            self.base_year,
            self.base_source,
            self.base_national,
            tuple(self.base_quarters_for),
        )

    @classmethod
    def make(cls, store: Store, request: AnalysisRequest) -> Plan:
        """Decide from the store's manifest; :class:`InputError` when data is missing."""
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
        wanted = {*region.codes, ref.NATION}
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
        )
