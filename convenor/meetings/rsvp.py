"""The "attend" and "can't attend" links of an invitation (signed, no sign-in).

A link names one invitee row and one answer. Using it records that answer once
(using it again changes nothing); the other link changes the answer, until the
meeting starts.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from convenor.comms.links import Kind, LinkRefused, sign, unsign
from convenor.meetings.models import Attendance, Response

CHOICES = {"yes": Response.ACCEPTED, "no": Response.DECLINED}


def rsvp_token(attendance: Attendance, answer: str) -> str:
    return sign(Kind.RSVP, {"a": attendance.pk, "m": attendance.meeting_id, "c": answer})


def rsvp_url(attendance: Attendance, answer: str) -> str:
    path = reverse("meetings:rsvp", kwargs={"rsvp_token": rsvp_token(attendance, answer)})
    return settings.SITE_URL.rstrip("/") + path


def rsvp_answer(token: str) -> tuple[Attendance, str]:
    """The invitee row and the answer a link names, or ``LinkRefused``."""
    payload = unsign(Kind.RSVP, token, max_age=settings.RSVP_LINK_MAX_AGE)
    answer = CHOICES.get(str(payload.get("c")))
    if answer is None:
        raise LinkRefused("This link is not valid: it names no answer.")
    row = (
        Attendance.objects.select_related("meeting", "meeting__partnership", "person")
        .filter(pk=payload.get("a", 0), meeting_id=payload.get("m", 0))
        .first()
    )
    if row is None or not row.invited:
        raise LinkRefused(
            "This invitation is no longer open: you are not on the meeting's invitation list "
            "any more, or the meeting was deleted.",
            status=410,
        )
    return row, answer
