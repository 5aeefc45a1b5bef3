"""Choosing the intermediary (convener) of a partnership.

Candidates come from the partner registry and are scored on a rubric drawn
from "Step One: Identify and Employ the Right Partnership Intermediary";
declared interests of staff and partners are recorded; the history of who
convened (and who was fiscal agent) is kept, because "the initial intermediary
... is not necessarily the long-term intermediary" (Chapter 3).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from convenor.intermediaries.rubric import CRITERIA, DEFAULT_WEIGHT, Criterion
from convenor.lib.models import WorkspaceOwned

STEP_ONE = "Step One: Identify and Employ the Right Partnership Intermediary"
# Scores judge an organisation's self-interest and interests name people's ties: the
# team's by default, shown to partner-role members only when the convener chooses.
SHARE_HELP = (
    "Partner-role members of a shared partnership see {what} only when this is ticked; "
    "staff and viewers always do."
)


class Kind(models.TextChoices):
    """The organisations that can act as an intermediary (Step One), plus a single employer."""

    EMPLOYER_ORGANISATION = (
        "employer_organisation",
        "Employer organisation (chamber of commerce, trade association)",
    )
    LABOR_MANAGEMENT = "labor_management", "Labor-management partnership"
    WORKFORCE_BOARD = "workforce_board", "Workforce board or one-stop center"
    COMMUNITY_COLLEGE = "community_college", "Community college"
    TRAINING_PROVIDER = "training_provider", "Training provider"
    COMMUNITY = "community", "Community- or faith-based organisation"
    PLACEMENT_FIRM = "placement_firm", "Placement firm"
    SINGLE_EMPLOYER = "single_employer", "A single employer"
    OTHER = "other", "Other"


class CandidateStatus(models.TextChoices):
    CONSIDERING = "considering", "Considering"
    SHORTLISTED = "shortlisted", "Shortlisted"
    SELECTED = "selected", "Selected"
    DECLINED = "declined", "Declined or not chosen"


def _score_field(label: str, help_text: str) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=help_text,
    )


def _criterion(key: str) -> Criterion:
    return next(c for c in CRITERIA if c.key == key)


class Candidate(WorkspaceOwned):
    """An organisation considered as the partnership's intermediary, scored 1-5 per criterion."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="intermediary_candidates"
    )
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(
        "type of organisation",
        max_length=30,
        choices=Kind.choices,
        help_text="A variety of organizations can act as an intermediary; to avoid conflicts of "
        "interest they are not typically a single employer or a single training provider "
        f"({STEP_ONE}).",
    )
    status = models.CharField(
        max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.CONSIDERING
    )
    is_willing = models.BooleanField(
        "willing to take the lead",
        null=True,
        blank=True,
        help_text="Is there a willing and knowledgeable intermediary (or convener) to take the "
        "lead? (Chapter 3, the four questions)",
    )
    understanding_score = _score_field(
        _criterion("understanding").label, _criterion("understanding").help
    )
    understanding_evidence = models.TextField("evidence", blank=True)
    staffing_score = _score_field(_criterion("staffing").label, _criterion("staffing").help)
    staffing_evidence = models.TextField("evidence", blank=True)
    employers_score = _score_field(_criterion("employers").label, _criterion("employers").help)
    employers_evidence = models.TextField("evidence", blank=True)
    systems_score = _score_field(_criterion("systems").label, _criterion("systems").help)
    systems_evidence = models.TextField("evidence", blank=True)
    fiscal_score = _score_field(_criterion("fiscal").label, _criterion("fiscal").help)
    fiscal_evidence = models.TextField("evidence", blank=True)
    neutrality_score = _score_field(_criterion("neutrality").label, _criterion("neutrality").help)
    neutrality_evidence = models.TextField("evidence", blank=True)
    notes = models.TextField(blank=True)
    shared_with_partners = models.BooleanField(
        "show to partners",
        default=False,
        help_text=SHARE_HELP.format(what="this candidate and its scores (neutrality included)"),
    )

    class Meta:
        ordering = ["partnership", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_candidacy_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} (candidate intermediary)"

    def scores(self) -> dict[str, int | None]:
        return {c.key: getattr(self, f"{c.key}_score") for c in CRITERIA}

    def evidence(self) -> dict[str, str]:
        return {c.key: getattr(self, f"{c.key}_evidence") for c in CRITERIA}

    def clean(self) -> None:
        if (
            self.organisation_id
            and self.workspace_id
            and self.organisation.workspace_id != self.workspace_id
        ):
            raise ValidationError(
                {"organisation": "That organisation belongs to another workspace."}
            )


class Rubric(WorkspaceOwned):
    """The partnership's weights for the rubric and its fiscal-agent choice."""

    partnership = models.OneToOneField(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="intermediary_rubric"
    )
    understanding_weight = models.PositiveSmallIntegerField(
        _criterion("understanding").label, default=DEFAULT_WEIGHT, validators=[MaxValueValidator(5)]
    )
    staffing_weight = models.PositiveSmallIntegerField(
        _criterion("staffing").label, default=DEFAULT_WEIGHT, validators=[MaxValueValidator(5)]
    )
    employers_weight = models.PositiveSmallIntegerField(
        _criterion("employers").label, default=DEFAULT_WEIGHT, validators=[MaxValueValidator(5)]
    )
    systems_weight = models.PositiveSmallIntegerField(
        _criterion("systems").label, default=DEFAULT_WEIGHT, validators=[MaxValueValidator(5)]
    )
    fiscal_weight = models.PositiveSmallIntegerField(
        _criterion("fiscal").label, default=1, validators=[MaxValueValidator(5)]
    )
    neutrality_weight = models.PositiveSmallIntegerField(
        _criterion("neutrality").label, default=DEFAULT_WEIGHT, validators=[MaxValueValidator(5)]
    )
    separate_fiscal_agent = models.BooleanField(
        "a separate organisation will be the fiscal agent",
        default=False,
        help_text="Some partnerships combine the responsibilities under one entity; others "
        "separate them to focus on policy and practice changes without the administrative "
        f"burden of fiscal management ({STEP_ONE}). When separate, the fiscal-agent "
        "criterion is left out of the comparison.",
    )
    fiscal_agent_note = models.TextField(
        "why this fiscal arrangement", blank=True, help_text="The choice and its reasons."
    )

    class Meta:
        verbose_name = "intermediary rubric"

    def __str__(self) -> str:
        return f"Intermediary rubric of partnership {self.partnership_id}"

    def weights(self) -> dict[str, int]:
        return {c.key: getattr(self, f"{c.key}_weight") for c in CRITERIA}


class InterestKind(models.TextChoices):
    EMPLOYMENT = "employment", "Works for, or is paid by"
    BOARD = "board", "Board or committee seat"
    FINANCIAL = "financial", "Financial: contracts, funding, tuition or placement revenue"
    PERSONAL = "personal", "Family or personal relationship"
    OTHER = "other", "Other"


class DeclaredInterest(WorkspaceOwned):
    """An interest a staff member or partner declares, shown where it bears on a decision."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="declared_interests"
    )
    person = models.ForeignKey(
        "partners.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="A partner from the registry, or leave empty and name the staff member below.",
    )
    declared_by = models.CharField(
        "declared by",
        max_length=200,
        blank=True,
        help_text="Name of the staff member or partner declaring (filled from the person).",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation the interest is in",
        help_text="The organisation that could gain or lose from the partnership's decisions.",
    )
    kind = models.CharField(max_length=20, choices=InterestKind.choices)
    description = models.TextField(
        help_text="What the interest is, e.g. 'sits on the board of Columbus State Community "
        "College, which bids for the training contract'."
    )
    declared_on = models.DateField()
    ended_on = models.DateField("no longer holds from", null=True, blank=True)
    shared_with_partners = models.BooleanField(
        "show to partners", default=False, help_text=SHARE_HELP.format(what="this interest")
    )

    class Meta:
        ordering = ["-declared_on", "-id"]

    def __str__(self) -> str:
        who = self.declared_by or (self.person.name if self.person else "someone")
        return f"{who}: {self.get_kind_display()}"

    def clean(self) -> None:
        if not self.person_id and not self.declared_by.strip():
            raise ValidationError({"declared_by": "Name who declares the interest."})
        for field in ("person", "organisation"):
            obj = getattr(self, field)
            if obj is not None and self.workspace_id and obj.workspace_id != self.workspace_id:
                raise ValidationError({field: "That record belongs to another workspace."})
        # full_clean runs clean() after a null date was already refused: compare only dates.
        if self.ended_on and self.declared_on and self.ended_on < self.declared_on:
            raise ValidationError({"ended_on": "The end is before the declaration."})


class ConvenerTerm(WorkspaceOwned):
    """Who convened the partnership, and who was fiscal agent, from when to when, and why."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="convener_terms"
    )
    convener = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    convener_name = models.CharField("convener", max_length=200)
    fiscal_agent = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The intermediary may or may not be the fiscal agent of a sector initiative.",
    )
    fiscal_agent_name = models.CharField("fiscal agent", max_length=200, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reason = models.TextField(
        "why",
        blank=True,
        help_text="Why this organisation took the lead, or why the convener changed.",
    )
    decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["partnership", "started_on", "id"]

    def __str__(self) -> str:
        return f"{self.convener_name} from {self.started_on}"

    @property
    def fiscal_agent_is_convener(self) -> bool:
        return bool(self.fiscal_agent_id and self.fiscal_agent_id == self.convener_id)

    def clean(self) -> None:
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end is before the start."})
