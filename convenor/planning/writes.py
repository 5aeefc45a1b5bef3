"""What every subject's services share: the checks before a write, and the audited write
itself with the type of the row it saved.

Objects linked to a partnership's row belong to it (people and organisations to its
workspace), and a service changes only the fields it names. ``created`` and ``updated``
are ``convenor.audit.services.create``/``update`` (the one write path, with the audit
entry and the version check), returning the model they were given where ``audit``
declares ``Model``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from convenor.audit import services as audit
from convenor.partners.models import Organisation, Person
from convenor.partnerships.models import Partnership

M = TypeVar("M", bound=models.Model)


def same_partnership(partnership: Partnership, **objects: Any) -> None:
    """Refuse, naming the field, an object of another partnership (or workspace)."""
    for field, obj in objects.items():
        if obj is None:
            continue
        if isinstance(obj, Person | Organisation):
            if obj.workspace_id != partnership.workspace_id:
                raise ValidationError({field: "That record belongs to another workspace."})
        elif getattr(obj, "partnership_id", None) != partnership.pk:
            raise ValidationError(
                {field: f"That {field.replace('_', ' ')} belongs to another partnership."}
            )


def check_fields(changes: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")


def created(instance: M, *, actor: Any, m2m: Mapping[str, Iterable[Any]] | None = None) -> M:
    """Validate, save and audit a new row (``audit.create``)."""
    audit.create(actor=actor, instance=instance, m2m=m2m)
    return instance


def updated(
    instance: M,
    *,
    actor: Any,
    changes: Mapping[str, Any],
    expected_version: int | None,
    note: str = "",
) -> M:
    """Apply ``changes`` if the row is still at ``expected_version`` (``audit.update``);
    the saved row, a fresh object."""
    saved = audit.update(
        actor=actor,
        instance=instance,
        changes=changes,
        expected_version=expected_version,
        note=note,
    )
    assert isinstance(saved, type(instance))
    return saved
