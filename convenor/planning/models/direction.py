"""How the effort is run: mission adoption, governance (the organisational chart) and
the logic model.

Source: "Step Four: Begin Meeting as Partners and Learn More" (mission, governance and
operational structures, the logic model).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from convenor.lib.models import WorkspaceOwned

# --- Direction and governance ------------------------------------------------------


class CoordinatorFrom(models.TextChoices):
    CONVENER = "convener", "The convening organisation"
    PARTNER = "partner", "A partner organisation"


class Direction(WorkspaceOwned):
    """Mission adoption, areas for further analysis and governance of a partnership.

    The effort's name and its mission text live on the partnership (one source for
    every app); this holds where the mission was adopted and how the effort is run.
    """

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="direction"
    )
    mission_adopted_at = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="mission adopted at meeting",
    )
    mission_adopted_on = models.DateField("mission adopted on", null=True, blank=True)
    areas_for_analysis = models.TextField("areas for further in-depth analysis", blank=True)
    coordinator = models.ForeignKey(
        "partners.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    coordinator_from = models.CharField(
        "coordinator comes from", max_length=20, choices=CoordinatorFrom.choices, blank=True
    )
    coordinator_hours = models.DecimalField(
        "coordinator hours per week",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    staffing_notes = models.TextField("staffing arrangements", blank=True)
    internal_communication = models.TextField("internal communication plan", blank=True)
    external_messaging = models.TextField("external messaging", blank=True)

    def __str__(self) -> str:
        return f"Direction of {self.partnership_id}"


class GovernanceRole(WorkspaceOwned):
    """A box of the organisational chart: a role, who holds it, whom it reports to."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="governance_roles"
    )
    title = models.CharField(max_length=200)
    person = models.ForeignKey(
        "partners.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    holder = models.CharField("held by (if not a person on record)", max_length=200, blank=True)
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    duties = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "governance role"

    def __str__(self) -> str:
        return self.title


# --- Logic model -------------------------------------------------------------------


class LogicColumn(models.TextChoices):
    """Left to right, as the familiar logic-model diagram reads."""

    INPUTS = "inputs", "Inputs"
    ACTIVITIES = "activities", "Activities"
    OUTPUTS = "outputs", "Outputs"
    SHORT = "short", "Short-term outcomes"
    MEDIUM = "medium", "Medium-term outcomes"
    LONG = "long", "Long-term outcomes"
    IMPACT = "impact", "Impact"


class LogicModelEntry(WorkspaceOwned):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="logic_model_entries"
    )
    column = models.CharField(max_length=20, choices=LogicColumn.choices)
    text = models.CharField(max_length=500)
    position = models.PositiveIntegerField(default=0)
    # The links the diagram draws and the findings check: what an activity addresses, what
    # it leads to (entries in columns to its right) and the goals and benchmarks that
    # measure it. An activity that leads nowhere or an outcome nothing leads to is flagged.
    issue = models.ForeignKey(
        "planning.Issue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logic_entries",
        verbose_name="addresses issue",
    )
    problem_statement = models.ForeignKey(
        "planning.ProblemStatement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="logic_entries",
        verbose_name="addresses problem statement",
    )
    leads_to = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="led_from", verbose_name="leads to"
    )
    goals = models.ManyToManyField(
        "planning.Goal", blank=True, related_name="logic_entries", verbose_name="measured by goals"
    )
    benchmarks = models.ManyToManyField(
        "planning.Benchmark",
        blank=True,
        related_name="logic_entries",
        verbose_name="measured by benchmarks",
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "logic model entry"
        verbose_name_plural = "logic model entries"

    def __str__(self) -> str:
        return self.text[:80]
