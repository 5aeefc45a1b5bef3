"""What a person asks the engine: one request object, validated once.

The command line (``convenor analyze``, ``convenor qcew trend``), the region
page's form and the API all turn their input into an
:class:`AnalysisRequest` (or a :class:`TrendRequest`) with :meth:`parse`, and
hand it to :func:`convenor.analysis.analyze.analyze` (or
:func:`convenor.analysis.trend.employment_trend`). A bad value is refused
here, in one place, with one message naming the field and the value
(``level: '9' is not an industry level (use total, ...)``), so the three
callers say the same thing. :class:`~convenor.analysis.errors.InputError`
carries the field in ``.field`` for forms.

This module imports neither Ibis nor DuckDB: the CLI validates its options
before loading the engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from convenor.analysis import reference as ref
from convenor.analysis.errors import InputError
from convenor.analysis.score import ScoreWeights

FIRST_YEAR, LAST_YEAR = 1975, 2100

# Columns an analysis can be ordered by; text columns read A-Z by default,
# figures highest first.
SORT_FIELDS = (
    "score",
    "industry_code",
    "industry_title",
    "establishments",
    "employment",
    "avg_annual_pay",
    "avg_weekly_wage",
    "lq",
    "lq_state",
    "employment_change",
    "employment_cagr",
    "shift_competitive",
)
ASCENDING_FIELDS = frozenset({"industry_code", "industry_title"})
# Short names the command line has always accepted.
SORT_ALIASES = {"code": "industry_code", "title": "industry_title"}

PERIOD_HELP = (
    "use a for the annual average, 1-4 for a quarter, t1-t3 for the four quarters to Q1-Q3"
)
_INDUSTRY_CODE = re.compile(r"^(\d{2,6}|\d{2}-\d{2})$")


@dataclass(frozen=True)
class Region:
    """Area codes analysed together, and a name for people."""

    codes: tuple[str, ...]
    name: str

    @classmethod
    def from_codes(cls, codes: str | Sequence[str], name: str | None = None) -> Region:
        """Validate codes (``"39049,39041"`` or a list) and name the region.

        A county listed with its own state would be counted twice: refused.
        """
        parsed = parse_area_codes(codes)
        return cls(parsed, name or region_name(parsed))


def region_name(codes: Sequence[str]) -> str:
    """``"Franklin County, Ohio"``, or the first two names and how many more."""
    titles = [ref.area_title(c) for c in codes]
    if len(titles) <= 2:
        return " and ".join(titles)
    return f"{titles[0]}, {titles[1]} and {len(titles) - 2} more"


def parse_area_codes(codes: str | Sequence[str]) -> tuple[str, ...]:
    """Validated area codes, or :class:`InputError` on the ``areas`` field."""
    try:
        parsed = tuple(ref.parse_areas(codes if isinstance(codes, str) else list(codes)))
    except InputError as exc:
        raise InputError(f"areas: {exc}", field="areas") from None
    states = {c for c in parsed if c.isdigit() and c.endswith("000")}
    for code in parsed:
        if code.isdigit() and code not in states and f"{code[:2]}000" in states:
            raise InputError(
                f"areas: {code} is inside {code[:2]}000: a region lists a state or its "
                "counties, not both",
                field="areas",
            )
    return parsed


def parse_industry_codes(codes: str | Sequence[str]) -> tuple[str, ...]:
    """``"62,31-33"`` or a list -> industry codes, or :class:`InputError` on ``industries``."""
    items = codes.split(",") if isinstance(codes, str) else list(codes)
    parsed: list[str] = []
    for item in items:
        code = str(item).strip()
        if not code:
            continue
        if not _INDUSTRY_CODE.match(code):
            raise InputError(
                f"industries: {code!r} is not an industry code (NAICS 2-6 digits such as "
                "3363, a sector such as 31-33, or a QCEW aggregate such as 1013)",
                field="industries",
            )
        if code not in parsed:
            parsed.append(code)
    if not parsed:
        raise InputError("industries: give at least one industry code", field="industries")
    return tuple(parsed)


def check_ownership(value: object) -> str:
    if value not in ref.OWNERSHIPS:
        raise InputError(
            f"ownership: {value!r} is not an ownership (use {', '.join(ref.OWNERSHIPS)})",
            field="ownership",
        )
    return str(value)


def _year(name: str, value: object) -> int:
    if isinstance(value, bool):
        raise InputError(f"{name}: {value!r} is not a year", field=name)
    try:
        year = value if isinstance(value, int) else int(str(value).strip())
    except (TypeError, ValueError):
        raise InputError(f"{name}: {value!r} is not a year", field=name) from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(
            f"{name}: {year} is not a QCEW year ({FIRST_YEAR} to {LAST_YEAR})", field=name
        )
    return year


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    raise InputError(f"{name}: {value!r} is not true or false", field=name)


def _weights(value: object) -> ScoreWeights:
    try:
        if isinstance(value, ScoreWeights):
            return value
        if _blank(value):
            return ScoreWeights()
        if isinstance(value, str):
            return ScoreWeights.parse(value)
        if isinstance(value, Mapping):
            return ScoreWeights.parse(
                ",".join(f"{k}={v}" for k, v in value.items() if not _blank(v))
            )
    except InputError as exc:
        raise InputError(f"weights: {exc}", field="weights") from None
    raise InputError(f"weights: {value!r} is not name=number,...", field="weights")


@dataclass(frozen=True)
class AnalysisRequest:
    """Everything :func:`~convenor.analysis.analyze.analyze` needs, already valid.

    ``areas``: the region's area codes. ``period``: ``a`` (annual average),
    ``1``-``4`` (a quarter) or ``t1``-``t3`` (the four quarters ending with
    that quarter). ``ownership``: private, total, federal, state or local.
    ``level``: total, domain, supersector, sector or NAICS ``3``-``6``.
    ``base_year``: where change, CAGR and shift-share start (default: the
    earliest loaded of the five years before, else the year before from the
    files' over-the-year columns). ``weights``: the score's. ``name``: the
    region's name for people. ``sort``/``descending``/``top``: the order of
    the rows returned and how many (default: every row by industry code).

    Building one directly validates it too; :meth:`parse` also accepts the
    text a command line, a query string or a form gives.
    """

    areas: tuple[str, ...]
    year: int
    period: str = "a"
    ownership: str = "private"
    level: str = "sector"
    base_year: int | None = None
    estimate_suppressed: bool = False
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    name: str | None = None
    sort: str | None = None
    descending: bool | None = None
    top: int | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # a frozen dataclass normalises its own fields once
        set_(self, "areas", parse_area_codes(self.areas))
        set_(self, "year", _year("year", self.year))
        if self.period not in ref.ANALYSIS_PERIODS:
            raise InputError(
                f"period: {self.period!r} is not a period ({PERIOD_HELP})", field="period"
            )
        check_ownership(self.ownership)
        if str(self.level) not in ref.LEVELS:
            raise InputError(
                f"level: {self.level!r} is not an industry level (use {', '.join(ref.LEVELS)})",
                field="level",
            )
        set_(self, "level", str(self.level))
        if self.base_year is not None:
            base = _year("base_year", self.base_year)
            if base >= self.year:
                raise InputError(
                    f"base_year: {base} must be before the year analysed, {self.year}",
                    field="base_year",
                )
            set_(self, "base_year", base)
        if not isinstance(self.weights, ScoreWeights):
            raise InputError(f"weights: {self.weights!r} is not score weights", field="weights")
        if self.sort is not None:
            sort = SORT_ALIASES.get(self.sort, self.sort)
            if sort not in SORT_FIELDS:
                raise InputError(
                    f"sort: {self.sort!r} is not a column to sort by "
                    f"(use {', '.join(SORT_FIELDS)})",
                    field="sort",
                )
            set_(self, "sort", sort)
        if self.top is not None and (
            isinstance(self.top, bool) or not isinstance(self.top, int) or self.top < 1
        ):
            raise InputError(f"top: {self.top!r} must be a whole number of at least 1", field="top")

    @classmethod
    def parse(
        cls,
        areas: str | Sequence[str],
        year: object,
        *,
        period: object = "a",
        ownership: object = "private",
        level: object = "sector",
        base_year: object = None,
        estimate_suppressed: object = False,
        weights: object = None,
        name: str | None = None,
        sort: object = None,
        descending: object = None,
        top: object = None,
    ) -> AnalysisRequest:
        """A request from raw values: text as typed (``"2020"``, ``"size=2"``) or typed ones.

        Empty text means the default. Raises :class:`InputError` naming the
        first bad field and its value.
        """
        period_text = "a" if _blank(period) else str(period).strip().lower()
        top_value: int | None = None
        if not _blank(top):
            try:
                top_value = int(str(top).strip()) if not isinstance(top, int) else top
            except ValueError:
                raise InputError(
                    f"top: {top!r} must be a whole number of at least 1", field="top"
                ) from None
        return cls(
            areas=parse_area_codes(areas),
            year=_year("year", year),
            period=period_text,
            ownership="private" if _blank(ownership) else str(ownership).strip().lower(),
            level="sector" if _blank(level) else str(level).strip().lower(),
            base_year=None if _blank(base_year) else _year("base_year", base_year),
            estimate_suppressed=_flag("estimate_suppressed", estimate_suppressed),
            weights=_weights(weights),
            name=name.strip() or None if isinstance(name, str) else None,
            sort=None if _blank(sort) else str(sort).strip(),
            descending=None if _blank(descending) else _flag("descending", descending),
            top=top_value,
        )

    @property
    def region(self) -> Region:
        """The areas with their name (given, or made from the area titles)."""
        return Region(self.areas, self.name or region_name(self.areas))

    @property
    def own_codes(self) -> tuple[int, ...]:
        """The ``own_code`` rows this ownership sums (all-ownership total for total/total)."""
        if self.ownership == "total" and self.level == "total":
            return (0,)
        return ref.ownership_codes(self.ownership)

    @property
    def digit(self) -> int:
        """The ``agglvl_code`` last digit of the level (0: the all-ownership total row)."""
        if self.ownership == "total" and self.level == "total":
            return 0
        return ref.level_digit(self.level)

    @property
    def sort_descending(self) -> bool:
        """The order of :attr:`sort`: as asked, else text A-Z and figures highest first."""
        if self.descending is not None:
            return self.descending
        return (self.sort or "industry_code") not in ASCENDING_FIELDS

    def inputs(self) -> dict[str, Any]:
        """What decides the figures (not the order or the name): saved with an analysis."""
        return {
            "areas": list(self.areas),
            "year": self.year,
            "period": self.period,
            "ownership": self.ownership,
            "level": self.level,
            "base_year": self.base_year,
            "estimate_suppressed": self.estimate_suppressed,
            "weights": self.weights.as_dict(),
        }


@dataclass(frozen=True)
class TrendRequest:
    """A region's employment over time for some industries (:func:`employment_trend`)."""

    areas: tuple[str, ...]
    industries: tuple[str, ...]
    ownership: str = "private"

    def __post_init__(self) -> None:
        object.__setattr__(self, "areas", parse_area_codes(self.areas))
        object.__setattr__(self, "industries", parse_industry_codes(self.industries))
        check_ownership(self.ownership)

    @classmethod
    def parse(
        cls,
        areas: str | Sequence[str],
        industries: str | Sequence[str],
        *,
        ownership: object = None,
    ) -> TrendRequest:
        """A trend request from text or lists; :class:`InputError` names the bad field."""
        own = "private" if _blank(ownership) else str(ownership).strip().lower()
        return cls(parse_area_codes(areas), parse_industry_codes(industries), check_ownership(own))


def sort_records(
    rows: Sequence[dict[str, Any]], key: str | None, descending: bool | None = None
) -> list[dict[str, Any]]:
    """Rows ordered by ``key``; rows without the figure go last, ties keep their order.

    ``descending`` defaults to figures highest first and text A-Z. The one
    ordering the command line, the page's table and the API use.
    """
    key = SORT_ALIASES.get(key or "industry_code", key or "industry_code")
    if descending is None:
        descending = key not in ASCENDING_FIELDS
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    present.sort(key=lambda r: r[key], reverse=descending)
    return present + missing
