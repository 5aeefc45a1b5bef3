"""Forms of the plan; choices are always limited to the partnership's own rows."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from convenor.lib.forms import VersionedModelForm
from convenor.meetings.models import ActionItem, Decision
from convenor.partners.picker import pick_people
from convenor.partnerships.models import Partnership
from convenor.planning.fields import DATE, ModelForm, PersonChoiceField, choose_from
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    ProblemStatement,
    Resource,
    Solution,
    StrategyCategory,
    WhyStep,
)
from convenor.planning.people import people_of


def _choose_problem(form: forms.BaseForm, partnership: Partnership) -> None:
    choose_from(
        form,
        "problem_statement",
        ProblemStatement.objects.filter(partnership=partnership).select_related("issue"),
        label=lambda p: f"{p.issue.title}: {p.problem[:70]}",
    )


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
        fields = ["because", "parent", "agreed_in"]
        widgets = {"because": forms.Textarea(attrs={"rows": 2})}
        labels = {"because": "Why? Because ...", "parent": "This answers why of"}
        help_texts = {
            "parent": "Leave empty to answer why the problem itself happens.",
            "agreed_in": "The decision in which the partners agreed this is the cause: a "
            "solution is chosen only for a chain that ends in an agreed cause.",
        }

    def __init__(self, *args: Any, problem_statement: ProblemStatement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = WhyStep.objects.filter(problem_statement=problem_statement)
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        choose_from(self, "parent", qs)
        choose_from(
            self,
            "agreed_in",
            Decision.objects.filter(partnership_id=problem_statement.partnership_id),
            label=lambda d: f"{d.decided_on:%Y-%m-%d}: {d.text[:80]}",
        )
        cast(
            "forms.ModelChoiceField[Any]", self.fields["parent"]
        ).empty_label = "(the problem itself)"


class SolutionForm(VersionedModelForm):
    class Meta:
        model = Solution
        fields = ["title", "description", "problem_statement", "root_cause", "status", "resource"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "status": "A solution can be chosen only once it names the “why?” step it targets "
            "and the chain under that step ends in a cause the partners agreed (a decision).",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_problem(self, partnership)
        choose_from(self, "root_cause", WhyStep.objects.filter(partnership=partnership))
        choose_from(self, "resource", Resource.objects.filter(partnership=partnership))


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = ["title", "problem_statement", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"problem_statement": "Problem statement it answers"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_problem(self, partnership)


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


class ResultForm(ModelForm):
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
            queryset=people_of(partnership.workspace_id), required=False, label="Owner"
        )
        if self.instance.pk and not self.is_bound:
            self.initial["owner"] = self.instance.owner_id
        pick_people(self, "owner")
        choose_from(
            self,
            "decision",
            Decision.objects.filter(partnership=partnership),
            label=lambda d: f"{d.decided_on:%Y-%m-%d}: {d.text[:70]}",
        )
        choose_from(self, "benchmarks", goal.benchmarks.all())
        if self.instance.pk and not self.is_bound:
            self.initial["benchmarks"] = list(
                goal.benchmarks.filter(action_items=self.instance).values_list("pk", flat=True)
            )
        if self.instance.pk:
            del self.fields["new_decision"]
        self.order_fields(["title", "owner", "due_on", "status", "decision", "new_decision"])
