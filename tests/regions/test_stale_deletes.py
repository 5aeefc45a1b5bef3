"""Deleting a saved region carries the version it was drawn from."""

from __future__ import annotations

from convenor.regions import services
from convenor.regions.models import SavedRegion
from tests.regions.test_api import api


def test_a_region_delete_drawn_before_an_edit_is_refused(region, alice, sam, client_for):
    url = f"/regions/{region.pk}/edit/"
    page = client_for(alice).get(url).content.decode()
    assert f'name="version" value="{region.version}"' in page
    drawn = region.version
    services.region_update(
        actor=sam, region=region, changes={"description": "Five counties"}, expected_version=drawn
    )
    response = client_for(alice).post(url, {"delete": "1", "version": drawn}, follow=True)
    assert SavedRegion.objects.filter(pk=region.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"delete": "1", "version": drawn + 1})
    assert not SavedRegion.objects.filter(pk=region.pk).exists()


def test_an_api_delete_at_a_stale_version_is_409_and_deletes_nothing(region, alice, sam):
    drawn = region.version
    services.region_update(
        actor=sam, region=region, changes={"description": "Five counties"}, expected_version=drawn
    )
    assert api(alice).delete(f"/api/regions/{region.pk}?version={drawn}").status_code == 409
    assert SavedRegion.objects.filter(pk=region.pk).exists()
    assert api(alice).delete(f"/api/regions/{region.pk}?version={drawn + 1}").status_code == 204
    assert not SavedRegion.objects.filter(pk=region.pk).exists()
