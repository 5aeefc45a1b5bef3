"""iCalendar output: one meeting (.ics download, invitation attachment) or a partnership feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from convenor.meetings.models import Installation, Meeting

PRODID = "-//Convenor//Sector partnership meetings//EN"


def meeting_uid(meeting: Meeting) -> str:
    """Stable across updates and across changes of ``SITE_URL``, so calendar clients move
    or cancel the event instead of adding one: built on the installation's own id."""
    return f"meeting-{meeting.pk}-{Installation.current().uid}@convenor"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def meeting_description(meeting: Meeting) -> str:
    lines = [f"Objective: {meeting.objective}"]
    items = list(meeting.agenda_items.all())
    if items:
        lines += ["", f"Agenda ({sum(i.minutes for i in items)} minutes):"]
        for i, item in enumerate(items, start=1):
            lead = f" ({item.lead})" if item.lead else ""
            lines.append(f"{i}. {item.title}, {item.minutes} min{lead}")
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, url: str = "", with_attendees: bool = False) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", _utc(timezone.now()))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    event.add("summary", meeting.title)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("description", meeting_description(meeting))
    # Each saved change bumps the version, which clients read as a newer copy.
    event.add("sequence", meeting.version - 1)
    event.add("categories", [meeting.get_event_type_display()])
    if meeting.location:
        event.add("location", meeting.location)
    if url:
        event.add("url", url)
    if with_attendees:
        name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        organizer = vCalAddress(f"mailto:{address}")
        organizer.params["cn"] = vText(name or meeting.partnership.name)
        event.add("organizer", organizer)
        for row in meeting.attendance.all():
            if row.invited and row.person.email:
                attendee = vCalAddress(f"mailto:{row.person.email}")
                attendee.params["cn"] = vText(row.person.name)
                attendee.params["role"] = vText("REQ-PARTICIPANT")
                attendee.params["partstat"] = vText("NEEDS-ACTION")
                event.add("attendee", attendee, encode=False)
    return event


def _calendar(method: str = "PUBLISH") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def meeting_ics(meeting: Meeting, *, url: str = "", invitation: bool = False) -> bytes:
    """One meeting as an .ics file; ``invitation`` makes it a REQUEST with attendees (a
    CANCEL once the meeting is cancelled: same UID, higher SEQUENCE)."""
    method = "PUBLISH"
    if invitation:
        method = "CANCEL" if meeting.is_cancelled else "REQUEST"
    cal = _calendar(method)
    cal.add_component(meeting_event(meeting, url=url, with_attendees=invitation))
    body: bytes = cal.to_ical()
    return body


def ics_attachment(meeting: Meeting, *, url: str = "") -> MIMEText:
    """The invitation's calendar part: ``text/calendar`` with its METHOD and the charset
    named once (Django's ``attach`` with a charset in the type names it twice)."""
    body = meeting_ics(meeting, url=url, invitation=True)
    part = MIMEText(body.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", "CANCEL" if meeting.is_cancelled else "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def feed_ics(
    name: str, meetings: Iterable[Meeting], *, url_for: Callable[[Meeting], str] | None = None
) -> bytes:
    """A subscription feed of meetings (calendar clients poll it)."""
    cal = _calendar()
    cal.add("x-wr-calname", name)
    cal.add("x-published-ttl", "PT1H")
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, url=url_for(meeting) if url_for else ""))
    body: bytes = cal.to_ical()
    return body
