"""Writes of employer demand; hiring projections come from employers only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from convenor.audit import services as audit
from convenor.partners.models import Category
from convenor.partnerships.models import Partnership
from convenor.planning.demand.occupations import resolve_soc
from convenor.planning.models import HiringProjection
from convenor.planning.writes import check_fields, created, same_partnership, updated

PROJECTION_FIELDS = (
    "organisation",
    "occupation_title",
    "soc_code",
    "openings_12m",
    "openings_36m",
    "skills",
)


def _check_projection(partnership: Partnership, fields: Mapping[str, Any]) -> None:
    organisation = fields.get("organisation")
    same_partnership(partnership, organisation=organisation)
    if organisation is not None and organisation.category != Category.EMPLOYER:
        raise ValidationError(
            {
                "organisation": f"{organisation} is not an employer: hiring projections come from "
                "employer partners."
            }
        )


def projection_create(*, actor: Any, partnership: Partnership, **fields: Any) -> HiringProjection:
    """A projection; its SOC code is checked against the loaded labour data, or found from
    the title when it names one occupation (``occupations.resolve_soc``)."""
    check_fields(fields, PROJECTION_FIELDS)
    _check_projection(partnership, fields)
    fields["occupation_title"] = fields.get("occupation_title", "").strip()
    fields["soc_code"] = resolve_soc(fields["occupation_title"], fields.get("soc_code") or "")
    return created(
        HiringProjection(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            entered_by=actor if getattr(actor, "is_authenticated", False) else None,
            **fields,
        ),
        actor=actor,
    )


def projection_update(
    *,
    actor: Any,
    projection: HiringProjection,
    changes: Mapping[str, Any],
    expected_version: int | None,
) -> HiringProjection:
    check_fields(changes, PROJECTION_FIELDS)
    _check_projection(projection.partnership, changes)
    changes = dict(changes)
    if "soc_code" in changes or "occupation_title" in changes:
        title = changes.get("occupation_title", projection.occupation_title)
        code = changes.get("soc_code", projection.soc_code)
        changes["soc_code"] = resolve_soc(str(title).strip(), str(code or ""))
    return updated(projection, actor=actor, changes=changes, expected_version=expected_version)


def projection_delete(
    *, actor: Any, projection: HiringProjection, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=projection, expected_version=expected_version)
