"""Issues and the plan: the chain issue -> problem statement -> goal -> benchmark ->
action step (meetings.ActionItem) -> decision (meetings.Decision).

Sources: "Step Four: Begin Meeting as Partners and Learn More" (prioritising issues,
problem statements, the logic model and action plan, mission, governance), "Every
Partnership Needs Direction and Connection" (root causes before solutions, past and
existing efforts) and "Every Initiative Needs a Way to Maintain Momentum and Energy"
(naming the effort, the resource map or program scan).

Fields marked ``SPINE`` are read by other apps (readiness, health); keep their names
and meaning.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from convenor.lib.challenges import Challenge
from convenor.lib.models import WorkspaceOwned
from convenor.partners.models import Category

# --- Issues and their evidence ----------------------------------------------------


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
    # Evidence: the one-on-ones and other touches where employers raised it.
    touches = models.ManyToManyField(
        "outreach.Touch", blank=True, related_name="planning_issues", verbose_name="raised in"
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class EvidenceKind(models.TextChoices):
    DATA = "data", "Labour-market data"
    ANALYSIS = "analysis", "Saved labour-market analysis"
    EMPLOYER_REPORT = "employer_report", "Employer report"
    SOURCE = "source", "Other source"


class IssueEvidence(WorkspaceOwned):
    """A source behind an issue besides the touches: data, a report, a saved analysis.

    A saved labour-market analysis of the partnership (a ``regions`` snapshot) is linked
    by ``analysis``; other sources are cited by title and address.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.DATA)
    title = models.CharField(max_length=300)
    url = models.URLField("address", max_length=500, blank=True)
    note = models.TextField(blank=True)
    analysis = models.ForeignKey(
        "regions.AnalysisSnapshot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planning_evidence",
        verbose_name="saved analysis",
    )

    class Meta:
        ordering = ["issue", "id"]
        verbose_name = "evidence"
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title


# --- Prioritisation ---------------------------------------------------------------


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open for ratings"
    CLOSED = "closed", "Closed"


RATING_MIN, RATING_MAX = 1, 5


class PrioritisationRound(WorkspaceOwned):
    """Partners rate every issue on the ballot for importance and feasibility (1-5).

    The sample first-meeting agenda of Step Four: "guiding a process for their
    prioritization". Rounds are kept, so a later round can be compared with earlier ones.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="prioritisation_rounds"
    )
    title = models.CharField(max_length=200)
    method = models.CharField(
        "method",
        max_length=300,
        blank=True,
        default="Each partner rates every issue 1-5 for importance and for feasibility.",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prioritisation_rounds",
        verbose_name="held at meeting",
    )
    opened_on = models.DateField()
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issues = models.ManyToManyField(
        Issue, related_name="rounds", verbose_name="issues on the ballot"
    )
    consensus = models.TextField("consensus", blank=True)
    chosen_issues = models.ManyToManyField(
        Issue, blank=True, related_name="chosen_in_rounds", verbose_name="issues chosen"
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prioritisation_rounds",
    )

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "prioritisation round"

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class Rating(WorkspaceOwned):
    """One partner's rating of one issue in one round."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    round = models.ForeignKey(PrioritisationRound, on_delete=models.CASCADE, related_name="ratings")
    person = models.ForeignKey(
        "partners.Person", on_delete=models.CASCADE, related_name="planning_ratings"
    )
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="ratings")
    importance = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    feasibility = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    # Who the voter represented when voting, so old rounds stay comparable after
    # a person changes organisation.
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_employer = models.BooleanField("employer's vote", default=False)
    on_paper = models.BooleanField("paper ballot entered by staff", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["round", "person", "issue"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "issue"], name="one_rating_per_person_issue_round"
            ),
            models.CheckConstraint(
                condition=Q(importance__gte=RATING_MIN, importance__lte=RATING_MAX)
                & Q(feasibility__gte=RATING_MIN, feasibility__lte=RATING_MAX),
                name="ratings_from_one_to_five",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.issue_id}: {self.importance}/{self.feasibility}"


# --- Problem statements, root causes, solutions, past efforts ----------------------


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


class EffortKind(models.TextChoices):
    TRIED_BEFORE = "tried_before", "We tried that before"
    EXISTS = "exists", "Someone already does that"


class PastEffort(WorkspaceOwned):
    """ "We tried that 10 years ago" or "so-and-so has been doing that for years"."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="past_efforts")
    kind = models.CharField(max_length=20, choices=EffortKind.choices)
    who = models.CharField(max_length=300, help_text="Who ran it or runs it.")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    when = models.CharField(max_length=100, help_text="E.g. '2015-2016' or 'for years'.")
    what_happened = models.TextField("what happened")
    why_not_work = models.TextField(
        "why it did not work",
        blank=True,
        help_text="It may not have been the right solution, because the actual problem was "
        "never identified.",
    )
    how_to_scale = models.TextField("how it could scale", blank=True)
    resource = models.ForeignKey(
        "Resource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="past_efforts",
        verbose_name="on the resource map",
    )

    class Meta:
        ordering = ["issue", "id"]
        verbose_name = "past or existing effort"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.who}"

    def clean(self) -> None:
        if self.kind == EffortKind.TRIED_BEFORE and not self.why_not_work.strip():
            raise ValidationError(
                {
                    "why_not_work": "Ask why it did not work: there may be a good reason the "
                    "earlier effort is sitting on a shelf."
                }
            )


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

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "logic model entry"
        verbose_name_plural = "logic model entries"

    def __str__(self) -> str:
        return self.text[:80]


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


# --- Resource map ----------------------------------------------------------------------


class ResourceKind(models.TextChoices):
    PROGRAM = "program", "Program"
    FUNDING = "funding", "Funding stream"
    POLICY = "policy", "Policy"


class FundingSource(models.TextChoices):
    WIOA_I = "wioa_1", "WIOA Title I (adult, dislocated worker, youth)"
    WIOA_II = "wioa_2", "WIOA Title II: adult education and literacy"
    WIOA_III = "wioa_3", "WIOA Title III: Wagner-Peyser employment services"
    WIOA_IV = "wioa_4", "WIOA Title IV: vocational rehabilitation"
    ADULT_EDUCATION = "adult_education", "Adult education (state or local)"
    VOCATIONAL_REHABILITATION = "vocational_rehab", "Vocational rehabilitation (state)"
    TANF = "tanf", "TANF"
    PERKINS = "perkins", "Perkins V (career and technical education)"
    APPRENTICESHIP = "apprenticeship", "Registered apprenticeship"
    EMPLOYER = "employer", "Employer funds"
    STATE = "state", "Other state funds"
    PHILANTHROPY = "philanthropy", "Philanthropy"
    OTHER = "other", "Other"


class Resource(WorkspaceOwned):
    """A program, funding stream or policy on the resource map (program scan)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="resources"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=ResourceKind.choices, default=ResourceKind.PROGRAM
    )
    owner_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="owner organisation",
    )
    owner_name = models.CharField(
        "owner (if not an organisation on record)", max_length=200, blank=True
    )
    description = models.TextField(blank=True)
    eligibility = models.TextField(blank=True)
    capacity = models.CharField(max_length=200, blank=True, help_text="E.g. '40 seats a year'.")
    funding_sources = models.JSONField(default=list, blank=True)
    issues = models.ManyToManyField(
        Issue, blank=True, related_name="resources", verbose_name="issues it bears on"
    )
    url = models.URLField("address", max_length=500, blank=True)
    last_reviewed_on = models.DateField("last reviewed", null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = [c for c in self.funding_sources or [] if c not in FundingSource.values]
        if unknown:
            raise ValidationError({"funding_sources": f"Unknown funding source {unknown[0]!r}."})

    @property
    def funding_labels(self) -> list[str]:
        labels = dict(FundingSource.choices)
        return [labels[c] for c in self.funding_sources or [] if c in labels]

    @property
    def owner_label(self) -> str:
        return str(self.owner_organisation) if self.owner_organisation_id else self.owner_name


class ResourceMapVersion(WorkspaceOwned):
    """The whole resource map as it stood after one change; the map's history."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="resource_map_versions"
    )
    number = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    change = models.CharField(max_length=300)
    snapshot = models.JSONField(default=list)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="one_resource_map_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"Resource map version {self.number}"


# --- Employer demand -----------------------------------------------------------------------

SOC_PATTERN = re.compile(r"^\d{2}-\d{4}$")

# The disclosure rule for pooled employer demand (see ``selectors.disclosure_reason``),
# after the count and dominance rules statistical agencies use (BLS QCEW, Census p%):
# a pool of fewer than MIN_EMPLOYERS_FOR_TOTALS employers is never shown, nor one where
# an employer, subtracting its own rows, would be left with a rest that is zero or more
# than MAX_SHARE_PERCENT one other employer's.
MIN_EMPLOYERS_FOR_TOTALS = 3
MAX_SHARE_PERCENT = 80

DISCLOSURE_RULE = (
    f"A pooled figure is shown only when at least {MIN_EMPLOYERS_FOR_TOTALS} employers "
    "contribute to it and no contributing employer, subtracting its own rows from it, would "
    f"be left with a rest that is zero or more than {MAX_SHARE_PERCENT}% one other "
    "employer's (checked on the 12-month openings, the 36-month openings and their "
    "difference)."
)


def validate_soc(value: str) -> None:
    if value and not SOC_PATTERN.match(value):
        raise ValidationError(
            "%(value)s is not a SOC code: use the form 51-4041.", params={"value": value}
        )


class HiringProjection(WorkspaceOwned):
    """An employer's expected openings for a critical job."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="hiring_projections"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="hiring_projections",
        verbose_name="employer",
    )
    occupation_title = models.CharField("occupation", max_length=200)
    soc_code = models.CharField("SOC code", max_length=7, blank=True, validators=[validate_soc])
    openings_12m = models.PositiveIntegerField("openings in the next 12 months")
    openings_36m = models.PositiveIntegerField("openings in the next 36 months")
    skills = models.TextField("skills or credentials required", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "occupation_title"]
        verbose_name = "hiring projection"

    def __str__(self) -> str:
        return f"{self.occupation_title} ({self.organisation_id})"

    def clean(self) -> None:
        if (
            self.openings_12m is not None
            and self.openings_36m is not None
            and self.openings_36m < self.openings_12m
        ):
            raise ValidationError(
                {
                    "openings_36m": "Openings in the next 36 months include the next 12: they "
                    "cannot be fewer."
                }
            )
        if self.organisation_id and self.organisation.category != Category.EMPLOYER:
            raise ValidationError(
                {"organisation": "Hiring projections come from employers; pick an employer."}
            )
