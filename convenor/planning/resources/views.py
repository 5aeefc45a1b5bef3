"""Resource map pages: the map with filters, an entry's form, and the map's history."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from convenor.lib.findings import by_severity
from convenor.planning.demand.selectors import pooled_demand
from convenor.planning.models import (
    FundingSource,
    Issue,
    Resource,
    ResourceKind,
    ResourceMapVersion,
)
from convenor.planning.pages import deleted, form_page, need, page, saved, url
from convenor.planning.resources import selectors, services
from convenor.planning.resources.findings import (
    capacity_findings,
    resource_findings,
    unmapped_issue_findings,
)
from convenor.planning.resources.forms import ResourceForm
from convenor.workspaces.access import child_or_404, partnership_for, route
from convenor.workspaces.models import Access


@route(get=Access.VIEW, post=Access.EDIT)
def resources(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    form = ResourceForm(request.POST or None, partnership=partnership)
    done = saved(
        request,
        form,
        lambda: services.resource_create(
            actor=request.user, partnership=partnership, **form.changes()
        ),
        then=url("resources", partnership),
        done=lambda resource: f"“{resource}” added to the resource map.",
    )
    if done is not None:
        return done
    rows = list(selectors.resources_of(partnership))
    # Whether an issue has a resource is read from the whole map; the findings about one
    # resource follow the filter, like the table.
    mapped = {issue.pk for r in rows for issue in r.issues.all()}
    kind = request.GET.get("kind", "")
    funding = request.GET.get("funding", "")
    if kind:
        rows = [r for r in rows if r.kind == kind]
    if funding:
        rows = [r for r in rows if funding in (r.funding_sources or [])]
    findings = by_severity(
        [
            *unmapped_issue_findings(Issue.objects.filter(partnership=partnership), mapped),
            *capacity_findings(rows, pooled_demand(partnership)),
            *resource_findings(rows, timezone.localdate()),
        ]
    )
    return page(
        request,
        "planning/resources.html",
        partnership,
        {
            "rows": rows,
            "latest": selectors.map_versions(partnership).first(),
            "findings": findings,
            "kinds": ResourceKind.choices,
            "fundings": FundingSource.choices,
            "kind": kind,
            "funding": funding,
        },
        form=form,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def resource_edit(request: HttpRequest, partnership_id: int, resource_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    resource = child_or_404(Resource.objects.filter(partnership=partnership), pk=resource_id)
    form = ResourceForm(request.POST or None, partnership=partnership, instance=resource)
    return saved(
        request,
        form,
        lambda: services.resource_update(
            actor=request.user,
            resource=resource,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=url("resources", partnership),
        done="Saved; the map's history has a new version.",
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Edit “{resource}”",
        cancel=url("resources", partnership),
        delete_url=url("resource-delete", partnership, resource_id=resource.pk),
    )


@route(post=Access.EDIT)
def resource_review(request: HttpRequest, partnership_id: int, resource_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    resource = child_or_404(Resource.objects.filter(partnership=partnership), pk=resource_id)
    services.resource_review(actor=request.user, resource=resource)
    messages.success(request, f"“{resource}” marked as reviewed today.")
    return redirect(url("resources", partnership))


@route(post=Access.EDIT)
def resource_delete(request: HttpRequest, partnership_id: int, resource_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    resource = child_or_404(Resource.objects.filter(partnership=partnership), pk=resource_id)
    return deleted(
        request,
        lambda version: services.resource_delete(
            actor=request.user, resource=resource, expected_version=version
        ),
        done=f"“{resource}” removed; the map's history keeps it.",
        then=url("resources", partnership),
        refused=url("resource-edit", partnership, resource_id=resource.pk),
    )


@route(get=Access.VIEW)
def resource_history(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    return page(
        request,
        "planning/resource_history.html",
        partnership,
        {"versions": selectors.map_versions(partnership)},
    )


@route(get=Access.VIEW)
def resource_version(request: HttpRequest, partnership_id: int, map_version: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    version = child_or_404(
        ResourceMapVersion.objects.filter(partnership=partnership), number=map_version
    )
    labels = dict(FundingSource.choices)
    return page(
        request,
        "planning/resource_version.html",
        partnership,
        {
            "version": version,
            "diff": selectors.map_diff(version),
            "rows": [
                {
                    **row,
                    "funding_labels": [labels.get(c, c) for c in row.get("funding_sources", [])],
                }
                for row in version.snapshot
            ],
        },
    )
