"""The form of a resource-map entry."""

from __future__ import annotations

from typing import Any

from django import forms

from convenor.lib.forms import VersionedModelForm
from convenor.partnerships.models import Partnership
from convenor.planning.fields import DATE, choose_from
from convenor.planning.models import FundingSource, Issue, Resource
from convenor.planning.models.demand import validate_soc
from convenor.planning.people import organisations_of


class ResourceForm(VersionedModelForm):
    funding_sources = forms.MultipleChoiceField(
        choices=FundingSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Funding sources",
    )
    soc_codes = forms.CharField(
        label="Occupations (SOC codes)",
        required=False,
        help_text="The occupations it prepares people for, separated by commas, e.g. "
        "51-4041, 51-9061. With “people a year”, the map compares it with employers' "
        "pooled openings for them.",
    )

    class Meta:
        model = Resource
        fields = [
            "name",
            "kind",
            "owner_organisation",
            "owner_name",
            "description",
            "eligibility",
            "capacity",
            "capacity_per_year",
            "soc_codes",
            "funding_sources",
            "issues",
            "url",
            "last_reviewed_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "issues": forms.CheckboxSelectMultiple,
            "last_reviewed_on": DATE,
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["url"].assume_scheme = "https"  # type: ignore[attr-defined]
        choose_from(self, "owner_organisation", organisations_of(partnership))
        choose_from(self, "issues", Issue.objects.filter(partnership=partnership))
        if not self.is_bound and self.instance.pk:
            self.initial["soc_codes"] = ", ".join(self.instance.soc_codes or [])

    def clean_soc_codes(self) -> list[str]:
        raw = self.cleaned_data.get("soc_codes") or ""
        codes = list(dict.fromkeys(c.strip() for c in raw.replace(";", ",").split(",")))
        codes = [c for c in codes if c]
        for code in codes:
            validate_soc(code)
        return codes
