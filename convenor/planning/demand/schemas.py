"""API schemas of employer demand."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from convenor.lib.schemas import VERSION_HELP


class ProjectionIn(Schema):
    organisation_id: int | None = Field(
        None, description="Staff: the employer. Partners leave it empty: their own employer."
    )
    occupation_title: str = Field(min_length=1, max_length=200)
    soc_code: str = Field("", max_length=7, description="Optional SOC code, e.g. 51-4041.")
    openings_12m: int = Field(ge=0, description="Openings in the next 12 months.")
    openings_36m: int = Field(ge=0, description="Openings in the next 36 months (including 12).")
    skills: str = Field("", max_length=20000, description="Skills or credentials required.")


class ProjectionPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    occupation_title: str | None = Field(None, min_length=1, max_length=200)
    soc_code: str | None = Field(None, max_length=7)
    openings_12m: int | None = Field(None, ge=0)
    openings_36m: int | None = Field(None, ge=0)
    skills: str | None = Field(None, max_length=20000)


class ProjectionOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    occupation_title: str
    soc_code: str
    openings_12m: int
    openings_36m: int
    skills: str
    version: int

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        name: str = obj.organisation.name
        return name


class PooledRowOut(Schema):
    occupation: str
    soc_code: str
    employers: int | None = Field(description="Null when fewer than three employers contribute.")
    openings_12m: int | None = Field(
        description="Null when hidden by the disclosure rule; hidden_reason says why."
    )
    openings_36m: int | None
    suppressed: bool = Field(description="True when the openings are hidden.")
    hidden_reason: str | None = Field(
        description='Why the openings are hidden (e.g. "hidden: one employer would learn the '
        "others' figures\"); null when shown."
    )
    skills: list[str]
    estimated_employment: int | None = Field(
        None,
        description="The region's estimated employment in the occupation (QCEW employment in "
        "the target industry x its OEWS national share; the occupations engine's field). Null "
        "without a SOC code, outside the staffing pattern, or unknown (suppressed).",
    )
    annual_openings: float | None = Field(
        None, description="EP national openings per job x estimated_employment (engine's field)"
    )
    lower_bound: bool = Field(
        False, description="the QCEW figure is a lower bound (some areas suppressed): so are both"
    )
    in_staffing_pattern: bool | None = Field(
        None, description="the occupation is in the industry's staffing pattern; null: not compared"
    )


class PooledOut(Schema):
    rows: list[PooledRowOut]
    total_12m: int = Field(description="Total of the occupations shown (not hidden).")
    total_36m: int
    suppressed_occupations: int
    min_employers: int
    max_share_percent: int
    disclosure_rule: str
    comparison_source: str = Field(
        "", description="where the regional figures beside the pools come from"
    )
    comparison_note: str = Field("", description="why no regional figures are given, if none")
