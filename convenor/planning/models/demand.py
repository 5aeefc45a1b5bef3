"""Employer demand: each employer's expected openings for critical jobs, and the
constants of the disclosure rule that pools them (``planning.demand.disclosure``)."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from convenor.lib.models import WorkspaceOwned
from convenor.partners.models import Category

SOC_PATTERN = re.compile(r"^\d{2}-\d{4}$")

# The disclosure rule for pooled employer demand (``planning.demand.disclosure``),
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
