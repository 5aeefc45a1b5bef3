"""Writes: what they refuse, what they record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from convenor.audit.models import AuditEntry
from convenor.audit.services import create
from convenor.lib.errors import StaleVersionError
from convenor.meetings import services
from convenor.meetings.models import ActionStatus, AgendaItem, Attendance, Meeting
from convenor.outreach.models import Method, Touch
from convenor.partnerships.services import partnership_create
from tests.meetings.factories import meeting, person, when


def test_a_meeting_needs_an_objective(partnership, alice):
    with pytest.raises(ValidationError) as exc:
        meeting(partnership, alice, objective="   ")
    assert "never meet for the sake of meeting" in str(exc.value)
    assert not Meeting.objects.exists()


def test_a_meeting_that_ends_before_it_starts_is_refused(partnership, alice):
    with pytest.raises(ValidationError) as exc:
        services.meeting_create(
            actor=alice,
            partnership=partnership,
            title="Backwards",
            starts_at=when(3, 10),
            ends_at=when(3, 9),
            objective="Decide.",
        )
    assert exc.value.message_dict["ends_at"] == ["The meeting ends before it starts."]


def test_invitees_from_another_workspace_are_refused(partnership, alice, ceo, stranger):
    with pytest.raises(ValidationError) as exc:
        meeting(partnership, alice, invitees=[ceo, stranger])
    assert "belongs to another workspace" in exc.value.message_dict["invitees"][0]
    assert not Meeting.objects.exists()


def test_invitees_from_another_workspace_are_refused_on_update(upcoming, alice, stranger):
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=alice,
            meeting=upcoming,
            changes={"invitees": [stranger]},
            expected_version=upcoming.version,
        )
    assert Attendance.objects.filter(meeting=upcoming).count() == 2


def test_scheduling_writes_the_meeting_its_invitees_and_an_audit_entry_each(
    partnership, alice, ceo, college
):
    m = meeting(partnership, alice, invitees=[ceo, college, ceo])
    assert sorted(a.person.name for a in m.attendance.all()) == ["Carla Ceo", "Dean Diaz"]
    assert AuditEntry.objects.filter(content_type__model="attendance").count() == 2
    assert AuditEntry.objects.filter(content_type__model="meeting", action="create").count() == 1


def test_an_agenda_item_that_would_outlast_the_meeting_is_refused(upcoming, alice):
    services.agenda_item_create(actor=alice, meeting=upcoming, title="Issues", minutes=60)
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_create(actor=alice, meeting=upcoming, title="More", minutes=31)
    assert exc.value.message_dict["minutes"] == [
        "The agenda takes 91 minutes but the meeting lasts 90: shorten the agenda or "
        "lengthen the meeting."
    ]
    services.agenda_item_create(actor=alice, meeting=upcoming, title="Wrap up", minutes=30)


def test_lengthening_an_agenda_item_beyond_the_meeting_is_refused(upcoming, alice):
    item = services.agenda_item_create(actor=alice, meeting=upcoming, title="A", minutes=60)
    services.agenda_item_create(actor=alice, meeting=upcoming, title="B", minutes=30)
    with pytest.raises(ValidationError):
        services.agenda_item_update(
            actor=alice, item=item, changes={"minutes": 61}, expected_version=item.version
        )
    saved = services.agenda_item_update(
        actor=alice, item=item, changes={"minutes": 55}, expected_version=item.version
    )
    assert saved.minutes == 55


def test_shortening_a_meeting_below_its_agenda_is_refused(upcoming, alice):
    services.agenda_item_create(actor=alice, meeting=upcoming, title="A", minutes=80)
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(
            actor=alice,
            meeting=upcoming,
            changes={"ends_at": upcoming.starts_at + dt.timedelta(minutes=60)},
            expected_version=upcoming.version,
        )
    assert "agenda takes 80 minutes" in exc.value.message_dict["ends_at"][0]


def test_a_drafted_agenda_longer_than_the_meeting_is_refused(partnership, alice):
    from convenor.meetings.first_meeting import AgendaDraft

    with pytest.raises(ValidationError):
        meeting(partnership, alice, minutes=60, agenda=[AgendaDraft("Everything", 90)])


def test_agenda_items_are_appended_in_order(upcoming, alice):
    for title in ("One", "Two", "Three"):
        services.agenda_item_create(actor=alice, meeting=upcoming, title=title, minutes=10)
    assert list(AgendaItem.objects.filter(meeting=upcoming).values_list("title", "position")) == [
        ("One", 1),
        ("Two", 2),
        ("Three", 3),
    ]


def test_an_agenda_owner_from_another_workspace_is_refused(upcoming, alice, stranger):
    with pytest.raises(ValidationError):
        services.agenda_item_create(
            actor=alice, meeting=upcoming, title="A", minutes=10, owner=stranger
        )


def test_recording_attendance_marks_who_came_and_who_did_not_and_adds_walk_ins(
    upcoming, alice, ceo, college, board
):
    services.attendance_record(
        actor=alice, meeting=upcoming, attended_person_ids=[ceo.pk], walk_ins=[board]
    )
    rows = {a.person.name: (a.invited, a.attended) for a in upcoming.attendance.all()}
    assert rows == {
        "Carla Ceo": (True, True),
        "Dean Diaz": (True, False),
        "Bea Board": (False, True),
    }


def test_a_walk_in_from_another_workspace_is_refused(upcoming, alice, stranger):
    with pytest.raises(ValidationError):
        services.attendance_record(
            actor=alice, meeting=upcoming, attended_person_ids=[], walk_ins=[stranger]
        )


def test_uninviting_someone_who_came_keeps_their_attendance(upcoming, alice, ceo, college):
    services.attendance_record(actor=alice, meeting=upcoming, attended_person_ids=[ceo.pk])
    upcoming.refresh_from_db()
    services.meeting_update(
        actor=alice, meeting=upcoming, changes={"invitees": []}, expected_version=upcoming.version
    )
    rows = list(upcoming.attendance.values_list("person__name", "invited", "attended"))
    assert rows == [("Carla Ceo", False, True)]


def test_concurrent_edits_of_the_minutes_never_lose_text(upcoming, alice, sam):
    opened = upcoming.version
    services.meeting_update(
        actor=sam,
        meeting=upcoming,
        changes={"notes": "Sam's notes: employers want a shared apprenticeship."},
        expected_version=opened,
    )
    with pytest.raises(StaleVersionError) as exc:
        services.meeting_update(
            actor=alice,
            meeting=upcoming,
            changes={"notes": "Alice's notes: retention first."},
            expected_version=opened,
        )
    assert "Sam Staff" in exc.value.message
    upcoming.refresh_from_db()
    assert upcoming.notes == "Sam's notes: employers want a shared apprenticeship."


# --- decisions -------------------------------------------------------------------------


@pytest.fixture
def other_partnership(workspace, alice):
    return partnership_create(actor=alice, workspace=workspace, name="Logistics Partnership")


def test_decision_create_keeps_its_spine_signature(partnership, alice, upcoming):
    decision = services.decision_create(
        actor=alice,
        partnership=partnership,
        text="  Prioritise retention.  ",
        decided_on=dt.date(2026, 3, 2),
        decided_by="Employers",
        meeting=upcoming,
        touch=None,
    )
    assert (decision.text, decision.meeting, decision.workspace_id) == (
        "Prioritise retention.",
        upcoming,
        partnership.workspace_id,
    )


def test_a_decision_linked_to_a_meeting_of_another_partnership_is_refused(
    other_partnership, alice, upcoming
):
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            actor=alice,
            partnership=other_partnership,
            text="x",
            decided_on=dt.date.today(),
            meeting=upcoming,
        )
    assert exc.value.message_dict == {"meeting": ["That meeting belongs to another partnership."]}


def test_a_decision_made_in_a_one_on_one_of_another_partnership_is_refused(
    partnership, other_partnership, alice, workspace
):
    touch = create(
        actor=alice,
        instance=Touch(
            workspace=workspace,
            partnership=other_partnership,
            occurred_on=dt.date.today(),
            method=Method.ONE_ON_ONE,
        ),
    )
    with pytest.raises(ValidationError):
        services.decision_create(
            actor=alice, partnership=partnership, text="x", decided_on=dt.date.today(), touch=touch
        )


def test_a_decision_linked_to_an_issue_of_another_partnership_is_refused(
    partnership, other_partnership, alice, workspace
):
    from convenor.planning.models import Issue

    foreign = create(
        actor=alice,
        instance=Issue(
            workspace=workspace, partnership=other_partnership, title="Drivers", challenge="other"
        ),
    )
    mine = create(
        actor=alice,
        instance=Issue(
            workspace=workspace, partnership=partnership, title="Retention", challenge="turnover"
        ),
    )
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            actor=alice,
            partnership=partnership,
            text="x",
            decided_on=dt.date.today(),
            issues=[mine, foreign],
        )
    assert "belongs to another partnership" in exc.value.message_dict["issues"][0]
    decision = services.decision_create(
        actor=alice, partnership=partnership, text="x", decided_on=dt.date.today(), issues=[mine]
    )
    assert list(decision.issues.all()) == [mine]


def test_changing_a_decision_needs_the_version_it_was_read_at(partnership, alice, sam):
    decision = services.decision_create(
        actor=alice, partnership=partnership, text="A", decided_on=dt.date.today()
    )
    services.decision_update(
        actor=sam, decision=decision, changes={"text": "B"}, expected_version=1
    )
    with pytest.raises(StaleVersionError):
        services.decision_update(
            actor=alice, decision=decision, changes={"text": "C"}, expected_version=1
        )


# --- action items --------------------------------------------------------------------------


def test_an_action_item_owner_from_another_workspace_is_refused(partnership, alice, stranger):
    with pytest.raises(ValidationError):
        services.action_item_create(
            actor=alice, partnership=partnership, title="Call", owner=stranger
        )


def test_an_action_item_from_a_decision_of_another_partnership_is_refused(
    partnership, other_partnership, alice
):
    decision = services.decision_create(
        actor=alice, partnership=other_partnership, text="A", decided_on=dt.date.today()
    )
    with pytest.raises(ValidationError):
        services.action_item_create(
            actor=alice, partnership=partnership, title="Call", decision=decision
        )


def test_marking_an_item_done_stamps_the_day_and_reopening_clears_it(partnership, alice):
    item = services.action_item_create(actor=alice, partnership=partnership, title="Call")
    done = services.action_item_update(
        actor=alice, item=item, changes={"status": ActionStatus.DONE}, expected_version=1
    )
    assert done.completed_on is not None
    reopened = services.action_item_update(
        actor=alice, item=done, changes={"status": ActionStatus.OPEN}, expected_version=2
    )
    assert reopened.completed_on is None


def test_a_partner_may_change_the_status_of_her_own_items_only(partnership, alice, pat, workspace):
    hers = person(workspace, "Pat Partner", user=pat)
    other = person(workspace, "Olive Other")
    own = services.action_item_create(
        actor=alice, partnership=partnership, title="Mine", owner=hers
    )
    theirs = services.action_item_create(
        actor=alice, partnership=partnership, title="Theirs", owner=other
    )
    saved = services.action_item_set_status(
        actor=pat, item=own, status=ActionStatus.IN_PROGRESS, expected_version=1, can_edit=False
    )
    assert saved.status == ActionStatus.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(
            actor=pat, item=theirs, status=ActionStatus.DONE, expected_version=1, can_edit=False
        )


# --- calendar feeds --------------------------------------------------------------------------


def test_a_feed_secret_is_shown_once_and_stored_only_as_a_hash(partnership, alice):
    feed, raw = services.calendar_feed_create(actor=alice, partnership=partnership, name="Board")
    assert raw.startswith("cal_") and len(raw) > 40
    assert raw not in (feed.key_hash, feed.prefix)
    assert services.calendar_feed_for_token(raw) == feed


def test_a_revoked_wrong_or_malformed_feed_secret_finds_nothing(partnership, alice):
    feed, raw = services.calendar_feed_create(actor=alice, partnership=partnership, name="Board")
    assert services.calendar_feed_for_token(raw[:-1] + "x") is None
    assert services.calendar_feed_for_token("cal_" + "x" * 200) is None
    assert services.calendar_feed_for_token("nonsense") is None
    services.calendar_feed_revoke(actor=alice, feed=feed)
    assert services.calendar_feed_for_token(raw) is None
