"""The partnership: the container of everything a sector initiative does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from convenor.lib.models import WorkspaceOwned
from convenor.partnerships.naics import check_naics

if TYPE_CHECKING:
    from convenor.workspaces.models import Membership


class LifeCycleStage(models.TextChoices):
    """The life cycle of a sector initiative (toolkit chapter 3)."""

    NEEDS_ASSESSMENT = "needs_assessment", "Regional needs assessment"
    CONVENING = "convening", "Convening"
    PLANNING = "planning", "Planning"
    IMPLEMENTATION = "implementation", "Implementation"
    SUSTAINING = "sustaining", "Sustaining and evolving"


# Named apart from the other app's stages: the API schema names an enum by its class.
Stage = LifeCycleStage

STAGE_HELP = {
    Stage.NEEDS_ASSESSMENT: "Prioritise an industry from regional data, or verify with data a "
    "challenge employers raised.",
    Stage.CONVENING: "Choose the intermediary, identify the right mix of partners and engage "
    "them one-on-one.",
    Stage.PLANNING: "Meet as partners: prioritise issues, write problem statements, a mission, "
    "a logic model and an action plan.",
    Stage.IMPLEMENTATION: "Carry out the action plan; meet regularly with a clear objective.",
    Stage.SUSTAINING: "Keep momentum: evolve the plan, the resource map and the partnership.",
}


def validate_naics(value: str) -> None:
    """A code of the NAICS list (``partnerships.naics``): the message names a code that
    does not exist."""
    check_naics(value)


class Partnership(WorkspaceOwned):
    # The caller's membership, attached by convenor.workspaces.access (not a field).
    membership: Membership
    name = models.CharField(
        "name of the effort",
        max_length=150,
        help_text="Naming the effort creates buy-in and ownership, "
        "e.g. 'The Manufacturing Roundtable'.",
    )
    industry_naics = models.CharField(
        "target industry (NAICS)",
        max_length=6,
        blank=True,
        validators=[validate_naics],
        help_text="NAICS code, sector (31-33) to 6 digits.",
    )
    industry_title = models.CharField("industry title", max_length=200, blank=True)
    region = models.CharField(
        max_length=200,
        blank=True,
        help_text="The region the partnership serves, e.g. 'Central Ohio (7 counties)'.",
    )
    saved_region = models.ForeignKey(
        "regions.SavedRegion",
        verbose_name="saved region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        help_text="The counties the partnership serves, as saved under Regions: its analysis "
        "is the partnership's regional needs assessment. Its name fills the region.",
    )
    stage = models.CharField(
        "life-cycle stage", max_length=20, choices=Stage.choices, default=Stage.NEEDS_ASSESSMENT
    )
    mission = models.TextField("mission / vision", blank=True)
    started_on = models.DateField("started on", null=True, blank=True)
    ended_on = models.DateField("ended on", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"], name="partnership_name_unique_in_workspace"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", kwargs={"partnership_id": self.pk})

    @property
    def industry_label(self) -> str:
        if self.industry_naics and self.industry_title:
            return f"{self.industry_title} (NAICS {self.industry_naics})"
        return self.industry_title or (
            f"NAICS {self.industry_naics}" if self.industry_naics else ""
        )

    def clean(self) -> None:
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The end date is before the start date."})
