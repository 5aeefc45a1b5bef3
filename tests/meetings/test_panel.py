"""The meetings section of the partnership page: cadence, employer-led trend, overdue items."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from convenor.meetings import services
from tests.meetings.factories import meeting


def test_a_new_partnership_shows_that_no_meeting_was_held(partnership, alice, client_for):
    content = client_for(alice).get(f"/p/{partnership.pk}/").content.decode()
    assert "Meetings and momentum" in content
    assert "no meeting held yet" in content


def test_the_partnership_page_shows_the_cadence(
    partnership, alice, client_for, ceo, college, board
):
    held = meeting(partnership, alice, days=-12, title="Kick-off", invitees=[ceo, college, board])
    services.attendance_record(
        actor=alice, meeting=held, attended_person_ids=[ceo.pk, college.pk, board.pk]
    )
    meeting(partnership, alice, days=9, title="Problem statements")
    services.action_item_create(
        actor=alice,
        partnership=partnership,
        title="Send the data",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    response = client_for(alice).get(f"/p/{partnership.pk}/")
    content = response.content.decode()
    assert 'id="days-since-last">12 (' in content
    assert "Problem statements</a>" in content
    assert 'id="overdue-count">1<' in content
    assert "Send the data" in content
    assert 'data-code="cadence.without_decisions"' in content
    assert 'data-code="cadence.overdue_action_items"' in content
    assert "1:2" in content  # one employer against two others at the kick-off


def test_without_a_next_meeting_the_panel_warns(partnership, alice, client_for):
    meeting(partnership, alice, days=-5)
    content = client_for(alice).get(f"/p/{partnership.pk}/").content.decode()
    assert 'data-code="cadence.no_next_meeting"' in content
    assert "none scheduled" in content


def test_the_employer_trend_is_charted_once_two_meetings_have_attendance(
    partnership, alice, client_for, ceo, college
):
    for days in (-40, -10):
        m = meeting(partnership, alice, days=days, invitees=[ceo, college])
        services.attendance_record(actor=alice, meeting=m, attended_person_ids=[ceo.pk])
    content = client_for(alice).get(f"/p/{partnership.pk}/").content.decode()
    assert 'id="panel-employer-trend"' in content
