"""The chain of the plan: problem statement (with its "why?" chain and solutions) ->
goal -> benchmark (with results) -> action step (meetings.ActionItem) -> decision
(meetings.Decision).

Sources: "Step Four: Begin Meeting as Partners and Learn More" (problem statements, the
action plan) and "Every Partnership Needs Direction and Connection" (root causes before
solutions). Fields marked ``SPINE`` are read by other apps; keep their names and meaning.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from convenor.lib.models import WorkspaceOwned
from convenor.planning.models.issues import Issue

# --- Problem statements, root causes, solutions -------------------------------------


class StrategyCategory(models.TextChoices):
    TRAINING = "training", "Training and curricula"
    PIPELINE = "pipeline", "Recruitment and talent pipeline"
    PATHWAYS = "pathways", "Career pathways and advancement"
    SUPPORTS = "supports", "Support services (childcare, transport, language)"
    RETENTION = "retention", "HR practice and retention"
    IMAGE = "image", "Industry image and outreach"
    POLICY = "policy", "Policy and systems change"
    OTHER = "other", "Other"


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
    strategy_categories = models.JSONField("strategy categories (codes)", default=list, blank=True)

    class Meta:
        ordering = ["issue__title", "id"]

    def __str__(self) -> str:
        return self.problem[:80]

    def clean(self) -> None:
        unknown = [c for c in self.strategy_categories or [] if c not in StrategyCategory.values]
        if unknown:
            raise ValidationError(
                {"strategy_categories": f"Unknown strategy category {unknown[0]!r}."}
            )

    @property
    def strategy_labels(self) -> list[str]:
        labels = dict(StrategyCategory.choices)
        return [labels[c] for c in self.strategy_categories or [] if c in labels]


class WhyStep(WorkspaceOwned):
    """One answer to "why?" in a root-cause chain.

    A step without ``parent`` answers why the problem itself happens; a step with a
    parent answers why the parent's cause happens. Services refuse a parent that
    would close a loop.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    problem_statement = models.ForeignKey(
        ProblemStatement, on_delete=models.CASCADE, related_name="why_steps"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="answers why of",
    )
    because = models.TextField("because ...")
    # The partners' agreement that this is the cause: a solution is chosen only for a
    # chain that ends in an agreed cause (services._check_solution).
    agreed_in = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="agreed by the partners in",
        help_text="The decision in which the partners agreed this is the cause.",
    )

    class Meta:
        ordering = ["problem_statement", "id"]
        verbose_name = "why? step"

    def __str__(self) -> str:
        return self.because[:80]


class SolutionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CHOSEN = "chosen", "Chosen"
    SET_ASIDE = "set_aside", "Set aside"


class Solution(WorkspaceOwned):
    """A possible answer to a problem; chosen only once the problem and its causes are known."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="solutions"
    )
    problem_statement = models.ForeignKey(
        ProblemStatement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solutions",
        verbose_name="problem it answers",
    )
    root_cause = models.ForeignKey(
        WhyStep,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solutions",
        verbose_name="root cause it addresses",
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=SolutionStatus.choices, default=SolutionStatus.PROPOSED
    )
    resource = models.ForeignKey(
        "Resource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solutions",
        verbose_name="existing program (resource map)",
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


# --- Action plan ---------------------------------------------------------------------


class Goal(WorkspaceOwned):
    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="goals"
    )
    problem_statement = models.ForeignKey(  # SPINE
        ProblemStatement, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals"
    )
    title = models.CharField(max_length=300)  # SPINE
    description = models.TextField(blank=True)
    action_items = models.ManyToManyField(  # SPINE: the goal's action steps
        "meetings.ActionItem", blank=True, related_name="goals"
    )
    decisions = models.ManyToManyField(
        "meetings.Decision", blank=True, related_name="goals"
    )  # SPINE

    class Meta:
        ordering = ["id"]

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
    # The action steps that move this indicator (a subset of the goal's steps).
    action_items = models.ManyToManyField(
        "meetings.ActionItem", blank=True, related_name="benchmarks"
    )

    class Meta:
        ordering = ["goal", "id"]

    def __str__(self) -> str:
        return self.indicator

    def clean(self) -> None:
        if self.baseline_on and self.target_on and self.target_on <= self.baseline_on:
            raise ValidationError(
                {"target_on": "The target date must come after the baseline date."}
            )
        if self.baseline_value is not None and self.baseline_value == self.target_value:
            raise ValidationError(
                {"target_value": "The target equals the baseline: there is no change to measure."}
            )

    def span_text(self) -> str:
        return f"{self.baseline_on:%Y-%m-%d} to {self.target_on:%Y-%m-%d}"


class BenchmarkResult(WorkspaceOwned):
    benchmark = models.ForeignKey(
        Benchmark, on_delete=models.CASCADE, related_name="results"
    )  # SPINE
    period_end = models.DateField()  # SPINE
    value = models.DecimalField(max_digits=14, decimal_places=2)  # SPINE
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["benchmark", "period_end"], name="one_result_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.benchmark}: {self.value} at {self.period_end}"

    @property
    def partnership_id(self) -> int:  # for the access helpers
        return self.benchmark.partnership_id

    def clean(self) -> None:
        b = self.benchmark
        if self.period_end and (self.period_end < b.baseline_on or self.period_end > b.target_on):
            raise ValidationError(
                {
                    "period_end": f"The period ending {self.period_end:%Y-%m-%d} is outside this "
                    f"benchmark's span ({b.span_text()}); record results between the baseline "
                    "and the target date, or change the benchmark's dates first."
                }
            )
