"""Resource map API: the entries, and the map's history as versions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Status

from convenor.lib.schemas import Message
from convenor.partners.models import Organisation
from convenor.partnerships.models import Partnership
from convenor.planning.endpoints import SubjectRouter, many, optional, patch
from convenor.planning.models import Issue, Resource, ResourceMapVersion
from convenor.planning.resources import selectors, services
from convenor.planning.resources.schemas import (
    MapVersionDetailOut,
    MapVersionOut,
    ResourceIn,
    ResourceOut,
    ResourcePatch,
)
from convenor.workspaces.access import child_or_404, partnership_for
from convenor.workspaces.models import Access

router = SubjectRouter()


def _resource_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "owner_organisation_id" in data:
        data["owner_organisation"] = optional(
            Organisation.objects.filter(workspace_id=partnership.workspace_id),
            data.pop("owner_organisation_id"),
            "owner_organisation_id",
        )
    if "issue_ids" in data:
        data["issues"] = many(
            Issue.objects.filter(partnership=partnership), data.pop("issue_ids") or [], "issue_ids"
        )
    if data.get("funding_sources") is not None:
        data["funding_sources"] = [str(getattr(f, "value", f)) for f in data["funding_sources"]]
    elif "funding_sources" in data:
        data["funding_sources"] = []
    return data


def _resource(partnership: Partnership, resource_id: int) -> Resource:
    resource: Resource = child_or_404(selectors.resources_of(partnership), pk=resource_id)
    return resource


@router.get(
    "/partnerships/{partnership_id}/resources",
    response=list[ResourceOut],
    summary="The resource map",
)
def resource_list(request: HttpRequest, partnership_id: int) -> QuerySet[Resource]:
    return selectors.resources_of(partnership_for(request.user, partnership_id))


@router.post(
    "/partnerships/{partnership_id}/resources",
    response={201: ResourceOut},
    summary="Add a program, funding stream or policy to the resource map",
)
def resource_create(request: HttpRequest, partnership_id: int, payload: ResourceIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    fields = _resource_fields(partnership, payload.dict())
    resource = services.resource_create(actor=request.user, partnership=partnership, **fields)
    return Status(201, _resource(partnership, resource.pk))


@router.get(
    "/partnerships/{partnership_id}/resources/{resource_id}",
    response=ResourceOut,
    summary="One resource",
)
def resource_detail(request: HttpRequest, partnership_id: int, resource_id: int) -> Resource:
    return _resource(partnership_for(request.user, partnership_id), resource_id)


@router.patch(
    "/partnerships/{partnership_id}/resources/{resource_id}",
    response=ResourceOut,
    summary="Change a resource; the map records a new version",
)
def resource_update(
    request: HttpRequest, partnership_id: int, resource_id: int, payload: ResourcePatch
) -> Resource:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    resource = child_or_404(Resource.objects.filter(partnership=partnership), pk=resource_id)
    changes, version = patch(payload)
    services.resource_update(
        actor=request.user,
        resource=resource,
        changes=_resource_fields(partnership, changes),
        expected_version=version,
    )
    return _resource(partnership, resource_id)


@router.delete(
    "/partnerships/{partnership_id}/resources/{resource_id}",
    response=Message,
    summary="Remove a resource; the map's history keeps it",
)
def resource_delete(
    request: HttpRequest, partnership_id: int, resource_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    resource = child_or_404(Resource.objects.filter(partnership=partnership), pk=resource_id)
    services.resource_delete(actor=request.user, resource=resource, expected_version=version)
    return {"detail": f"Resource {resource_id} removed."}


@router.get(
    "/partnerships/{partnership_id}/resource-map/versions",
    response=list[MapVersionOut],
    summary="The history of the resource map, newest first",
)
def map_versions(request: HttpRequest, partnership_id: int) -> QuerySet[ResourceMapVersion]:
    return selectors.map_versions(partnership_for(request.user, partnership_id))


@router.get(
    "/partnerships/{partnership_id}/resource-map/versions/{map_version}",
    response=MapVersionDetailOut,
    summary="The resource map as it stood at one version",
)
def map_version(request: HttpRequest, partnership_id: int, map_version: int) -> ResourceMapVersion:
    partnership = partnership_for(request.user, partnership_id)
    version: ResourceMapVersion = child_or_404(
        selectors.map_versions(partnership), number=map_version
    )
    return version
