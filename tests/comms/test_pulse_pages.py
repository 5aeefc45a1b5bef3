"""The pulse on the pages: asked from a held meeting's page, shown as a trend on the
health page to the convener's team."""

from __future__ import annotations

from django.core import mail

from convenor.comms import services
from convenor.meetings.models import Attendance
from tests.meetings.factories import meeting as make_meeting


def test_the_meeting_page_asks_and_the_health_page_shows_the_trend(
    client_for, alice, pat, partnership, erin, dean
):
    held = make_meeting(partnership, alice, days=-3, invitees=[erin, dean], title="Kick-off")
    Attendance.objects.filter(meeting=held).update(attended=True)
    client = client_for(alice)
    assert "Ask the pulse question" in client.get(held.get_absolute_url()).content.decode()
    response = client.post(f"/p/{partnership.pk}/meetings/{held.pk}/pulse/")
    assert response.status_code == 302 and len(mail.outbox) == 2
    for link in held.input_links.all():
        services.pulse_answer(link=link, score=4 if link.person == erin else 2)
    page = client.get(f"/p/{partnership.pk}/health/").content.decode()
    section = page.split('id="pulse-trend"')[1]
    assert "Kick-off" in section and ">3.0<" in section and "4.0" in section
    assert 'id="pulse-chart"' in page
    # The partner's view of the health page has no per-meeting answers.
    assert (
        'id="pulse-trend"'
        not in client_for(pat).get(f"/p/{partnership.pk}/health/").content.decode()
    )


def test_a_meeting_to_come_offers_no_pulse_question(client_for, alice, partnership, erin):
    upcoming = make_meeting(partnership, alice, invitees=[erin])
    assert (
        "Ask the pulse question"
        not in client_for(alice).get(upcoming.get_absolute_url()).content.decode()
    )
