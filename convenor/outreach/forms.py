from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from convenor.lib.challenges import CHALLENGE_GROUPS
from convenor.lib.forms import VersionedModelForm
from convenor.outreach.models import PAIN_LEVELS, RecruitmentMaterial, Touch
from convenor.partners.choices import chosen, model_field, narrow, search
from convenor.partners.forms import person_label
from convenor.partners.models import Category, Organisation, PartnershipMember, Person
from convenor.partners.picker import pick_people
from convenor.partnerships.models import Partnership
from convenor.workspaces.models import Role

DATE = forms.DateInput(attrs={"type": "date"})
CHALLENGE_CHOICES = [
    (group, [(c.value, c.label) for c in members]) for group, members in CHALLENGE_GROUPS.items()
]


class TouchForm(VersionedModelForm):
    challenges = forms.MultipleChoiceField(
        label="Challenges heard",
        choices=CHALLENGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Coded by the typology of employer challenges, so the partnership page can "
        "count how many employers raised each one.",
    )
    pain_level = forms.TypedChoiceField(
        label="Pain level heard",
        choices=[("", "not asked"), *PAIN_LEVELS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="The level of 'pain' they feel with their current workforce challenges "
        "(Step Three: Engage and Enlist).",
    )
    advance_pipeline = forms.BooleanField(
        label="Move the partners reached along the pipeline",
        required=False,
        initial=True,
        help_text="A one-on-one or company tour moves them to 'met one-on-one'; a call, e-mail "
        "or meeting to 'contacted'. Only forward, dated with this touch.",
    )

    class Meta:
        model = Touch
        fields = [
            "occurred_on",
            "method",
            "people",
            "organisations",
            "purpose",
            "by_organisation",
            "heard",
            "pain_level",
            "challenges",
            "follow_up_on",
            "follow_up_owner",
            "follow_up_done",
        ]
        widgets = {
            "occurred_on": DATE,
            "follow_up_on": DATE,
            "heard": forms.Textarea(attrs={"rows": 4}),
            "people": forms.SelectMultiple(attrs={"size": 8}),
            "organisations": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {
            "method": "The most important method is talking to representatives of the target "
            "industry one-on-one (Step Three: Engage and Enlist).",
            "purpose": "Why you met: to engage them, to learn about the industry, or both.",
            "follow_up_owner": "Who follows up; it appears on their due follow-ups list.",
        }

    def __init__(
        self, *args: Any, partnership: Partnership, query: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        ws = partnership.workspace_id
        self.instance.workspace_id = ws
        self.instance.partnership = partnership
        people = Person.objects.filter(workspace_id=ws).select_related("organisation")
        orgs = Organisation.objects.filter(workspace_id=ws)
        model_field(self, "people").queryset = people.order_by("name")
        # Django's way to label one form's options: an attribute of the field instance.
        model_field(self, "people").label_from_instance = person_label  # type: ignore[assignment]
        model_field(self, "organisations").queryset = orgs.order_by("name")
        model_field(self, "by_organisation").queryset = orgs.exclude(
            category=Category.EMPLOYER
        ).order_by("name")
        # In a large registry the lists show the partnership's members (or the search).
        at_table = PartnershipMember.objects.filter(partnership=partnership)
        if query:
            shown_people = search(people, query, "name", "organisation__name", "email")
            shown_orgs = search(orgs, query, "name")
        else:
            shown_people = people.filter(
                Q(memberships__partnership=partnership)
                | Q(organisation__memberships__partnership=partnership)
            ).distinct()
            shown_orgs = orgs.filter(pk__in=at_table.values("organisation_id"))
        keep_people = chosen(self, "people") or (
            list(self.instance.people.values_list("pk", flat=True)) if self.instance.pk else []
        )
        keep_orgs = chosen(self, "organisations") or (
            list(self.instance.organisations.values_list("pk", flat=True))
            if self.instance.pk
            else []
        )
        pick_people(self, "people", shown=shown_people.order_by("name"), keep=keep_people)
        narrow(self, "organisations", shown_orgs.order_by("name"), keep=keep_orgs)
        model_field(self, "follow_up_owner").queryset = (
            get_user_model()
            .objects.filter(
                memberships__workspace_id=ws, memberships__role__in=[Role.OWNER, Role.STAFF]
            )
            .order_by("name", "email")
        )
        if self.instance.pk:
            del self.fields["advance_pipeline"]
        else:
            del self.fields["follow_up_done"]

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        data["challenges"] = list(data.get("challenges") or [])
        return data

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("people") and not data.get("organisations"):
            self.add_error("people", "Choose who you talked to (a person or an organisation).")
        return data


class RecruitmentForm(VersionedModelForm):
    class Meta:
        model = RecruitmentMaterial
        fields = ["purpose", "benefits", "roles", "contact"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "benefits": forms.Textarea(attrs={"rows": 6}),
            "roles": forms.Textarea(attrs={"rows": 6}),
        }


class PointOfContactForm(forms.Form):
    """Who coordinates asks to an employer: a person at one of the partner organisations."""

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Point of contact",
        help_text="A person at one of the partner organisations who coordinates asks to this "
        "employer. Empty: no point of contact.",
    )
    notes = forms.CharField(required=False, max_length=300)
    # The version of the point of contact as read (0: there was none), so a change made
    # meanwhile by someone else is not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, employer: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_field(self, "person").queryset = (
            Person.objects.filter(workspace_id=employer.workspace_id, organisation__isnull=False)
            .exclude(organisation=employer)
            .select_related("organisation")
            .order_by("name")
        )
        model_field(self, "person").label_from_instance = person_label  # type: ignore[assignment]
        pick_people(self, "person")
