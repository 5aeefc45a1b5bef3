"""Selects over the registry that stay small when the registry is large.

A workspace may hold thousands of people; a select listing them all is slow to
render and useless to scroll. ``narrow`` shows at most :func:`select_limit` options
(``CONVENOR_PICKER_LIMIT``: those matching the page's search, or the most relevant
ones) plus whatever is already chosen, while validation still accepts any object of
the field's queryset. Forms record what they narrowed so the page can offer a search;
person fields add a search box of their own (``convenor.partners.picker``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.db.models import Model, Q, QuerySet

M = TypeVar("M", bound=Model)


def select_limit() -> int:
    """The most options a bounded select lists (the ``CONVENOR_PICKER_LIMIT`` setting)."""
    return int(settings.PICKER_LIMIT)


@dataclass
class Narrowed:
    field: str
    shown: int
    total: int


def model_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """``form.fields[name]``, a model choice field (single or multiple) by declaration."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), f"{name} chooses no model"
    return field


def search(qs: QuerySet[M], query: str, *fields: str) -> QuerySet[M]:
    if not query:
        return qs
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return qs.filter(condition)


def narrow(
    form: forms.BaseForm,
    name: str,
    shown: QuerySet[Any],
    *,
    keep: Iterable[Any] = (),
    label: Callable[[Any], str] = str,
) -> Narrowed | None:
    """Limit the options of ``form.fields[name]`` to ``shown`` (capped) and ``keep``.

    ``keep`` are primary keys to list besides ``shown`` (what is chosen), among the
    objects the field accepts. Returns what was narrowed, or None when the field's
    queryset is small enough to list whole (then nothing changes).
    """
    field = model_field(form, name)
    queryset = field.queryset
    assert queryset is not None, f"{name} has no queryset"
    limit = select_limit()
    total = queryset.count()
    if total <= limit:
        return None
    objects = list(shown[:limit])
    seen = {o.pk for o in objects}
    wanted = [int(pk) for pk in keep if str(pk).isdigit() and int(pk) not in seen]
    if wanted:
        # Only objects the field accepts: a posted stranger is refused, never rendered.
        objects += list(queryset.filter(pk__in=wanted))
    options: list[tuple[Any, str]] = [(o.pk, label(o)) for o in objects]
    if not isinstance(field, forms.ModelMultipleChoiceField) and field.empty_label is not None:
        options.insert(0, ("", str(field.empty_label)))
    # The widget renders these; ``field.queryset`` still validates against everyone.
    field.widget.choices = options
    # What was narrowed, for the page's search (_narrowed.html); any form may be narrowed.
    narrowed = Narrowed(name, len(objects), total)
    form.narrowed = [*getattr(form, "narrowed", []), narrowed]  # type: ignore[attr-defined]
    return narrowed


def chosen(form: forms.BaseForm, name: str, initial: Any = None) -> list[Any]:
    """The values of ``name`` submitted or preset, to keep them among the options."""
    if form.is_bound:
        values = form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name)
    else:
        values = form.initial.get(name, initial)
    if values is None or values == "":
        return []
    if isinstance(values, list | tuple | set):
        return [getattr(v, "pk", v) for v in values]
    return [getattr(values, "pk", values)]
