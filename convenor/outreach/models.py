"""Touches: conversations, tours, meetings attended; what was heard and what follows."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from convenor.lib.models import WorkspaceOwned


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


class Touch(WorkspaceOwned):
    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="touches"
    )
    occurred_on = models.DateField()  # SPINE
    method = models.CharField(max_length=30, choices=Method.choices)  # SPINE
    people = models.ManyToManyField("partners.Person", related_name="touches", blank=True)  # SPINE
    purpose = models.CharField(max_length=300, blank=True)
    heard = models.TextField("what was heard", blank=True)
    pain_level = models.PositiveSmallIntegerField(null=True, blank=True)  # 1-5
    # Challenge codes from convenor.lib.challenges.Challenge.  SPINE
    challenges = models.JSONField(default=list, blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    follow_up_done = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "touches"

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.occurred_on}"
