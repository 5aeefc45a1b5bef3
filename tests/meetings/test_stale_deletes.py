"""Deletes carry the version they were drawn from: someone else's edit is never thrown away."""

from __future__ import annotations

from convenor.meetings import services
from convenor.meetings.models import ActionItem, Meeting
from tests.meetings.factories import meeting
from tests.meetings.test_api import api


def test_a_meeting_delete_drawn_before_an_edit_is_refused(partnership, alice, sam, client_for):
    m = meeting(partnership, alice)
    url = f"/p/{partnership.pk}/meetings/{m.pk}/delete/"
    page = client_for(alice).get(url).content.decode()
    assert f'name="version" value="{m.version}"' in page
    drawn = m.version
    services.meeting_update(
        actor=sam, meeting=m, changes={"location": "Room 4"}, expected_version=drawn
    )
    response = client_for(alice).post(url, {"version": drawn}, follow=True)
    assert Meeting.objects.filter(pk=m.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"version": drawn + 1})
    assert not Meeting.objects.filter(pk=m.pk).exists()


def test_an_action_item_delete_drawn_before_an_edit_is_refused(partnership, alice, sam, client_for):
    item = services.action_item_create(actor=alice, partnership=partnership, title="Call Dean")
    page = client_for(alice).get(f"/p/{partnership.pk}/actions/{item.pk}/edit/").content.decode()
    assert f'name="version" value="{item.version}"' in page
    drawn = item.version
    services.action_item_update(
        actor=sam, item=item, changes={"title": "Call Dean Diaz"}, expected_version=drawn
    )
    url = f"/p/{partnership.pk}/actions/{item.pk}/delete/"
    response = client_for(alice).post(url, {"version": drawn}, follow=True)
    assert ActionItem.objects.filter(pk=item.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"version": drawn + 1})
    assert not ActionItem.objects.filter(pk=item.pk).exists()


def test_an_api_delete_at_a_stale_version_is_409_and_deletes_nothing(partnership, alice, sam):
    item = services.action_item_create(actor=alice, partnership=partnership, title="Call Dean")
    drawn = item.version
    services.action_item_update(
        actor=sam, item=item, changes={"title": "Call Dean Diaz"}, expected_version=drawn
    )
    response = api(alice).delete(f"/api/action-items/{item.pk}?version={drawn}")
    assert response.status_code == 409
    assert ActionItem.objects.filter(pk=item.pk).exists()


def test_the_delete_link_carries_the_version_the_meeting_page_showed(
    partnership, alice, sam, client_for
):
    """An edit between the meeting page and the confirmation page is caught too."""
    m = meeting(partnership, alice)
    detail = client_for(alice).get(m.get_absolute_url()).content.decode()
    link = f"/p/{partnership.pk}/meetings/{m.pk}/delete/?version={m.version}"
    assert link in detail
    services.meeting_update(
        actor=sam, meeting=m, changes={"location": "Room 4"}, expected_version=m.version
    )
    confirm = client_for(alice).get(link).content.decode()
    assert f'name="version" value="{m.version}"' in confirm  # the shown one, not the current
    response = client_for(alice).post(
        f"/p/{partnership.pk}/meetings/{m.pk}/delete/", {"version": m.version}, follow=True
    )
    assert Meeting.objects.filter(pk=m.pk).exists()
    assert "Not removed." in response.content.decode()
    assert sam.name in response.content.decode()
