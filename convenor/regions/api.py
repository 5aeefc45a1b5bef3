"""API for regions, analyses, QCEW uploads and "why this industry" snapshots."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from convenor.analysis.errors import AnalysisError
from convenor.analysis.score import ScoreWeights
from convenor.partnerships.models import Partnership
from convenor.regions import selectors, services
from convenor.regions.models import AnalysisSnapshot, QcewUpload, SavedRegion
from convenor.workspaces.access import object_for, workspace_for
from convenor.workspaces.models import Access

router = Router(tags=["regions"])


class RegionIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    area_codes: str = Field(min_length=5, max_length=2000, description="e.g. 39049,39041")
    description: str = Field("", max_length=5000)


class RegionPatch(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=150)
    area_codes: str | None = Field(None, min_length=5, max_length=2000)
    description: str | None = Field(None, max_length=5000)


class RegionOut(Schema):
    id: int
    name: str
    area_codes: str
    description: str
    version: int


class AnalysisQuery(Schema):
    year: int = Field(ge=1975, le=2100, examples=[2020])
    period: Literal["a", "1", "2", "3", "4", "t1", "t2", "t3"] = Field(
        "a",
        description="a: annual average; 1-4: a quarter; t1-t3: the four quarters ending with "
        "Q1-Q3 of the year, built from quarterly files",
    )
    ownership: Literal["private", "total", "federal", "state", "local"] = "private"
    level: Literal["total", "domain", "supersector", "sector", "3", "4", "5", "6"] = "sector"
    base_year: int | None = Field(None, ge=1975, le=2100)
    estimate_suppressed: bool = False
    weights: str = Field("", max_length=200, description="e.g. size=2,growth=0.5")


class AdhocQuery(AnalysisQuery):
    areas: str = Field(
        min_length=1, max_length=2000, examples=["39073"], description="e.g. 39049,39041"
    )


class AnalysisOut(Schema):
    meta: dict[str, Any]
    rows: list[dict[str, Any]]


class SnapshotIn(AnalysisQuery):
    region_id: int | None = None
    areas: str = Field("", max_length=2000, description="area codes when no region_id is given")
    industry_code: str = Field(min_length=2, max_length=10)
    note: str = Field("", max_length=5000)


class SnapshotOut(Schema):
    id: int
    partnership_id: int
    region_name: str
    area_codes: str
    inputs: dict[str, Any]
    industry_code: str
    industry_title: str
    row: dict[str, Any]
    note: str
    created_at: dt.datetime


class UploadOut(Schema):
    id: int
    original_name: str
    status: str
    progress: int
    message: str
    results: list[dict[str, Any]]


def _run(workspace, codes, query: AnalysisQuery, region_name=None):
    try:
        weights = ScoreWeights.parse(query.weights) if query.weights else ScoreWeights()
        return selectors.run_analysis(
            workspace,
            codes,
            year=query.year,
            period=query.period,
            ownership=query.ownership,
            level=query.level,
            base_year=query.base_year,
            estimate_suppressed=query.estimate_suppressed,
            weights=weights,
            region_name=region_name,
        )
    except AnalysisError as exc:
        raise ValidationError(str(exc)) from None


@router.get("/workspaces/{slug}/regions", response=list[RegionOut], summary="Saved regions")
def region_list(request, slug: str):
    return selectors.regions_of(workspace_for(request.user, slug).workspace)


@router.post("/workspaces/{slug}/regions", response={201: RegionOut}, summary="Save a region")
def region_create(request, slug: str, payload: RegionIn):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    region = services.region_create(
        actor=request.user, workspace=membership.workspace, **payload.dict()
    )
    return Status(201, region)


@router.get("/regions/{region_id}", response=RegionOut, summary="A saved region")
def region_detail(request, region_id: int):
    return object_for(request.user, SavedRegion, pk=region_id)


@router.patch("/regions/{region_id}", response=RegionOut, summary="Change a saved region")
def region_update(request, region_id: int, payload: RegionPatch):
    region = object_for(request.user, SavedRegion, need=Access.EDIT, pk=region_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.region_update(
        actor=request.user, region=region, changes=changes, expected_version=version
    )


@router.delete("/regions/{region_id}", response={204: None}, summary="Delete a saved region")
def region_delete(request, region_id: int, version: int | None = None):
    """Deleted at ``version`` when given: 409 if someone changed it since."""
    region = object_for(request.user, SavedRegion, need=Access.EDIT, pk=region_id)
    services.region_delete(actor=request.user, region=region, expected_version=version)
    return Status(204, None)


@router.get(
    "/regions/{region_id}/analysis",
    response=AnalysisOut,
    summary="The region's industry table (same fields as `convenor analyze --format json`)",
)
def region_analysis(request, region_id: int, query: Query[AnalysisQuery]):
    region = object_for(request.user, SavedRegion.objects.select_related("workspace"), pk=region_id)
    analysis = _run(region.workspace, region.codes, query, region.name)
    return {"meta": analysis.meta(), "rows": analysis.records()}


@router.get(
    "/workspaces/{slug}/analysis",
    response=AnalysisOut,
    summary="The industry table of any areas (?areas=39049,39041)",
)
def adhoc_analysis(request, slug: str, query: Query[AdhocQuery]):
    membership = workspace_for(request.user, slug)
    analysis = _run(membership.workspace, query.areas, query)
    return {"meta": analysis.meta(), "rows": analysis.records()}


@router.get(
    "/partnerships/{partnership_id}/snapshots",
    response=list[SnapshotOut],
    summary="The partnership's saved analyses ('why this industry'), newest first",
)
def snapshot_list(request, partnership_id: int):
    partnership = object_for(request.user, Partnership, pk=partnership_id)
    return AnalysisSnapshot.objects.filter(partnership=partnership)


@router.post(
    "/partnerships/{partnership_id}/snapshots",
    response={201: SnapshotOut},
    summary="Save an analysis and make one of its industries the partnership's target",
)
def snapshot_create(request, partnership_id: int, payload: SnapshotIn):
    partnership = object_for(request.user, Partnership, need=Access.EDIT, pk=partnership_id)
    region = None
    if payload.region_id is not None:
        region = object_for(request.user, SavedRegion, pk=payload.region_id)
        codes, name = region.codes, region.name
    elif payload.areas:
        codes, name = payload.areas, None
    else:
        raise ValidationError({"areas": "Give region_id or areas."})
    analysis = _run(partnership.membership.workspace, codes, payload, name)
    snapshot = services.snapshot_create(
        actor=request.user,
        partnership=partnership,
        analysis=analysis,
        industry_code=payload.industry_code,
        region=region,
        note=payload.note,
    )
    return Status(201, snapshot)


@router.post(
    "/workspaces/{slug}/qcew/uploads",
    response={202: UploadOut},
    summary="Upload a QCEW CSV or .zip; it is ingested in the background",
)
def upload_create(request, slug: str, file: File[UploadedFile] = None):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    if file is None:
        raise ValidationError({"file": "Attach a QCEW .csv or .zip file as `file`."})
    upload = services.upload_create(
        actor=request.user, workspace=membership.workspace, uploaded=file
    )
    upload.refresh_from_db()
    return Status(202, upload)


@router.get("/qcew/uploads/{upload_id}", response=UploadOut, summary="Status of an upload")
def upload_status(request, upload_id: int):
    return object_for(request.user, QcewUpload, pk=upload_id)
