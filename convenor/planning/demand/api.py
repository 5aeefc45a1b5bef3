"""Employer demand API: an employer partner enters and reads her own employer's hiring
projections; everyone reads the pooled figures under the disclosure rule."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Status

from convenor.lib.schemas import Message
from convenor.partners.models import Organisation
from convenor.partnerships.models import Partnership
from convenor.planning.demand import selectors, services
from convenor.planning.demand.occupations import compare
from convenor.planning.demand.schemas import (
    PooledOut,
    ProjectionIn,
    ProjectionOut,
    ProjectionPatch,
)
from convenor.planning.endpoints import SubjectRouter, optional, patch
from convenor.planning.models import (
    DISCLOSURE_RULE,
    MAX_SHARE_PERCENT,
    MIN_EMPLOYERS_FOR_TOTALS,
    HiringProjection,
)
from convenor.planning.pages import membership
from convenor.workspaces.access import child_or_404, needs, partnership_for
from convenor.workspaces.models import Access

router = SubjectRouter()


def _projection(
    request: HttpRequest, partnership: Partnership, projection_id: int
) -> HiringProjection:
    visible = selectors.projections_visible(partnership, membership(partnership), request.user)
    projection: HiringProjection = child_or_404(visible, pk=projection_id)
    return projection


@router.get(
    "/partnerships/{partnership_id}/demand/projections",
    response=list[ProjectionOut],
    summary="Hiring projections you may see: staff all, an employer partner its own",
)
def projection_list(request: HttpRequest, partnership_id: int) -> QuerySet[HiringProjection]:
    partnership = partnership_for(request.user, partnership_id)
    return selectors.projections_visible(partnership, membership(partnership), request.user)


@router.post(
    "/partnerships/{partnership_id}/demand/projections",
    response={201: ProjectionOut},
    summary="Enter a hiring projection (employer partners for themselves, staff for any employer)",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def projection_create(request: HttpRequest, partnership_id: int, payload: ProjectionIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    data = payload.dict()
    organisation_id = data.pop("organisation_id")
    member = membership(partnership)
    own, cannot = selectors.projection_owner(partnership, member, request.user)
    if own is not None:
        organisation: Organisation = own
    elif not member.can_edit:
        raise ValidationError(cannot)
    elif organisation_id is None:
        raise ValidationError({"organisation_id": "Name the employer."})
    else:
        organisation = optional(
            Organisation.objects.filter(workspace_id=partnership.workspace_id),
            organisation_id,
            "organisation_id",
        )
    row = services.projection_create(
        actor=request.user, partnership=partnership, organisation=organisation, **data
    )
    return Status(201, row)


@router.patch(
    "/partnerships/{partnership_id}/demand/projections/{projection_id}",
    response=ProjectionOut,
    summary="Change a hiring projection (your own employer's, or any for staff)",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def projection_update(
    request: HttpRequest, partnership_id: int, projection_id: int, payload: ProjectionPatch
) -> HiringProjection:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    row = _projection(request, partnership, projection_id)
    changes, version = patch(payload)
    return services.projection_update(
        actor=request.user, projection=row, changes=changes, expected_version=version
    )


@router.delete(
    "/partnerships/{partnership_id}/demand/projections/{projection_id}",
    response=Message,
    summary="Delete a hiring projection",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def projection_delete(
    request: HttpRequest, partnership_id: int, projection_id: int, version: int
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    row = _projection(request, partnership, projection_id)
    services.projection_delete(actor=request.user, projection=row, expected_version=version)
    return {"detail": f"Projection {projection_id} deleted."}


@router.get(
    "/partnerships/{partnership_id}/demand/pooled",
    response=PooledOut,
    summary="Demand pooled by occupation; figures failing the disclosure rule are hidden",
    description=DISCLOSURE_RULE,
)
def pooled(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id)
    p = selectors.pooled_demand(partnership)
    comparison = compare(partnership, p)
    rows = []
    for r in p.rows:
        row = r.as_dict()
        found = comparison.for_row(r.soc_code)
        if found is not None:
            row.update(
                estimated_employment=found.estimated_employment,
                annual_openings=found.annual_openings,
                lower_bound=found.lower_bound,
                in_staffing_pattern=found.in_pattern,
            )
        rows.append(row)
    return {
        "rows": rows,
        "total_12m": p.total_12m,
        "total_36m": p.total_36m,
        "suppressed_occupations": p.suppressed_count,
        "min_employers": MIN_EMPLOYERS_FOR_TOTALS,
        "max_share_percent": MAX_SHARE_PERCENT,
        "disclosure_rule": p.rule,
        "comparison_source": comparison.source,
        "comparison_note": comparison.reason,
    }
