"""The meetings API: the same services and checks as the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from convenor.accounts.services import token_create
from convenor.meetings import services
from convenor.meetings.models import ActionItem, Meeting
from tests.meetings.factories import meeting, person


def api(user) -> Client:
    _, raw = token_create(user=user, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def new_meeting(**overrides):
    return {
        "title": "Spring meeting",
        "starts_at": "2027-04-06T12:00:00Z",
        "ends_at": "2027-04-06T13:30:00Z",
        "objective": "Choose the two issues to work on first.",
        **overrides,
    }


def test_a_meeting_is_scheduled_with_invitees_agenda_and_checks(partnership, alice, ceo):
    response = api(alice).post(
        f"/api/partnerships/{partnership.pk}/meetings",
        new_meeting(
            title="Healthcare Summit",
            invitee_ids=[ceo.pk],
            agenda=[{"title": "Welcome", "minutes": 10, "owner_id": ceo.pk}],
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["agenda_minutes"] == 10
    assert body["agenda"][0]["lead"] == "Carla Ceo"
    assert [a["person_name"] for a in body["attendance"]] == ["Carla Ceo"]
    assert "name.summit_without_leaders" in [f["code"] for f in body["findings"]]
    assert body["employer_mix"] == {
        "employers": 1,
        "associations": 0,
        "public": 0,
        "other": 0,
        "basis": "invited",
        "employer_led": True,
    }


def test_the_first_meeting_template_is_offered_and_used_through_the_api(partnership, alice):
    client = api(alice)
    template = client.get(f"/api/partnerships/{partnership.pk}/first-meeting-template").json()
    assert len(template["agenda"]) == 7 and template["agenda_minutes"] == 115
    response = client.post(
        f"/api/partnerships/{partnership.pk}/meetings",
        new_meeting(ends_at="2027-04-06T14:00:00Z", use_first_meeting_template=True),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["agenda_minutes"] == 115


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2027-04-06T11:00:00Z"}, "ends_at", "ends before it starts"),
        ({"objective": "  "}, "objective", "never meet for the sake of meeting"),
        (
            {"agenda": [{"title": "All", "minutes": 120}]},
            "ends_at",
            "agenda takes 120 minutes but the meeting lasts 90",
        ),
    ],
)
def test_bad_meetings_are_refused_with_a_clear_message(
    partnership, alice, overrides, field, message
):
    response = api(alice).post(
        f"/api/partnerships/{partnership.pk}/meetings",
        new_meeting(**overrides),
        content_type="application/json",
    )
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", field]
    assert message in error["msg"]
    assert not Meeting.objects.exists()


def test_invitees_from_another_workspace_are_refused_through_the_api(partnership, alice, stranger):
    response = api(alice).post(
        f"/api/partnerships/{partnership.pk}/meetings",
        new_meeting(invitee_ids=[stranger.pk]),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "No person" in response.json()["detail"][0]["msg"]


def test_a_stale_minutes_update_gets_409_with_the_differences(upcoming, alice, sam):
    api(sam).patch(
        f"/api/meetings/{upcoming.pk}",
        {"version": 1, "notes": "Sam's minutes"},
        content_type="application/json",
    )
    response = api(alice).patch(
        f"/api/meetings/{upcoming.pk}",
        {"version": 1, "notes": "Alice's minutes"},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["conflicts"] == [
        {"field": "notes", "current": "Sam's minutes", "yours": "Alice's minutes"}
    ]


def test_agenda_items_are_added_changed_and_refused_past_the_meeting_length(upcoming, alice):
    client = api(alice)
    created = client.post(
        f"/api/meetings/{upcoming.pk}/agenda",
        {"title": "Issues", "minutes": 60},
        content_type="application/json",
    ).json()
    too_long = client.patch(
        f"/api/agenda-items/{created['id']}",
        {"version": 1, "minutes": 100},
        content_type="application/json",
    )
    assert too_long.status_code == 422
    assert client.get(f"/api/meetings/{upcoming.pk}/agenda").json()[0]["minutes"] == 60


def test_attendance_is_recorded_through_the_api(upcoming, alice, ceo, college, board):
    response = api(alice).put(
        f"/api/meetings/{upcoming.pk}/attendance",
        {
            "version": upcoming.attendance_version,
            "attended_person_ids": [ceo.pk, board.pk],
            "walk_in_ids": [board.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    rows = {r["person_name"]: (r["invited"], r["attended"]) for r in response.json()}
    assert rows == {
        "Carla Ceo": (True, True),
        "Dean Diaz": (True, False),
        "Bea Board": (False, True),
    }


def test_someone_neither_invited_nor_a_walk_in_cannot_be_marked_present(upcoming, alice, board):
    response = api(alice).put(
        f"/api/meetings/{upcoming.pk}/attendance",
        {"version": upcoming.attendance_version, "attended_person_ids": [board.pk]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        f"Person {board.pk} is not invited; add them as a walk-in."
    )


def test_decisions_are_recorded_searched_and_refused_across_partnerships(
    partnership, alice, upcoming, workspace
):
    from convenor.partnerships.services import partnership_create

    client = api(alice)
    created = client.post(
        f"/api/partnerships/{partnership.pk}/decisions",
        {"text": "Start an apprenticeship.", "decided_on": "2026-03-01", "meeting_id": upcoming.pk},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["meeting_id"] == upcoming.pk
    found = client.get(f"/api/partnerships/{partnership.pk}/decisions", {"q": "apprentice"})
    assert [d["text"] for d in found.json()["items"]] == ["Start an apprenticeship."]
    other = partnership_create(actor=alice, workspace=workspace, name="Logistics")
    refused = client.post(
        f"/api/partnerships/{other.pk}/decisions",
        {"text": "x", "decided_on": "2026-03-01", "meeting_id": upcoming.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["msg"] == "That meeting belongs to another partnership."


def test_a_partner_may_patch_only_the_status_of_her_own_item(partnership, alice, pat, workspace):
    hers = person(workspace, "Pat Partner", user=pat)
    item = services.action_item_create(
        actor=alice, partnership=partnership, title="Call", owner=hers
    )
    client = api(pat)
    refused = client.patch(
        f"/api/action-items/{item.pk}",
        {"version": 1, "title": "Renamed"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    done = client.patch(
        f"/api/action-items/{item.pk}",
        {"version": 1, "status": "done"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    mine = client.get(f"/api/workspaces/{partnership.workspace.slug}/my-action-items").json()
    assert [i["title"] for i in mine] == ["Call"]


def test_overdue_action_items_are_listed_through_the_api(partnership, alice):
    services.action_item_create(
        actor=alice,
        partnership=partnership,
        title="Late",
        due_on=dt.date.today() - dt.timedelta(days=2),
    )
    services.action_item_create(actor=alice, partnership=partnership, title="No date")
    response = api(alice).get(f"/api/partnerships/{partnership.pk}/action-items?overdue=true")
    assert [i["title"] for i in response.json()["items"]] == ["Late"]
    assert response.json()["items"][0]["is_overdue"] is True
    assert ActionItem.objects.count() == 2


def test_the_name_check_endpoint_suggests_a_roundtable_for_ceos(partnership, alice, ceo):
    response = api(alice).get(
        f"/api/partnerships/{partnership.pk}/meeting-name-check",
        {"event_type": "focus_group", "invitee_ids": [ceo.pk], "expectation": "gather_views"},
    )
    codes = [f["code"] for f in response.json()]
    # The employer-led check on the invitees, by the rule a saved meeting reads.
    assert codes == ["name.ceos_in_focus_group", "name.suggestion", "employer_led.ok"]


def test_invitations_are_queued_through_the_api(upcoming, alice):
    from django.core import mail

    response = api(alice).post(f"/api/meetings/{upcoming.pk}/invitations")
    assert response.status_code == 202
    assert response.json()["queued"] == 2
    assert len(mail.outbox) == 2


def test_a_meeting_is_deleted_at_its_version(partnership, alice):
    m = meeting(partnership, alice)
    client = api(alice)
    assert client.delete(f"/api/meetings/{m.pk}?version=9").status_code == 409
    assert client.delete(f"/api/meetings/{m.pk}?version=1").status_code == 200
    assert not Meeting.objects.exists()


def test_the_live_check_and_the_saved_meeting_agree_on_the_employer_led_check(
    partnership, alice, workspace, client_for
):
    from convenor.partners.models import Category

    employer = person(workspace, "Erin Employer")
    association = person(workspace, "Ann Association", category=Category.ASSOCIATION)
    college = person(workspace, "Cal College", category=Category.EDUCATION)
    board = person(workspace, "Wes Workforce", category=Category.WORKFORCE_SYSTEM)
    county = person(workspace, "Ed Elected", category=Category.ELECTED)
    ids = [employer.pk, association.pk, college.pk, board.pk, county.pk]

    live_page = client_for(alice).get(
        f"/p/{partnership.pk}/meetings/check/", {"invitees": ids, "title": "Spring meeting"}
    )
    live_api = api(alice).get(
        f"/api/partnerships/{partnership.pk}/meeting-name-check", {"invitee_ids": ids}
    )
    saved = api(alice).post(
        f"/api/partnerships/{partnership.pk}/meetings",
        new_meeting(invitee_ids=ids),
        content_type="application/json",
    )

    expected = "1 employer and 1 association against 3 public partners"
    assert expected in live_page.content.decode()
    assert "employer_led.outnumbered" in [f["code"] for f in live_api.json()]
    saved_codes = [f["code"] for f in saved.json()["findings"]]
    assert "employer_led.outnumbered" in saved_codes
    assert saved.json()["employer_mix"]["employer_led"] is False
