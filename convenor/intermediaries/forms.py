from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from convenor.intermediaries.models import (
    Candidate,
    ConvenerTerm,
    DeclaredInterest,
    Kind,
    Rubric,
)
from convenor.intermediaries.rubric import CRITERIA
from convenor.lib.forms import VersionedModelForm, limit_free_text
from convenor.partners.models import Organisation
from convenor.partners.picker import people_of, pick_people

SCORE_CHOICES = [
    ("", "not scored"),
    (1, "1: weak"),
    (2, "2"),
    (3, "3: adequate"),
    (4, "4"),
    (5, "5: strong"),
]
WEIGHT_CHOICES = [(0, "0: leave out"), (1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]
DATE = forms.DateInput(attrs={"type": "date"})


class OrganisationChoice(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.name} ({obj.get_category_display()})"


def organisations_of(workspace_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(workspace_id=workspace_id).order_by("name")


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class CandidateCreateForm(forms.Form):
    organisation = OrganisationChoice(
        queryset=Organisation.objects.none(),
        help_text="From the partner registry. A variety of organizations can act as an "
        "intermediary: employer organizations (chambers of commerce, trade associations), "
        "labor-management partnerships, workforce boards or one-stop centers, community "
        "colleges, training providers, faith- or community-based organizations, placement "
        "firms, or others.",
    )
    kind = forms.ChoiceField(
        label="Type of organisation",
        choices=[("", "from its registry category"), *Kind.choices],
        required=False,
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = Candidate.objects.filter(partnership=partnership).values("organisation_id")
        _choices(self, "organisation").queryset = organisations_of(
            partnership.workspace_id
        ).exclude(pk__in=taken)
        limit_free_text(self)


class CandidateForm(VersionedModelForm):
    class Meta:
        model = Candidate
        fields = [
            "kind",
            "status",
            "is_willing",
            *[name for c in CRITERIA for name in (f"{c.key}_score", f"{c.key}_evidence")],
            "notes",
            "shared_with_partners",
        ]
        widgets = {
            **{f"{c.key}_score": forms.Select(choices=SCORE_CHOICES) for c in CRITERIA},
            **{
                f"{c.key}_evidence": forms.Textarea(
                    attrs={"rows": 2, "placeholder": "What shows it: projects, staff, references"}
                )
                for c in CRITERIA
            },
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_willing"] = forms.NullBooleanField(
            label=Candidate._meta.get_field("is_willing").verbose_name.capitalize(),
            help_text=Candidate._meta.get_field("is_willing").help_text,
            required=False,
            widget=forms.NullBooleanSelect,
        )
        for c in CRITERIA:
            self.fields[f"{c.key}_evidence"].label = f"Evidence: {c.label.lower()}"
            self.fields[f"{c.key}_score"].help_text = f"{c.help} ({c.source})"


class RubricForm(VersionedModelForm):
    class Meta:
        model = Rubric
        fields = [
            *[f"{c.key}_weight" for c in CRITERIA],
            "separate_fiscal_agent",
            "fiscal_agent_note",
        ]
        widgets = {
            **{f"{c.key}_weight": forms.Select(choices=WEIGHT_CHOICES) for c in CRITERIA},
            "fiscal_agent_note": forms.Textarea(attrs={"rows": 2}),
        }


class InterestForm(VersionedModelForm):
    class Meta:
        model = DeclaredInterest
        fields = [
            "person",
            "declared_by",
            "organisation",
            "kind",
            "description",
            "declared_on",
            "ended_on",
            "shared_with_partners",
        ]
        widgets = {
            "declared_on": DATE,
            "ended_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.workspace_id = partnership.workspace_id
        self.instance.partnership = partnership
        _choices(self, "person").queryset = people_of(partnership.workspace_id).order_by("name")
        pick_people(self, "person")
        self.fields["organisation"] = OrganisationChoice(
            queryset=organisations_of(partnership.workspace_id),
            required=False,
            label="Organisation the interest is in",
            help_text=DeclaredInterest._meta.get_field("organisation").help_text,
        )
        if not self.instance.pk:
            self.initial.setdefault("declared_on", dt.date.today())


class ConvenerChangeForm(forms.Form):
    convener = OrganisationChoice(
        queryset=Organisation.objects.none(),
        help_text="The organisation that convenes from this date. The initial intermediary is "
        "not necessarily the long-term intermediary (Chapter 3).",
    )
    started_on = forms.DateField(label="From", widget=DATE)
    fiscal_agent = OrganisationChoice(
        queryset=Organisation.objects.none(),
        required=False,
        help_text="The same organisation, a separate one, or none yet. Some partnerships combine "
        "the responsibilities under one entity; others separate them (Step One).",
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Why this organisation takes the lead; required when it replaces another.",
    )
    decided_by = forms.CharField(
        label="Who decided",
        required=False,
        max_length=300,
        help_text="Recorded with the change in the decision log.",
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = organisations_of(partnership.workspace_id)
        _choices(self, "convener").queryset = orgs
        _choices(self, "fiscal_agent").queryset = orgs
        self.initial.setdefault("started_on", dt.date.today())
        limit_free_text(self)


class TermForm(VersionedModelForm):
    class Meta:
        model = ConvenerTerm
        fields = ["fiscal_agent", "started_on", "ended_on", "reason"]
        widgets = {
            "started_on": DATE,
            "ended_on": DATE,
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_agent"] = OrganisationChoice(
            queryset=organisations_of(self.instance.workspace_id),
            required=False,
            help_text=ConvenerTerm._meta.get_field("fiscal_agent").help_text,
        )
