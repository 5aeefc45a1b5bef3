"""What Convenor sends and what comes back without a sign-in.

* ``Update``: a message to a partnership's partners, with its ``Recipient`` rows
  (who was picked, who got it, who was not reached and why); each delivery is
  also an outreach touch on the person, so the outreach log stays true.
* ``Unsubscribe``: an address that asked for no more updates from a workspace.
* ``InputLink``: a revocable, expiring link that lets one person rate a round's
  issues, enter their employer's hiring projections or answer the pulse question.
* ``PulseAnswer``: "does this effort support your organisation's needs?", per
  person and meeting.
* ``Digest``: one reminder e-mail per address and day (a second run sends none).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from convenor.lib.models import WorkspaceOwned


class Update(WorkspaceOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        QUEUED = "queued", "Sending"
        SENT = "sent", "Sent"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="updates"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown: *emphasis*, **bold**, lists, [links](https://…).")
    # Who it goes to: members of the partnership in these partner categories, pipeline
    # stages and roles (an empty list means any).
    categories = models.JSONField(default=list, blank=True)
    stages = models.JSONField(default=list, blank=True)
    roles = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class Recipient(WorkspaceOwned):
    """One person an update was meant for, and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        UNSUBSCRIBED = "unsubscribed", "Not sent: unsubscribed"
        NO_EMAIL = "no_email", "Not reached: no e-mail address"

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        "partners.Person", on_delete=models.CASCADE, related_name="update_receipts"
    )
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=15, choices=Status.choices)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The outreach touch that logs the delivery (method e-mail, on the person).
    touch = models.OneToOneField(
        "outreach.Touch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="update_delivery",
    )

    class Meta:
        ordering = ["person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["update", "person"], name="one_recipient_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.status})"

    @property
    def partnership_id(self) -> int:
        return self.update.partnership_id


class Unsubscribe(WorkspaceOwned):
    """An address that stopped the workspace's updates (honoured by every later send)."""

    email = models.EmailField()
    person = models.ForeignKey(
        "partners.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "email"], name="one_unsubscribe_per_email")
        ]

    def __str__(self) -> str:
        return self.email


class InputLink(WorkspaceOwned):
    """A signed link that lets one person give one kind of input without an account."""

    class Purpose(models.TextChoices):
        BALLOT = "ballot", "Rate the issues of a prioritisation round"
        PROJECTIONS = "projections", "Enter the organisation's hiring projections"
        PULSE = "pulse", "Does this effort support your organisation's needs?"

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="input_links"
    )
    person = models.ForeignKey(
        "partners.Person", on_delete=models.CASCADE, related_name="input_links"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    round = models.ForeignKey(
        "planning.PrioritisationRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="input_links",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="input_links",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} link for {self.person}"

    def clean(self) -> None:
        if self.purpose == self.Purpose.BALLOT and self.round_id is None:
            raise ValidationError({"round": "Choose the round to rate."})
        if self.purpose == self.Purpose.PULSE and self.meeting_id is None:
            raise ValidationError({"meeting": "Choose the meeting the question is about."})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class PulseAnswer(WorkspaceOwned):
    """One person's answer to "does this effort support your organisation's needs?" after
    a meeting (the toolkit's "Does this effort support my needs, my organization's
    mission?"). Answering again replaces the answer."""

    SCALE = {
        1: "Not at all",
        2: "A little",
        3: "Somewhat",
        4: "Mostly",
        5: "Fully",
    }

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="pulse_answers"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="pulse_answers"
    )
    person = models.ForeignKey(
        "partners.Person", on_delete=models.CASCADE, related_name="pulse_answers"
    )
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (not at all) to 5 (fully).",
    )
    comment = models.TextField(blank=True, max_length=2000)
    is_employer = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting__starts_at", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_pulse_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.score} after {self.meeting_id}"


class Digest(models.Model):
    """The daily reminder sent to one address: at most one per address and day."""

    email = models.EmailField()
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    follow_ups = models.PositiveIntegerField(default=0)
    action_items = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_on", "email"]
        constraints = [
            models.UniqueConstraint(fields=["email", "sent_on"], name="one_digest_per_day")
        ]

    def __str__(self) -> str:
        return f"digest to {self.email} on {self.sent_on}"
