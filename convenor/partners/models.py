"""Organisations and people of a workspace, and their membership in partnerships.

The fields named in ``SPINE`` comments are used by other apps (outreach,
meetings, planning, assessment); keep them when changing this app.

Organisations and people belong to the workspace (the convener's registry,
shared by all its partnerships); a ``PartnershipMember`` puts one of them at
one partnership's table with a role and a pipeline stage, and every stage move
is kept in ``StageMove``. ``Relationship`` links people and organisations
(works for, board member of, ...) for the network view.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from convenor.lib.models import WorkspaceOwned
from convenor.partnerships.models import validate_naics
from convenor.partnerships.naics import naics_title as _naics_title


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


# Categories whose organisations carry the industry they are in: employers (the
# industry's voice when in the target industry), their associations, and unions
# (organised labor plays a role where a union of the industry or the region is).
NAICS_CATEGORIES = frozenset({Category.EMPLOYER, Category.ASSOCIATION, Category.LABOR})


class EducationType(models.TextChoices):
    COLLEGE = "college", "Community or technical college"
    UNIVERSITY = "university", "University"
    K12 = "k12", "K-12 school system"
    PRIVATE_TRAINING = "private_training", "Private training provider"


class SizeBand(models.TextChoices):
    """Employees at the organisation (all locations in the region)."""

    MICRO = "1-9", "1-9 employees"
    SMALL = "10-49", "10-49 employees"
    MEDIUM = "50-249", "50-249 employees"
    LARGE = "250-999", "250-999 employees"
    VERY_LARGE = "1000+", "1,000 or more employees"

    @classmethod
    def for_headcount(cls, employees: int) -> SizeBand:
        for band, upper in ((cls.MICRO, 9), (cls.SMALL, 49), (cls.MEDIUM, 249), (cls.LARGE, 999)):
            if employees <= upper:
                return band
        return cls.VERY_LARGE


class AuthorityLevel(models.TextChoices):
    """The level of information and authority sought ("Convening Employers: What's in a Name?")."""

    CEO = "ceo", "CEO / president"
    HR_DIRECTOR = "hr_director", "HR director"
    FRONT_LINE_MANAGER = "front_line_manager", "Front-line manager"
    LINE_WORKER = "line_worker", "Line worker"


# The characteristics of members (toolkit, "Characteristics of Members"), grouped as
# the toolkit groups them: (field, label, group). Forms, import and export use this list.
TRAITS: list[tuple[str, str, str]] = [
    ("is_doer", "do-er", "Influencers"),
    ("is_naysayer", "naysayer", "Influencers"),
    ("is_politico", "politico", "Influencers"),
    ("is_data_resource", "data / analysis resource", "Resources"),
    ("is_subject_expert", "subject-matter expert", "Resources"),
    ("is_retired_leader", "retired industry leader", "Resources"),
    ("is_decision_maker", "decision-maker", "Decision-makers"),
    ("has_ear_of_decision_maker", "has the ear of a decision-maker", "Decision-makers"),
    ("is_employer_champion", "employer champion", "Champions"),
    ("is_top_government_leader", "top government leader", "Government"),
]
TRAIT_FIELDS = [name for name, _, _ in TRAITS]


class ImportBatch(WorkspaceOwned):
    """One upload of people or organisations: its mapping, preview, report and outcome.

    Objects an import creates point back to it, so the import can be undone.
    """

    class Target(models.TextChoices):
        PEOPLE = "people", "People (with their organisations)"
        ORGANISATIONS = "organisations", "Organisations"

    class Mode(models.TextChoices):
        VALID_ONLY = "valid_only", "Import the valid rows, skip the rejected ones"
        ALL_OR_NOTHING = "all_or_nothing", "Import nothing unless every row is valid"

    class Duplicates(models.TextChoices):
        SKIP = "skip", "Skip it and keep the existing record as it is"
        FILL = "fill", "Fill empty fields of the existing record"

    class Status(models.TextChoices):
        QUEUED = "queued", "Reading the file"
        READY = "ready", "Ready: review the preview and import"
        IMPORTING = "importing", "Importing"
        IMPORTED = "imported", "Imported"
        REFUSED = "refused", "Not imported: some rows were rejected"
        FAILED = "failed", "Failed"
        UNDONE = "undone", "Undone"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target = models.CharField(max_length=20, choices=Target.choices, default=Target.PEOPLE)
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=300)
    filename = models.CharField("file name", max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    encoding = models.CharField(max_length=20, default="auto")
    default_category = models.CharField(
        "category of new organisations",
        max_length=30,
        choices=Category.choices,
        default=Category.EMPLOYER,
    )
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.VALID_ONLY)
    duplicates = models.CharField(
        "duplicate rows", max_length=10, choices=Duplicates.choices, default=Duplicates.SKIP
    )
    # The spreadsheet row that names the columns: found on reading (the first row that
    # maps a name column, after LinkedIn's "Notes:" lines), or chosen on the preview.
    header_row = models.PositiveIntegerField(null=True, blank=True)
    # Set when "Import" needs the file read again first: the import starts once it is read.
    run_when_read = models.BooleanField(default=False)
    # What the user should check before importing (e.g. the encoding guessed), as sentences.
    warnings = models.JSONField(default=list, blank=True)
    header = models.JSONField(default=list, blank=True)
    # {column index (as text): target field}; suggested from the header, changed by the user.
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(
        blank=True
    )  # why it failed: the file as a whole could not be read, or the job stopped
    # Counts of the last preview or run: rows, valid, duplicates, rejected, blank,
    # people_created, organisations_created, kept_on_undo.
    counts = models.JSONField(default=dict, blank=True)
    # Up to REPORT_LIMIT problems: {"row", "column", "value", "reason", "kind"}.
    report = models.JSONField(default=list, blank=True)
    # Up to PREVIEW_LIMIT mapped rows with their outcome, for the preview table.
    preview = models.JSONField(default=list, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import"
        verbose_name_plural = "imports"

    def __str__(self) -> str:
        return f"import of {self.filename}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.IMPORTING)


class Organisation(WorkspaceOwned):
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=30, choices=Category.choices)  # SPINE
    education_type = models.CharField(
        "type of educational institution",
        max_length=20,
        choices=EducationType.choices,
        blank=True,
        help_text="For educational institutions only.",
    )
    other_label = models.CharField(
        "kind of organisation",
        max_length=100,
        blank=True,
        help_text="For 'Other': e.g. transportation agency, housing authority.",
    )
    naics_code = models.CharField(  # SPINE (employers, associations, unions)
        "industry (NAICS)",
        max_length=6,
        blank=True,
        validators=[validate_naics],
        help_text="The industry it is in, from the NAICS list: a code (e.g. 332710) or a title "
        "(e.g. Machine Shops). For employers, associations and unions.",
    )
    size_band = models.CharField(max_length=20, choices=SizeBand.choices, blank=True)
    employees = models.PositiveIntegerField(  # SPINE (the industry's coverage)
        "employees in the region",
        null=True,
        blank=True,
        help_text="Where known: how many people it employs in the region (all locations). "
        "Counts toward the share of the industry's jobs at the table.",
    )
    address = models.CharField(max_length=300, blank=True)
    county = models.CharField(max_length=100, blank=True)
    county_fips = models.CharField("county FIPS", max_length=5, blank=True)
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        editable=False,
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["workspace", "name"]),
            models.Index(fields=["workspace", "category"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_employer(self) -> bool:
        return self.category == Category.EMPLOYER

    @property
    def naics_title(self) -> str:
        return (_naics_title(self.naics_code) or "") if self.naics_code else ""

    @property
    def category_label(self) -> str:
        if self.category == Category.OTHER and self.other_label:
            return f"Other: {self.other_label}"
        if self.category == Category.EDUCATION and self.education_type:
            return self.get_education_type_display()
        return self.get_category_display()

    def clean(self) -> None:
        errors = {}
        if self.education_type and self.category != Category.EDUCATION:
            errors["education_type"] = "Only educational institutions have this type."
        if self.naics_code and self.category not in NAICS_CATEGORIES:
            errors["naics_code"] = (
                "An industry is recorded for employers, associations and unions only, not for "
                f"{Category(self.category).label.lower()}."
                if self.category in Category.values
                else "An industry is recorded for employers, associations and unions only."
            )
        if self.employees is not None and self.size_band:
            band = SizeBand.for_headcount(self.employees)
            if self.employees and band != self.size_band:
                errors["employees"] = (
                    f"{self.employees:,} employees is {band.label}, not "
                    f"{SizeBand(self.size_band).label}: correct one of the two."
                    if self.size_band in SizeBand.values
                    else f"{self.employees:,} employees is {band.label}."
                )
        if self.county_fips and not (self.county_fips.isdigit() and len(self.county_fips) == 5):
            errors["county_fips"] = "A county FIPS code has 5 digits, e.g. 39049."
        if errors:
            raise ValidationError(errors)


class Person(WorkspaceOwned):
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(  # SPINE
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    email = models.EmailField("e-mail", blank=True)  # SPINE (invitations)
    phone = models.CharField(max_length=40, blank=True)
    authority_level = models.CharField(  # SPINE (meeting names)
        max_length=20,
        choices=AuthorityLevel.choices,
        blank=True,
        help_text="The level of information and authority they bring (Convening Employers: "
        "What's in a Name?).",
    )
    # Characteristics of members (toolkit): influencers, resources, decision-makers.  SPINE
    is_doer = models.BooleanField(
        "do-er", default=False, help_text="A reputation for getting things done."
    )
    is_naysayer = models.BooleanField(
        "naysayer",
        default=False,
        help_text="Will rally others against the partnership if not brought on board.",
    )
    is_politico = models.BooleanField(
        "politico",
        default=False,
        help_text="Formal or informal political influence that can garner support.",
    )
    is_data_resource = models.BooleanField(
        "data / analysis resource",
        default=False,
        help_text="Can help provide and make meaning of information and data.",
    )
    is_subject_expert = models.BooleanField("subject-matter expert", default=False)
    is_retired_leader = models.BooleanField(
        "retired industry leader",
        default=False,
        help_text="A strong but unbiased resource with substantial knowledge and experience.",
    )
    is_decision_maker = models.BooleanField("decision-maker", default=False)
    has_ear_of_decision_maker = models.BooleanField(
        "has the ear of a decision-maker", default=False
    )
    is_employer_champion = models.BooleanField(
        "employer champion",
        default=False,
        help_text="Sees the worth and potential of the partnership and speaks on its behalf.",
    )
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
    import_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        editable=False,
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["workspace", "name"]),
            models.Index(fields=["workspace", "email"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_employer(self) -> bool:
        return bool(self.organisation and self.organisation.category == Category.EMPLOYER)

    @property
    def traits(self) -> list[str]:
        """Labels of the characteristics this person has, in the toolkit's order."""
        return [label for name, label, _ in TRAITS if getattr(self, name)]

    def clean(self) -> None:
        if self.organisation is not None and self.organisation.workspace_id != self.workspace_id:
            raise ValidationError({"organisation": "That organisation is in another workspace."})


class MemberRole(models.TextChoices):
    EMPLOYER_PARTNER = "employer_partner", "Employer partner"
    CHAMPION = "champion", "Champion"
    ADVISORY = "advisory", "Advisory group"
    SERVICE_PROVIDER = "service_provider", "Service provider"
    PUBLIC_PARTNER = "public_partner", "Public partner"
    SUPPORTER = "supporter", "Supporter"


class PipelineStage(models.TextChoices):
    """The engagement pipeline (Step Three: Engage and Enlist)."""

    IDENTIFIED = "identified", "Identified"
    CONTACTED = "contacted", "Contacted"
    MET = "met", "Met one-on-one"
    COMMITTED = "committed", "Committed"
    ACTIVE = "active", "Active"
    LAPSED = "lapsed", "Lapsed"


# Named apart from the other app's stages: the API schema names an enum by its class.
Stage = PipelineStage

# Members "at the table": what a partner-role user sees of a shared partnership.
AT_THE_TABLE = (Stage.COMMITTED, Stage.ACTIVE)


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
    stage_changed_on = models.DateField("in this stage since", null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["partnership", "organisation__name", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="member_is_an_organisation_or_a_person",
            ),
            models.UniqueConstraint(
                fields=["partnership", "person"],
                condition=Q(person__isnull=False),
                name="one_membership_per_person",
            ),
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=Q(person__isnull=True),
                name="one_membership_per_organisation_without_person",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "stage"])]

    def __str__(self) -> str:
        return f"{self.display_name} in {self.partnership_id}"

    @property
    def display_name(self) -> str:
        if self.person_id and self.organisation_id:
            return f"{self.person} ({self.organisation})"
        return str(self.person or self.organisation)

    @property
    def member_organisation(self) -> Organisation | None:
        """The organisation this member speaks for: its own, or its person's."""
        if self.organisation is not None:
            return self.organisation
        return self.person.organisation if self.person is not None else None

    @property
    def category(self) -> str:
        org = self.member_organisation
        return org.category if org else ""

    def clean(self) -> None:
        errors = {}
        for field in ("organisation", "person"):
            obj = getattr(self, field)
            if obj is not None and obj.workspace_id != self.workspace_id:
                errors[field] = f"That {field} is in another workspace."
        if self.organisation_id is None and self.person_id is None:
            errors["organisation"] = "Choose an organisation, a person, or both."
        if errors:
            raise ValidationError(errors)


class StageMove(WorkspaceOwned):
    """One dated move of a member through the pipeline; never edited, only added."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="stage_moves"
    )
    member = models.ForeignKey(PartnershipMember, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    moved_on = models.DateField("date of the move")
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-moved_on", "-id"]

    def __str__(self) -> str:
        start = self.get_from_stage_display() or "new"
        return f"{start} → {self.get_to_stage_display()} on {self.moved_on}"


class RelationshipKind(models.TextChoices):
    WORKS_FOR = "works_for", "works for"
    BOARD_MEMBER = "board_member", "board member of"
    ASSOCIATION_MEMBER = "association_member", "member of association"
    KNOWS = "knows", "knows"
    FUNDED_BY = "funded_by", "funded by"


# Who may stand on each side of a kind of relationship: "person" or "organisation".
RELATIONSHIP_ENDS: dict[str, tuple[set[str], set[str]]] = {
    RelationshipKind.WORKS_FOR: ({"person"}, {"organisation"}),
    RelationshipKind.BOARD_MEMBER: ({"person"}, {"organisation"}),
    RelationshipKind.ASSOCIATION_MEMBER: ({"person", "organisation"}, {"organisation"}),
    RelationshipKind.KNOWS: ({"person"}, {"person"}),
    RelationshipKind.FUNDED_BY: ({"organisation"}, {"organisation"}),
}


class Relationship(WorkspaceOwned):
    """A tie between two people or organisations of the registry, e.g. 'board member of'."""

    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    from_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="ties_out"
    )
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="ties_out"
    )
    to_person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="ties_in"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="ties_in"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_person__isnull=False, from_organisation__isnull=True)
                | Q(from_person__isnull=True, from_organisation__isnull=False),
                name="relationship_has_one_source",
            ),
            models.CheckConstraint(
                condition=Q(to_person__isnull=False, to_organisation__isnull=True)
                | Q(to_person__isnull=True, to_organisation__isnull=False),
                name="relationship_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()} {self.target}"

    @property
    def source(self) -> Person | Organisation | None:
        return self.from_person or self.from_organisation

    @property
    def target(self) -> Person | Organisation | None:
        return self.to_person or self.to_organisation

    def clean(self) -> None:
        source, target = self.source, self.target
        if source is None or target is None:
            raise ValidationError("A relationship links two people or organisations.")
        allowed_from, allowed_to = RELATIONSHIP_ENDS[RelationshipKind(self.kind)]
        source_kind = "person" if self.from_person_id else "organisation"
        target_kind = "person" if self.to_person_id else "organisation"
        label = self.get_kind_display()
        if source_kind not in allowed_from:
            raise ValidationError(
                f"'{label}' starts from {' or '.join(sorted(allowed_from))}, not {source_kind}."
            )
        if target_kind not in allowed_to:
            raise ValidationError(
                f"'{label}' points to {' or '.join(sorted(allowed_to))}, not {target_kind}."
            )
        if source_kind == target_kind and source.pk == target.pk:
            raise ValidationError("A relationship links two different people or organisations.")
        for obj in (source, target):
            if obj.workspace_id != self.workspace_id:
                raise ValidationError(f"{obj} is in another workspace.")
