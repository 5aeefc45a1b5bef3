"""The person picker: every form that picks a workspace person, bounded for a large registry.

A workforce board that imported its CRM holds tens of thousands of people; a select
or checkbox list of all of them takes seconds to render and megabytes to send. A
picked field renders at most ``settings.PICKER_LIMIT`` people (in the order the form
gives its queryset, or the ``shown`` people first) plus whoever is already chosen,
says how many it shows of how many, and carries a search box (``_pick_people.html``,
answered by ``convenor.partners.views.people_pick``) that adds anyone found.

Validation is untouched: the field keeps the form's whole queryset, so a person found
by search validates and a person of another workspace is refused with the form's own
message. With a registry up to the limit nothing changes at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from convenor.partners.choices import chosen, model_field, narrow, search
from convenor.partners.models import Person
from convenor.workspaces.models import Workspace

# At most this many people answer one search of the picker.
PICK_RESULTS = 20


def people_of(workspace_id: int) -> QuerySet[Person]:
    """The workspace's people, with their organisation (their labels name it)."""
    return Person.objects.filter(workspace_id=workspace_id).select_related("organisation")


def find_people(workspace_id: int, query: str) -> list[Person]:
    """People of the workspace matching ``query`` by name, organisation or e-mail."""
    query = query.strip()
    if not query:
        return []
    found = search(people_of(workspace_id), query, "name", "organisation__name", "email")
    return list(found.order_by("name", "pk")[:PICK_RESULTS])


@dataclass(frozen=True)
class Picker:
    """What the field's search box needs: where to search and where to put who is added."""

    workspace_slug: str
    name: str  # the field's name in the posted form
    target: str  # the id of the rendered select or checkbox list
    multiple: bool
    shown: int
    total: int


def pick_people(
    form: forms.BaseForm,
    name: str,
    *,
    shown: QuerySet[Person] | None = None,
    keep: Iterable[Any] = (),
) -> None:
    """Bound what the person field ``name`` of ``form`` renders (see the module doc).

    Call it after the field's queryset (the people it accepts, in its order) and label
    are set. ``shown`` ranks who is listed first (default: the queryset itself, in its
    order); ``keep`` adds people to list besides the submitted or initial ones.
    """
    field = model_field(form, name)
    queryset = field.queryset
    assert queryset is not None, f"{name} has no queryset"
    narrowed = narrow(
        form,
        name,
        queryset if shown is None else shown,
        keep=[*chosen(form, name), *keep],
        label=field.label_from_instance,
    )
    if narrowed is None:
        return
    note = f"Showing {narrowed.shown:,} of {narrowed.total:,} people: search to find others."
    field.help_text = f"{field.help_text} {note}" if field.help_text else note
    bound = form[name]
    field.picker = Picker(  # type: ignore[attr-defined]
        workspace_slug=_slug_of(queryset),
        name=bound.html_name,
        target=bound.auto_id or f"id_{bound.html_name}",
        multiple=isinstance(field, forms.ModelMultipleChoiceField),
        shown=narrowed.shown,
        total=narrowed.total,
    )


def _slug_of(queryset: QuerySet[Person]) -> str:
    """The slug of the workspace whose people ``queryset`` holds (it holds some)."""
    slug = (
        Workspace.objects.filter(pk__in=queryset.values("workspace_id")[:1])
        .values_list("slug", flat=True)
        .first()
    )
    return slug or ""
