"""The one write path: create, update and delete with an audit entry each.

Every app's services call these instead of ``save()``/``delete()`` so that the
audit trail and the version check cannot be forgotten. ``update`` refuses a
write based on an older version of the row (optimistic concurrency) and says
what changed since, so nothing is overwritten silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from convenor.audit.models import AuditEntry
from convenor.lib.errors import Conflict, StaleVersionError, render
from convenor.lib.words import person_name

__all__ = ["Conflict", "StaleVersionError", "create", "delete", "record", "render", "update"]


def _workspace_id(instance: models.Model) -> int | None:
    if instance._meta.label == "workspaces.Workspace":
        return instance.pk
    return getattr(instance, "workspace_id", None)


def record(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    changes: Mapping[str, list[Any]] | None = None,
    note: str = "",
    workspace_id: int | None = None,
) -> AuditEntry:
    """Write one audit entry; use for events that are not a plain field change."""
    return AuditEntry.objects.create(
        workspace_id=workspace_id if workspace_id is not None else _workspace_id(instance),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=dict(changes or {}),
        version=getattr(instance, "version", None),
        note=note[:300],
    )


def _field(model: type[models.Model], name: str) -> models.Field:
    # audited writes name the model's own fields, never reverse relations
    return cast(models.Field, model._meta.get_field(name))


def _value(instance: models.Model, name: str) -> Any:
    field = _field(type(instance), name)
    if field.many_to_many:
        if instance.pk is None:
            return []
        return list(getattr(instance, name).all())
    return getattr(instance, name)


def _same(field: models.Field, before: Any, after: Any) -> bool:
    if field.many_to_many:
        return {o.pk for o in before} == {getattr(o, "pk", o) for o in after}
    return before == after


def create(
    *,
    actor: Any,
    instance: models.Model,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    note: str = "",
) -> models.Model:
    """Validate, save and audit a new object (and its many-to-many links)."""
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        changes: dict[str, list[Any]] = {}
        for field in instance._meta.concrete_fields:
            if field.primary_key or field.name in {"version", "created_at", "updated_at"}:
                continue
            value = getattr(instance, field.name)
            if value not in (None, "", [], {}):
                changes[field.name] = [None, render(value)]
        for name, values in (m2m or {}).items():
            values = list(values)
            getattr(instance, name).set(values)
            if values:
                changes[name] = [None, render(values)]
        record(
            actor=actor,
            instance=instance,
            action=AuditEntry.Action.CREATE,
            changes=changes,
            note=note,
        )
    return instance


def update(
    *,
    actor: Any,
    instance: models.Model,
    changes: Mapping[str, Any],
    expected_version: int | None,
    note: str = "",
) -> models.Model:
    """Apply ``changes`` to ``instance`` if it is still at ``expected_version``.

    Returns the saved row (a fresh object). Raises ``StaleVersionError`` when
    somebody saved in between, ``django.core.exceptions.ValidationError`` when
    the new values are invalid. ``expected_version=None`` is for internal
    writes that do not come from a form the user saw (e.g. a computed stage).
    """
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        has_version = hasattr(current, "version")
        if has_version and expected_version is not None and current.version != expected_version:  # type: ignore[attr-defined]  # hasattr above
            conflicts = []
            for name, yours in changes.items():
                field = _field(model, name)
                theirs = _value(current, name)
                if not _same(field, theirs, yours):
                    conflicts.append(Conflict(name, str(field.verbose_name), theirs, yours))
            raise StaleVersionError(
                current=current,
                expected_version=expected_version,
                conflicts=conflicts,
                changed_by=changed_by_since(current, expected_version),
            )
        diffs: dict[str, list[Any]] = {}
        m2m_updates: dict[str, list[Any]] = {}
        for name, after in changes.items():
            field = _field(model, name)
            before = _value(current, name)
            if _same(field, before, after):
                continue
            diffs[name] = [render(before), render(after)]
            if field.many_to_many:
                m2m_updates[name] = list(after)
            else:
                setattr(current, name, after)
        if not diffs:
            return current
        current.full_clean()
        if has_version:
            current.version += 1  # type: ignore[attr-defined]  # hasattr above
        current.save()
        for name, values in m2m_updates.items():
            getattr(current, name).set(values)
        record(
            actor=actor, instance=current, action=AuditEntry.Action.UPDATE, changes=diffs, note=note
        )
    return current


def changed_by_since(current: models.Model, version: int) -> list[str]:
    """Who took ``current`` past ``version``, from its audit entries."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(current)),
        object_id=str(current.pk),
        version__gt=version,
    ).select_related("actor")
    # By name, not e-mail address (words, not internals): the account's name, or the
    # registry person it is linked to in this object's workspace.
    workspace = getattr(current, "workspace_id", None)
    entries = entries.prefetch_related("actor__people")
    return sorted({person_name(e.actor, workspace) if e.actor else "the system" for e in entries})


def delete(
    *, actor: Any, instance: models.Model, expected_version: int | None = None, note: str = ""
) -> None:
    """Delete an object after recording what it was."""
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if (
            expected_version is not None
            and hasattr(current, "version")
            and current.version != expected_version
        ):
            raise StaleVersionError(
                current=current,
                expected_version=expected_version,
                conflicts=[],
                changed_by=changed_by_since(current, expected_version),
            )
        record(actor=actor, instance=current, action=AuditEntry.Action.DELETE, note=note)
        current.delete()
