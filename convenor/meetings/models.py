"""Meetings with an objective, the decision log and action items."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from convenor.lib.models import WorkspaceOwned


class EventType(models.TextChoices):
    """Names and the promise each makes ("Convening Employers: What's in a Name?")."""

    CONFERENCE = "conference", "Conference"
    FOCUS_GROUP = "focus_group", "Focus group"
    FORUM = "forum", "Forum"
    ROUNDTABLE = "roundtable", "Roundtable"
    SUMMIT = "summit", "Summit"
    PARTNERSHIP_MEETING = "partnership_meeting", "Partnership meeting"
    WORK_GROUP = "work_group", "Work group"


class Expectation(models.TextChoices):
    """What the invitation promises the invitees will do or get there.

    "As important is the expectation you set for the meeting" ("Convening
    Employers: What's in a Name?"); each maps to the name that keeps that promise.
    """

    NETWORK_LEARN = "network_learn", "Network and learn from a range of speakers"
    GATHER_VIEWS = "gather_views", "Tell us their views of a service, concept or idea"
    OPEN_DISCUSSION = "open_discussion", "Open discussion among experts, with an audience"
    PEER_DISCUSSION = "peer_discussion", "Discuss as equals, no one at the head of the table"
    LEADERS_ACTION = "leaders_action", "Meet top government leaders; results that lead to action"
    DECIDE = "decide", "Decide as partners: priorities, plans, owners"
    WORK_ON_TASK = "work_on_task", "Work on one task of the plan in a small group"


# A meeting dated in the year 603 was once typed in and served in the calendar feed: a
# date outside these years is refused (forms and API alike, through full_clean).
FIRST_YEAR = 1970
LAST_YEAR = 2199


class Meeting(WorkspaceOwned):
    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(max_length=200)
    event_type = models.CharField(  # SPINE
        max_length=30, choices=EventType.choices, default=EventType.PARTNERSHIP_MEETING
    )
    starts_at = models.DateTimeField()  # SPINE
    ends_at = models.DateTimeField()  # SPINE
    location = models.CharField("place or link", max_length=300, blank=True)
    objective = models.TextField(  # SPINE
        help_text="Never meet for the sake of meeting: what must this meeting decide or produce?"
    )
    notes = models.TextField(blank=True)
    is_kickoff = models.BooleanField("kick-off meeting", default=False)  # SPINE
    expectation = models.CharField(
        "expectation set",
        max_length=30,
        choices=Expectation.choices,
        blank=True,
        help_text="What the invitation promises. The name should keep that promise "
        "(Convening Employers: What's in a Name?).",
    )
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the meeting was called off; invitees who had an invitation were "
        "sent a cancellation.",
    )
    attendance_version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Grows by one whenever the invitee and attendance list changes; the "
        "attendance form and API send it back, and a stale one is refused.",
    )

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:detail",
            kwargs={"partnership_id": self.partnership_id, "meeting_id": self.pk},
        )

    def clean(self) -> None:
        for field in ("starts_at", "ends_at"):
            value = getattr(self, field)
            if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
                raise ValidationError(
                    {
                        field: f"Give a date between {FIRST_YEAR} and {LAST_YEAR} ({value.year} "
                        "is probably a typing slip)."
                    }
                )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The meeting ends before it starts."})
        if self.objective and not self.objective.strip():
            raise ValidationError(
                {"objective": "State the objective: never meet for the sake of meeting."}
            )

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class AgendaItem(WorkspaceOwned):
    """One time-boxed item of a meeting's agenda."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField(
        help_text="Time box in minutes. No one has time to waste (Step Four)."
    )
    owner = models.ForeignKey(
        "partners.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        help_text="Who leads this item.",
    )
    owner_label = models.CharField(
        "or led by",
        max_length=100,
        blank=True,
        help_text="When the lead is not in the partners registry, e.g. 'Convener staff'.",
    )
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.minutes} min)"

    def clean(self) -> None:
        if self.minutes is not None and not 1 <= self.minutes <= 600:
            raise ValidationError({"minutes": "Give the item between 1 and 600 minutes."})

    @property
    def lead(self) -> str:
        return self.owner.name if self.owner_id and self.owner else self.owner_label

    @property
    def partnership_id(self) -> int:
        """The meeting's partnership, which decides who may see the item."""
        return self.meeting.partnership_id


class Response(models.TextChoices):
    """An invitee's answer to the invitation (the RSVP links in it)."""

    ACCEPTED = "accepted", "Will attend"
    DECLINED = "declined", "Can't attend"


class Attendance(WorkspaceOwned):
    """An invitee of a meeting, their answer to the invitation and whether they came."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance"
    )  # SPINE
    person = models.ForeignKey(
        "partners.Person", on_delete=models.CASCADE, related_name="attendance"
    )  # SPINE
    invited = models.BooleanField(default=True)
    attended = models.BooleanField(null=True, blank=True)  # SPINE: None = not recorded yet
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(max_length=10, choices=Response.choices, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"

    @property
    def partnership_id(self) -> int:
        """The meeting's partnership, which decides who may see the row."""
        return self.meeting.partnership_id


# What a decision changed in the plan: the many-to-many relations the planning app
# declares on Decision (``Issue.decisions`` and ``Goal.decisions``).
PLAN_LINKS = ("issues", "goals")


class Decision(WorkspaceOwned):
    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="decisions"
    )
    decided_on = models.DateField()  # SPINE
    text = models.TextField()  # SPINE
    decided_by = models.CharField("who decided", max_length=300, blank=True)  # SPINE
    meeting = models.ForeignKey(  # SPINE: where it was made
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    touch = models.ForeignKey(  # SPINE: or in a one-on-one conversation
        "outreach.Touch", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )

    class Meta:
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionItem(WorkspaceOwned):
    """An action item (or action-plan step): owner, due date, status, where it came from."""

    partnership = models.ForeignKey(  # SPINE
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(max_length=300)  # SPINE
    owner = models.ForeignKey(  # SPINE
        "partners.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(null=True, blank=True)  # SPINE
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )  # SPINE
    meeting = models.ForeignKey(  # SPINE
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    decision = models.ForeignKey(  # SPINE: the decision that created it
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class Installation(models.Model):
    """This installation's identity, generated once: calendar UIDs are built on it, so
    they stay the same when ``SITE_URL`` changes (a new domain, a proxy in front)."""

    uid = models.UUIDField(unique=True)

    def __str__(self) -> str:
        return str(self.uid)

    @classmethod
    def current(cls) -> Installation:
        import uuid

        row = cls.objects.order_by("pk").first()
        if row is None:
            row, _ = cls.objects.get_or_create(pk=1, defaults={"uid": uuid.uuid4()})
        return row


class CalendarFeed(WorkspaceOwned):
    """A private, revocable iCalendar subscription URL for a partnership's meetings.

    Only a hash of the secret is stored; the URL is shown once when created.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    name = models.CharField(
        max_length=100, help_text="Who or what subscribes, e.g. 'Employer partners'."
    )
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"calendar feed {self.name} ({self.prefix}...)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
