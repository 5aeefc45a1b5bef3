"""Meeting pages: list, schedule, check, detail, agenda, attendance, edit, delete."""

from __future__ import annotations

import re

from convenor.meetings import services
from convenor.meetings.models import AgendaItem, Meeting
from convenor.partners.models import AuthorityLevel, Category
from tests.meetings.factories import meeting, org, person


def form_data(**overrides):
    data = {
        "title": "Spring partnership meeting",
        "event_type": "partnership_meeting",
        "expectation": "decide",
        "starts_at": "2027-04-06T08:00",
        "ends_at": "2027-04-06T09:30",
        "location": "Riverside Hospital, room 4",
        "objective": "Choose the two issues to work on first.",
    }
    return data | overrides


def test_the_meetings_page_lists_upcoming_and_held_meetings(
    partnership, alice, client_for, ceo, django_assert_max_num_queries
):
    for days in (-40, -20, 10):
        meeting(partnership, alice, days=days, title=f"Meeting {days}", invitees=[ceo])
    client = client_for(alice)
    client.get(f"/p/{partnership.pk}/meetings/")  # warm the session and caches
    with django_assert_max_num_queries(20):
        response = client.get(f"/p/{partnership.pk}/meetings/")
    assert response.status_code == 200
    assert [m.title for m in response.context["upcoming"]] == ["Meeting 10"]
    assert [m.title for m in response.context["past"]] == ["Meeting -20", "Meeting -40"]
    assert b"20 days ago" in response.content


def test_the_list_query_count_does_not_grow_with_meetings(
    partnership, alice, client_for, ceo, college, django_assert_max_num_queries
):
    for days in range(-60, 30, 3):
        m = meeting(partnership, alice, days=days, invitees=[ceo, college])
        if days < 0:
            services.attendance_record(actor=alice, meeting=m, attended_person_ids=[ceo.pk])
    client = client_for(alice)
    client.get(f"/p/{partnership.pk}/meetings/")
    with django_assert_max_num_queries(20):
        assert client.get(f"/p/{partnership.pk}/meetings/").status_code == 200


def test_the_trend_table_counts_associations_on_the_industry_side(
    partnership, alice, client_for, workspace, ceo, college, board
):
    association = person(workspace, "Ann Association", category=Category.ASSOCIATION)
    held = meeting(
        partnership,
        alice,
        days=-7,
        title="Spring meeting",
        invitees=[ceo, association, college, board],
    )
    services.attendance_record(
        actor=alice,
        meeting=held,
        attended_person_ids=[ceo.pk, association.pk, college.pk, board.pk],
    )
    response = client_for(alice).get(f"/p/{partnership.pk}/meetings/")
    row = re.search(r"<tr><td>[^<]*Spring[^<]*</td>(.*?)</tr>", response.content.decode(), re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">(\d+)</td>', row.group(1))
    # Employers, associations, public, other: the columns add up to who attended, and
    # 1 employer and 1 association against 2 public partners is employer-led.
    assert cells == ["1", "1", "2", "0"]
    assert "outnumbered" not in row.group(1)


def test_a_staff_member_schedules_a_meeting_with_invitees(partnership, sam, client_for, ceo):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/meetings/new/?template=blank", form_data(invitees=[ceo.pk])
    )
    m = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == m.get_absolute_url()
    assert [a.person for a in m.attendance.all()] == [ceo]


def test_scheduling_without_an_objective_is_refused_with_the_reason(partnership, sam, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/meetings/new/?template=blank", form_data(objective="")
    )
    assert response.status_code == 422
    assert "never meet for the sake of meeting" in response.content.decode()


def test_a_meeting_that_ends_before_it_starts_is_refused_on_the_page(partnership, sam, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/meetings/new/?template=blank",
        form_data(ends_at="2027-04-06T07:00"),
    )
    assert response.status_code == 422
    assert b"The meeting ends before it starts." in response.content


def test_inviting_someone_from_another_workspace_is_refused_on_the_page(
    partnership, sam, client_for, stranger
):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/meetings/new/?template=blank", form_data(invitees=[stranger.pk])
    )
    assert response.status_code == 422
    assert b"not in this workspace&#x27;s partners registry" in response.content
    assert not Meeting.objects.exists()


def test_the_name_check_warns_about_a_summit_as_the_convener_types(
    partnership, sam, client_for, ceo
):
    response = client_for(sam).get(
        f"/p/{partnership.pk}/meetings/check/",
        {"event_type": "roundtable", "title": "Healthcare Workforce Summit", "invitees": [ceo.pk]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b'data-code="name.summit_without_leaders"' in response.content
    assert b"<html" not in response.content


def test_the_name_check_warns_about_two_and_a_half_hours_with_employers(
    partnership, sam, client_for, ceo
):
    response = client_for(sam).get(
        f"/p/{partnership.pk}/meetings/check/",
        {
            "event_type": "partnership_meeting",
            "expectation": "decide",
            "starts_at": "2027-04-06T08:00",
            "ends_at": "2027-04-06T10:30",
            "invitees": [ceo.pk],
        },
    )
    assert b'data-code="agenda.over_two_hours_with_employers"' in response.content


def test_the_name_check_ignores_people_of_other_workspaces(partnership, sam, client_for, stranger):
    response = client_for(sam).get(
        f"/p/{partnership.pk}/meetings/check/", {"invitees": [stranger.pk, "x"]}
    )
    assert response.status_code == 200
    assert response.context["invitees"] == []


def test_the_meeting_page_shows_the_agenda_total_and_the_employer_led_check(
    partnership, alice, client_for, college, board, ceo
):
    m = meeting(partnership, alice, invitees=[college, board, ceo])
    services.agenda_item_create(actor=alice, meeting=m, title="Issues", minutes=45)
    services.agenda_item_create(actor=alice, meeting=m, title="Priorities", minutes=30)
    response = client_for(alice).get(m.get_absolute_url())
    content = response.content.decode()
    assert 'id="agenda-total">75 of 90<' in content
    assert 'data-code="employer_led.outnumbered"' in content


def test_a_viewer_sees_the_meeting_without_the_editing_forms(upcoming, vic, client_for):
    response = client_for(vic).get(upcoming.get_absolute_url())
    assert response.status_code == 200
    assert b"Record attendance" not in response.content
    assert b"Send the invitations" not in response.content


def test_adding_an_agenda_item_longer_than_the_meeting_shows_why(upcoming, alice, client_for):
    url = f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/agenda/"
    response = client_for(alice).post(url, {"title": "Everything", "minutes": 95})
    assert response.status_code == 422
    assert b"The agenda takes 95 minutes but the meeting lasts 90" in response.content
    assert not AgendaItem.objects.exists()


def test_an_agenda_item_is_added_with_its_lead_and_then_edited(upcoming, alice, client_for, ceo):
    client = client_for(alice)
    base = f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/agenda/"
    client.post(base, {"title": "Welcome", "minutes": 10, "owner": ceo.pk})
    item = AgendaItem.objects.get()
    assert (item.owner, item.position) == (ceo, 1)
    response = client.post(
        f"{base}{item.pk}/",
        {"title": "Welcome and introductions", "minutes": 15, "owner": ceo.pk, "version": 1},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.minutes, item.version) == ("Welcome and introductions", 15, 2)
    client.post(f"{base}{item.pk}/delete/")
    assert not AgendaItem.objects.exists()


def test_an_agenda_item_of_another_meeting_is_not_found_through_this_one(
    partnership, alice, client_for
):
    first = meeting(partnership, alice, title="First")
    second = meeting(partnership, alice, title="Second", days=14)
    item = services.agenda_item_create(actor=alice, meeting=first, title="A", minutes=5)
    url = f"/p/{partnership.pk}/meetings/{second.pk}/agenda/{item.pk}/"
    assert client_for(alice).get(url).status_code == 404


def test_attendance_is_recorded_with_htmx_and_the_check_follows(
    upcoming, alice, client_for, ceo, college
):
    url = f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/attendance/"
    response = client_for(alice).post(url, {"attended": [ceo.pk]}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="attendance"')
    assert 'data-code="employer_led.ok"' in content
    assert dict(upcoming.attendance.values_list("person_id", "attended")) == {
        ceo.pk: True,
        college.pk: False,
    }


def test_a_walk_in_from_another_workspace_is_refused_on_the_page(
    upcoming, alice, client_for, stranger
):
    url = f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/attendance/"
    response = client_for(alice).post(url, {"walk_in": stranger.pk})
    assert response.status_code == 422
    assert b"not in this workspace&#x27;s partners registry" in response.content


def test_editing_a_meeting_changes_its_invitees(upcoming, alice, client_for, ceo, workspace):
    mayor = person(workspace, "Mayor", category="elected")
    url = f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/edit/"
    response = client_for(alice).get(url)
    assert set(response.context["form"].initial["invitees"]) == {
        a.person_id for a in upcoming.attendance.all()
    }
    data = form_data(invitees=[ceo.pk, mayor.pk], version=upcoming.version, event_type="summit")
    assert client_for(alice).post(url, data).status_code == 302
    assert {a.person for a in upcoming.attendance.all()} == {ceo, mayor}


def test_an_edit_based_on_an_old_version_is_refused_with_what_changed(
    upcoming, alice, sam, client_for
):
    url = f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/edit/"
    client_for(sam).post(url, form_data(title="Sam's title", version=1))
    response = client_for(alice).post(url, form_data(title="Alice's title", version=1))
    assert response.status_code == 409
    assert b"Sam Staff" in response.content
    upcoming.refresh_from_db()
    assert upcoming.title == "Sam's title"


def test_deleting_a_meeting_asks_first(upcoming, alice, client_for):
    url = f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/delete/"
    assert client_for(alice).get(url).status_code == 200
    assert Meeting.objects.exists()
    assert client_for(alice).post(url).status_code == 302
    assert not Meeting.objects.exists()


def test_the_ceo_focus_group_question_appears_on_the_meeting_page(
    partnership, alice, client_for, workspace
):
    ceos = [person(workspace, f"Ceo {i}", authority_level=AuthorityLevel.CEO) for i in range(3)]
    m = meeting(partnership, alice, title="Employer focus group", invitees=ceos)
    assert (
        b'data-code="name.ceos_in_focus_group"'
        in client_for(alice).get(m.get_absolute_url()).content
    )


def test_a_meeting_of_another_partnership_is_not_found_through_this_one(
    upcoming, alice, client_for, workspace
):
    from convenor.partnerships.services import partnership_create

    other = partnership_create(actor=alice, workspace=workspace, name="Other")
    assert client_for(alice).get(f"/p/{other.pk}/meetings/{upcoming.pk}/").status_code == 404


def test_a_partner_sees_the_meetings_of_a_partnership_shared_with_her(upcoming, pat, client_for):
    client = client_for(pat)
    assert client.get(upcoming.get_absolute_url()).status_code == 200
    url = f"/p/{upcoming.partnership_id}/meetings/{upcoming.pk}/edit/"
    assert client.get(url).status_code == 403


def test_a_meeting_held_long_ago_cannot_be_invited_to(partnership, alice, client_for, ceo):
    m = meeting(partnership, alice, days=-3, invitees=[ceo])
    response = client_for(alice).post(f"/p/{partnership.pk}/meetings/{m.pk}/invite/", follow=True)
    assert b"This meeting is over" in response.content


def test_the_meeting_page_query_count_does_not_grow_with_invitees(
    partnership, alice, client_for, workspace
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(alice)

    def queries_for(size):
        people = [person(workspace, f"Person {size}-{i}") for i in range(size)]
        m = meeting(partnership, alice, title=f"Meeting of {size}", invitees=people)
        services.attendance_record(
            actor=alice, meeting=m, attended_person_ids=[p.pk for p in people[::2]]
        )
        for i in range(size):
            services.action_item_create(
                actor=alice, partnership=partnership, title=f"Item {i}", owner=people[i], meeting=m
            )
        client.get(m.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(m.get_absolute_url()).status_code == 200
        return len(ctx)

    assert queries_for(3) == queries_for(15)


def test_an_employer_of_another_industry_is_not_the_industrys_voice_at_a_meeting(
    partnership, alice, client_for, workspace, college, board
):
    # One rule (partners.sides): the partnership targets health care (62); a trucking
    # company is a partner at the table but does not speak for the industry, on the
    # meeting page as in the assessment's mix.
    nurse_employer = org(workspace, "Riverside Hospital", Category.EMPLOYER, naics="622110")
    trucker = org(workspace, "Buckeye Freight", Category.EMPLOYER, naics="484121")
    hospital = person(workspace, "Hana Hospital", organisation=nurse_employer)
    freight = person(workspace, "Fred Freight", organisation=trucker)
    draft = meeting(
        partnership, alice, days=10, title="Spring meeting", invitees=[hospital, freight, college]
    )
    page = client_for(alice).get(f"/p/{partnership.pk}/meetings/{draft.pk}/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # Counted as the assessment counts: 1 employer of the industry against 1 public partner.
    assert "1 employer against 1 public partner" in text
    assert "2 employers" not in text
