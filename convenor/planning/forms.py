"""Forms of the planning pages. Choices are always limited to the partnership's own rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from convenor.lib.challenges import CHALLENGE_GROUPS
from convenor.lib.forms import VersionedModelForm
from convenor.meetings.models import ActionItem, Decision, Meeting
from convenor.outreach.models import Touch
from convenor.partners.models import Organisation, Person
from convenor.partnerships.models import Partnership
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    Issue,
    IssueEvidence,
    IssueStatus,
    PastEffort,
    PrioritisationRound,
    ProblemStatement,
    Resource,
    Solution,
    StrategyCategory,
    WhyStep,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _people(partnership: Partnership):
    return Person.objects.filter(workspace_id=partnership.workspace_id).select_related(
        "organisation"
    )


def _organisations(partnership: Partnership):
    return Organisation.objects.filter(workspace_id=partnership.workspace_id)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation})" if obj.organisation_id else obj.name


class IssueForm(VersionedModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenge"].choices = [
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


class EvidenceForm(forms.ModelForm):
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
        from convenor.regions.models import AnalysisSnapshot

        self.fields["analysis"].queryset = AnalysisSnapshot.objects.filter(partnership=partnership)
        self.fields["title"].required = False
        self.fields["url"].assume_scheme = "https"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
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
        self.fields["touches"].queryset = Touch.objects.filter(partnership=partnership)
        self.fields["touches"].label_from_instance = lambda t: (
            f"{t.occurred_on:%Y-%m-%d} · {t.get_method_display()}"
            + (f" · {t.purpose}" if t.purpose else "")
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
        self.fields["organisation"].queryset = _organisations(partnership)
        self.fields["resource"].queryset = Resource.objects.filter(partnership=partnership)


class ProblemStatementForm(VersionedModelForm):
    strategy_categories = forms.MultipleChoiceField(
        choices=StrategyCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Strategy categories",
    )

    class Meta:
        model = ProblemStatement
        fields = ["problem", "impact", "strategy_categories", "strategies"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "impact": forms.Textarea(attrs={"rows": 3}),
            "strategies": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"strategies": "Strategies in more detail"}
        help_texts = {
            "problem": "The problem, as the partners state it.",
            "impact": "The impact the partnership can have on it, short term and lasting.",
        }


class WhyStepForm(VersionedModelForm):
    class Meta:
        model = WhyStep
        fields = ["because", "parent"]
        widgets = {"because": forms.Textarea(attrs={"rows": 2})}
        labels = {"because": "Why? Because ...", "parent": "This answers why of"}
        help_texts = {"parent": "Leave empty to answer why the problem itself happens."}

    def __init__(self, *args: Any, problem_statement: ProblemStatement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = WhyStep.objects.filter(problem_statement=problem_statement)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = qs
        self.fields["parent"].empty_label = "(the problem itself)"


class SolutionForm(VersionedModelForm):
    class Meta:
        model = Solution
        fields = ["title", "description", "problem_statement", "root_cause", "status", "resource"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "status": "A solution can be chosen only once its problem statement and at least "
            "one “why?” step exist.",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problem_statement"].queryset = ProblemStatement.objects.filter(
            partnership=partnership
        ).select_related("issue")
        self.fields["problem_statement"].label_from_instance = lambda p: (
            f"{p.issue.title}: {p.problem[:70]}"
        )
        self.fields["root_cause"].queryset = WhyStep.objects.filter(partnership=partnership)
        self.fields["resource"].queryset = Resource.objects.filter(partnership=partnership)


class RoundForm(forms.ModelForm):
    class Meta:
        model = PrioritisationRound
        fields = ["title", "method", "meeting", "issues"]
        widgets = {"issues": forms.CheckboxSelectMultiple}
        help_texts = {"issues": "Every open issue is on the ballot unless you untick it."}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(partnership=partnership)
        issues = Issue.objects.filter(partnership=partnership).exclude(status=IssueStatus.RESOLVED)
        self.fields["issues"].queryset = issues
        if not self.is_bound:
            self.initial["issues"] = [i.pk for i in issues if i.status == IssueStatus.OPEN]
            self.initial["title"] = f"Prioritisation {timezone.localdate():%B %Y}"


class PaperBallotPersonForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label="Whose paper ballot")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people(partnership)


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

    def __init__(self, *args: Any, round: PrioritisationRound, top: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["chosen_issues"].queryset = round.issues.all()
        self.fields["meeting"].queryset = Meeting.objects.filter(
            partnership_id=round.partnership_id
        )
        if not self.is_bound:
            self.initial.update(
                chosen_issues=top, decided_on=timezone.localdate(), meeting=round.meeting_id
            )


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = ["title", "problem_statement", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"problem_statement": "Problem statement it answers"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problem_statement"].queryset = ProblemStatement.objects.filter(
            partnership=partnership
        ).select_related("issue")
        self.fields["problem_statement"].label_from_instance = lambda p: (
            f"{p.issue.title}: {p.problem[:70]}"
        )


class BenchmarkForm(VersionedModelForm):
    class Meta:
        model = Benchmark
        fields = ["indicator", "unit", "baseline_value", "baseline_on", "target_value", "target_on"]
        widgets = {"baseline_on": DATE, "target_on": DATE}
        help_texts = {
            "indicator": "What is measured, e.g. 'Graduates of the CNC certificate hired by "
            "partner employers'.",
            "unit": "E.g. people, %, days.",
        }


class ResultForm(forms.ModelForm):
    class Meta:
        model = BenchmarkResult
        fields = ["period_end", "value", "note"]
        widgets = {"period_end": DATE}
        labels = {"period_end": "Period ending", "value": "Result"}

    def __init__(self, *args: Any, benchmark: Benchmark, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.benchmark = benchmark
        self.instance.workspace_id = benchmark.workspace_id
        self.fields[
            "period_end"
        ].help_text = f"Within the benchmark's span: {benchmark.span_text()}."


class ActionStepForm(VersionedModelForm):
    new_decision = forms.CharField(
        label="... or record the decision now",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What was decided; it goes into the decision log with today's date.",
    )
    benchmarks = forms.ModelMultipleChoiceField(
        queryset=Benchmark.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Benchmarks it moves",
    )

    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due_on", "status", "decision"]
        widgets = {"due_on": DATE}
        labels = {"title": "Action step", "decision": "Decision that created it"}

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partnership = goal.partnership
        self.fields["owner"] = PersonChoiceField(
            queryset=_people(partnership), required=False, label="Owner"
        )
        if self.instance.pk and not self.is_bound:
            self.initial["owner"] = self.instance.owner_id
        self.fields["decision"].queryset = Decision.objects.filter(partnership=partnership)
        self.fields["decision"].label_from_instance = lambda d: (
            f"{d.decided_on:%Y-%m-%d}: {d.text[:70]}"
        )
        self.fields["benchmarks"].queryset = goal.benchmarks.all()
        if self.instance.pk and not self.is_bound:
            self.initial["benchmarks"] = list(
                goal.benchmarks.filter(action_items=self.instance).values_list("pk", flat=True)
            )
        if self.instance.pk:
            del self.fields["new_decision"]
        self.order_fields(["title", "owner", "due_on", "status", "decision", "new_decision"])

    def changes(self) -> dict[str, Any]:
        return {n: self.cleaned_data[n] for n in self._meta.fields if n in self.cleaned_data}
