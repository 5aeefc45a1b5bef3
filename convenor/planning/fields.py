"""Form pieces the subjects' forms share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet

from convenor.partners.models import Person

if TYPE_CHECKING:  # the stubs make these generic; Django's classes take no parameters
    ModelForm = forms.ModelForm[Any]
    _PersonField = forms.ModelChoiceField[Person]
else:
    ModelForm = forms.ModelForm
    _PersonField = forms.ModelChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(_PersonField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation})" if obj.organisation_id else obj.name


def choose_from(
    form: forms.BaseForm,
    name: str,
    queryset: QuerySet[Any],
    *,
    label: Callable[[Any], str] | None = None,
) -> None:
    """Limit the model choice field ``name`` of ``form`` to ``queryset`` (always the
    partnership's or workspace's own rows), labelled by ``label`` when given."""
    field = cast("forms.ModelChoiceField[Any]", form.fields[name])
    field.queryset = queryset
    if label is not None:
        field.label_from_instance = label  # type: ignore[method-assign,assignment]
