"""What the subjects' API routers share: the router itself, and turning ids in a
payload into objects of the same partnership or workspace (422 naming the field)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from ninja import Router, Schema


class SubjectRouter(Router):
    """A subject's router, mounted by ``planning/api.py`` under the ``planning`` tag.

    Operation ids stay ``convenor_planning_api_<function>``, as when every endpoint
    lived in ``planning/api.py``, so generated API clients keep working.
    """

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable[..., Any], **kwargs: Any
    ) -> None:
        if kwargs.get("operation_id") is None:
            kwargs["operation_id"] = f"convenor_planning_api_{view_func.__name__}"
        super().add_api_operation(path, methods, view_func, **kwargs)


def optional(qs: QuerySet[Any], pk: int | None, field: str) -> Any:
    """An optional related object of the same partnership or workspace, by id."""
    if pk is None:
        return None
    try:
        return qs.get(pk=pk)
    except ObjectDoesNotExist:
        raise ValidationError(
            {field: f"No such {field.replace('_id', '').replace('_', ' ')}: {pk}."}
        ) from None


def many(qs: QuerySet[Any], ids: list[int], field: str) -> list[Any]:
    """The objects of ``ids``, in the order given, each once; an unknown id is refused."""
    found = {o.pk: o for o in qs.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({field: f"Unknown id {missing[0]} for {field}."})
    return [found[i] for i in dict.fromkeys(ids)]


def patch(payload: Schema) -> tuple[dict[str, Any], int | None]:
    """The fields a PATCH sent, and the version it was read at (``VERSION_HELP``)."""
    changes = payload.dict(exclude_unset=True)
    return changes, changes.pop("version", None)
