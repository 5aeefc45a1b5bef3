"""API for regions, analyses, QCEW uploads and "why this industry" snapshots."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile

from convenor.analysis.errors import AnalysisError, InputError
from convenor.analysis.reference import ANALYSIS_PERIODS, LEVELS, OWNERSHIPS
from convenor.analysis.request import (
    PERIOD_HELP,
    SORT_FIELDS,
    AnalysisRequest,
    TrendRequest,
)
from convenor.analysis.result import RegionAnalysis
from convenor.analysis.trend import employment_trend
from convenor.jobs import runs
from convenor.partnerships.models import Partnership
from convenor.regions import selectors, services
from convenor.regions.models import AnalysisSnapshot, QcewUpload, SavedRegion
from convenor.workspaces.access import object_for, workspace_for
from convenor.workspaces.models import Access, Workspace

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


def _choices(values: Any) -> dict[str, Any]:
    # Documented in the schema; checked by AnalysisRequest, so the message is the
    # one the command line and the page give.
    return {"enum": list(values)}


class AnalysisQuery(Schema):
    """The options of an analysis; they become an ``AnalysisRequest``, which checks them."""

    year: int | str = Field(examples=[2020], description="the year to analyse (1975-2100)")
    period: str = Field(
        "a", max_length=4, description=PERIOD_HELP, json_schema_extra=_choices(ANALYSIS_PERIODS)
    )
    ownership: str = Field("private", max_length=20, json_schema_extra=_choices(OWNERSHIPS))
    level: str = Field("sector", max_length=20, json_schema_extra=_choices(LEVELS))
    base_year: int | str | None = Field(
        None, description="where change, CAGR and shift-share start (default: see README)"
    )
    estimate_suppressed: bool = False
    weights: str = Field("", max_length=200, description="e.g. size=2,growth=0.5")
    sort: str | None = Field(
        None,
        max_length=40,
        description="order of the rows (default: by industry code)",
        json_schema_extra=_choices(SORT_FIELDS),
    )
    descending: bool | None = Field(
        None, description="default: figures highest first, codes and titles A-Z"
    )
    top: int | str | None = Field(None, description="only the first N rows")

    def to_request(self, areas: str | list[str], name: str | None = None) -> AnalysisRequest:
        """The engine's request; :class:`ValidationError` (422) naming a bad field."""
        try:
            return AnalysisRequest.parse(
                areas,
                self.year,
                period=self.period,
                ownership=self.ownership,
                level=self.level,
                base_year=self.base_year,
                estimate_suppressed=self.estimate_suppressed,
                weights=self.weights,
                name=name,
                sort=self.sort,
                descending=self.descending,
                top=self.top,
            )
        except InputError as exc:
            raise ValidationError({exc.field or "query": str(exc)}) from None


class AdhocQuery(AnalysisQuery):
    areas: str = Field(
        min_length=1, max_length=2000, examples=["39073"], description="e.g. 39049,39041"
    )


class RegionOutRef(Schema):
    codes: list[str]
    name: str


class TotalsOut(Schema):
    """The region's totals for the ownership analysed (all industries)."""

    establishments: int | None = None
    employment: int | None = None
    total_wages: int | None = None
    all_ownerships_employment: int | None = Field(
        None, description="the LQ denominator: every ownership, every industry"
    )
    avg_annual_pay: int | None = Field(None, description="annual periods")
    avg_weekly_wage: int | None = Field(None, description="a single quarter")


class StateOut(Schema):
    """The state the LQ against the state (``lq_state``) is measured against."""

    code: str = Field(description="the state's area code, e.g. 39000")
    name: str
    loaded: bool = Field(description="its QCEW rows are loaded; if not, lq_state is null")
    share: float | None = Field(
        None, description="a region across a state line: this state's share of its jobs"
    )
    other_states: list[str] = Field(description="the region's other states (a state line)")


class AnalysisMetaOut(Schema):
    region: RegionOutRef
    year: int
    period: str
    period_label: str = Field(description="the period in words, e.g. 'Q4'")
    ownership: str
    level: str
    base_year: int | None
    base_source: str | None = Field(
        description="stored (a loaded base-year file) or oty (the files' over-the-year columns)"
    )
    national_data: bool = Field(description="national (US000) data loaded: LQs computed")
    state: StateOut | None = Field(
        description="the state of lq_state (the one holding most of the region's jobs); "
        "null for the nation or a region that holds its state"
    )
    estimate_suppressed: bool
    weights: dict[str, float]
    totals: TotalsOut
    notes: list[str]
    sources: list[str] = Field(description="the data files the figures come from")
    fingerprint: str = Field(description="same fingerprint, same figures")


class AnalysisRowOut(Schema):
    """One industry. Quarterly analyses carry the three months' employment and no annual
    pay; annual ones the reverse. Null: not disclosed by BLS (see ``suppressed``)."""

    industry_code: str
    industry_title: str | None = None
    ownership: str | None = None
    establishments: int | None = None
    employment: int | None = Field(None, description="average employment of the period")
    month1_employment: int | None = Field(None, description="quarterly analyses only")
    month2_employment: int | None = Field(None, description="quarterly analyses only")
    month3_employment: int | None = Field(None, description="quarterly analyses only")
    total_wages: int | None = None
    avg_weekly_wage: int | None = None
    avg_annual_pay: int | None = Field(None, description="annual analyses only")
    lq: float | None = Field(None, description="employment location quotient")
    lq_source: str | None = Field(
        None, description="computed (national data), published (BLS's own) or estimated"
    )
    lq_state: float | None = Field(
        None,
        description="employment location quotient against the region's state (meta.state), "
        "from the state's own rows; null when they are not loaded or not disclosed",
    )
    employment_change: int | None = Field(None, description="since the base year")
    employment_cagr: float | None = Field(None, description="compound annual growth rate")
    shift_national: float | None = None
    shift_industry_mix: float | None = None
    shift_competitive: float | None = None
    suppressed: bool = Field(False, description="BLS did not disclose the figures")
    lower_bound: bool = Field(False, description="a sum with suppressed parts: at least this")
    estimated: bool = Field(False, description="filled from the NAICS hierarchy; not ranked")
    score: float | None = Field(None, description="target-industry score, 0-100")
    reasons: str | None = Field(None, description="what drives the score, or why there is none")


class AnalysisOut(Schema):
    meta: AnalysisMetaOut
    rows: list[AnalysisRowOut]


class TrendQuery(Schema):
    industries: str = Field(
        min_length=2, max_length=400, examples=["31-33,62"], description="industry codes"
    )
    ownership: str = Field("private", max_length=20, json_schema_extra=_choices(OWNERSHIPS))

    def to_request(self, areas: str | list[str]) -> TrendRequest:
        """The engine's request; :class:`ValidationError` (422) naming a bad field."""
        try:
            return TrendRequest.parse(areas, self.industries, ownership=self.ownership)
        except InputError as exc:
            raise ValidationError({exc.field or "query": str(exc)}) from None


class AdhocTrendQuery(TrendQuery):
    areas: str = Field(min_length=1, max_length=2000, examples=["39049"])


class TrendPointOut(Schema):
    industry_code: str
    industry_title: str
    date: dt.date = Field(description="the month (its first day); mid-year for an annual figure")
    employment: int


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
    row: AnalysisRowOut
    note: str
    summary: str = Field(description="one paragraph: the industry, its size and why")
    created_at: dt.datetime

    @staticmethod
    def resolve_summary(obj: AnalysisSnapshot) -> str:
        return obj.summary()


class UploadOut(Schema):
    id: int
    original_name: str
    status: str
    progress: int
    message: str
    results: list[dict[str, Any]]
    can_run_again: bool = Field(
        description="The ingest stopped with its worker: POST .../run-again queues it again."
    )
    can_discard: bool = Field(description="Failed or queued: POST .../discard removes it.")


def _run(workspace: Workspace, request: AnalysisRequest) -> RegionAnalysis:
    try:
        return selectors.run_analysis(workspace, request)
    except AnalysisError as exc:
        raise ValidationError(str(exc)) from None


def _analysis_body(analysis: RegionAnalysis) -> dict[str, Any]:
    return {"meta": analysis.meta(), "rows": analysis.records()}


def _trend(workspace: Workspace, request: TrendRequest) -> list[dict[str, Any]]:
    with selectors.workspace_store(workspace) as store:
        try:
            return employment_trend(store, request)
        except AnalysisError as exc:
            raise ValidationError(str(exc)) from None


@router.get("/workspaces/{slug}/regions", response=list[RegionOut], summary="Saved regions")
def region_list(request: HttpRequest, slug: str) -> QuerySet[SavedRegion]:
    return selectors.regions_of(workspace_for(request.user, slug).workspace)


@router.post("/workspaces/{slug}/regions", response={201: RegionOut}, summary="Save a region")
def region_create(request: HttpRequest, slug: str, payload: RegionIn) -> Status[Any]:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    region = services.region_create(
        actor=request.user, workspace=membership.workspace, **payload.dict()
    )
    return Status(201, region)


@router.get("/regions/{region_id}", response=RegionOut, summary="A saved region")
def region_detail(request: HttpRequest, region_id: int) -> SavedRegion:
    return object_for(request.user, SavedRegion, pk=region_id)


@router.patch("/regions/{region_id}", response=RegionOut, summary="Change a saved region")
def region_update(request: HttpRequest, region_id: int, payload: RegionPatch) -> SavedRegion:
    region = object_for(request.user, SavedRegion, need=Access.EDIT, pk=region_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.region_update(
        actor=request.user, region=region, changes=changes, expected_version=version
    )


@router.delete("/regions/{region_id}", response={204: None}, summary="Delete a saved region")
def region_delete(request: HttpRequest, region_id: int, version: int | None = None) -> Status[Any]:
    """Deleted at ``version`` when given: 409 if someone changed it since."""
    region = object_for(request.user, SavedRegion, need=Access.EDIT, pk=region_id)
    services.region_delete(actor=request.user, region=region, expected_version=version)
    return Status(204, None)


# exclude_unset: a row carries exactly the fields of its period (as the CLI's JSON does).
@router.get(
    "/regions/{region_id}/analysis",
    response=AnalysisOut,
    exclude_unset=True,
    summary="The region's industry table (same fields as `convenor analyze --format json`)",
)
def region_analysis(
    request: HttpRequest, region_id: int, query: Query[AnalysisQuery]
) -> dict[str, Any]:
    region = object_for(request.user, SavedRegion.objects.select_related("workspace"), pk=region_id)
    analysis = _run(region.workspace, query.to_request(region.codes, region.name))
    return _analysis_body(analysis)


@router.get(
    "/workspaces/{slug}/analysis",
    response=AnalysisOut,
    exclude_unset=True,
    summary="The industry table of any areas (?areas=39049,39041)",
)
def adhoc_analysis(request: HttpRequest, slug: str, query: Query[AdhocQuery]) -> dict[str, Any]:
    membership = workspace_for(request.user, slug)
    return _analysis_body(_run(membership.workspace, query.to_request(query.areas)))


@router.get(
    "/regions/{region_id}/trend",
    response=list[TrendPointOut],
    summary="Monthly employment of some of the region's industries (`convenor qcew trend`)",
)
def region_trend(
    request: HttpRequest, region_id: int, query: Query[TrendQuery]
) -> list[dict[str, Any]]:
    """Months in which any area of the region is suppressed have no point, never a zero."""
    region = object_for(request.user, SavedRegion.objects.select_related("workspace"), pk=region_id)
    return _trend(region.workspace, query.to_request(region.codes))


@router.get(
    "/workspaces/{slug}/trend",
    response=list[TrendPointOut],
    summary="Monthly employment of some industries of any areas (?areas=39049&industries=62)",
)
def adhoc_trend(
    request: HttpRequest, slug: str, query: Query[AdhocTrendQuery]
) -> list[dict[str, Any]]:
    membership = workspace_for(request.user, slug)
    return _trend(membership.workspace, query.to_request(query.areas))


@router.get(
    "/partnerships/{partnership_id}/snapshots",
    response=list[SnapshotOut],
    summary="The partnership's saved analyses ('why this industry'), newest first",
)
def snapshot_list(request: HttpRequest, partnership_id: int) -> QuerySet[AnalysisSnapshot]:
    partnership = object_for(request.user, Partnership, pk=partnership_id)
    return AnalysisSnapshot.objects.filter(partnership=partnership)


@router.post(
    "/partnerships/{partnership_id}/snapshots",
    response={201: SnapshotOut},
    summary="Save an analysis and make one of its industries the partnership's target",
)
def snapshot_create(request: HttpRequest, partnership_id: int, payload: SnapshotIn) -> Status[Any]:
    partnership = object_for(request.user, Partnership, need=Access.EDIT, pk=partnership_id)
    region = None
    codes: str | list[str]
    if payload.region_id is not None:
        region = object_for(request.user, SavedRegion, pk=payload.region_id)
        codes, name = region.codes, region.name
    elif payload.areas:
        codes, name = payload.areas, None
    else:
        raise ValidationError({"areas": "Give region_id or areas."})
    analysis = _run(partnership.workspace, payload.to_request(codes, name))
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
def upload_create(
    request: HttpRequest,
    slug: str,
    # ninja reads a File[...] annotation only bare: its None default means "optional".
    file: File[UploadedFile] = None,  # type: ignore[assignment]
) -> Status[Any]:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    if file is None:
        raise ValidationError({"file": "Attach a QCEW .csv or .zip file as `file`."})
    upload = services.upload_create(
        actor=request.user, workspace=membership.workspace, uploaded=file
    )
    upload.refresh_from_db()
    return Status(202, upload)


@router.get("/qcew/uploads/{upload_id}", response=UploadOut, summary="Status of an upload")
def upload_status(request: HttpRequest, upload_id: int) -> QcewUpload:
    runs.check(QcewUpload)  # an ingest whose worker died answers failed
    return object_for(request.user, QcewUpload, pk=upload_id)


@router.post(
    "/qcew/uploads/{upload_id}/run-again",
    response={202: UploadOut},
    summary="Queue again an ingest that stopped with its worker",
)
def upload_run_again(request: HttpRequest, upload_id: int) -> Status[Any]:
    upload = object_for(request.user, QcewUpload, need=Access.EDIT, pk=upload_id)
    return Status(202, services.upload_run_again(actor=request.user, upload=upload))


@router.post(
    "/qcew/uploads/{upload_id}/discard",
    response={204: None},
    summary="Discard a failed or queued upload, its file and work files",
)
def upload_discard(request: HttpRequest, upload_id: int) -> Status[Any]:
    upload = object_for(request.user, QcewUpload, need=Access.EDIT, pk=upload_id)
    services.upload_discard(actor=request.user, upload=upload)
    return Status(204, None)
