"""Writes of the resource map: every change records a new version of the whole map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.partnerships.models import Partnership
from convenor.planning.models import Resource, ResourceMapVersion
from convenor.planning.models.demand import validate_soc
from convenor.planning.writes import check_fields, created, same_partnership, updated

RESOURCE_FIELDS = (
    "name",
    "kind",
    "owner_organisation",
    "owner_name",
    "description",
    "eligibility",
    "capacity",
    "capacity_per_year",
    "soc_codes",
    "funding_sources",
    "issues",
    "url",
    "last_reviewed_on",
)


def resource_snapshot_row(resource: Resource) -> dict[str, Any]:
    return {
        "id": resource.pk,
        "name": resource.name,
        "kind": resource.kind,
        "owner": resource.owner_label,
        "description": resource.description,
        "eligibility": resource.eligibility,
        "capacity": resource.capacity,
        "funding_sources": list(resource.funding_sources or []),
        "issues": sorted(i.title for i in resource.issues.all()),
        "url": resource.url,
        "last_reviewed_on": resource.last_reviewed_on.isoformat()
        if resource.last_reviewed_on
        else None,
    }


def _record_map_version(actor: Any, partnership: Partnership, change: str) -> ResourceMapVersion:
    # Lock the partnership row so two changes at once get consecutive numbers.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    last = (
        ResourceMapVersion.objects.filter(partnership=partnership)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    rows = [
        resource_snapshot_row(r)
        for r in Resource.objects.filter(partnership=partnership)
        .select_related("owner_organisation")
        .prefetch_related("issues")
    ]
    version = ResourceMapVersion(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        number=(last or 0) + 1,
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        change=change[:300],
        snapshot=rows,
    )
    version.save()  # the audit entry of the resource itself records who and what
    return version


def _check_resource(partnership: Partnership, fields: Mapping[str, Any]) -> None:
    same_partnership(partnership, owner_organisation=fields.get("owner_organisation"))
    for code in fields.get("soc_codes") or []:
        try:
            validate_soc(code)
        except ValidationError as exc:
            raise ValidationError({"soc_codes": exc.messages}) from exc
    for issue in fields.get("issues", []) or []:
        same_partnership(partnership, issues=issue)


def resource_create(*, actor: Any, partnership: Partnership, **fields: Any) -> Resource:
    check_fields(fields, RESOURCE_FIELDS)
    _check_resource(partnership, fields)
    issues = list(fields.pop("issues", []) or [])
    fields["funding_sources"] = list(dict.fromkeys(fields.get("funding_sources") or []))
    with transaction.atomic():
        resource = created(
            Resource(workspace_id=partnership.workspace_id, partnership=partnership, **fields),
            actor=actor,
            m2m={"issues": issues},
        )
        _record_map_version(actor, partnership, f"Added “{resource.name}”")
    return resource


def _differs(resource: Resource, name: str, value: Any) -> bool:
    field = Resource._meta.get_field(name)
    if field.many_to_many:
        return {o.pk for o in getattr(resource, name).all()} != {o.pk for o in value}
    return bool(getattr(resource, name) != value)


def _label(name: str) -> str:
    field = Resource._meta.get_field(name)
    assert isinstance(field, models.Field)  # the editable fields are concrete or m2m
    return str(field.verbose_name)


def resource_update(
    *, actor: Any, resource: Resource, changes: Mapping[str, Any], expected_version: int | None
) -> Resource:
    check_fields(changes, RESOURCE_FIELDS)
    _check_resource(resource.partnership, changes)
    with transaction.atomic():
        fresh = Resource.objects.get(pk=resource.pk)
        changed = [_label(name) for name, value in changes.items() if _differs(fresh, name, value)]
        saved = updated(resource, actor=actor, changes=changes, expected_version=expected_version)
        if changed:
            _record_map_version(
                actor, resource.partnership, f"Changed “{saved.name}”: {', '.join(changed)}"
            )
    return saved


def resource_review(
    *, actor: Any, resource: Resource, reviewed_on: dt.date | None = None
) -> Resource:
    """Mark the resource as reviewed today (or on ``reviewed_on``)."""
    return resource_update(
        actor=actor,
        resource=resource,
        changes={"last_reviewed_on": reviewed_on or timezone.localdate()},
        expected_version=None,
    )


def resource_delete(*, actor: Any, resource: Resource, expected_version: int | None = None) -> None:
    partnership = resource.partnership
    name = resource.name
    with transaction.atomic():
        audit.delete(actor=actor, instance=resource, expected_version=expected_version)
        _record_map_version(actor, partnership, f"Removed “{name}”")
