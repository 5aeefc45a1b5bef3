"""Invitations: an e-mail per invitee with the objective, the agenda and an .ics, sent
by the background worker."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from convenor.meetings import services
from convenor.meetings.models import Attendance
from tests.meetings.factories import meeting, person


@pytest.fixture
def invited(upcoming, alice):
    services.agenda_item_create(actor=alice, meeting=upcoming, title="Welcome", minutes=10)
    services.agenda_item_create(actor=alice, meeting=upcoming, title="Priorities", minutes=40)
    return upcoming


def test_each_invitee_gets_the_objective_agenda_and_a_calendar_file(invited, alice, client_for):
    response = client_for(alice).post(
        f"/p/{invited.partnership_id}/meetings/{invited.pk}/invite/", follow=True
    )
    assert b"Invitations to 2 invitees are on their way" in response.content
    assert sorted(m.to[0] for m in mail.outbox) == ["carla@example.org", "dean@example.org"]
    message = mail.outbox[0]
    assert message.subject.startswith(f"Invitation: {invited.title}, ")
    assert "Prioritise the issues employers share." in message.body
    assert "Agenda (50 minutes)" in message.body
    assert "2. Priorities, 40 min" in message.body
    part = message.attachments[0]  # the calendar part, as built (charset named once)
    assert part.get_filename() == "invite.ics"
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    content = part.get_payload(decode=True)
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]) == invited.title
    assert event.decoded("dtstart") == invited.starts_at
    assert Calendar.from_ical(content)["method"] == "REQUEST"
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:carla@example.org", "mailto:dean@example.org"]


def test_sending_stamps_the_rows_and_leaves_an_audit_entry(invited, alice):
    services.meeting_invitations_send(actor=alice, meeting=invited)
    assert Attendance.objects.filter(meeting=invited, invitation_sent_at__isnull=True).count() == 0
    invited.refresh_from_db()
    assert invited.invitations_sent_at is not None


def test_invitees_without_an_address_are_skipped(invited, alice, workspace):
    silent = person(workspace, "No Mail", email="")
    services.meeting_update(
        actor=alice,
        meeting=invited,
        changes={"invitees": [*[a.person for a in invited.attendance.all()], silent]},
        expected_version=invited.version,
    )
    assert services.meeting_invitations_send(actor=alice, meeting=invited) == 2
    assert len(mail.outbox) == 2


def test_nobody_to_invite_is_said_plainly(partnership, alice, client_for):
    m = meeting(partnership, alice)
    response = client_for(alice).post(f"/p/{partnership.pk}/meetings/{m.pk}/invite/", follow=True)
    assert b"No invitee has an e-mail address" in response.content
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection
def test_with_the_database_backend_the_worker_sends_them(invited, alice, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.meeting_invitations_send(actor=alice, meeting=invited)
    assert mail.outbox == []  # queued by the web request, not sent by it
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 2
