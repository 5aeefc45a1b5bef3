"""Training programs of the education and training partners, occupation analyses saved
with their figures, and the links that make such an analysis evidence for a challenge.

The figures come from the engine (``convenor.analysis.occupations``); these models keep
what partners recorded (programs) and what the partnership saved and cited.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from convenor.analysis.occupations.evidence import CODES as DATA_CODES
from convenor.analysis.occupations.supply import AWARD_LEVELS
from convenor.lib.challenges import Challenge
from convenor.lib.models import WorkspaceOwned
from convenor.partners.models import Category

CIP_PATTERN = re.compile(r"^\d{2}\.\d{4}$")

# Who records programs: any partner that trains people (toolkit, Step Two: colleges and
# training providers, the public workforce system, labor's apprenticeships, community
# organisations and associations that run courses, employers sponsoring a registered
# apprenticeship or an in-house academy), not elected officials.
TRAINING_CATEGORIES = tuple(c for c in Category if c != Category.ELECTED)
NOT_A_TRAINER = (
    "{organisation} is recorded as an elected official's office: programs come from the "
    "partners that train people (colleges, training providers, the workforce system, labor, "
    "employers' apprenticeships, community organisations, associations)."
)
AWARD_CHOICES = [(key, label) for key, (label, _rank) in AWARD_LEVELS.items()]


def validate_cip(value: str) -> None:
    if not CIP_PATTERN.match(value or ""):
        raise ValidationError(
            "%(value)s is not a 6-digit CIP code: use the form 51.3801.", params={"value": value}
        )


class TrainingProgram(WorkspaceOwned):
    """A program an education or training partner runs for the partnership's occupations."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="training_programs"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="training_programs",
        verbose_name="provider",
    )
    name = models.CharField("program", max_length=200)
    cip_code = models.CharField(
        "CIP code",
        max_length=7,
        validators=[validate_cip],
        help_text="CIP 2020, e.g. 48.0501 (machine tool technology).",
    )
    award_level = models.CharField("award", max_length=20, choices=AWARD_CHOICES)
    completers = models.PositiveIntegerField(
        "annual completers", null=True, blank=True, help_text="People who finish it in a year."
    )
    capacity = models.PositiveIntegerField(
        "annual capacity",
        null=True,
        blank=True,
        help_text="Seats a year, when completers are not known yet (a new program).",
    )
    next_cohort_start = models.DateField("next cohort starts", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        verbose_name = "training program"

    def __str__(self) -> str:
        return self.name

    @property
    def annual(self) -> int | None:
        """Completers, else capacity: what the supply counts."""
        return self.completers if self.completers is not None else self.capacity

    @property
    def basis(self) -> str:
        return "completers" if self.completers is not None else "capacity"

    def clean(self) -> None:
        if self.completers is None and self.capacity is None:
            raise ValidationError(
                {"completers": "Give the annual completers, or the capacity for a new program."}
            )
        if self.organisation_id and self.organisation.category not in TRAINING_CATEGORIES:
            raise ValidationError(
                {"organisation": NOT_A_TRAINER.format(organisation=self.organisation)}
            )

    def as_engine_row(self) -> dict[str, Any]:
        """The row :func:`convenor.analysis.occupations.read_programs` checks."""
        return {
            "cip_code": self.cip_code,
            "award_level": self.award_level,
            "completers": self.completers,
            "capacity": self.capacity,
            "name": self.name,
            "provider": self.organisation.name,
        }


class OccupationSnapshot(WorkspaceOwned):
    """An occupation analysis of the partnership's target industry saved with its figures:
    the critical occupations, the supply and gap table and the evidence for challenges."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="occupation_snapshots"
    )
    region = models.ForeignKey(
        "regions.SavedRegion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occupation_snapshots",
    )
    region_name = models.CharField(max_length=300)
    area_codes = models.CharField(max_length=2000)
    industry_code = models.CharField(max_length=10)
    industry_title = models.CharField(max_length=200)
    # year, period, ownership, weights, estimate_suppressed, oews/wage years, EP edition
    inputs = models.JSONField()
    meta = models.JSONField(help_text="The engine's meta: QCEW figure, pattern, wages, notes.")
    rows = models.JSONField(help_text="The critical occupations then (best scores first).")
    gap = models.JSONField(
        null=True, blank=True, help_text="Supply and gap table, or null without programs."
    )
    evidence = models.JSONField(default=list, help_text="Figures for the employer challenges.")
    fingerprint = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "saved occupation analysis"
        verbose_name_plural = "saved occupation analyses"

    def __str__(self) -> str:
        year = self.inputs.get("year") if isinstance(self.inputs, dict) else None
        return f"Occupations of {self.industry_title} in {self.region_name} ({year})"

    def figures_for(self, challenge: str) -> list[dict[str, Any]]:
        """The saved evidence items about one challenge code (including ``cannot_show``)."""
        return [e for e in self.evidence or [] if e.get("challenge") == challenge]


class OccupationEvidence(WorkspaceOwned):
    """A saved occupation analysis cited as data evidence for an issue, or for a challenge
    employers raised in outreach ("a challenge raised by employers must be verified via
    data analysis and information collection")."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    snapshot = models.ForeignKey(
        OccupationSnapshot, on_delete=models.CASCADE, related_name="evidence_links"
    )
    issue = models.ForeignKey(
        "planning.Issue",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="occupation_evidence",
    )
    challenge = models.CharField(max_length=30, choices=Challenge.choices)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["challenge", "id"]
        verbose_name = "occupation evidence"
        verbose_name_plural = "occupation evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "issue", "challenge"], name="occupation_evidence_once"
            ),
            models.UniqueConstraint(
                fields=["snapshot", "challenge"],
                condition=models.Q(issue__isnull=True),
                name="occupation_evidence_heard_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} for {self.get_challenge_display()}"

    @property
    def figures(self) -> list[dict[str, Any]]:
        return self.snapshot.figures_for(self.challenge)


def data_can_speak_to(code: str) -> bool:
    """Whether the occupation engine has figures for this challenge code."""
    return code in DATA_CODES
