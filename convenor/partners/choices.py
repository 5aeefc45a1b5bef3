"""Selects over the registry that stay small when the registry is large.

A workspace may hold thousands of people; a select listing them all is slow to
render and useless to scroll. ``narrow`` shows at most ``SELECT_LIMIT`` options
(those matching the page's search, or the most relevant ones) plus whatever is
already chosen, while validation still accepts any object of the field's
queryset. Forms record what they narrowed so the page can offer a search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

SELECT_LIMIT = 300


@dataclass
class Narrowed:
    field: str
    shown: int
    total: int


def search(qs: QuerySet, query: str, *fields: str) -> QuerySet:
    if not query:
        return qs
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": query})
    return qs.filter(condition)


def narrow(
    form: forms.BaseForm,
    name: str,
    shown: QuerySet,
    *,
    keep: Iterable[Any] = (),
    label: Callable[[Any], str] = str,
) -> None:
    """Limit the options of ``form.fields[name]`` to ``shown`` (capped) and ``keep``."""
    field = form.fields[name]
    total = field.queryset.count()
    if total <= SELECT_LIMIT:
        return
    objects = list(shown[:SELECT_LIMIT])
    seen = {o.pk for o in objects}
    wanted = [int(pk) for pk in keep if str(pk).isdigit() and int(pk) not in seen]
    if wanted:
        objects += list(field.queryset.filter(pk__in=wanted))
    options = [(o.pk, label(o)) for o in objects]
    if isinstance(field, forms.ModelChoiceField) and not isinstance(
        field, forms.ModelMultipleChoiceField
    ):
        options.insert(0, ("", field.empty_label or "---------"))
    field.widget.choices = options
    form.narrowed = [*getattr(form, "narrowed", []), Narrowed(name, len(objects), total)]


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
