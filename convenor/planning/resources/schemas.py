"""API schemas of the resource map."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from convenor.lib.schemas import VERSION_HELP
from convenor.planning.models import FundingSource, Resource, ResourceKind, ResourceMapVersion


class ResourceIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: ResourceKind = ResourceKind.PROGRAM
    owner_organisation_id: int | None = None
    owner_name: str = Field("", max_length=200)
    description: str = Field("", max_length=20000)
    eligibility: str = Field("", max_length=20000)
    capacity: str = Field("", max_length=200)
    funding_sources: list[FundingSource] = Field(default_factory=list)
    issue_ids: list[int] = Field(default_factory=list, description="Issues it bears on.")
    url: str = Field("", max_length=500)
    last_reviewed_on: dt.date | None = None


class ResourcePatch(Schema):
    version: int = Field(description=VERSION_HELP)
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: ResourceKind | None = None
    owner_organisation_id: int | None = None
    owner_name: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20000)
    eligibility: str | None = Field(None, max_length=20000)
    capacity: str | None = Field(None, max_length=200)
    funding_sources: list[FundingSource] | None = None
    issue_ids: list[int] | None = None
    url: str | None = Field(None, max_length=500)
    last_reviewed_on: dt.date | None = None


class ResourceOut(Schema):
    id: int
    name: str
    kind: ResourceKind
    owner_organisation_id: int | None
    owner_name: str
    description: str
    eligibility: str
    capacity: str
    funding_sources: list[str]
    issue_ids: list[int]
    url: str
    last_reviewed_on: dt.date | None
    version: int

    @staticmethod
    def resolve_issue_ids(obj: Resource) -> list[int]:
        return [i.pk for i in obj.issues.all()]


class MapVersionOut(Schema):
    number: int
    created_at: dt.datetime
    changed_by: str | None
    change: str
    entries: int

    @staticmethod
    def resolve_changed_by(obj: ResourceMapVersion) -> str | None:
        return obj.changed_by.email if obj.changed_by is not None else None

    @staticmethod
    def resolve_entries(obj: ResourceMapVersion) -> int:
        return len(obj.snapshot)


class MapVersionDetailOut(MapVersionOut):
    snapshot: list[dict[str, Any]]
