from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet

from convenor.analysis.errors import InputError
from convenor.analysis.reference import LEVEL_LABELS, LEVELS, OWNERSHIP_LABELS, PERIOD_LABELS
from convenor.analysis.request import FIRST_YEAR, LAST_YEAR, AnalysisRequest
from convenor.analysis.score import FACTORS
from convenor.lib.forms import VersionedModelForm
from convenor.partnerships.models import Partnership
from convenor.regions.models import SavedRegion
from convenor.workspaces.models import Workspace


class RegionForm(VersionedModelForm):
    class Meta:
        model = SavedRegion
        fields = ["name", "area_codes", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, workspace: Workspace | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if workspace is not None:
            self.instance.workspace = workspace


def _weight(what: str) -> forms.CharField:
    return forms.CharField(
        label=f"Weight: {what}",
        required=False,
        max_length=20,
        widget=forms.NumberInput(attrs={"min": 0, "step": "any"}),
    )


class AnalysisForm(forms.Form):
    """The options of a regional analysis (GET parameters), turned into an
    :class:`~convenor.analysis.request.AnalysisRequest`.

    The fields only draw the inputs: the request checks every value, so a bad
    one gets the message the command line and the API give for it (shown
    beside the field and at the top of the page).
    """

    year = forms.CharField(widget=forms.Select)
    period = forms.CharField(widget=forms.Select(choices=list(PERIOD_LABELS.items())))
    ownership = forms.CharField(
        widget=forms.Select(choices=[(k, v) for k, v in OWNERSHIP_LABELS.items()])
    )
    level = forms.CharField(
        widget=forms.Select(choices=[(k, LEVEL_LABELS.get(k, k)) for k in LEVELS])
    )
    base_year = forms.CharField(
        required=False,
        max_length=10,
        widget=forms.NumberInput(attrs={"min": FIRST_YEAR, "max": LAST_YEAR}),
        help_text="Change, CAGR and shift-share start here; empty: five years back if loaded, "
        "else last year from the files' over-the-year columns.",
    )
    estimate_suppressed = forms.BooleanField(
        required=False,
        label="Estimate suppressed cells",
        help_text="Fill cells BLS does not disclose from the NAICS hierarchy; labelled estimated.",
    )
    w_size = _weight("size")
    w_concentration = _weight("concentration (LQ)")
    w_growth = _weight("growth")
    w_wages = _weight("wages")
    w_competitive = _weight("competitive effect")
    sort = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    dir = forms.CharField(required=False, max_length=10, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        codes: list[str],
        periods: list[tuple[int, str]],
        name: str | None = None,
        default_sort: str | None = None,
    ) -> None:
        years = sorted({y for y, _ in periods}, reverse=True)
        defaults = {
            "year": str(years[0]) if years else "",
            "period": "a",
            "ownership": "private",
            "level": "sector",
            "sort": default_sort or "",
        }
        if periods and not any(p == "a" for y, p in periods if y == years[0]):
            defaults["period"] = max(p for y, p in periods if y == years[0])
        merged = {**defaults, **{k: v for k, v in data.items() if v not in ("", None)}}
        super().__init__(merged)
        self.codes = codes
        self.name = name
        self.request: AnalysisRequest | None = None
        year_widget = self.fields["year"].widget
        assert isinstance(year_widget, forms.Select)
        year_widget.choices = [(y, y) for y in years]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        direction = data.get("dir") or ""
        try:
            self.request = AnalysisRequest.parse(
                self.codes,
                data.get("year"),
                period=data.get("period"),
                ownership=data.get("ownership"),
                level=data.get("level"),
                base_year=data.get("base_year"),
                estimate_suppressed=data.get("estimate_suppressed"),
                weights={f: data.get(f"w_{f}") for f in FACTORS},
                name=self.name,
                sort=data.get("sort"),
                descending=None if not direction else direction == "desc",
            )
        except InputError as exc:
            field = exc.field if exc.field in self.fields else None
            if exc.field == "weights":
                field = None
            self.add_error(field, str(exc))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label="QCEW file",
        help_text="A BLS QCEW CSV (area or industry slice, by-area file, singlefile; annual or "
        "quarterly) or a .zip of them, as downloaded from bls.gov.",
    )


class SnapshotForm(forms.Form):
    partnership: forms.ModelChoiceField[Partnership] = forms.ModelChoiceField(
        queryset=Partnership.objects.none(), label="Partnership"
    )
    industry_code = forms.ChoiceField(label="Industry", choices=())
    note = forms.CharField(
        label="Why this industry",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the partners should know: e.g. what employers said that the data confirms.",
    )

    def __init__(
        self,
        *args: Any,
        partnerships: QuerySet[Partnership],
        industries: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        partnership = self.fields["partnership"]
        assert isinstance(partnership, forms.ModelChoiceField)
        partnership.queryset = partnerships
        industry = self.fields["industry_code"]
        assert isinstance(industry, forms.ChoiceField)
        industry.choices = industries
