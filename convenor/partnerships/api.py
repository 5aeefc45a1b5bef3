from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from convenor.lib.schemas import Message
from convenor.partnerships import services
from convenor.partnerships.models import Partnership, Stage
from convenor.partnerships.selectors import partnerships_visible
from convenor.regions.models import SavedRegion
from convenor.workspaces.access import SignedInRequest, object_for, workspace_for
from convenor.workspaces.models import Access

router = Router(tags=["partnerships"])


class PartnershipIn(Schema):
    name: str = Field(min_length=1, max_length=150)
    industry_naics: str = Field("", max_length=6)
    industry_title: str = Field("", max_length=200)
    region: str = Field("", max_length=200)
    saved_region_id: int | None = Field(
        None, description="A saved region of the workspace (its name fills an empty region)."
    )
    stage: Stage = Stage.NEEDS_ASSESSMENT
    mission: str = Field("", max_length=20000)
    started_on: dt.date | None = None
    ended_on: dt.date | None = None


class PartnershipPatch(Schema):
    """Stage moves have gate criteria and are recorded as decisions: use the life-cycle
    endpoints of the assessment API, not this one."""

    version: int = Field(description="The version you read; a stale one gets 409.")
    name: str | None = Field(None, min_length=1, max_length=150)
    industry_naics: str | None = Field(None, max_length=6)
    industry_title: str | None = Field(None, max_length=200)
    region: str | None = Field(None, max_length=200)
    saved_region_id: int | None = Field(
        None, description="A saved region of the workspace; null unlinks it."
    )
    mission: str | None = Field(None, max_length=20000)
    started_on: dt.date | None = None
    ended_on: dt.date | None = None


class PartnershipOut(Schema):
    id: int
    workspace: str = Field(alias="workspace.slug")
    name: str
    industry_naics: str
    industry_title: str
    region: str
    saved_region_id: int | None
    stage: Stage
    mission: str
    started_on: dt.date | None
    ended_on: dt.date | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


def _saved_region(workspace_id: int, region_id: int | None) -> SavedRegion | None:
    """The workspace's saved region ``region_id``; another workspace's id is 422, as an
    unknown one: the answer never says whether it exists elsewhere."""
    if region_id is None:
        return None
    region = SavedRegion.objects.filter(workspace_id=workspace_id, pk=region_id).first()
    if region is None:
        raise ValidationError(
            {"saved_region_id": f"No saved region {region_id} in this workspace."}
        )
    return region


@router.get(
    "/workspaces/{slug}/partnerships",
    response=list[PartnershipOut],
    summary="Partnerships of a workspace you may see",
)
@paginate
def partnership_list(request: HttpRequest, slug: str) -> QuerySet[Partnership]:
    membership = workspace_for(request.user, slug, partner_ok=True)
    return partnerships_visible(membership).select_related("workspace")


@router.post(
    "/workspaces/{slug}/partnerships",
    response={201: PartnershipOut},
    summary="Create a partnership (staff, owner)",
)
def partnership_create(
    request: SignedInRequest, slug: str, payload: PartnershipIn
) -> Status[Partnership]:
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    fields = payload.dict()
    fields["saved_region"] = _saved_region(membership.workspace_id, fields.pop("saved_region_id"))
    partnership = services.partnership_create(
        actor=request.user, workspace=membership.workspace, **fields
    )
    return Status(201, partnership)


@router.get("/partnerships/{partnership_id}", response=PartnershipOut, summary="One partnership")
def partnership_detail(request: HttpRequest, partnership_id: int) -> Partnership:
    return object_for(
        request.user, Partnership.objects.select_related("workspace"), pk=partnership_id
    )


@router.patch(
    "/partnerships/{partnership_id}",
    response=PartnershipOut,
    summary="Change a partnership (staff, owner); send the version you read",
)
def partnership_update(
    request: SignedInRequest, partnership_id: int, payload: PartnershipPatch
) -> Partnership:
    partnership = object_for(request.user, Partnership, need=Access.EDIT, pk=partnership_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "saved_region_id" in changes:
        region_id = changes.pop("saved_region_id")
        changes["saved_region"] = _saved_region(partnership.workspace_id, region_id)
    services.partnership_update(
        actor=request.user, partnership=partnership, changes=changes, expected_version=version
    )
    return get_object_or_404(Partnership.objects.select_related("workspace"), pk=partnership_id)


@router.delete(
    "/partnerships/{partnership_id}",
    response=Message,
    summary="Delete a partnership and everything in it (staff, owner)",
)
def partnership_delete(
    request: SignedInRequest, partnership_id: int, version: int
) -> dict[str, str]:
    partnership = object_for(request.user, Partnership, need=Access.EDIT, pk=partnership_id)
    services.partnership_delete(
        actor=request.user, partnership=partnership, expected_version=version
    )
    return {"detail": f"Partnership {partnership_id} deleted."}
