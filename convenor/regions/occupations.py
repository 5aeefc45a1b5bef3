"""The region page's occupations view: the jobs of one industry in a saved region.

The same analysis as ``convenor occupations --area ... --industry ... --year ...`` and
``GET /api/regions/{region_id}/occupations`` (``convenor.occupations``); this module only
draws it for a saved region, with the periods its QCEW store holds.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from convenor.occupations import labour, pages
from convenor.occupations.forms import OccupationOptionsForm
from convenor.partnerships.models import Partnership
from convenor.regions import selectors
from convenor.regions.models import AnalysisSnapshot, SavedRegion
from convenor.workspaces.access import object_for, route
from convenor.workspaces.models import Access


def default_industry(region: SavedRegion) -> str:
    """The industry a partnership targets with this region (its newest "why this industry"
    record made from it), else the workspace's one target industry if it has just one."""
    used = (
        AnalysisSnapshot.objects.filter(region=region, partnership__workspace=region.workspace)
        .select_related("partnership")
        .first()
    )
    if used is not None:
        return str(used.partnership.industry_naics or used.industry_code)
    targets = set(
        Partnership.objects.filter(workspace=region.workspace)
        .exclude(industry_naics="")
        .values_list("industry_naics", flat=True)
    )
    return targets.pop() if len(targets) == 1 else ""


def _form(request: HttpRequest, region: SavedRegion) -> tuple[OccupationOptionsForm, list[int]]:
    with selectors.workspace_store(region.workspace) as store:
        periods = selectors.available_periods(store, region.codes)
    years = sorted({y for y, _ in periods}, reverse=True)
    defaults = {
        "year": str(years[0]) if years else "",
        "period": "a",
        "ownership": "private",
        "industry": default_industry(region),
    }
    if years and not any(p == "a" for y, p in periods if y == years[0]):
        defaults["period"] = max(p for y, p in periods if y == years[0])
    form = OccupationOptionsForm(
        request.GET, codes=region.codes, defaults=defaults, name=region.name
    )
    return form, years


@route(get=Access.VIEW)
def region_occupations(request: HttpRequest, region_id: int) -> HttpResponse:
    region = object_for(request.user, SavedRegion.objects.select_related("workspace"), pk=region_id)
    form, years = _form(request, region)
    targets = (
        Partnership.objects.filter(workspace=region.workspace)
        .exclude(industry_naics="")
        .values_list("industry_naics", "industry_title")
        .distinct()
    )
    context: dict[str, Any] = {
        "region": region,
        "workspace": region.workspace,
        "membership": region.membership,  # type: ignore[attr-defined]  # set by object_for
        "form": form,
        "years": years,
        "targets": sorted(set(targets)),
        "loaded": labour.has_data(),
    }
    status = 200
    if not form.data.get("industry"):
        context["ask_industry"] = True
    else:
        analysis, error = pages.run(region.workspace, form)
        if analysis is None:
            context["error"] = error
            # Nothing loaded is not the reader's mistake; a bad option or code is.
            status = 422 if context["loaded"] else 200
        else:
            context.update(pages.table_context(analysis, request.GET))
    return render(request, "regions/occupations.html", context, status=status)


@route(get=Access.VIEW)
def region_occupations_download(request: HttpRequest, region_id: int) -> HttpResponse:
    region = object_for(request.user, SavedRegion.objects.select_related("workspace"), pk=region_id)
    form, _ = _form(request, region)
    analysis, error = pages.run(region.workspace, form)
    if analysis is None:
        return HttpResponse(error, status=422, content_type="text/plain; charset=utf-8")
    return pages.csv_response(
        analysis, f"{region.name}-occupations-{analysis.industry.code}-{analysis.industry.year}"
    )
