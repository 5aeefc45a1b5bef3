"""The resource map (program scan): programs, funding streams and policies, and the
map's history as versions of the whole map.

Source: "Every Initiative Needs a Way to Maintain Momentum and Energy".
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from convenor.lib.models import WorkspaceOwned
from convenor.planning.models.issues import Issue


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
    # The figures the resource map's demand finding compares: people a year against the
    # openings employers pooled for the same occupations (planning.demand).
    capacity_per_year = models.PositiveIntegerField(
        "people a year",
        null=True,
        blank=True,
        help_text="How many people it trains, places or serves in a year.",
    )
    soc_codes = models.JSONField(
        "occupations (SOC codes)",
        default=list,
        blank=True,
        help_text="The occupations it prepares people for, e.g. 51-4041.",
    )
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
