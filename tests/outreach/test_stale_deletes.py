"""Deleting a touch carries the version it was drawn from."""

from __future__ import annotations

from django.test import Client

from convenor.accounts.services import token_create
from convenor.outreach import services
from convenor.outreach.models import Touch
from tests.outreach.test_touches import log


def test_a_touch_delete_drawn_before_an_edit_is_refused(partnership, alice, sam, client_for):
    touch = log(alice, partnership, heard="Turnover in the first 90 days.")
    url = f"/p/{partnership.pk}/outreach/{touch.pk}/delete/"
    page = client_for(alice).get(url).content.decode()
    assert f'name="version" value="{touch.version}"' in page
    drawn = touch.version
    services.touch_update(
        actor=sam, touch=touch, changes={"heard": "Turnover, and night shifts."},
        expected_version=drawn,
    )  # fmt: skip
    response = client_for(alice).post(url, {"version": drawn}, follow=True)
    assert Touch.objects.filter(pk=touch.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"version": drawn + 1})
    assert not Touch.objects.filter(pk=touch.pk).exists()


def test_an_api_delete_at_a_stale_version_is_409_and_deletes_nothing(partnership, alice, sam):
    touch = log(alice, partnership)
    drawn = touch.version
    services.touch_update(
        actor=sam, touch=touch, changes={"purpose": "Follow up"}, expected_version=drawn
    )
    _, raw = token_create(user=alice, name="test")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.delete(f"/api/touches/{touch.pk}?version={drawn}").status_code == 409
    assert Touch.objects.filter(pk=touch.pk).exists()
