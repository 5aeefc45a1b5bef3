"""Background work for meetings, run by ``convenor worker`` (django-tasks' ``db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django_tasks import task

from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.comms.mail import message
from convenor.lib.words import counted
from convenor.meetings.calendar import ics_attachment
from convenor.meetings.models import AgendaItem, Attendance, Meeting
from convenor.meetings.rsvp import rsvp_url

# What a message about a meeting says, by kind: (subject prefix, template, audit note).
KINDS = {
    "invitation": ("Invitation", "meetings/email/invitation", "invitations e-mailed"),
    "update": ("Updated", "meetings/email/changed", "updated invitations e-mailed"),
    "cancel": ("Cancelled", "meetings/email/cancelled", "cancellations e-mailed"),
}


def _meeting(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("partnership")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("owner")),
            Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
        )
        .filter(pk=meeting_id)
        .first()
    )


def _send(meeting: Meeting, rows: list[Attendance], kind: str) -> list[int]:
    """One message per invitee (no one sees the others' addresses); returns the rows sent."""
    prefix, template, _ = KINDS[kind]
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    items = list(meeting.agenda_items.all())
    when = date_format(timezone.localtime(meeting.starts_at), "l j F Y")
    sent = []
    with get_connection() as connection:
        for row in rows:
            context = {
                "meeting": meeting,
                "person": row.person,
                "agenda": items,
                "agenda_minutes": sum(i.minutes for i in items),
                "url": url,
                "attend_url": "" if kind == "cancel" else rsvp_url(row, "yes"),
                "decline_url": "" if kind == "cancel" else rsvp_url(row, "no"),
            }
            message(
                to=row.person.email,
                subject=f"{prefix}: {meeting.title}, {when}",
                template=template,
                context=context,
                connection=connection,
                attachments=[ics_attachment(meeting, url=url)],
            ).send()
            sent.append(row.pk)
    return sent


@task()
def send_meeting_invitations(meeting_id: int, attendance_ids: list[int]) -> int:
    """E-mail each invitee the objective, the agenda, an .ics and the RSVP links; returns
    how many were sent."""
    meeting = _meeting(meeting_id)
    if meeting is None or meeting.is_cancelled:
        return 0  # deleted or called off since the invitations were queued
    wanted = set(attendance_ids)
    rows = [a for a in meeting.attendance.all() if a.pk in wanted and a.invited and a.person.email]
    sent = _send(meeting, rows, "invitation")
    now = timezone.now()
    # A delivery stamp, not an edit of the row: no version bump.
    Attendance.objects.filter(pk__in=sent).update(invitation_sent_at=now)
    Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=now)
    audit.record(
        actor=None,
        instance=meeting,
        action=AuditEntry.Action.EVENT,
        note=f"invitations e-mailed to {counted(len(sent), 'invitee')}",
    )
    return len(sent)


@task()
def send_meeting_change(meeting_id: int, kind: str) -> int:
    """Tell the invitees who had an invitation that the meeting moved (``update``: the
    same UID, a higher SEQUENCE) or is called off (``cancel``: METHOD:CANCEL)."""
    meeting = _meeting(meeting_id)
    if meeting is None or kind not in ("update", "cancel"):
        return 0
    if kind == "update" and meeting.is_cancelled:
        return 0  # cancelled after the move was queued: the cancellation says it all
    rows = [
        a
        for a in meeting.attendance.all()
        if a.invitation_sent_at is not None and a.invited and a.person.email
    ]
    sent = _send(meeting, rows, kind)
    audit.record(
        actor=None,
        instance=meeting,
        action=AuditEntry.Action.EVENT,
        note=f"{KINDS[kind][2]} to {counted(len(sent), 'invitee')}",
    )
    return len(sent)
