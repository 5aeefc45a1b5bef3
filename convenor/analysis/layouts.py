"""The CSV layouts BLS publishes for QCEW, recognised by their column names.

BLS publishes the same figures under slightly different headers:

* open-data slices (``/cew/data/api/{year}/{qtr}/area/{code}.csv``) and the
  annual/quarterly *singlefiles*: ``annual_avg_estabs`` / ``qtrly_estabs``;
* the *by-area* and *by-industry* archives: the same plus title columns
  (``area_title``, ``own_title``, ``industry_title``, ``agglvl_title``,
  ``size_title``) and ``_count`` on the establishment columns
  (``annual_avg_estabs_count``, ``lq_annual_avg_estabs_count``,
  ``oty_annual_avg_estabs_count_chg``), as older vintages also spell them;
* re-saves by spreadsheets or other tools: the same names, nothing quoted.

Columns are matched by name (case and surrounding spaces ignored), never by
position, so column order and extra columns do not matter. A layout maps each
*canonical* column of the store (see :data:`STORED_COLUMNS`) to the file's
column that carries it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Canonical column -> DuckDB type, in the order the store keeps them.
STORED_COLUMNS: dict[str, str] = {
    "area_fips": "VARCHAR",
    "own_code": "SMALLINT",
    "industry_code": "VARCHAR",
    "agglvl_code": "SMALLINT",
    "size_code": "SMALLINT",
    "year": "SMALLINT",
    "period": "VARCHAR",
    "disclosure_code": "VARCHAR",
    "establishments": "BIGINT",
    "employment": "BIGINT",
    "month1_employment": "BIGINT",
    "month2_employment": "BIGINT",
    "month3_employment": "BIGINT",
    "total_wages": "BIGINT",
    "avg_weekly_wage": "BIGINT",
    "avg_annual_pay": "BIGINT",
    "lq_disclosure_code": "VARCHAR",
    "lq_establishments": "DOUBLE",
    "lq_employment": "DOUBLE",
    "lq_total_wages": "DOUBLE",
    "oty_disclosure_code": "VARCHAR",
    "oty_establishments_chg": "BIGINT",
    "oty_employment_chg": "BIGINT",
    "oty_month1_employment_chg": "BIGINT",
    "oty_month2_employment_chg": "BIGINT",
    "oty_month3_employment_chg": "BIGINT",
    "oty_total_wages_chg": "BIGINT",
}

# Identity columns shared by both layouts (canonical name -> accepted names).
_COMMON: dict[str, tuple[str, ...]] = {
    "area_fips": ("area_fips",),
    "own_code": ("own_code",),
    "industry_code": ("industry_code",),
    "agglvl_code": ("agglvl_code",),
    "size_code": ("size_code",),
    "year": ("year",),
    "period": ("qtr",),
    "disclosure_code": ("disclosure_code",),
    "lq_disclosure_code": ("lq_disclosure_code",),
    "oty_disclosure_code": ("oty_disclosure_code",),
}

_ANNUAL: dict[str, tuple[str, ...]] = {
    "establishments": ("annual_avg_estabs", "annual_avg_estabs_count"),
    "employment": ("annual_avg_emplvl",),
    "total_wages": ("total_annual_wages",),
    "avg_weekly_wage": ("annual_avg_wkly_wage",),
    "avg_annual_pay": ("avg_annual_pay",),
    "lq_establishments": ("lq_annual_avg_estabs", "lq_annual_avg_estabs_count"),
    "lq_employment": ("lq_annual_avg_emplvl",),
    "lq_total_wages": ("lq_total_annual_wages",),
    "oty_establishments_chg": ("oty_annual_avg_estabs_chg", "oty_annual_avg_estabs_count_chg"),
    "oty_employment_chg": ("oty_annual_avg_emplvl_chg",),
    "oty_total_wages_chg": ("oty_total_annual_wages_chg",),
}

_QUARTERLY: dict[str, tuple[str, ...]] = {
    "establishments": ("qtrly_estabs", "qtrly_estabs_count"),
    "month1_employment": ("month1_emplvl",),
    "month2_employment": ("month2_emplvl",),
    "month3_employment": ("month3_emplvl",),
    "total_wages": ("total_qtrly_wages",),
    "avg_weekly_wage": ("avg_wkly_wage",),
    "lq_establishments": ("lq_qtrly_estabs", "lq_qtrly_estabs_count"),
    # The quarter's employment is its third month (as BLS's county releases use).
    "lq_employment": ("lq_month3_emplvl",),
    "lq_total_wages": ("lq_total_qtrly_wages",),
    "oty_establishments_chg": ("oty_qtrly_estabs_chg", "oty_qtrly_estabs_count_chg"),
    "oty_month1_employment_chg": ("oty_month1_emplvl_chg",),
    "oty_month2_employment_chg": ("oty_month2_emplvl_chg",),
    "oty_month3_employment_chg": ("oty_month3_emplvl_chg",),
    "oty_total_wages_chg": ("oty_total_qtrly_wages_chg",),
}

_REQUIRED_COMMON = (
    "area_fips",
    "own_code",
    "industry_code",
    "agglvl_code",
    "year",
    "period",
    "disclosure_code",
    "establishments",
    "total_wages",
)
_REQUIRED = {
    "annual": (*_REQUIRED_COMMON, "employment"),
    "quarterly": (
        *_REQUIRED_COMMON,
        "month1_employment",
        "month2_employment",
        "month3_employment",
    ),
}

TITLE_COLUMNS = ("area_title", "own_title", "industry_title", "agglvl_title", "size_title")

# Source columns read as text; every other known column is numeric and checked.
_TEXT = {
    "area_fips",
    "industry_code",
    "period",
    "disclosure_code",
    "lq_disclosure_code",
    "oty_disclosure_code",
}


@dataclass(frozen=True)
class Layout:
    """How one file's header maps onto the store's columns.

    ``kind`` is ``annual`` or ``quarterly``; ``source`` maps each canonical
    column found to the file's (normalised) column name; ``csv_columns`` is
    the file's header, normalised, with the DuckDB type to read each column
    as (text for columns Convenor does not use, so they cost no parsing).
    """

    kind: str
    source: dict[str, str]
    csv_columns: dict[str, str]
    titles: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        """A short description for reports, e.g. ``annual, with titles``."""
        return f"{self.kind}, with titles" if self.titles else self.kind


class LayoutProblem(Exception):
    """The header is not a QCEW layout; ``column`` names what is wrong."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


def normalise(name: str) -> str:
    """Header names compare lower-case, without spaces, quotes or a BOM."""
    return name.lstrip("\ufeff").strip().strip('"').strip().lower()


def detect_layout(header: list[str]) -> Layout:
    """Recognise a QCEW CSV header; raise :class:`LayoutProblem` if it is none.

    >>> detect_layout(["area_fips", "own_code", "industry_code", "agglvl_code",
    ...     "year", "qtr", "disclosure_code", "annual_avg_estabs",
    ...     "annual_avg_emplvl", "total_annual_wages"]).kind
    'annual'
    """
    names = [normalise(h) for h in header]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise LayoutProblem(f"column {name!r} appears twice in the header", name)
        seen.add(name)
    if "annual_avg_emplvl" in seen:
        kind, specific = "annual", _ANNUAL
    elif "month3_emplvl" in seen:
        kind, specific = "quarterly", _QUARTERLY
    else:
        raise LayoutProblem(
            "unknown layout: not a BLS QCEW CSV (no annual_avg_emplvl or month3_emplvl column)",
            "annual_avg_emplvl",
        )
    aliases = {**_COMMON, **specific}
    source: dict[str, str] = {}
    for canonical, accepted in aliases.items():
        for candidate in accepted:
            if candidate in seen:
                source[canonical] = candidate
                break
    for canonical in _REQUIRED[kind]:
        if canonical not in source:
            wanted = " or ".join(aliases[canonical])
            raise LayoutProblem(f"missing column {wanted} ({kind} layout)", aliases[canonical][0])
    by_source = {src: canonical for canonical, src in source.items()}
    csv_columns = {}
    for name in names:
        stored = by_source.get(name)
        if stored is None or stored in _TEXT:
            csv_columns[name] = "VARCHAR"
        else:
            csv_columns[name] = STORED_COLUMNS[stored]
    titles = tuple(t for t in TITLE_COLUMNS if t in seen)
    return Layout(kind=kind, source=source, csv_columns=csv_columns, titles=titles)
