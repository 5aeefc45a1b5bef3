"""Employer demand pages: the pooled figures for everyone, the rows for staff and for
each employer partner her own."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from convenor.partnerships.models import Partnership
from convenor.planning.demand import selectors, services
from convenor.planning.demand.charts import demand_chart
from convenor.planning.demand.forms import ProjectionForm
from convenor.planning.demand.occupations import compare
from convenor.planning.models import HiringProjection
from convenor.planning.pages import deleted, form_page, membership, need, page, saved, url
from convenor.workspaces.access import child_or_404, partnership_for, route
from convenor.workspaces.models import Access


@route(get=Access.VIEW, post=Access.CONTRIBUTE)
def demand(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.CONTRIBUTE)
    )
    member = membership(partnership)
    organisation, cannot = selectors.projection_owner(partnership, member, request.user)
    can_enter = member.can_edit or (member.allows(Access.CONTRIBUTE) and organisation is not None)
    form = None
    if can_enter:
        form = ProjectionForm(
            request.POST or None, partnership=partnership, organisation=organisation
        )
    if form is None:
        if request.method == "POST":
            messages.error(request, cannot)
            return redirect(url("demand", partnership))
    else:
        entry, own = form, {"organisation": organisation} if organisation is not None else {}
        done = saved(
            request,
            form,
            lambda: services.projection_create(
                actor=request.user, partnership=partnership, **{**entry.changes(), **own}
            ),
            then=url("demand", partnership),
            done=lambda row: f"Projection for {row.occupation_title} recorded.",
        )
        if done is not None:
            return done
    pooled = selectors.pooled_demand(partnership)
    return page(
        request,
        "planning/demand.html",
        partnership,
        {
            "rows": selectors.projections_visible(partnership, member, request.user),
            "pooled": pooled,
            "chart": demand_chart(pooled) if pooled.shown else None,
            "comparison": compare(partnership, pooled),
            "own_organisation": organisation,
            "cannot": cannot if not member.can_edit else "",
        },
        form=form,
    )


def _own_projection(
    request: HttpRequest, partnership: Partnership, projection_id: int
) -> HiringProjection:
    visible = selectors.projections_visible(partnership, membership(partnership), request.user)
    projection: HiringProjection = child_or_404(visible, pk=projection_id)
    return projection


@route(get=Access.CONTRIBUTE, post=Access.CONTRIBUTE)
def projection_edit(request: HttpRequest, partnership_id: int, projection_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    projection = _own_projection(request, partnership, projection_id)
    organisation = None if membership(partnership).can_edit else projection.organisation
    form = ProjectionForm(
        request.POST or None,
        partnership=partnership,
        organisation=organisation,
        instance=projection,
    )
    return saved(
        request,
        form,
        lambda: services.projection_update(
            actor=request.user,
            projection=projection,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=url("demand", partnership),
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Edit projection: {projection.occupation_title}",
        cancel=url("demand", partnership),
        delete_url=url("projection-delete", partnership, projection_id=projection.pk),
    )


@route(post=Access.CONTRIBUTE)
def projection_delete(
    request: HttpRequest, partnership_id: int, projection_id: int
) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    projection = _own_projection(request, partnership, projection_id)
    return deleted(
        request,
        lambda version: services.projection_delete(
            actor=request.user, projection=projection, expected_version=version
        ),
        done="Projection deleted.",
        then=url("demand", partnership),
        refused=url("projection-edit", partnership, projection_id=projection.pk),
    )
