"""Edits of the invitee and attendance lists never overwrite a newer version silently.

Two staff members open the same form; the first save wins, the second is refused
with who changed what, keeps what the second person entered, and saving again is
a deliberate choice made on the current list. The API answers 409 the same way.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django.test import Client

from convenor.meetings import services
from convenor.meetings.models import Attendance, Meeting
from tests.meetings.factories import person
from tests.meetings.test_api import api
from tests.meetings.test_meeting_pages import form_data


class _HiddenFields(HTMLParser):
    """The hidden inputs of the POST form whose action is ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.inside = a.get("action", "") == self.action
        elif tag == "input" and self.inside and a.get("type") == "hidden" and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def hidden_fields(response: Any, action: str = "") -> dict[str, str]:
    """What the browser sends back unseen: the version the form was rendered from."""
    parser = _HiddenFields(action)
    parser.feed(response.content.decode())
    return parser.fields


def attendance_url(m: Meeting) -> str:
    return f"/p/{m.partnership_id}/meetings/{m.pk}/attendance/"


def edit_url(m: Meeting) -> str:
    return f"/p/{m.partnership_id}/meetings/{m.pk}/edit/"


def attended(m: Meeting) -> dict[str, bool | None]:
    return dict(
        Attendance.objects.filter(meeting=m).values_list("person__name", "attended").order_by()
    )


def invited(m: Meeting) -> set[str]:
    return set(
        Attendance.objects.filter(meeting=m, invited=True).values_list("person__name", flat=True)
    )


def opened_attendance_form(client: Client, m: Meeting) -> dict[str, str]:
    return hidden_fields(client.get(m.get_absolute_url()), attendance_url(m))


# --- attendance on the meeting page --------------------------------------------------


def test_a_second_attendance_save_from_a_stale_form_is_refused_and_the_first_is_kept(
    upcoming, alice, sam, client_for, ceo, college
):
    sams, alices = client_for(sam), client_for(alice)
    sam_form = opened_attendance_form(sams, upcoming)
    alice_form = opened_attendance_form(alices, upcoming)

    saved = sams.post(attendance_url(upcoming), {**sam_form, "attended": [ceo.pk]})
    assert saved.status_code == 302
    refused = alices.post(attendance_url(upcoming), {**alice_form, "attended": [college.pk]})

    assert refused.status_code == 409
    message = " ".join(refused.context["attendance_form"].non_field_errors())
    assert "Sam Staff" in message
    assert "attended: now Carla Ceo; yours Dean Diaz" in message
    assert "Nothing was saved" in message
    assert attended(upcoming) == {"Carla Ceo": True, "Dean Diaz": False}
    # What Alice ticked is still ticked on the page, beside Sam's record in the table.
    assert refused.context["attendance_form"]["attended"].value() == [str(college.pk)]
    assert 'role="alert"' in refused.content.decode()


def test_saving_again_after_the_refusal_is_a_deliberate_choice_on_the_current_list(
    upcoming, alice, sam, client_for, ceo, college
):
    sams, alices = client_for(sam), client_for(alice)
    alice_form = opened_attendance_form(alices, upcoming)
    sams.post(
        attendance_url(upcoming), {**opened_attendance_form(sams, upcoming), "attended": [ceo.pk]}
    )
    refused = alices.post(attendance_url(upcoming), {**alice_form, "attended": [college.pk]})

    again = alices.post(
        attendance_url(upcoming),
        {**hidden_fields(refused, attendance_url(upcoming)), "attended": [ceo.pk, college.pk]},
    )

    assert again.status_code == 302
    assert attended(upcoming) == {"Carla Ceo": True, "Dean Diaz": True}


def test_a_refused_attendance_form_offers_the_walk_in_the_other_person_added(
    upcoming, alice, sam, client_for, board
):
    sams, alices = client_for(sam), client_for(alice)
    alice_form = opened_attendance_form(alices, upcoming)
    sams.post(
        attendance_url(upcoming), {**opened_attendance_form(sams, upcoming), "walk_in": board.pk}
    )

    refused = alices.post(attendance_url(upcoming), {**alice_form, "attended": []})

    assert refused.status_code == 409
    choices = dict(refused.context["attendance_form"].fields["attended"].choices)
    assert choices[board.pk] == "Bea Board (not invited)"
    assert attended(upcoming)["Bea Board"] is True


def test_a_stale_attendance_save_through_htmx_is_refused_in_the_swapped_section(
    upcoming, alice, sam, client_for, ceo, college
):
    sams, alices = client_for(sam), client_for(alice)
    alice_form = opened_attendance_form(alices, upcoming)
    sams.post(
        attendance_url(upcoming), {**opened_attendance_form(sams, upcoming), "attended": [ceo.pk]}
    )

    refused = alices.post(
        attendance_url(upcoming),
        {**alice_form, "attended": [college.pk]},
        headers={"HX-Request": "true"},
    )

    assert refused.status_code == 409
    content = refused.content.decode()
    assert content.lstrip().startswith('<section id="attendance"')
    assert "Sam Staff" in content
    assert attended(upcoming) == {"Carla Ceo": True, "Dean Diaz": False}


def test_changed_invitees_make_an_open_attendance_form_stale(
    upcoming, alice, sam, client_for, ceo, college, workspace
):
    mayor = person(workspace, "Mayor Mendez", category="elected")
    alices = client_for(alice)
    alice_form = opened_attendance_form(alices, upcoming)
    services.meeting_update(
        actor=sam,
        meeting=upcoming,
        changes={"invitees": [ceo, college, mayor]},
        expected_version=upcoming.version,
    )

    refused = alices.post(attendance_url(upcoming), {**alice_form, "attended": [ceo.pk]})

    assert refused.status_code == 409
    # Mayor Mendez was never shown to Alice: she is not marked absent behind her back.
    assert attended(upcoming) == {"Carla Ceo": None, "Dean Diaz": None, "Mayor Mendez": None}


def test_recording_attendance_does_not_make_the_minutes_stale(
    upcoming, alice, sam, client_for, ceo
):
    opened = upcoming.version
    sams = client_for(sam)
    sams.post(
        attendance_url(upcoming), {**opened_attendance_form(sams, upcoming), "attended": [ceo.pk]}
    )

    response = client_for(alice).post(
        f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/minutes/",
        {"notes": "Employers spoke first.", "version": opened},
    )

    assert response.status_code == 302
    upcoming.refresh_from_db()
    assert upcoming.notes == "Employers spoke first."


# --- invitees on the meeting form ------------------------------------------------------


def test_a_second_invitee_change_from_a_stale_form_is_refused_and_the_first_is_kept(
    upcoming, alice, sam, client_for, ceo, college, workspace
):
    mayor = person(workspace, "Mayor Mendez", category="elected")
    alices, sams = client_for(alice), client_for(sam)
    # Both open the form on the same meeting; only the invitees will differ.
    assert (
        alices.post(
            edit_url(upcoming), form_data(version=1, invitees=[ceo.pk, college.pk])
        ).status_code
        == 302
    )
    sam_form = hidden_fields(sams.get(edit_url(upcoming)))
    alice_form = hidden_fields(alices.get(edit_url(upcoming)))

    saved = sams.post(
        edit_url(upcoming), form_data(**sam_form, invitees=[ceo.pk, college.pk, mayor.pk])
    )
    assert saved.status_code == 302
    refused = alices.post(
        edit_url(upcoming), form_data(**alice_form, title="Alice's title", invitees=[ceo.pk])
    )

    assert refused.status_code == 409
    message = " ".join(refused.context["form"].non_field_errors())
    assert "Sam Staff" in message
    assert "invitees: now Carla Ceo, Dean Diaz, Mayor Mendez; yours Carla Ceo" in message
    assert invited(upcoming) == {"Carla Ceo", "Dean Diaz", "Mayor Mendez"}
    upcoming.refresh_from_db()
    assert upcoming.title == "Spring partnership meeting"
    form = refused.context["form"]
    assert form["invitees"].value() == [str(ceo.pk)]
    assert form["title"].value() == "Alice's title"


def test_an_unchanged_invitee_list_saves_no_new_version(upcoming, alice, ceo, college):
    saved = services.meeting_update(
        actor=alice,
        meeting=upcoming,
        changes={"invitees": [college, ceo]},
        expected_version=upcoming.version,
    )
    assert (saved.version, saved.attendance_version) == (
        upcoming.version,
        upcoming.attendance_version,
    )


# --- the API ---------------------------------------------------------------------------


def test_a_stale_attendance_list_is_refused_through_the_api_with_409(
    upcoming, alice, sam, ceo, college
):
    read = api(alice).get(f"/api/meetings/{upcoming.pk}").json()["attendance_version"]
    url = f"/api/meetings/{upcoming.pk}/attendance"
    first = api(sam).put(
        url, {"version": read, "attended_person_ids": [ceo.pk]}, content_type="application/json"
    )
    assert first.status_code == 200
    assert {r["attendance_version"] for r in first.json()} == {read + 1}

    refused = api(alice).put(
        url, {"version": read, "attended_person_ids": [college.pk]}, content_type="application/json"
    )

    assert refused.status_code == 409
    body = refused.json()
    assert "Sam Staff" in body["detail"]
    assert (body["your_version"], body["current_version"]) == (read, read + 1)
    assert body["conflicts"] == [
        {"field": "attended", "current": "Carla Ceo", "yours": "Dean Diaz"}
    ]
    assert attended(upcoming) == {"Carla Ceo": True, "Dean Diaz": False}


def test_recording_attendance_through_the_api_needs_the_version_read(upcoming, alice, ceo):
    response = api(alice).put(
        f"/api/meetings/{upcoming.pk}/attendance",
        {"attended_person_ids": [ceo.pk]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert attended(upcoming) == {"Carla Ceo": None, "Dean Diaz": None}


def test_one_attendance_row_changed_through_the_api_makes_the_list_stale(
    upcoming, alice, sam, ceo, college
):
    read = api(alice).get(f"/api/meetings/{upcoming.pk}").json()
    row = next(r for r in read["attendance"] if r["person_id"] == college.pk)
    patched = api(sam).patch(
        f"/api/attendance/{row['id']}",
        {"version": row["version"], "attended": True},
        content_type="application/json",
    )
    assert patched.status_code == 200

    refused = api(alice).put(
        f"/api/meetings/{upcoming.pk}/attendance",
        {"version": read["attendance_version"], "attended_person_ids": [ceo.pk]},
        content_type="application/json",
    )

    assert refused.status_code == 409
    assert attended(upcoming) == {"Carla Ceo": None, "Dean Diaz": True}


def test_a_stale_invitee_list_is_refused_through_the_api_with_409(
    upcoming, alice, sam, ceo, college, workspace
):
    mayor = person(workspace, "Mayor Mendez", category="elected")
    read = api(alice).get(f"/api/meetings/{upcoming.pk}").json()["version"]
    url = f"/api/meetings/{upcoming.pk}"
    first = api(sam).patch(
        url,
        {"version": read, "invitee_ids": [ceo.pk, college.pk, mayor.pk]},
        content_type="application/json",
    )
    assert first.status_code == 200

    refused = api(alice).patch(
        url, {"version": read, "invitee_ids": [ceo.pk]}, content_type="application/json"
    )

    assert refused.status_code == 409
    body = refused.json()
    assert "Sam Staff" in body["detail"]
    assert {
        "field": "invitees",
        "current": "Carla Ceo, Dean Diaz, Mayor Mendez",
        "yours": "Carla Ceo",
    } in body["conflicts"]
    assert invited(upcoming) == {"Carla Ceo", "Dean Diaz", "Mayor Mendez"}
