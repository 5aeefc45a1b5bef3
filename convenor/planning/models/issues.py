"""Issues the partnership may take on, their evidence, past and existing efforts, and
the prioritisation rounds in which partners rate them.

Sources: "Step Four: Begin Meeting as Partners and Learn More" (prioritising issues) and
"Every Partnership Needs Direction and Connection" (past and existing efforts).
Fields marked ``SPINE`` are read by other apps (readiness, health); keep their names
and meaning.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from convenor.lib.challenges import Challenge
from convenor.lib.models import WorkspaceOwned

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


# --- Past and existing efforts ------------------------------------------------------


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
