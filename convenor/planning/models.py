"""Issues and the plan: the chain issue -> problem statement -> goal -> benchmark ->
action step (meetings.ActionItem) -> decision (meetings.Decision)."""

from __future__ import annotations

from django.db import models

from convenor.lib.challenges import Challenge
from convenor.lib.models import WorkspaceOwned


class IssueStatus(models.TextChoices):
    OPEN = "open", "Open"
    PRIORITISED = "prioritised", "Prioritised"
    PARKED = "parked", "Parked"
    RESOLVED = "resolved", "Resolved"


class Issue(WorkspaceOwned):
    """A challenge the partnership may take on."""

    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="issues"
    )
    title = models.CharField(max_length=200)  # SPINE
    challenge = models.CharField(max_length=30, choices=Challenge.choices)  # SPINE
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )  # SPINE
    decisions = models.ManyToManyField(  # SPINE: decisions that changed this issue
        "meetings.Decision", blank=True, related_name="issues"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ProblemStatement(WorkspaceOwned):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="problem_statements"
    )
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="problem_statements"
    )  # SPINE
    problem = models.TextField()  # SPINE
    impact = models.TextField("impact the partnership can have", blank=True)
    strategies = models.TextField("strategy categories", blank=True)

    def __str__(self) -> str:
        return self.problem[:80]


class Goal(WorkspaceOwned):
    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="goals"
    )
    problem_statement = models.ForeignKey(  # SPINE
        ProblemStatement, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals"
    )
    title = models.CharField(max_length=300)  # SPINE
    action_items = models.ManyToManyField(  # SPINE: the goal's action steps
        "meetings.ActionItem", blank=True, related_name="goals"
    )
    decisions = models.ManyToManyField(
        "meetings.Decision", blank=True, related_name="goals"
    )  # SPINE

    def __str__(self) -> str:
        return self.title


class Benchmark(WorkspaceOwned):
    """A measured indicator: baseline, target and results per period."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="benchmarks"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="benchmarks")  # SPINE
    indicator = models.CharField(max_length=300)  # SPINE
    unit = models.CharField(max_length=50, blank=True)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2)  # SPINE
    baseline_on = models.DateField()  # SPINE
    target_value = models.DecimalField(max_digits=14, decimal_places=2)  # SPINE
    target_on = models.DateField()  # SPINE

    def __str__(self) -> str:
        return self.indicator


class BenchmarkResult(WorkspaceOwned):
    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.CASCADE, related_name="results"
    )  # SPINE
    period_end = models.DateField()  # SPINE
    value = models.DecimalField(max_digits=14, decimal_places=2)  # SPINE

    class Meta:
        ordering = ["period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "period_end"], name="one_result_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.benchmark}: {self.value} at {self.period_end}"
