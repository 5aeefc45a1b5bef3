"""Big selects show the relevant options and a search, yet accept anyone of the workspace."""

from __future__ import annotations

import pytest

from convenor.partners import services
from convenor.partners.models import PartnershipMember


@pytest.fixture
def small_limit(settings):
    settings.PICKER_LIMIT = 2  # every bounded select: organisations and people alike


@pytest.fixture
def crowd(alice, workspace):
    return [
        services.person_create(actor=alice, workspace=workspace, name=f"Person {i}")
        for i in range(5)
    ]


def test_the_add_partner_form_offers_a_search_when_the_registry_is_large(
    small_limit, sam, partnership, crowd, client_for
):
    response = client_for(sam).get(f"/p/{partnership.pk}/partners/add/")
    form = response.context["form"]
    assert [n.total for n in form.narrowed] == [5]
    assert len(form.fields["person"].widget.choices) == 3  # the empty choice and two people
    assert b"Find in the registry" in response.content


def test_searching_narrows_the_options_to_the_matches(
    small_limit, sam, partnership, crowd, client_for
):
    response = client_for(sam).get(f"/p/{partnership.pk}/partners/add/", {"q": "Person 4"})
    labels = [label for _, label in response.context["form"].fields["person"].widget.choices]
    assert labels == ["---------", "Person 4"]


def test_someone_not_listed_can_still_be_chosen(small_limit, sam, partnership, crowd, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/add/", {"person": crowd[4].pk, "stage": "identified"}
    )
    assert response.status_code == 302
    assert PartnershipMember.objects.get().person == crowd[4]


def test_the_touch_form_lists_the_partnerships_members_first(
    small_limit, alice, sam, partnership, crowd, client_for
):
    services.member_add(actor=alice, partnership=partnership, person=crowd[3])
    response = client_for(sam).get(f"/p/{partnership.pk}/outreach/new/")
    labels = [label for _, label in response.context["form"].fields["people"].widget.choices]
    assert labels == ["Person 3"]


def test_the_relationship_form_keeps_the_preset_end_listed(
    small_limit, sam, workspace, crowd, client_for
):
    response = client_for(sam).get(
        f"/w/{workspace.slug}/partners/relationships/new/", {"from": f"p{crowd[4].pk}"}
    )
    people = dict(response.context["form"].fields["source"].widget.choices[1][1])
    assert people[f"p{crowd[4].pk}"] == "Person 4"


def test_a_small_registry_lists_everyone(sam, partnership, crowd, client_for):
    response = client_for(sam).get(f"/p/{partnership.pk}/partners/add/")
    assert not getattr(response.context["form"], "narrowed", [])
