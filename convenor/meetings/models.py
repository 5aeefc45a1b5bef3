"""Meetings with an objective, the decision log and action items."""

from __future__ import annotations

from django.db import models

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

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"


class Attendance(WorkspaceOwned):
    """An invitee of a meeting and whether they came."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance"
    )  # SPINE
    person = models.ForeignKey(
        "partners.Person", on_delete=models.CASCADE, related_name="attendance"
    )  # SPINE
    invited = models.BooleanField(default=True)
    attended = models.BooleanField(null=True, blank=True)  # SPINE: None = not recorded yet

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"


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
