"""Deletes from partner pages and the API carry the version they were drawn from:
a delete after someone else's edit is refused and the object stays."""

from __future__ import annotations

import json

from django.test import Client

from convenor.accounts.services import token_create
from convenor.partners import services
from convenor.partners.models import Organisation, PartnershipMember, Person, Relationship


def test_a_person_delete_drawn_before_an_edit_is_refused(alice, sam, workspace, ada, client_for):
    """Alice's Delete link was drawn before Sam's edit; the confirm page keeps that version."""
    drawn = ada.version
    confirm = client_for(alice).get(
        f"/w/{workspace.slug}/partners/people/{ada.pk}/delete/?version={drawn}"
    )
    assert f'name="version" value="{drawn}"' in confirm.content.decode()
    services.person_update(
        actor=sam, person=ada, changes={"title": "Chair"}, expected_version=drawn
    )
    url = f"/w/{workspace.slug}/partners/people/{ada.pk}/delete/"
    response = client_for(alice).post(url, {"version": drawn}, follow=True)
    assert Person.objects.filter(pk=ada.pk).exists()
    assert response.redirect_chain[-1][0] == f"/w/{workspace.slug}/partners/people/{ada.pk}/"
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"version": drawn + 1})
    assert not Person.objects.filter(pk=ada.pk).exists()


def test_an_organisation_delete_drawn_before_an_edit_is_refused(
    alice, sam, workspace, acme, client_for
):
    drawn = acme.version
    services.organisation_update(
        actor=sam, organisation=acme, changes={"county": "Delaware"}, expected_version=drawn
    )
    url = f"/w/{workspace.slug}/partners/organisations/{acme.pk}/delete/"
    response = client_for(alice).post(url, {"version": drawn}, follow=True)
    assert Organisation.objects.filter(pk=acme.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"version": drawn + 1})
    assert not Organisation.objects.filter(pk=acme.pk).exists()


def test_a_relationship_remove_drawn_before_an_edit_is_refused(
    alice, sam, workspace, ada, board_tie, client_for
):
    page = client_for(alice).get(f"/w/{workspace.slug}/partners/people/{ada.pk}/")
    drawn = board_tie.version
    assert f'name="version" value="{drawn}"' in page.content.decode()
    services.relationship_update(
        actor=sam, relationship=board_tie, changes={"note": "Since 2019."}, expected_version=drawn
    )
    url = f"/w/{workspace.slug}/partners/relationships/{board_tie.pk}/delete/"
    back = f"/w/{workspace.slug}/partners/people/{ada.pk}/"
    response = client_for(alice).post(url, {"version": drawn, "next": back}, follow=True)
    assert Relationship.objects.filter(pk=board_tie.pk).exists()
    assert response.redirect_chain[-1][0] == back
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"version": drawn + 1, "next": back})
    assert not Relationship.objects.filter(pk=board_tie.pk).exists()


def test_a_member_remove_drawn_before_an_edit_is_refused(
    alice, sam, partnership, ada_member, client_for
):
    page = client_for(alice).get(f"/p/{partnership.pk}/partners/{ada_member.pk}/")
    drawn = ada_member.version
    assert f'name="version" value="{drawn}"' in page.content.decode()
    services.member_update(
        actor=sam, member=ada_member, changes={"notes": "Hosts the May meeting."},
        expected_version=drawn,
    )  # fmt: skip
    url = f"/p/{partnership.pk}/partners/{ada_member.pk}/remove/"
    response = client_for(alice).post(url, {"version": drawn}, follow=True)
    assert PartnershipMember.objects.filter(pk=ada_member.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"version": drawn + 1})
    assert not PartnershipMember.objects.filter(pk=ada_member.pk).exists()


def test_a_stale_api_delete_answers_409_and_deletes_nothing(alice, sam, ada, ada_member):
    _, token = token_create(user=alice, name="test")
    api = Client(headers={"Authorization": f"Bearer {token}"})
    services.person_update(actor=sam, person=ada, changes={"title": "Chair"}, expected_version=1)
    response = api.delete(f"/api/people/{ada.pk}?version=1")
    assert response.status_code == 409
    assert json.loads(response.content)["current_version"] == 2
    assert Person.objects.filter(pk=ada.pk).exists()
    services.member_update(
        actor=sam, member=ada_member, changes={"notes": "Hosts."}, expected_version=1
    )
    response = api.delete(f"/api/partnership-members/{ada_member.pk}?version=1")
    assert response.status_code == 409
    assert PartnershipMember.objects.filter(pk=ada_member.pk).exists()
    assert api.delete(f"/api/people/{ada.pk}?version=2").status_code == 200
    assert not Person.objects.filter(pk=ada.pk).exists()
