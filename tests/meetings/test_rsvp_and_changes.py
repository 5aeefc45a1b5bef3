"""Invitations that carry RSVP links, and meetings that change tell the invitees:
the outbox is read back and its parts parsed (text, HTML, the .ics with icalendar)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from icalendar import Calendar

from convenor.audit.models import AuditEntry
from convenor.meetings import services
from convenor.meetings.calendar import meeting_uid
from convenor.meetings.models import Attendance, Meeting
from tests.meetings.factories import meeting as make_meeting
from tests.meetings.factories import when

LINK = re.compile(r"https?://[^\s\"<>]+")


@pytest.fixture
def invited(partnership, alice, ceo, college):
    m = make_meeting(partnership, alice, invitees=[ceo, college], location="Room 1")
    services.meeting_invitations_send(actor=alice, meeting=m)
    return Meeting.objects.get(pk=m.pk)


def _message_to(address: str, index: int = -1):
    return [m for m in mail.outbox if address in m.to][index]


def _calendar_part(message):
    parts = [p for p in message.message().walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0]


def _calendar(message) -> Calendar:
    return Calendar.from_ical(_calendar_part(message).get_payload(decode=True))


def _links(message) -> tuple[list[str], list[str]]:
    html = message.alternatives[0][0]
    return LINK.findall(message.body), LINK.findall(html)


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_the_invitation_has_a_text_and_an_html_part_with_both_rsvp_links(invited, ceo):
    message = _message_to(ceo.email)
    text_links, html_links = _links(message)
    rsvp = [u for u in text_links if "/rsvp/" in u]
    assert len(rsvp) == 2
    assert set(rsvp) <= set(html_links)
    assert message.alternatives[0][1] == "text/html"
    assert "I will attend" in message.body and "I can't attend" in message.alternatives[0][0]


def test_the_calendar_part_names_its_charset_once_and_is_a_request(invited, ceo):
    part = _calendar_part(_message_to(ceo.email))
    assert part["Content-Type"].lower().count("charset") == 1
    assert part.get_param("method") == "REQUEST"
    cal = _calendar(_message_to(ceo.email))
    assert cal["METHOD"] == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting_uid(invited)
    assert str(event["STATUS"]) == "CONFIRMED"


def test_uids_do_not_depend_on_the_site_url(invited, settings):
    before = meeting_uid(invited)
    settings.SITE_URL = "https://convenor.elsewhere.example"
    assert meeting_uid(invited) == before
    assert "elsewhere" not in before and "127.0.0.1" not in before


def test_following_the_attend_link_records_the_answer_once(client, invited, ceo):
    text_links, _ = _links(_message_to(ceo.email))
    attend = next(u for u in text_links if "/rsvp/" in u)
    page = client.get(_path(attend))
    assert page.status_code == 200
    assert Attendance.objects.get(meeting=invited, person=ceo).response == ""  # GET asks only
    assert client.post(_path(attend)).status_code == 200
    row = Attendance.objects.get(meeting=invited, person=ceo)
    assert row.response == "accepted"
    entries = AuditEntry.objects.filter(object_id=str(row.pk), note__contains="answered").count()
    again = client.post(_path(attend))
    assert b"already recorded" in again.content
    assert (
        AuditEntry.objects.filter(object_id=str(row.pk), note__contains="answered").count()
        == entries
    )


def test_the_other_link_changes_the_answer_until_the_meeting_starts(client, invited, ceo):
    text_links, _ = _links(_message_to(ceo.email))
    attend, decline = [u for u in text_links if "/rsvp/" in u]
    client.post(_path(attend))
    client.post(_path(decline))
    assert Attendance.objects.get(meeting=invited, person=ceo).response == "declined"
    Meeting.objects.filter(pk=invited.pk).update(
        starts_at=when(-1), ends_at=when(-1) + dt.timedelta(hours=1)
    )
    late = client.post(_path(attend))
    assert late.status_code == 422
    assert b"can no longer be changed" in late.content
    assert Attendance.objects.get(meeting=invited, person=ceo).response == "declined"


def test_a_tampered_rsvp_link_gets_a_plain_page_and_records_nothing(client, invited, ceo):
    text_links, _ = _links(_message_to(ceo.email))
    attend = _path(next(u for u in text_links if "/rsvp/" in u))
    token = attend.rstrip("/").rsplit("/", 1)[-1]
    tampered = attend.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))
    before = AuditEntry.objects.count()
    response = client.post(tampered)
    assert response.status_code == 400
    assert b"not valid" in response.content and b"Nothing was recorded" in response.content
    assert AuditEntry.objects.count() == before
    assert Attendance.objects.get(meeting=invited, person=ceo).response == ""


def test_an_expired_rsvp_link_is_refused(client, invited, ceo, settings):
    text_links, _ = _links(_message_to(ceo.email))
    attend = _path(next(u for u in text_links if "/rsvp/" in u))
    settings.RSVP_LINK_MAX_AGE = -1
    response = client.post(attend)
    assert response.status_code == 410
    assert b"expired" in response.content
    assert Attendance.objects.get(meeting=invited, person=ceo).response == ""


def test_the_meeting_page_shows_answers_and_reads_the_employer_led_check_on_acceptances(
    client_for, alice, invited, ceo, college
):
    services.attendance_respond(
        attendance=Attendance.objects.get(meeting=invited, person=ceo),
        response="accepted",
        via="in a test",
    )
    services.attendance_respond(
        attendance=Attendance.objects.get(meeting=invited, person=college),
        response="declined",
        via="in a test",
    )
    page = client_for(alice).get(invited.get_absolute_url()).content.decode()
    assert "1 will attend, 1 can't attend, 0 no answer yet" in page
    assert "1 employer against 0 public partners (accepted)" in page


def test_the_api_lists_each_invitees_answer(client_for, alice, invited, ceo):
    services.attendance_respond(
        attendance=Attendance.objects.get(meeting=invited, person=ceo),
        response="accepted",
        via="in a test",
    )
    rows = client_for(alice).get(f"/api/meetings/{invited.pk}/attendance").json()
    assert {r["person_name"]: r["response"] for r in rows} == {
        ceo.name: "accepted",
        "Dean Diaz": "",
    }


def test_cancelling_sends_a_cancel_with_the_same_uid_and_a_higher_sequence(
    client_for, alice, invited, ceo
):
    first = _calendar(_message_to(ceo.email)).walk("VEVENT")[0]
    response = client_for(alice).post(
        f"/p/{invited.partnership_id}/meetings/{invited.pk}/cancel/", {"version": invited.version}
    )
    assert response.status_code == 302
    message = _message_to(ceo.email)
    assert message.subject.startswith("Cancelled:")
    assert _calendar_part(message).get_param("method") == "CANCEL"
    cal = _calendar(message)
    event = cal.walk("VEVENT")[0]
    assert cal["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["UID"] == first["UID"]
    assert int(event["SEQUENCE"]) > int(first["SEQUENCE"])
    assert Meeting.objects.get(pk=invited.pk).is_cancelled


def test_the_feed_shows_a_cancelled_meeting_as_cancelled(client, alice, partnership, invited):
    _, token = services.calendar_feed_create(actor=alice, partnership=partnership, name="All")
    services.meeting_cancel(actor=alice, meeting=invited)
    cal = Calendar.from_ical(client.get(f"/calendar/{token}.ics").content)
    assert [str(e["STATUS"]) for e in cal.walk("VEVENT")] == ["CANCELLED"]


def test_moving_the_meeting_sends_an_update_with_a_higher_sequence(alice, invited, ceo):
    first = _calendar(_message_to(ceo.email)).walk("VEVENT")[0]
    services.meeting_update(
        actor=alice,
        meeting=invited,
        changes={
            "starts_at": invited.starts_at + dt.timedelta(days=1),
            "ends_at": invited.ends_at + dt.timedelta(days=1),
        },
        expected_version=invited.version,
    )
    message = _message_to(ceo.email)
    assert message.subject.startswith("Updated:")
    event = _calendar(message).walk("VEVENT")[0]
    assert event["UID"] == first["UID"]
    assert int(event["SEQUENCE"]) > int(first["SEQUENCE"])
    assert event.decoded("DTSTART") == first.decoded("DTSTART") + dt.timedelta(days=1)
    assert any("/rsvp/" in u for u in LINK.findall(message.body))


def test_a_change_of_the_notes_sends_nothing(alice, invited):
    sent = len(mail.outbox)
    services.meeting_update(
        actor=alice,
        meeting=invited,
        changes={"notes": "Parking at the back."},
        expected_version=invited.version,
    )
    assert len(mail.outbox) == sent


def test_a_meeting_never_invited_is_cancelled_without_e_mail(partnership, alice, ceo):
    m = make_meeting(partnership, alice, invitees=[ceo])
    services.meeting_cancel(actor=alice, meeting=m)
    assert mail.outbox == []
    assert Meeting.objects.get(pk=m.pk).is_cancelled


def test_a_cancelled_meeting_cannot_be_cancelled_again_nor_invited(alice, invited):
    services.meeting_cancel(actor=alice, meeting=invited)
    fresh = Meeting.objects.get(pk=invited.pk)
    with pytest.raises(Exception, match="already cancelled"):
        services.meeting_cancel(actor=alice, meeting=fresh)
    with pytest.raises(Exception, match="cancelled"):
        services.meeting_invitations_send(actor=alice, meeting=fresh)
