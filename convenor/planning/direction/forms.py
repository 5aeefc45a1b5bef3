"""Forms of the direction, the organisational chart and the logic model."""

from __future__ import annotations

from typing import Any

from django import forms

from convenor.lib.forms import VersionedModelForm
from convenor.meetings.models import Meeting
from convenor.partners.picker import pick_people
from convenor.partnerships.models import Partnership
from convenor.planning.fields import DATE, choose_from
from convenor.planning.models import (
    Benchmark,
    Direction,
    Goal,
    GovernanceRole,
    Issue,
    LogicModelEntry,
    ProblemStatement,
)
from convenor.planning.people import people_of


class DirectionForm(VersionedModelForm):
    name = forms.CharField(
        label="Name of the effort",
        max_length=150,
        help_text="Naming the effort is an easy, fun way to create buy-in and ownership, e.g. "
        "'The Manufacturing Roundtable' or 'M-Powered'.",
    )
    mission = forms.CharField(
        label="Mission / vision for change",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    partnership_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Direction
        fields = [
            "mission_adopted_at",
            "mission_adopted_on",
            "areas_for_analysis",
            "coordinator",
            "coordinator_from",
            "coordinator_hours",
            "staffing_notes",
            "internal_communication",
            "external_messaging",
        ]
        widgets = {
            "mission_adopted_on": DATE,
            "areas_for_analysis": forms.Textarea(attrs={"rows": 3}),
            "staffing_notes": forms.Textarea(attrs={"rows": 2}),
            "internal_communication": forms.Textarea(attrs={"rows": 3}),
            "external_messaging": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "mission_adopted_on": "Filled from the meeting when left empty.",
            "coordinator": "A part-time or full-time coordinator from the convening organisation "
            "or from a partner organisation.",
        }

    field_order = ["name", "mission"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "mission_adopted_at", Meeting.objects.filter(partnership=partnership))
        choose_from(self, "coordinator", people_of(partnership.workspace_id))
        pick_people(self, "coordinator")
        if not self.is_bound:
            self.initial.update(
                name=partnership.name,
                mission=partnership.mission,
                partnership_version=partnership.version,
            )


class GovernanceRoleForm(VersionedModelForm):
    class Meta:
        model = GovernanceRole
        fields = ["title", "person", "holder", "reports_to", "duties"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "person", people_of(partnership.workspace_id))
        pick_people(self, "person")
        roles = GovernanceRole.objects.filter(partnership=partnership)
        if self.instance.pk:
            roles = roles.exclude(pk=self.instance.pk)
        choose_from(self, "reports_to", roles)


class LogicEntryForm(VersionedModelForm):
    class Meta:
        model = LogicModelEntry
        fields = [
            "column",
            "text",
            "position",
            "issue",
            "problem_statement",
            "leads_to",
            "goals",
            "benchmarks",
        ]
        widgets = {
            "leads_to": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "benchmarks": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "position": "Order within the column (lower first).",
            "issue": "For an activity: the issue it addresses.",
            "problem_statement": "For an activity: the problem statement it addresses.",
            "leads_to": "The outputs and outcomes this entry leads to (columns to its right).",
            "goals": "The action plan's goals that measure it.",
            "benchmarks": "The benchmarks that measure it.",
        }

    def __init__(
        self, *args: Any, partnership: Partnership, links: bool = True, **kwargs: Any
    ) -> None:
        """``links=False``: the quick add form under the model, with the issue only; the
        other links are set on the entry's own form, once there is something to link."""
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        if not self.instance.pk:
            self.fields["position"].initial = None
            self.fields["position"].help_text = "Order within the column; empty: at the end."
        choose_from(self, "issue", Issue.objects.filter(partnership=partnership))
        if not links:
            for name in ("problem_statement", "leads_to", "goals", "benchmarks"):
                del self.fields[name]
            return
        choose_from(
            self,
            "problem_statement",
            ProblemStatement.objects.filter(partnership=partnership).select_related("issue"),
            label=lambda ps: f"{ps.issue.title}: {ps.problem[:90]}",
        )
        entries = LogicModelEntry.objects.filter(partnership=partnership)
        if self.instance.pk:
            entries = entries.exclude(pk=self.instance.pk)
        choose_from(
            self,
            "leads_to",
            entries,
            label=lambda e: f"{e.get_column_display()}: {e.text[:90]}",
        )
        choose_from(self, "goals", Goal.objects.filter(partnership=partnership))
        choose_from(
            self,
            "benchmarks",
            Benchmark.objects.filter(partnership=partnership).select_related("goal"),
            label=lambda b: f"{b.indicator} ({b.goal.title})",
        )
