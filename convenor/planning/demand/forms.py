"""The form of a hiring projection; an employer partner's rows are always her own employer's."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from convenor.lib.forms import VersionedModelForm
from convenor.partners.models import Category, Organisation
from convenor.partnerships.models import Partnership
from convenor.planning.fields import choose_from
from convenor.planning.models import DISCLOSURE_RULE, HiringProjection
from convenor.planning.people import organisations_of

SOC_OPTIONS = "soc-options"
# "51-4041" or "51-4041 Machinists", as the picker's suggestions fill the field.
PICKED = re.compile(r"^\s*(\d{2}-\d{4})(?:\s+.*)?$", re.S)


class SocInput(forms.TextInput):
    """A text input whose suggestion list (filled as one types, by the occupations app's
    ``find`` view) offers SOC occupations by code or title."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # The input is rendered (escaped) by Django; the list starts empty.
        html = super().render(name, value, attrs, renderer)
        return mark_safe(f'{html}<datalist id="{SOC_OPTIONS}"></datalist>')


class SocField(forms.CharField):
    """A SOC code typed, or picked from the suggestions as "code title"; cleans to the code.
    Whether the code exists is the service's check (against the loaded labour data)."""

    widget = SocInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "").strip()
        if not text:
            return ""
        match = PICKED.match(text)
        if match is None:
            raise forms.ValidationError(
                f"{text!r} is not a SOC code: type a code like 51-4041, or part of a title and "
                "pick the occupation from the suggestions."
            )
        return match.group(1)


class ProjectionForm(VersionedModelForm):
    soc_code = SocField(
        label="SOC occupation",
        help_text="Type a code or part of a title and pick the occupation, e.g. 51-4041 "
        "(machinists). Left empty, the title is mapped to the SOC occupation it names, when it "
        "names exactly one; the title stays your label either way.",
    )

    class Meta:
        model = HiringProjection
        fields = [
            "organisation",
            "occupation_title",
            "soc_code",
            "openings_12m",
            "openings_36m",
            "skills",
        ]
        widgets = {"skills": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "openings_12m": f"Other partners see only pooled figures. {DISCLOSURE_RULE}",
            "openings_36m": "Including the next 12 months.",
            "skills": "Separate with commas, e.g. 'blueprint reading, NIMS Level I'.",
        }

    def __init__(
        self,
        *args: Any,
        partnership: Partnership,
        organisation: Organisation | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            # An employer partner enters rows for their own organisation only.
            del self.fields["organisation"]
            self.instance.organisation = organisation
        else:
            choose_from(
                self,
                "organisation",
                organisations_of(partnership).filter(category=Category.EMPLOYER),
            )
        self.instance.workspace_id = partnership.workspace_id
        # The picker: suggestions of SOC occupations by code or title, as the user types.
        find = reverse("occupations:find", kwargs={"partnership_id": partnership.pk})
        self.fields["soc_code"].widget.attrs.update(
            {
                "list": SOC_OPTIONS,
                "autocomplete": "off",
                "hx-get": find,
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{SOC_OPTIONS}",
                "hx-swap": "innerHTML",
            }
        )
