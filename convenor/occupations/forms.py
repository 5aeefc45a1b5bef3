"""Forms of occupations: the analysis options (GET), programs, their import, saving an
analysis and citing it as evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet

from convenor.analysis.errors import InputError
from convenor.analysis.occupations.score import FACTORS
from convenor.analysis.reference import OWNERSHIP_LABELS, PERIOD_LABELS
from convenor.lib.challenges import Challenge
from convenor.lib.forms import VersionedModelForm
from convenor.lib.words import counted
from convenor.occupations.labour import OccupationRequest
from convenor.occupations.models import TrainingProgram
from convenor.partners.models import Organisation
from convenor.planning.fields import DATE, choose_from
from convenor.planning.models import Issue

FACTOR_LABELS = {
    "size": "size in the industry",
    "openings": "openings",
    "wage": "wage",
    "training": "training needed",
}


def _weight(name: str) -> forms.CharField:
    return forms.CharField(
        label=f"Weight: {FACTOR_LABELS.get(name, name)}",
        required=False,
        max_length=20,
        widget=forms.NumberInput(attrs={"min": 0, "step": "any"}),
    )


class OccupationOptionsForm(forms.Form):
    """The options of an occupation analysis (GET parameters), turned into an
    :class:`OccupationRequest`, which checks every value (the API's messages)."""

    industry = forms.CharField(
        max_length=10,
        help_text="The target industry's NAICS code (a sector such as 31-33 or 62, or 3-6 digits).",
    )
    year = forms.CharField(max_length=10)
    period = forms.CharField(widget=forms.Select(choices=list(PERIOD_LABELS.items())))
    ownership = forms.CharField(widget=forms.Select(choices=list(OWNERSHIP_LABELS.items())))
    estimate_suppressed = forms.BooleanField(
        required=False,
        label="Estimate a suppressed QCEW figure",
        help_text="From the NAICS hierarchy; the estimates are then labelled estimated.",
    )
    w_size = _weight("size")
    w_openings = _weight("openings")
    w_wage = _weight("wage")
    w_training = _weight("training")

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        codes: list[str] | tuple[str, ...],
        defaults: Mapping[str, Any],
        name: str | None = None,
        fixed: bool = False,
    ) -> None:
        """``defaults`` fill what the query leaves out; ``fixed`` (the partnership page)
        keeps the region, industry and year of the partnership's saved analysis."""
        merged = {**defaults}
        merged.update({k: v for k, v in data.items() if v not in ("", None)})
        if fixed:
            merged.update({k: defaults[k] for k in ("industry", "year", "period", "ownership")})
        super().__init__(merged)
        self.codes = list(codes)
        self.name = name
        self.fixed = fixed
        self.request: OccupationRequest | None = None

    def weights(self, data: Mapping[str, Any]) -> str:
        return ",".join(
            f"{f}={str(data.get(f'w_{f}')).strip()}"
            for f in FACTORS
            if str(data.get(f"w_{f}") or "").strip()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.request = OccupationRequest.parse(
                self.codes,
                data.get("industry"),
                data.get("year"),
                period=data.get("period"),
                ownership=data.get("ownership"),
                weights=self.weights(data),
                estimate_suppressed=data.get("estimate_suppressed"),
                name=self.name,
            )
        except InputError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, str(exc))
        return data


class ProgramForm(VersionedModelForm):
    class Meta:
        model = TrainingProgram
        fields = [
            "organisation",
            "name",
            "cip_code",
            "award_level",
            "completers",
            "capacity",
            "next_cohort_start",
        ]
        widgets = {"next_cohort_start": DATE}

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        own: Organisation | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if own is not None:
            # A training partner enters programs for her own organisation only.
            del self.fields["organisation"]
            self.instance.organisation = own
        else:
            choose_from(self, "organisation", organisations)
        self.fields["cip_code"].widget.attrs.update({"placeholder": "48.0501"})


class ProgramImportForm(forms.Form):
    file = forms.FileField(
        label="Programs (CSV or XLSX)",
        help_text="Columns: name, cip_code, award_level, completers or capacity, provider, "
        "next_cohort_start. Every row is imported, or none.",
    )
    provider: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Provider of every row",
        help_text="Leave empty when the file has a provider column.",
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "provider", organisations)


class SnapshotSaveForm(forms.Form):
    note = forms.CharField(
        label="Why it matters",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the partners should know, e.g. which challenge the figures verify.",
    )


class EvidenceAttachForm(forms.Form):
    """Cite a saved analysis for an issue, or for a challenge heard in outreach."""

    issue = forms.ModelChoiceField(
        queryset=Issue.objects.none(), required=False, label="Issue", empty_label="(none)"
    )
    challenge = forms.ChoiceField(
        required=False, label="or a challenge employers raised", choices=()
    )
    note = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        issues: list[Issue],
        heard: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        issue = self.fields["issue"]
        assert isinstance(issue, forms.ModelChoiceField)
        issue.queryset = Issue.objects.filter(pk__in=[i.pk for i in issues]).order_by("title")
        challenge = self.fields["challenge"]
        assert isinstance(challenge, forms.ChoiceField)
        challenge.choices = [("", "(none)")] + [
            (c.code, f"{Challenge(c.code).label} ({counted(c.employers, 'employer')})")
            for c in heard
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("issue") and data.get("challenge"):
            self.add_error("challenge", "Choose an issue or a challenge heard, not both.")
        elif not data.get("issue") and not data.get("challenge"):
            self.add_error("issue", "Choose an issue or a challenge heard.")
        return data
