from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q

from convenor.assessment.models import GroupPhaseNote, ReadinessAnswer, Tension
from convenor.lib.forms import VersionedModelForm, limit_free_text
from convenor.meetings.models import Meeting
from convenor.partners.choices import model_field
from convenor.partners.models import Organisation
from convenor.partnerships.models import Stage

DATE = forms.DateInput(attrs={"type": "date"})


class ReadinessAnswerForm(VersionedModelForm):
    class Meta:
        model = ReadinessAnswer
        fields = ["status", "answer", "evidence", "shared_with_partners"]
        widgets = {
            "status": forms.RadioSelect,
            "answer": forms.Textarea(attrs={"rows": 3}),
            "evidence": forms.Textarea(attrs={"rows": 3, "placeholder": "https://..."}),
        }


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    moved_on = forms.DateField(label="Date of the move", widget=DATE)
    reason = forms.CharField(
        label="Why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when a criterion is unmet or when going back a stage; recorded with "
        "the move in the decision log.",
    )
    decided_by = forms.CharField(
        label="Who decided",
        required=False,
        max_length=300,
        help_text="E.g. 'the employer advisory group, at the March meeting'. Employers chart the "
        "course of the partnership.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("moved_on", dt.date.today())
        limit_free_text(self)


class PhaseNoteForm(forms.ModelForm):
    class Meta:
        model = GroupPhaseNote
        fields = ["phase", "noted_on", "note", "meeting"]
        widgets = {"noted_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "meeting").queryset = Meeting.objects.filter(
            partnership=partnership
        ).order_by("-starts_at")
        self.initial.setdefault("noted_on", dt.date.today())
        limit_free_text(self)


class TensionForm(VersionedModelForm):
    """Record a tension, or edit it: reconcile it (saying how), set it aside, reopen it."""

    class Meta:
        model = Tension
        fields = [
            "kind",
            "what",
            "raised_on",
            "organisations",
            "meeting",
            "status",
            "resolution",
            "reconciled_on",
            "shared_with_partners",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "what": forms.Textarea(attrs={"rows": 3}),
            "raised_on": DATE,
            "organisations": forms.CheckboxSelectMultiple,
            "status": forms.RadioSelect,
            "resolution": forms.Textarea(attrs={"rows": 3}),
            "reconciled_on": DATE,
        }

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The organisations at this partnership's table (directly or through a person), and
        # any already named; all of the partnership's workspace.
        chosen = (
            list(self.instance.organisations.values_list("pk", flat=True))
            if self.instance.pk
            else []
        )
        model_field(self, "organisations").queryset = (
            Organisation.objects.filter(workspace_id=partnership.workspace_id)
            .filter(
                Q(memberships__partnership=partnership)
                | Q(people__memberships__partnership=partnership)
                | Q(pk__in=chosen)
            )
            .distinct()
            .order_by("name")
        )
        self.fields["organisations"].help_text = "The partners at the table the tension is between."
        model_field(self, "meeting").queryset = Meeting.objects.filter(
            partnership=partnership
        ).order_by("-starts_at")
        self.fields["reconciled_on"].help_text = "Today when left empty on reconciling."
        self.initial.setdefault("raised_on", dt.date.today())
