"""Touches: conversations, tours, meetings attended; what was heard and what follows.

Also the recruitment material a partnership hands to the partners it enlists
(toolkit, Step Three: Engage and Enlist).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from convenor.lib.challenges import Challenge, validate_challenges
from convenor.lib.models import WorkspaceOwned
from convenor.partners.models import Category, Organisation, Person


class Method(models.TextChoices):
    """Methods to build knowledge of the industry (Step Three: Engage and Enlist)."""

    ONE_ON_ONE = "one_on_one", "One-on-one conversation"
    TRADE_ASSOCIATION = "trade_association", "Trade association meeting or trade show"
    COMPANY_TOUR = "company_tour", "Company tour"
    UNION_MEETING = "union_meeting", "Union meeting"
    PUBLIC_MEETING = "public_meeting", "Public policy or community meeting"
    INDUSTRY_MEETING = "industry_meeting", "Industry meeting"
    CALL = "call", "Call"
    EMAIL = "email", "E-mail"


# Methods where the convener meets someone in person: such a touch moves the people
# met to "met one-on-one" in the pipeline when the user asks for it.
FACE_TO_FACE = (Method.ONE_ON_ONE, Method.COMPANY_TOUR)

PAIN_LEVELS = {
    1: "1 - no pain: things are fine",
    2: "2 - some friction",
    3: "3 - a real problem",
    4: "4 - hurting the business",
    5: "5 - urgent: limiting growth",
}


class Touch(WorkspaceOwned):
    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="touches"
    )
    occurred_on = models.DateField("date")  # SPINE
    method = models.CharField(max_length=30, choices=Method.choices)  # SPINE
    people = models.ManyToManyField("partners.Person", related_name="touches", blank=True)  # SPINE
    organisations = models.ManyToManyField(
        "partners.Organisation",
        related_name="touches",
        blank=True,
        help_text="Organisations touched without a named person (a company tour, a "
        "trade show stand). The people's organisations count anyway.",
    )
    purpose = models.CharField(max_length=300, blank=True)
    by_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="touches_made",
        verbose_name="made by",
        help_text="The partner organisation that made the contact (the board's business "
        "services, the college, the chamber): asks to the same employer are coordinated.",
    )
    heard = models.TextField("what was heard", blank=True)
    pain_level = models.PositiveSmallIntegerField(  # 1-5
        "pain level",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="The level of 'pain' they feel with their current workforce challenges, "
        "from 1 (none) to 5 (urgent).",
    )
    # Challenge codes from convenor.lib.challenges.Challenge.  SPINE
    challenges = models.JSONField("challenges heard", default=list, blank=True)
    follow_up_on = models.DateField("follow up on", null=True, blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="follow-up owner",
    )
    follow_up_done = models.BooleanField("follow-up done", default=False)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "touches"
        indexes = [
            models.Index(fields=["partnership", "occurred_on"]),
            models.Index(fields=["follow_up_owner", "follow_up_done", "follow_up_on"]),
            # Covering for ``selectors.follow_up_summary``: counts without reading touches.
            models.Index(
                fields=["partnership", "follow_up_done", "follow_up_on"],
                name="touch_follow_up_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.occurred_on}"

    @property
    def challenge_labels(self) -> list[str]:
        labels = dict(Challenge.choices)
        return [labels.get(code, code) for code in self.challenges or []]

    def clean(self) -> None:
        if not isinstance(self.challenges, list):
            raise ValidationError({"challenges": "Challenges are a list of codes."})
        try:
            self.challenges = validate_challenges([str(c) for c in self.challenges])
        except ValidationError as exc:
            raise ValidationError({"challenges": exc.messages}) from None
        if self.follow_up_on and self.follow_up_on < self.occurred_on:
            raise ValidationError(
                {"follow_up_on": "The follow-up date is before the touch itself."}
            )


class TouchChallenge(models.Model):
    """One challenge code of one touch, per employer it reached: the index behind
    "how many distinct employers raised it".

    ``Touch.challenges`` stays the record. This table mirrors it so the counts over
    tens of thousands of touches are two grouped queries on one indexed table: a
    row per (touch, challenge, employer reached), or one row without an employer
    when the touch reached none; ``primary`` marks one row per (touch, challenge).
    ``convenor.outreach.services.sync_challenges`` keeps it in step with touches,
    their people and organisations, and the people's employers.
    """

    touch = models.ForeignKey(Touch, on_delete=models.CASCADE, related_name="challenge_rows")
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    challenge = models.CharField(max_length=30, choices=Challenge.choices)
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    primary = models.BooleanField(default=True)
    pain_level = models.PositiveSmallIntegerField(null=True, blank=True)  # the touch's

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["touch", "challenge", "organisation"], name="one_row_per_employer"
            )
        ]
        # Covering indexes: the counts never read the table itself.
        indexes = [
            models.Index(
                fields=["partnership", "primary", "challenge", "pain_level"],
                name="touchchallenge_totals",
            ),
            models.Index(
                fields=["partnership", "challenge", "organisation"],
                name="touchchallenge_employers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.challenge} in touch {self.touch_id}"


class RecruitmentMaterial(WorkspaceOwned):
    """The partnership's own words for recruiting one category of partner.

    An empty ``category`` is the general text every category page starts from.
    Empty fields fall back to the defaults in ``convenor.outreach.recruitment``.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="recruitment_material"
    )
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    purpose = models.TextField(
        "purpose of the initiative",
        blank=True,
        help_text="In all initial communications, share the purpose of the initiative "
        "(Step Three: Engage and Enlist).",
    )
    benefits = models.TextField(
        "what the partnership can do for you",
        blank=True,
        help_text="Why their participation is critical and how their organisation can benefit. "
        "One point per line.",
    )
    roles = models.TextField(
        "roles and responsibilities",
        blank=True,
        help_text="Be clear about partner roles and responsibilities. One point per line.",
    )
    contact = models.CharField(
        "contact",
        max_length=300,
        blank=True,
        help_text="Who to call or write to, e.g. 'Sam Okafor, 614-555-0100, sam@board.org'.",
    )

    class Meta:
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "category"], name="one_material_per_category"
            )
        ]

    def __str__(self) -> str:
        return f"recruitment material ({self.category or 'all partners'})"


class PointOfContact(WorkspaceOwned):
    """The person at one of the partner organisations who coordinates asks to an employer,
    so the partners "work with business customers as one voice"."""

    employer = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="point_of_contact"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_for")
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "point of contact"
        verbose_name_plural = "points of contact"

    def __str__(self) -> str:
        return f"{self.person} for {self.employer}"

    def clean(self) -> None:
        errors = {}
        if self.employer_id and self.employer.category != Category.EMPLOYER:
            errors["employer"] = f"{self.employer} is not an employer."
        if self.person_id:
            if self.person.workspace_id != self.workspace_id:
                errors["person"] = "That person is in another workspace."
            elif self.person.organisation_id is None:
                errors["person"] = (
                    f"{self.person} is at no organisation: the point of contact is a person at "
                    "one of the partner organisations."
                )
            elif self.person.organisation_id == self.employer_id:
                errors["person"] = (
                    f"{self.person} works at {self.employer}: the point of contact is a person "
                    "at one of the partner organisations who calls on it."
                )
        if errors:
            raise ValidationError(errors)
