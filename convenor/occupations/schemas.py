"""API schemas of occupations: the engine's fields, typed and named exactly as
``convenor/analysis/occupations/README.md`` names them (a test compares the two)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from convenor.analysis.reference import ANALYSIS_PERIODS, OWNERSHIPS
from convenor.analysis.request import PERIOD_HELP
from convenor.lib.challenges import Challenge
from convenor.lib.schemas import VERSION_HELP
from convenor.occupations.models import AWARD_CHOICES


def _choices(values: Any) -> dict[str, Any]:
    # Published in the schema; checked by OccupationRequest, whose message the page gives.
    return {"enum": list(values)}


class OptionsQuery(Schema):
    """The score weights and estimate option (the region and industry come elsewhere)."""

    weights: str = Field(
        "", max_length=200, description="critical-occupation weights, e.g. size=2,training=0"
    )
    estimate_suppressed: bool = Field(
        False, description="fill a suppressed QCEW figure from the industry hierarchy"
    )


class OccupationQuery(OptionsQuery):
    industry: str = Field(
        min_length=2, max_length=10, examples=["31-33"], description="the NAICS code, e.g. 62"
    )
    year: int | str = Field(examples=[2020], description="the QCEW year")
    period: str = Field(
        "a", max_length=4, description=PERIOD_HELP, json_schema_extra=_choices(ANALYSIS_PERIODS)
    )
    ownership: str = Field("private", max_length=20, json_schema_extra=_choices(OWNERSHIPS))


class AdhocOccupationQuery(OccupationQuery):
    areas: str = Field(
        min_length=1, max_length=2000, examples=["39073"], description="e.g. 39049,39041"
    )


class OccupationRowOut(Schema):
    """One detailed occupation of the industry's staffing pattern in the region. A null
    figure is unknown (never zero); ``*_flag`` holds BLS's marker (``**``, ``*``, ``#``)."""

    soc_code: str = Field(description="SOC 2018 code of a detailed occupation")
    soc_title: str = Field(description="its OEWS title")
    national_industry_employment: int | None = Field(
        description="OEWS employment of the occupation in the industry, nationally"
    )
    national_industry_employment_flag: str | None = Field(
        description="** when BLS did not publish it"
    )
    industry_share: float | None = Field(
        description="that over the industry's all-occupation employment (0-1)"
    )
    estimated_employment: int | None = Field(
        description="the region's QCEW employment in the industry x industry_share"
    )
    lower_bound: bool = Field(description="the QCEW figure is a lower bound: so is the estimate")
    suppressed: bool = Field(description="QCEW suppresses the region's figure: estimates unknown")
    estimated: bool = Field(description="the QCEW figure was estimated from the hierarchy")
    wage_source: str | None = Field(description="msa, state or national")
    wage_area_code: str | None = Field(description="CBSA or metropolitan division, state, US")
    wage_area_title: str | None
    wage_year: int | None = Field(description="the May year of those wages")
    median_annual_wage: float | None = Field(description="OEWS annual median, cross-industry")
    median_annual_wage_flag: str | None = Field(description="# top-coded, * not available")
    pct10_annual_wage: float | None
    pct10_annual_wage_flag: str | None
    pct90_annual_wage: float | None
    pct90_annual_wage_flag: str | None
    median_hourly_wage: float | None
    median_hourly_wage_flag: str | None
    annual_only: bool | None = Field(description="BLS publishes only annual wages")
    hourly_only: bool | None = Field(description="BLS publishes only hourly wages")
    wage_area_employment: int | None = Field(
        description="employment in the wage area, all industries"
    )
    wage_area_lq: float | None = Field(description="its location quotient there (BLS's)")
    projected_change_percent: float | None = Field(description="EP national change, percent")
    projected_change: float | None = Field(description="that applied to estimated_employment")
    annual_openings: float | None = Field(
        description="EP openings per job x estimated_employment: the region's yearly openings"
    )
    national_annual_openings: float | None = Field(description="EP annual openings, nationally")
    openings_rate: float | None = Field(description="EP openings per job a year, nationally")
    labor_force_exit_rate: float | None = Field(description="EP exits per 100 jobs a year")
    separations_rate: float | None = Field(description="EP separations per 100 jobs a year")
    entry_education: str | None = Field(description="EP typical education needed for entry")
    work_experience: str | None
    on_the_job_training: str | None
    score: float | None = Field(description="critical-occupation score 0-100 (null: not ranked)")
    reasons: str | None = Field(description="what drives the score")


class IndustryFigureOut(Schema):
    code: str
    title: str
    employment: int | None = Field(description="the region's QCEW employment in the industry")
    suppressed: bool
    lower_bound: bool
    estimated: bool
    year: int
    period: str
    period_label: str
    ownership: str


class PatternOut(Schema):
    requested: str
    industry_code: str
    industry_level: str
    industry_title: str
    own_code: str
    year: int = Field(description="OEWS May year of the staffing pattern")
    exact: bool = Field(description="false when a parent industry's pattern was used")


class WageSourceOut(Schema):
    kind: str
    code: str
    title: str
    year: int
    all_occupations_median: float | None


class RegionRefOut(Schema):
    codes: list[str]
    name: str


class OccupationMetaOut(Schema):
    region: RegionRefOut
    counties: list[str]
    industry: IndustryFigureOut
    staffing_pattern: PatternOut
    wage_sources: list[WageSourceOut] = Field(description="the wage areas tried, best first")
    ep_edition: str | None
    weights: dict[str, float]
    notes: list[str]
    sources: list[str] = Field(description="the data files the figures come from")
    fingerprint: str


class OccupationAnalysisOut(Schema):
    meta: OccupationMetaOut
    rows: list[OccupationRowOut]


class GapProgramOut(Schema):
    row: int
    program: str
    cip_code: str
    cip_title: str
    award_level: str
    award_rank: int
    completers: float
    basis: str = Field(description="completers or capacity")
    occupations_reached: int = Field(description="how many occupations its CIP code leads to")
    meets_entry_education: bool | None


class GapRowOut(Schema):
    """One occupation's openings and pooled demand against supply (``GAP_FIELDS``)."""

    soc_code: str
    soc_title: str
    score: float | None
    estimated_employment: int | None
    lower_bound: bool | None
    annual_openings: float | None
    pooled_demand: float | None = Field(description="employers' pooled 12-month openings shown")
    supply_low: float = Field(description="completers split evenly across a program's occupations")
    supply_high: float = Field(description="completers counted for every occupation")
    gap_low: float | None = Field(description="annual_openings - supply_high")
    gap_high: float | None = Field(description="annual_openings - supply_low")
    demand_gap_low: float | None
    demand_gap_high: float | None
    programs: list[GapProgramOut]
    entry_education: str | None
    attainment_share: float | None = Field(description="share of adults 25+ holding that level")
    attainment_level: str | None
    attainment_sentence: str | None


class UnmatchedProgramOut(Schema):
    row: int
    cip_code: str
    cip_title: str
    program: str
    completers: float


class AttainmentOut(Schema):
    table: str
    vintage: str | None
    adults_25_plus: int | None
    counties: list[str]


class GapOut(Schema):
    rows: list[GapRowOut]
    unmatched_programs: list[UnmatchedProgramOut]
    attainment: AttainmentOut | None
    notes: list[str]


class ChallengeFigureOut(Schema):
    """One figure about one challenge, or what the loaded data cannot show about it."""

    challenge: str = Field(json_schema_extra=_choices(Challenge.values))
    figure: str
    value: float | None
    compared_with: float | None
    unit: str
    reading: str = Field(description="supports, weakens, neutral or cannot_show")
    statement: str
    source: str


class PartnershipOccupationsOut(OccupationAnalysisOut):
    gap: GapOut | None = Field(description="null without programs and pooled demand")
    evidence: list[ChallengeFigureOut]
    notes: list[str] = Field(description="what was left out of the gap, and why")


class OccupationSnapshotIn(OptionsQuery):
    note: str = Field("", max_length=5000)


class OccupationSnapshotOut(Schema):
    id: int
    partnership_id: int
    region_name: str
    area_codes: str
    industry_code: str
    industry_title: str
    inputs: dict[str, Any]
    meta: OccupationMetaOut
    rows: list[OccupationRowOut] = Field(description="the critical occupations then")
    gap: GapOut | None
    evidence: list[ChallengeFigureOut]
    fingerprint: str
    note: str
    created_at: dt.datetime


class EvidenceLinkIn(Schema):
    occupation_snapshot_id: int
    issue_id: int | None = None
    challenge: str = Field(
        "", max_length=30, description="a challenge heard, when no issue_id is given"
    )
    note: str = Field("", max_length=5000)


class EvidenceLinkOut(Schema):
    id: int
    occupation_snapshot_id: int = Field(alias="snapshot_id")
    issue_id: int | None
    challenge: str
    note: str
    figures: list[ChallengeFigureOut] = Field(description="the saved figures about this challenge")
    version: int


class ProgramIn(Schema):
    organisation_id: int | None = Field(
        None, description="Staff: the provider. A training partner leaves it empty: her own."
    )
    name: str = Field(min_length=1, max_length=200)
    cip_code: str = Field(min_length=6, max_length=7, examples=["48.0501"])
    award_level: str = Field(json_schema_extra=_choices([k for k, _ in AWARD_CHOICES]))
    completers: int | None = Field(None, ge=0, description="annual completers")
    capacity: int | None = Field(None, ge=0, description="annual seats, for a new program")
    next_cohort_start: dt.date | None = None


class ProgramPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    name: str | None = Field(None, min_length=1, max_length=200)
    cip_code: str | None = Field(None, min_length=6, max_length=7)
    award_level: str | None = Field(None, json_schema_extra=_choices([k for k, _ in AWARD_CHOICES]))
    completers: int | None = Field(None, ge=0)
    capacity: int | None = Field(None, ge=0)
    next_cohort_start: dt.date | None = None


class ProgramOut(Schema):
    id: int
    organisation_id: int
    provider: str
    name: str
    cip_code: str
    award_level: str
    completers: int | None
    capacity: int | None
    next_cohort_start: dt.date | None
    version: int

    @staticmethod
    def resolve_provider(obj: Any) -> str:
        return str(obj.organisation.name)


class ImportProblemOut(Schema):
    row: int
    field: str
    value: str
    message: str


class OccupationHitOut(Schema):
    soc_code: str
    soc_title: str
