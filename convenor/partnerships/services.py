"""Writes for partnerships."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError

from convenor.accounts.models import User
from convenor.analysis.reference import industry_title
from convenor.audit import services as audit
from convenor.partnerships.models import Partnership, Stage
from convenor.regions.models import SavedRegion
from convenor.workspaces.models import Workspace

EDITABLE_FIELDS = (
    "name",
    "industry_naics",
    "industry_title",
    "region",
    "saved_region",
    "stage",
    "mission",
    "started_on",
    "ended_on",
)


def _fill_industry_title(fields: dict[str, Any]) -> None:
    """Fill the title from the shipped NAICS list when only a code was given."""
    if fields.get("industry_naics") and not fields.get("industry_title"):
        fields["industry_title"] = industry_title(fields["industry_naics"]) or ""


def _link_region(fields: dict[str, Any], workspace_id: int, replaced: str = "") -> None:
    """A saved region must be the workspace's own; its name fills the region when the
    region is empty or still named after the saved region it ``replaced``."""
    saved = fields.get("saved_region")
    if saved is None:
        return
    if saved.workspace_id != workspace_id:
        raise ValidationError({"saved_region": "That region is not one of this workspace's."})
    if not fields.get("region") or (replaced and fields.get("region") == replaced):
        fields["region"] = saved.name


def partnership_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    industry_naics: str = "",
    industry_title: str = "",
    region: str = "",
    saved_region: SavedRegion | None = None,
    stage: str = Stage.NEEDS_ASSESSMENT,
    mission: str = "",
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> Partnership:
    fields: dict[str, Any] = {
        "name": name.strip(),
        "industry_naics": industry_naics.strip(),
        "industry_title": industry_title.strip(),
        "region": region.strip(),
        "saved_region": saved_region,
        "stage": stage,
        "mission": mission,
        "started_on": started_on,
        "ended_on": ended_on,
    }
    _fill_industry_title(fields)
    _link_region(fields, workspace.pk)
    partnership = Partnership(workspace=workspace, created_by=actor, **fields)
    audit.create(actor=actor, instance=partnership)
    return partnership


def partnership_update(
    *,
    actor: User,
    partnership: Partnership,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Partnership:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    changes = dict(changes)
    if "industry_naics" in changes and changes["industry_naics"] != partnership.industry_naics:
        changes.setdefault("industry_title", "")
        _fill_industry_title(changes)
    if changes.get("saved_region") is not None:
        # The stored values: a model form has already put its own on ``partnership``.
        region, replaced = Partnership.objects.filter(pk=partnership.pk).values_list(
            "region", "saved_region__name"
        )[0]
        changes.setdefault("region", region)
        _link_region(changes, partnership.workspace_id, replaced or "")
    saved = audit.update(
        actor=actor, instance=partnership, changes=changes, expected_version=expected_version
    )
    return cast(Partnership, saved)


def partnership_delete(
    *, actor: User, partnership: Partnership, expected_version: int | None
) -> None:
    audit.delete(actor=actor, instance=partnership, expected_version=expected_version)
