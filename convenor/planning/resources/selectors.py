"""Reads of the resource map and its history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from convenor.partnerships.models import Partnership
from convenor.planning.models import Resource, ResourceMapVersion


def resources_of(partnership: Partnership) -> QuerySet[Resource]:
    return (
        Resource.objects.filter(partnership=partnership)
        .select_related("owner_organisation")
        .prefetch_related("issues")
    )


def map_versions(partnership: Partnership) -> QuerySet[ResourceMapVersion]:
    return ResourceMapVersion.objects.filter(partnership=partnership).select_related("changed_by")


@dataclass
class MapDiff:
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[tuple[dict[str, Any], list[tuple[str, Any, Any]]]]


def map_diff(version: ResourceMapVersion) -> MapDiff:
    """What changed in the map between the previous version and ``version``."""
    previous = (
        ResourceMapVersion.objects.filter(
            partnership_id=version.partnership_id, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )
    before = {row["id"]: row for row in (previous.snapshot if previous else [])}
    after = {row["id"]: row for row in version.snapshot}
    changed = []
    for key in before.keys() & after.keys():
        fields = [
            (name, before[key].get(name), after[key].get(name))
            for name in after[key]
            if name != "id" and before[key].get(name) != after[key].get(name)
        ]
        if fields:
            changed.append((after[key], fields))
    return MapDiff(
        [after[k] for k in after.keys() - before.keys()],
        [before[k] for k in before.keys() - after.keys()],
        changed,
    )
