"""Forms of communications: compose an update, create an input link, answer the pulse."""

from __future__ import annotations

from typing import Any

from django import forms

from convenor.comms.models import InputLink, PulseAnswer, Update
from convenor.lib.forms import VersionedModelForm, limit_free_text
from convenor.meetings.models import Meeting
from convenor.partners.models import Category, MemberRole, Person, Stage
from convenor.partners.picker import people_of, pick_people
from convenor.partnerships.models import Partnership
from convenor.planning.models import PrioritisationRound


class UpdateForm(VersionedModelForm):
    categories = forms.MultipleChoiceField(
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Partner categories",
        help_text="None ticked: every category.",
    )
    stages = forms.MultipleChoiceField(
        choices=Stage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Pipeline stages",
        help_text="None ticked: every stage.",
    )
    roles = forms.MultipleChoiceField(
        choices=MemberRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Roles",
        help_text="None ticked: every role.",
    )

    class Meta:
        model = Update
        fields = ["subject", "body", "categories", "stages", "roles"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class InputLinkForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none())
    purpose = forms.ChoiceField(choices=InputLink.Purpose.choices)
    round = forms.ModelChoiceField(
        queryset=PrioritisationRound.objects.none(),
        required=False,
        help_text="For a ballot: the round to rate.",
    )
    meeting = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        required=False,
        help_text="For the pulse question: the meeting it follows.",
    )
    send = forms.BooleanField(
        required=False, initial=True, label="E-mail the link to the person now"
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(  # type: ignore[attr-defined]
            partnership.workspace_id
        ).order_by("name")
        pick_people(self, "person")
        self.fields["round"].queryset = PrioritisationRound.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        )
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        )


class PulseForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[(k, f"{k} · {v}") for k, v in PulseAnswer.SCALE.items()],
        coerce=int,
        widget=forms.RadioSelect,
        label="Does this effort support your organisation's needs?",
    )
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything to add? (optional)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_free_text(self)
