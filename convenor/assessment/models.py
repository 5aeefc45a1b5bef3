"""Readiness answers, life-cycle stage moves and group phases of a partnership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from convenor.lib.models import WorkspaceOwned
from convenor.partnerships.models import Stage


class Question(models.TextChoices):
    """The four convening questions and the Chapter 3 review questions."""

    CHALLENGE = "challenge", "Is there clarity about the challenge to be solved?"
    INDUSTRY_SUPPORT = (
        "industry_support",
        "Is there industry support and willingness to move forward on a solution-based initiative?",
    )
    INTERMEDIARY = (
        "intermediary",
        "Is there a willing and knowledgeable intermediary (or convener) to take the lead?",
    )
    STAKEHOLDERS = (
        "stakeholders",
        "Are there obvious stakeholders in the community that should be involved as sector "
        "initiative partners?",
    )
    REVIEW_INTERMEDIARY = (
        "review_intermediary",
        "Have you identified and recruited a willing, knowledgeable and capable intermediary to "
        "convene your sector partnership? What are their strengths?",
    )
    REVIEW_EMPLOYERS = (
        "review_employers",
        "What dialogue has occurred with employers in the industry? What were the outcomes? Any "
        "new knowledge about workforce challenges?",
    )
    REVIEW_BUY_IN = (
        "review_buy_in",
        "What buy-in has been secured from workforce development, education and training, labor "
        "(if relevant), economic development, community based organizations, or other "
        "stakeholders?",
    )
    REVIEW_SHARED_GOAL = (
        "review_shared_goal",
        "What clarity exists around a shared goal or objective if a sector partnership is "
        "designed and implemented?",
    )


class AnswerStatus(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not answered yet"


class ReadinessAnswer(WorkspaceOwned):
    """The staff's answer to one readiness question, with links to the evidence.

    The workspace team's own judgement: a partner at the table sees it only when
    the team shares it (``shared_with_partners``)."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="readiness_answers"
    )
    question = models.CharField(max_length=30, choices=Question.choices)
    status = models.CharField(
        "answer", max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.UNKNOWN
    )
    answer = models.TextField(
        "what we know", blank=True, help_text="In your words: what you know and how you know it."
    )
    evidence = models.TextField(
        "evidence links",
        blank=True,
        help_text="One per line: a link (https://...) or a reference to a document, a meeting, "
        "a conversation.",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_with_partners = models.BooleanField(
        "shared with partners",
        default=False,
        help_text="Partners at the table see this answer; otherwise only the workspace team does.",
    )
    # What the data said beside the question when the answer was saved (the signal's
    # level and evidence): a later change in it flags the answer as outdated.
    data_seen = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_question_display()} {self.get_status_display()}"

    def evidence_lines(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class LifecycleMove(WorkspaceOwned):
    """A move of the partnership's life-cycle stage, with what was unmet and why."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="lifecycle_moves"
    )
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    moved_on = models.DateField()
    reason = models.TextField(blank=True)
    unmet = models.JSONField(
        "criteria unmet at the move", default=list, blank=True
    )  # [{"code": ..., "reason": ...}]
    decision = models.ForeignKey(
        "meetings.Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["moved_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()} ({self.moved_on})"


class Phase(models.TextChoices):
    """Group phases noted beside the life-cycle stage (SPEC 7)."""

    FORMING = "forming", "Forming"
    STORMING = "storming", "Storming"
    NORMING = "norming", "Norming"
    PERFORMING = "performing", "Performing"


PHASE_HELP = {
    Phase.FORMING: "Partners are getting to know the effort and each other; the intermediary "
    "shares the purpose, the life cycle, the benefits and the roles.",
    Phase.STORMING: "Tensions surface: money, unclear roles and responsibilities, divergent "
    "missions. Recognize and reconcile them as much as possible.",
    Phase.NORMING: "Partners agree on how they work: priorities, governance, who does what.",
    Phase.PERFORMING: "The partnership implements its plan and adapts it with new input.",
}


class GroupPhaseNote(WorkspaceOwned):
    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="group_phases"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    noted_on = models.DateField()
    note = models.TextField(
        blank=True, help_text="What you observed: a tension raised, an agreement reached."
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The meeting where you observed it, if any.",
    )
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["noted_on", "id"]
        verbose_name = "group phase note"

    def __str__(self) -> str:
        return f"{self.get_phase_display()} on {self.noted_on}"


class TensionKind(models.TextChoices):
    """The common sources of tension Step Four names, and any other."""

    MONEY = "money", "Money"
    ROLES = "roles", "Unclear roles and responsibilities"
    MISSION = "mission", "Divergent missions"
    OTHER = "other", "Other"


class TensionStatus(models.TextChoices):
    OPEN = "open", "Open"
    RECONCILED = "reconciled", "Reconciled"
    SET_ASIDE = "set_aside", "Set aside"


class Tension(WorkspaceOwned):
    """A tension among partners, recorded and tracked until reconciled (SPEC 7).

    "Recognize and reconcile as much as possible common sources of tension - i.e.
    money, unclear roles and responsibilities, and divergent missions across
    individual partners." (Step Four pitfalls)

    It may name one partner's self-interest, so a partner at the table sees it only
    when the team shares it (``shared_with_partners``).
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="tensions"
    )
    kind = models.CharField(
        "source of tension", max_length=20, choices=TensionKind.choices, default=TensionKind.MONEY
    )
    what = models.TextField(
        "what the tension is", help_text="Who disagrees about what, in a sentence or two."
    )
    raised_on = models.DateField("raised on")
    organisations = models.ManyToManyField(
        "partners.Organisation",
        blank=True,
        related_name="+",
        verbose_name="organisations involved",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The meeting where it came up, if any.",
    )
    status = models.CharField(
        max_length=20, choices=TensionStatus.choices, default=TensionStatus.OPEN
    )
    resolution = models.TextField(
        "how it was reconciled",
        blank=True,
        help_text="What the partners agreed, and who agreed it. Required once reconciled.",
    )
    reconciled_on = models.DateField("reconciled on", null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_with_partners = models.BooleanField(
        "shared with partners",
        default=False,
        help_text="Partners at the table see this tension; otherwise only the workspace team "
        "does (it may name a partner's own interests).",
    )

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        text = self.what if len(self.what) <= 60 else self.what[:57] + "..."
        return f"{self.get_kind_display()}: {text}"

    @property
    def is_open(self) -> bool:
        return self.status == TensionStatus.OPEN

    @property
    def days_open(self) -> int | None:
        """Days since it was raised, while it is open."""
        return (timezone.localdate() - self.raised_on).days if self.is_open else None
