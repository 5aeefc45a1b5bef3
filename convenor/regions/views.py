"""Pages of regions: saved regions, the analysis page with its charts and downloads,
QCEW uploads and the "why this industry" record.

A page that analyses opens the workspace's QCEW store once
(:func:`convenor.regions.selectors.workspace_store`) and passes it to everything
it draws: the periods loaded, the analysis, the trend chart.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from convenor.analysis.charts import concentration_chart, region_trend_chart
from convenor.analysis.errors import AnalysisError, InputError
from convenor.analysis.reference import area, find_areas, industry_level, parse_areas
from convenor.analysis.report import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    snapshot_docx,
    snapshot_pdf,
    snapshot_report,
)
from convenor.analysis.result import XLSX_CONTENT_TYPE, RegionAnalysis
from convenor.analysis.store import Store
from convenor.jobs import runs
from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.lib.htmx import is_htmx
from convenor.partnerships.models import Partnership
from convenor.regions import selectors, services
from convenor.regions.forms import AnalysisForm, RegionForm, SnapshotForm, UploadForm
from convenor.regions.models import AnalysisSnapshot, QcewUpload, SavedRegion
from convenor.workspaces.access import membership_of, object_for, route, workspace_for
from convenor.workspaces.models import Access, Membership

# At most this many industries on the trend chart when picked in the table.
MAX_TREND = 8


def _membership(obj: SavedRegion | Partnership) -> Membership:
    """The requester's membership, which ``object_for`` attaches to what it returns."""
    membership: Membership = obj.membership  # type: ignore[union-attr, unused-ignore]
    return membership


def _regions_page(
    request: HttpRequest,
    membership: Membership,
    form: RegionForm | None = None,
    upload_form: UploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = membership.workspace
    runs.check(QcewUpload)  # an ingest whose worker died shows as failed
    with selectors.workspace_store(workspace) as store:
        contents = selectors.store_contents(store)
        store_label = selectors.store_label(workspace, store)
        regions = selectors.regions_of(workspace)
        in_regions = {code for r in regions for code in r.area_codes.split(",")}
        grid = selectors.loaded_grid(store, in_regions)
    return render(
        request,
        "regions/list.html",
        {
            "membership": membership,
            "workspace": workspace,
            "regions": regions,
            "grid": grid,
            "form": form or RegionForm(workspace=workspace),
            "upload_form": upload_form or UploadForm(),
            "uploads": selectors.uploads_of(workspace),
            "contents": contents,
            "store_label": store_label,
        },
        status=status,
    )


@route(get=Access.VIEW)
def region_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _regions_page(request, workspace_for(request.user, slug))


@route(post=Access.EDIT)
def region_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    form = RegionForm(request.POST, workspace=membership.workspace)
    if form.is_valid():
        region = save_form(
            form,
            lambda: services.region_create(
                actor=request.user,
                workspace=membership.workspace,
                name=form.cleaned_data["name"],
                area_codes=form.cleaned_data["area_codes"],
                description=form.cleaned_data["description"],
            ),
        )
        if region:
            messages.success(request, f"Region “{region}” saved.")
            return redirect(region)
    return _regions_page(request, membership, form=form, status=422)


@route(get=Access.EDIT, post=Access.EDIT)
def region_edit(request: HttpRequest, region_id: int) -> HttpResponse:
    region = object_for(request.user, SavedRegion, need=Access.EDIT, pk=region_id)
    if request.method == "POST" and "delete" in request.POST:
        if not delete_checked(
            request,
            lambda version: services.region_delete(
                actor=request.user, region=region, expected_version=version
            ),
            done=f"Region “{region}” deleted.",
        ):
            return redirect("regions:edit", region_id=region.pk)
        return redirect("regions:list", slug=_membership(region).workspace.slug)
    form = RegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.region_update(
                actor=request.user,
                region=region,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect(saved)
    return render(
        request,
        "regions/edit.html",
        {"form": form, "region": region, "membership": _membership(region)},
        status=form_status(form),
    )


@route(get=Access.VIEW)
def area_search(request: HttpRequest, slug: str) -> HttpResponse:
    """The county picker (htmx): areas by name or code, each with whether QCEW data is
    loaded for it; ``?add=<code>`` answers the area-code field with that code added."""
    membership = workspace_for(request.user, slug)
    if "add" in request.GET:
        return _area_codes_field(request)
    query = request.GET.get("q", "")[:100]
    found = find_areas(query, limit=15)
    with selectors.workspace_store(membership.workspace) as store:
        loaded = selectors.loaded_periods_by_area(store)
    hits = [(a, selectors.loaded_label(loaded.get(a.code, []))) for a in found.areas]
    return render(
        request,
        "regions/_areas.html",
        {
            "hits": hits,
            "q": query,
            "message": found.message,
            "can_add": membership.can_edit,
            "workspace_slug": slug,
        },
    )


def _area_codes_field(request: HttpRequest) -> HttpResponse:
    """The region form's area-code input with ``add`` appended (once) to what it held."""
    codes = [c.strip() for c in request.GET.get("area_codes", "")[:2000].split(",") if c.strip()]
    added = area(request.GET.get("add", "")[:10])
    if added and added.code not in codes:
        codes.append(added.code)
    field = RegionForm(initial={"area_codes": ",".join(codes)})["area_codes"]
    return render(request, "regions/_area_codes.html", {"field": field})


def _analysis(
    request: HttpRequest,
    store: Store,
    membership: Membership,
    codes: list[str],
    region: SavedRegion | None,
    default_sort: str | None = None,
) -> tuple[dict[str, Any], str | None]:
    """Run the analysis for the page and its downloads on ``store``; returns (context, error)."""
    workspace = membership.workspace
    periods = selectors.available_periods(store, codes)
    form = AnalysisForm(
        request.GET,
        codes=codes,
        periods=periods,
        name=region.name if region else None,
        default_sort=default_sort,
    )
    context: dict[str, Any] = {
        "membership": membership,
        "workspace": workspace,
        "region": region,
        "codes": ",".join(codes),
        "form": form,
        "periods": periods,
        "store_label": selectors.store_label(workspace, store),
    }
    if not periods:
        if selectors.available_periods(store):
            return context, (
                "No period is loaded for every area of this region: upload the missing "
                "counties' files on the Regions page."
            )
        return context, "No QCEW data is loaded yet: upload BLS files on the Regions page."
    if not form.is_valid() or form.request is None:
        return context, "Check the analysis options: " + "; ".join(
            str(message) for errors in form.errors.values() for message in errors
        )
    try:
        context["analysis"] = selectors.analysis_of(store, form.request)
    except AnalysisError as exc:
        return context, str(exc)
    return context, None


def _render_analysis(
    request: HttpRequest,
    membership: Membership,
    codes: list[str],
    region: SavedRegion | None = None,
    snapshot_form: SnapshotForm | None = None,
    status: int = 200,
) -> HttpResponse:
    with selectors.workspace_store(membership.workspace) as store:
        context, error = _analysis(request, store, membership, codes, region, "score")
        if error:
            context["error"] = error
            return render(
                request,
                "regions/analysis.html",
                context,
                status=200 if context.get("periods") == [] else 422,
            )
        analysis: RegionAnalysis = context["analysis"]
        context.update(_trend(request, store, analysis))
    records = analysis.records()  # in the order the table asked for
    bubble = concentration_chart(analysis)
    query = request.GET.copy()
    for name in ("sort", "dir", "partial"):
        query.pop(name, None)
    trend_query = query.copy()
    trend_query.pop("trend", None)
    partnerships = Partnership.objects.filter(workspace=membership.workspace)
    naics_rows = [
        r for r in analysis.ranked() if industry_level(r["industry_code"]) in services.NAICS_LEVELS
    ]
    context.update(
        {
            "rows": records,
            "fields": analysis.fields,
            "sort": analysis.request.sort,
            "descending": analysis.request.sort_descending,
            "query_string": query.urlencode(),
            "trend_query": trend_query.urlencode(),
            "bubble_spec": bubble.spec,
            "bubble": bubble,
            "can_start": membership.can_edit and region is not None,
            "naics_codes": {r["industry_code"] for r in naics_rows},
            "snapshot_form": snapshot_form
            or (
                SnapshotForm(partnerships=partnerships, industries=_industry_choices(naics_rows))
                if membership.can_edit and naics_rows and region is not None
                else None
            ),
        }
    )
    template = (
        "regions/_table.html"
        if is_htmx(request) and request.GET.get("partial") == "table"
        else "regions/analysis.html"
    )
    return render(request, template, context, status=status)


def _trend(request: HttpRequest, store: Store, analysis: RegionAnalysis) -> dict[str, Any]:
    """The trend chart: industries picked in the table (?trend=62,31-33), else the best five."""
    codes = request.GET.get("trend", "").split(",")
    picked = [c for c in codes if analysis.record(c) is not None][:MAX_TREND]
    chart = region_trend_chart(store, analysis, picked)
    return {
        "trend_spec": chart.spec if chart else None,
        "trend": chart,
        "trend_picked": bool(picked),
    }


def _industry_choices(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Industries a partnership can target: the rows' codes with their titles."""
    return [(r["industry_code"], f"{r['industry_title']} ({r['industry_code']})") for r in rows]


@route(get=Access.VIEW)
def region_analysis(request: HttpRequest, region_id: int) -> HttpResponse:
    region = object_for(request.user, SavedRegion.objects.select_related("workspace"), pk=region_id)
    return _render_analysis(request, _membership(region), region.codes, region)


@route(get=Access.VIEW)
def adhoc_analysis(request: HttpRequest, slug: str) -> HttpResponse:
    """An analysis of area codes typed in the URL (?areas=39049,39041)."""
    membership = workspace_for(request.user, slug)
    context = {"membership": membership, "workspace": membership.workspace, "ask_areas": True}
    if not request.GET.get("areas"):
        return render(request, "regions/analysis.html", context)
    try:
        codes = parse_areas(request.GET["areas"][:2000])
    except InputError as exc:
        return render(request, "regions/analysis.html", {**context, "error": str(exc)}, status=422)
    return _render_analysis(request, membership, codes)


@route(get=Access.VIEW)
def region_download(request: HttpRequest, region_id: int, fmt: str) -> HttpResponse:
    """The analysis as CSV or XLSX, or the printable snapshot as PDF or DOCX (the engine's
    exports, as the command line writes them)."""
    region = object_for(request.user, SavedRegion.objects.select_related("workspace"), pk=region_id)
    with selectors.workspace_store(region.workspace) as store:
        context, error = _analysis(request, store, _membership(region), region.codes, region)
        if error:
            return HttpResponse(error, status=422, content_type="text/plain; charset=utf-8")
        analysis: RegionAnalysis = context["analysis"]
        if fmt in ("pdf", "docx"):
            # The same trend as the page's default (the five best-scored industries).
            report = snapshot_report(analysis, region_trend_chart(store, analysis))
    stem = slugify(f"{region.name}-{analysis.year}-{analysis.period}") or "analysis"
    if fmt == "csv":
        response = HttpResponse(analysis.to_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(analysis.to_xlsx(), content_type=XLSX_CONTENT_TYPE)
    elif fmt == "pdf":
        response = HttpResponse(snapshot_pdf(report), content_type=PDF_CONTENT_TYPE)
    else:
        response = HttpResponse(snapshot_docx(report), content_type=DOCX_CONTENT_TYPE)
    if fmt in ("pdf", "docx"):
        stem = f"{stem}-snapshot"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _analysis_to_save(
    request: HttpRequest, region_id: int
) -> tuple[SavedRegion, RegionAnalysis | None]:
    """The region (staff may write in its workspace) and the analysis its POST names;
    ``None`` when the options are bad (the message is queued for the region's page)."""
    region = object_for(
        request.user,
        SavedRegion.objects.select_related("workspace"),
        need=Access.EDIT,
        pk=region_id,
    )
    with selectors.workspace_store(region.workspace) as store:
        context, error = _analysis(request, store, _membership(region), region.codes, region)
    if error:
        messages.error(request, error)
        return region, None
    return region, context["analysis"]


@route(post=Access.EDIT)
def snapshot_create(request: HttpRequest, region_id: int) -> HttpResponse:
    """Use an industry of this analysis as a partnership's target (saves the analysis)."""
    region, analysis = _analysis_to_save(request, region_id)
    if analysis is None:
        return redirect(region)
    partnerships = Partnership.objects.filter(workspace=region.workspace)
    form = SnapshotForm(
        request.POST, partnerships=partnerships, industries=_industry_choices(analysis.records())
    )
    if form.is_valid():
        snapshot = save_form(
            form,
            lambda: services.snapshot_create(
                actor=request.user,
                partnership=form.cleaned_data["partnership"],
                analysis=analysis,
                industry_code=form.cleaned_data["industry_code"],
                region=region,
                note=form.cleaned_data["note"],
            ),
        )
        if snapshot:
            messages.success(
                request,
                f"{snapshot.industry_title} is now the target industry of {snapshot.partnership}; "
                "the analysis is saved as its “why this industry” record.",
            )
            return redirect("regions:why", partnership_id=snapshot.partnership_id)
    return _render_analysis(
        request, _membership(region), region.codes, region, snapshot_form=form, status=422
    )


@route(post=Access.EDIT)
def partnership_start(request: HttpRequest, region_id: int) -> HttpResponse:
    """Start a partnership for an industry of this analysis (saved as its "why")."""
    region, analysis = _analysis_to_save(request, region_id)
    if analysis is None:
        return redirect(region)
    try:
        snapshot = services.partnership_start(
            actor=request.user,
            region=region,
            analysis=analysis,
            industry_code=request.POST.get("industry_code", "")[:20],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(region)
    messages.success(
        request,
        f"Partnership “{snapshot.partnership}” started for {snapshot.industry_title} in "
        f"{region.name}; this analysis is saved as its “why this industry” record.",
    )
    return redirect(snapshot.partnership)


@route(get=Access.VIEW)
def why_this_industry(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = object_for(
        request.user, Partnership.objects.select_related("workspace"), pk=partnership_id
    )
    snapshots = AnalysisSnapshot.objects.filter(partnership=partnership).select_related(
        "region", "created_by"
    )
    return render(
        request,
        "regions/why.html",
        {
            "partnership": partnership,
            "membership": _membership(partnership),
            "snapshots": snapshots,
        },
    )


@route(post=Access.EDIT)
def upload_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = save_form(
            form,
            lambda: services.upload_create(
                actor=request.user,
                workspace=membership.workspace,
                uploaded=form.cleaned_data["file"],
            ),
        )
        if upload:
            messages.success(
                request, f"{upload.original_name} uploaded; ingesting in the background."
            )
            return redirect("regions:list", slug=slug)
    return _regions_page(request, membership, upload_form=form, status=422)


@route(get=Access.VIEW)
def upload_status(request: HttpRequest, upload_id: int) -> HttpResponse:
    runs.check(QcewUpload)  # an ingest whose worker died shows as failed
    upload = object_for(request.user, QcewUpload, pk=upload_id)
    return render(
        request, "regions/_upload.html", {"upload": upload, "membership": membership_of(upload)}
    )


@route(post=Access.EDIT)
def upload_run_again(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = object_for(request.user, QcewUpload, need=Access.EDIT, pk=upload_id)
    try:
        services.upload_run_again(actor=request.user, upload=upload)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{upload.original_name}: ingesting again in the background.")
    return redirect("regions:list", slug=upload.workspace.slug)


@route(post=Access.EDIT)
def upload_discard(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = object_for(request.user, QcewUpload, need=Access.EDIT, pk=upload_id)
    try:
        services.upload_discard(actor=request.user, upload=upload)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{upload.original_name} discarded.")
    return redirect("regions:list", slug=upload.workspace.slug)
