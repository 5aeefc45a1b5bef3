"""Background work for meetings, run by ``convenor worker`` (django-tasks' ``db_worker``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django_tasks import task

from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.meetings.calendar import meeting_ics
from convenor.meetings.models import AgendaItem, Attendance, Meeting


@task()
def send_meeting_invitations(meeting_id: int, attendance_ids: list[int]) -> int:
    """E-mail each invitee the objective, the agenda and an .ics; returns how many were sent.

    One message per invitee, so no one sees the others' addresses.
    """
    meeting = (
        Meeting.objects.select_related("partnership")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("owner")),
            Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return 0  # deleted since the invitations were queued
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    ics = meeting_ics(meeting, url=url, invitation=True)
    rows = [a for a in meeting.attendance.all() if a.pk in set(attendance_ids) and a.person.email]
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
            }
            message = EmailMultiAlternatives(
                subject=f"Invitation: {meeting.title}, {when}",
                body=render_to_string("meetings/email/invitation.txt", context),
                to=[row.person.email],
                connection=connection,
            )
            message.attach("invite.ics", ics, "text/calendar; method=REQUEST; charset=utf-8")
            message.send()
            sent.append(row.pk)
    now = timezone.now()
    # A delivery stamp, not an edit of the row: no version bump.
    Attendance.objects.filter(pk__in=sent).update(invitation_sent_at=now)
    Meeting.objects.filter(pk=meeting.pk).update(invitations_sent_at=now)
    audit.record(
        actor=None,
        instance=meeting,
        action=AuditEntry.Action.EVENT,
        note=f"invitations e-mailed to {len(sent)} invitee(s)",
    )
    return len(sent)
