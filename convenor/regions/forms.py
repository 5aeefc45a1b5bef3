from __future__ import annotations

from django import forms

from convenor.analysis.reference import LEVEL_LABELS, LEVELS, OWNERSHIPS, PERIOD_LABELS
from convenor.analysis.score import FACTORS
from convenor.lib.forms import VersionedModelForm
from convenor.regions.models import SavedRegion


class RegionForm(VersionedModelForm):
    class Meta:
        model = SavedRegion
        fields = ["name", "area_codes", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workspace is not None:
            self.instance.workspace = workspace


class AnalysisForm(forms.Form):
    """The inputs of a regional analysis (GET parameters)."""

    year = forms.TypedChoiceField(coerce=int, choices=())
    period = forms.ChoiceField(choices=list(PERIOD_LABELS.items()), initial="a")
    ownership = forms.ChoiceField(choices=[(o, o.title()) for o in OWNERSHIPS], initial="private")
    level = forms.ChoiceField(
        choices=[(k, LEVEL_LABELS.get(k, k)) for k in LEVELS], initial="sector"
    )
    base_year = forms.IntegerField(
        required=False,
        min_value=1975,
        max_value=2100,
        help_text="Change, CAGR and shift-share start here; empty: five years back if loaded, "
        "else last year from the files' over-the-year columns.",
    )
    estimate_suppressed = forms.BooleanField(
        required=False,
        label="Estimate suppressed cells",
        help_text="Fill cells BLS does not disclose from the NAICS hierarchy; labelled estimated.",
    )
    w_size = forms.FloatField(label="Weight: size", min_value=0, max_value=100, required=False)
    w_concentration = forms.FloatField(
        label="Weight: concentration (LQ)", min_value=0, max_value=100, required=False
    )
    w_growth = forms.FloatField(label="Weight: growth", min_value=0, max_value=100, required=False)
    w_wages = forms.FloatField(label="Weight: wages", min_value=0, max_value=100, required=False)
    w_competitive = forms.FloatField(
        label="Weight: competitive effect", min_value=0, max_value=100, required=False
    )

    def __init__(self, data, *, periods: list[tuple[int, str]]):
        years = sorted({y for y, _ in periods}, reverse=True)
        defaults = {
            "year": str(years[0]) if years else "",
            "period": "a",
            "ownership": "private",
            "level": "sector",
        }
        if periods and not any(p == "a" for y, p in periods if y == years[0]):
            defaults["period"] = max(p for y, p in periods if y == years[0])
        merged = {**defaults, **{k: v for k, v in data.items() if v not in ("", None)}}
        super().__init__(merged)
        self.fields["year"].choices = [(y, y) for y in years]

    def weights_text(self) -> str:
        return ",".join(
            f"{f}={self.cleaned_data.get(f'w_{f}')}"
            for f in FACTORS
            if self.cleaned_data.get(f"w_{f}") is not None
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="QCEW file",
        help_text="A BLS QCEW CSV (area or industry slice, by-area file, singlefile; annual or "
        "quarterly) or a .zip of them, as downloaded from bls.gov.",
    )


class SnapshotForm(forms.Form):
    partnership = forms.ModelChoiceField(queryset=None, label="Partnership")
    industry_code = forms.ChoiceField(label="Industry", choices=())
    note = forms.CharField(
        label="Why this industry",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the partners should know: e.g. what employers said that the data confirms.",
    )

    def __init__(self, *args, partnerships, industries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["industry_code"].choices = industries
