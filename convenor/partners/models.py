"""Organisations and people of a workspace, and their membership in partnerships.

The fields named in ``SPINE`` comments are used by other apps (outreach,
meetings, planning, assessment); keep them when changing this app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from convenor.lib.models import WorkspaceOwned


class Category(models.TextChoices):
    """Partner categories (toolkit, Step Two: Identify Partners)."""

    EMPLOYER = "employer", "Employers"
    ASSOCIATION = "association", "Industry and trade associations"
    ECONOMIC_DEVELOPMENT = "economic_development", "Economic development agencies"
    WORKFORCE_SYSTEM = "workforce_system", "Public workforce system"
    EDUCATION = "education", "Educational institutions"
    LABOR = "labor", "Organized labor"
    HUMAN_SERVICES = "human_services", "Human service agencies"
    COMMUNITY = "community", "Community- or faith-based organizations"
    ELECTED = "elected", "Local and state elected officials"
    OTHER = "other", "Other (transportation, housing, ...)"


class EducationType(models.TextChoices):
    COLLEGE = "college", "Community or technical college"
    UNIVERSITY = "university", "University"
    K12 = "k12", "K-12 school system"
    PRIVATE_TRAINING = "private_training", "Private training provider"


class AuthorityLevel(models.TextChoices):
    """The level of information and authority sought ("Convening Employers: What's in a Name?")."""

    CEO = "ceo", "CEO / president"
    HR_DIRECTOR = "hr_director", "HR director"
    FRONT_LINE_MANAGER = "front_line_manager", "Front-line manager"
    LINE_WORKER = "line_worker", "Line worker"


class Organisation(WorkspaceOwned):
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=30, choices=Category.choices)  # SPINE
    education_type = models.CharField(max_length=20, choices=EducationType.choices, blank=True)
    other_label = models.CharField(max_length=100, blank=True)
    naics_code = models.CharField("NAICS code", max_length=6, blank=True)  # SPINE (employers)
    size_band = models.CharField(max_length=20, blank=True)
    address = models.CharField(max_length=300, blank=True)
    county_fips = models.CharField("county FIPS", max_length=5, blank=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_employer(self) -> bool:
        return self.category == Category.EMPLOYER


class Person(WorkspaceOwned):
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(  # SPINE
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    email = models.EmailField(blank=True)  # SPINE (invitations)
    phone = models.CharField(max_length=40, blank=True)
    authority_level = models.CharField(  # SPINE (meeting names)
        max_length=20, choices=AuthorityLevel.choices, blank=True
    )
    # Characteristics of members (toolkit): influencers, resources, decision-makers.  SPINE
    is_doer = models.BooleanField("do-er", default=False)
    is_naysayer = models.BooleanField("naysayer", default=False)
    is_politico = models.BooleanField("politico", default=False)
    is_data_resource = models.BooleanField("data / analysis resource", default=False)
    is_subject_expert = models.BooleanField("subject-matter expert", default=False)
    is_retired_leader = models.BooleanField("retired industry leader", default=False)
    is_decision_maker = models.BooleanField("decision-maker", default=False)
    has_ear_of_decision_maker = models.BooleanField(
        "has the ear of a decision-maker", default=False
    )
    is_employer_champion = models.BooleanField("employer champion", default=False)
    is_top_government_leader = models.BooleanField(
        "top government leader",
        default=False,
        help_text="Governor, mayor, cabinet official: whom a 'summit' promises.",
    )
    notes = models.TextField(blank=True)
    # A partner-role user's own record: their votes, demand rows and action items.  SPINE
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    @property
    def is_employer(self) -> bool:
        return bool(self.organisation and self.organisation.category == Category.EMPLOYER)


class MemberRole(models.TextChoices):
    EMPLOYER_PARTNER = "employer_partner", "Employer partner"
    CHAMPION = "champion", "Champion"
    ADVISORY = "advisory", "Advisory group"
    SERVICE_PROVIDER = "service_provider", "Service provider"
    PUBLIC_PARTNER = "public_partner", "Public partner"
    SUPPORTER = "supporter", "Supporter"


class Stage(models.TextChoices):
    """The engagement pipeline (Step Three: Engage and Enlist)."""

    IDENTIFIED = "identified", "Identified"
    CONTACTED = "contacted", "Contacted"
    MET = "met", "Met one-on-one"
    COMMITTED = "committed", "Committed"
    ACTIVE = "active", "Active"
    LAPSED = "lapsed", "Lapsed"


class PartnershipMember(WorkspaceOwned):
    """An organisation (and/or its representative) at a partnership's table."""

    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="members"
    )
    organisation = models.ForeignKey(  # SPINE
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    person = models.ForeignKey(  # SPINE
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices)  # SPINE
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED
    )  # SPINE
    stage_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["partnership", "organisation__name", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="member_is_an_organisation_or_a_person",
            )
        ]

    def __str__(self) -> str:
        who = self.person or self.organisation
        return f"{who} in {self.partnership_id}"
