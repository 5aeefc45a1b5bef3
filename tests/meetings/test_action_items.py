"""Action items: per partnership with the overdue ones, and "my action items"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from convenor.meetings import services
from convenor.meetings.models import ActionItem, ActionStatus
from convenor.partnerships.services import partnership_create
from tests.meetings.factories import person

TODAY = timezone.localdate()


@pytest.fixture
def pats_person(workspace, pat):
    return person(workspace, "Pat Partner", user=pat, email="pat@employer.example")


@pytest.fixture
def items(partnership, alice, pats_person, ceo):
    create = services.action_item_create
    return {
        "late": create(
            actor=alice,
            partnership=partnership,
            title="Send turnover figures",
            owner=pats_person,
            due_on=TODAY - dt.timedelta(days=5),
        ),
        "soon": create(
            actor=alice,
            partnership=partnership,
            title="Book the room",
            owner=ceo,
            due_on=TODAY + dt.timedelta(days=5),
        ),
        "done": create(
            actor=alice,
            partnership=partnership,
            title="Share the agenda",
            owner=pats_person,
            due_on=TODAY - dt.timedelta(days=20),
            status=ActionStatus.DONE,
        ),
    }


def titles(rows):
    return [i.title for i in rows]


def test_the_partnership_lists_open_items_and_the_overdue_ones_first(
    partnership, alice, client_for, items, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(f"/p/{partnership.pk}/actions/")
    with django_assert_max_num_queries(12):
        response = client.get(f"/p/{partnership.pk}/actions/")
    assert titles(response.context["page"]) == ["Send turnover figures", "Book the room"]
    assert titles(response.context["overdue"]) == ["Send turnover figures"]
    assert b"overdue" in response.content


def test_the_overdue_filter_and_the_done_filter(partnership, alice, client_for, items):
    client = client_for(alice)
    overdue = client.get(f"/p/{partnership.pk}/actions/", {"show": "overdue"})
    assert titles(overdue.context["page"]) == ["Send turnover figures"]
    done = client.get(f"/p/{partnership.pk}/actions/", {"show": "done"})
    assert titles(done.context["page"]) == ["Share the agenda"]


def test_my_action_items_are_the_items_of_my_person_record(workspace, pat, client_for, items):
    response = client_for(pat).get(f"/w/{workspace.slug}/my-actions/")
    assert response.status_code == 200
    assert titles(response.context["open"]) == ["Send turnover figures"]
    assert titles(response.context["closed"]) == ["Share the agenda"]


def test_my_action_items_leave_out_partnerships_not_shared_with_a_partner(
    workspace, alice, pat, client_for, items, pats_person
):
    hidden = partnership_create(actor=alice, workspace=workspace, name="Unshared Logistics")
    services.action_item_create(
        actor=alice, partnership=hidden, title="Secret item", owner=pats_person
    )
    response = client_for(pat).get(f"/w/{workspace.slug}/my-actions/")
    assert b"Secret item" not in response.content
    assert b"Unshared Logistics" not in response.content


def test_staff_see_my_action_items_too_and_a_viewer_does_not(workspace, sam, vic, client_for):
    assert client_for(sam).get(f"/w/{workspace.slug}/my-actions/").status_code == 200
    assert client_for(vic).get(f"/w/{workspace.slug}/my-actions/").status_code == 403


def test_the_navigation_offers_my_action_items_to_partners(workspace, pat, client_for, items):
    response = client_for(pat).get(f"/w/{workspace.slug}/my-actions/")
    assert f'href="/w/{workspace.slug}/my-actions/"'.encode() in response.content


def test_a_partner_updates_the_status_of_her_own_item_with_htmx(
    partnership, pat, client_for, items
):
    item = items["late"]
    response = client_for(pat).post(
        f"/p/{partnership.pk}/actions/{item.pk}/status/",
        {"status": "done", "version": item.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert b'id="action-status-' in response.content
    item.refresh_from_db()
    assert (item.status, item.completed_on) == ("done", TODAY)


def test_a_partner_cannot_update_someone_elses_item(partnership, pat, client_for, items):
    item = items["soon"]
    response = client_for(pat).post(
        f"/p/{partnership.pk}/actions/{item.pk}/status/", {"status": "done"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == "open"


def test_an_unknown_status_is_refused_with_a_message(partnership, alice, client_for, items):
    item = items["soon"]
    response = client_for(alice).post(
        f"/p/{partnership.pk}/actions/{item.pk}/status/", {"status": "finished"}
    )
    assert response.status_code == 422
    assert b'role="alert"' in response.content


def test_a_status_change_on_an_old_version_is_refused(partnership, alice, sam, client_for, items):
    item = items["soon"]
    client_for(sam).post(
        f"/p/{partnership.pk}/actions/{item.pk}/status/", {"status": "in_progress", "version": 1}
    )
    response = client_for(alice).post(
        f"/p/{partnership.pk}/actions/{item.pk}/status/",
        {"status": "dropped", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_staff_create_edit_and_delete_an_action_item(partnership, alice, client_for, ceo):
    client = client_for(alice)
    response = client.post(
        f"/p/{partnership.pk}/actions/new/",
        {"title": "Tour the plant", "owner": ceo.pk, "due_on": "2027-01-05"},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.owner, item.status) == (ceo, "open")
    client.post(
        f"/p/{partnership.pk}/actions/{item.pk}/edit/",
        {"title": "Tour the plant", "owner": ceo.pk, "status": "in_progress", "version": 1},
    )
    item.refresh_from_db()
    assert item.status == "in_progress"
    client.post(f"/p/{partnership.pk}/actions/{item.pk}/delete/")
    assert not ActionItem.objects.exists()


def test_an_owner_from_another_workspace_is_refused_on_the_page(
    partnership, alice, client_for, stranger
):
    response = client_for(alice).post(
        f"/p/{partnership.pk}/actions/new/", {"title": "x", "owner": stranger.pk}
    )
    assert response.status_code == 422
    assert not ActionItem.objects.exists()
