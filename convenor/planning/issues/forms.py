"""Forms of issues, evidence, past efforts and prioritisation; choices are always limited
to the partnership's own rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from convenor.lib.challenges import CHALLENGE_GROUPS
from convenor.lib.forms import VersionedModelForm
from convenor.meetings.models import Meeting
from convenor.outreach.models import Touch
from convenor.partners.models import Person
from convenor.partners.picker import pick_people
from convenor.partnerships.models import Partnership
from convenor.planning.fields import DATE, ModelForm, PersonChoiceField, choose_from
from convenor.planning.models import (
    Issue,
    IssueEvidence,
    IssueStatus,
    PastEffort,
    PrioritisationRound,
    Resource,
)
from convenor.planning.people import organisations_of, people_of
from convenor.regions.models import AnalysisSnapshot


class IssueForm(VersionedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenge"].choices = [  # type: ignore[attr-defined]
            ("", "---------"),
            *[
                (group, [(c.value, c.label) for c in codes])
                for group, codes in CHALLENGE_GROUPS.items()
            ],
        ]

    class Meta:
        model = Issue
        fields = ["title", "challenge", "description", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "challenge": "The type of employer challenge (the toolkit's typology).",
            "title": "The issue in the partners' words, e.g. 'CNC machinists: no qualified "
            "applicants'.",
        }


class EvidenceForm(ModelForm):
    class Meta:
        model = IssueEvidence
        fields = ["kind", "analysis", "title", "url", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "analysis": "A regional industry analysis saved for this partnership "
            "(“why this industry”).",
            "title": "E.g. 'QCEW 2024: machinery manufacturing employment down 6%' or "
            "'Employer survey, March'. Filled from the analysis when left empty.",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "analysis", AnalysisSnapshot.objects.filter(partnership=partnership))
        self.fields["title"].required = False
        self.fields["url"].assume_scheme = "https"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and not data.get("analysis"):
            self.add_error("title", "Name the source, or pick a saved analysis.")
        return data


class TouchLinkForm(forms.Form):
    touches = forms.ModelMultipleChoiceField(
        queryset=Touch.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Touches where it was raised",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(
            self,
            "touches",
            Touch.objects.filter(partnership=partnership),
            label=lambda t: (
                f"{t.occurred_on:%Y-%m-%d} · {t.get_method_display()}"
                + (f" · {t.purpose}" if t.purpose else "")
            ),
        )


class PastEffortForm(VersionedModelForm):
    class Meta:
        model = PastEffort
        fields = [
            "kind",
            "who",
            "organisation",
            "when",
            "what_happened",
            "why_not_work",
            "how_to_scale",
            "resource",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "why_not_work": forms.Textarea(attrs={"rows": 3}),
            "how_to_scale": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "resource": "An existing program: link it to the resource map entry.",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "organisation", organisations_of(partnership))
        choose_from(self, "resource", Resource.objects.filter(partnership=partnership))


class RoundForm(ModelForm):
    class Meta:
        model = PrioritisationRound
        fields = ["title", "method", "meeting", "issues"]
        widgets = {"issues": forms.CheckboxSelectMultiple}
        help_texts = {"issues": "Every open issue is on the ballot unless you untick it."}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "meeting", Meeting.objects.filter(partnership=partnership))
        issues = Issue.objects.filter(partnership=partnership).exclude(status=IssueStatus.RESOLVED)
        choose_from(self, "issues", issues)
        if not self.is_bound:
            self.initial["issues"] = [i.pk for i in issues if i.status == IssueStatus.OPEN]
            self.initial["title"] = f"Prioritisation {timezone.localdate():%B %Y}"


class PaperBallotPersonForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label="Whose paper ballot")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "person", people_of(partnership.workspace_id))
        pick_people(self, "person")


class ConsensusForm(forms.Form):
    chosen_issues = forms.ModelMultipleChoiceField(
        queryset=Issue.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Issues the partners agreed to take on",
    )
    consensus = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Consensus, in the partners' words",
        help_text="Recorded in the decision log. Leave empty to write the chosen issues.",
    )
    decided_on = forms.DateField(widget=DATE, label="Decided on")
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False)

    def __init__(
        self, *args: Any, round: PrioritisationRound, top: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "chosen_issues", round.issues.all())
        choose_from(self, "meeting", Meeting.objects.filter(partnership_id=round.partnership_id))
        if not self.is_bound:
            self.initial.update(
                chosen_issues=top, decided_on=timezone.localdate(), meeting=round.meeting_id
            )
