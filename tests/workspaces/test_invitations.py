from __future__ import annotations

import re

from django.core import mail
from django.test import Client, override_settings

from convenor.workspaces.models import Invitation, Membership, Role
from tests.conftest import PASSWORD, make_user


def invite(client, workspace, email, role=Role.STAFF, partnerships=()):
    data = {"email": email, "role": role}
    if partnerships:
        data["partnerships"] = [p.pk for p in partnerships]
    return client.post(f"/w/{workspace.slug}/members/invite/", data)


def link_path(message) -> str:
    url = re.search(r"https?://\S+/invite/\S+/", message.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_an_owner_invites_by_e_mail_with_a_signed_link(alice, workspace, client_for):
    response = invite(client_for(alice), workspace, "new@acme.example")
    assert response.status_code == 302
    assert mail.outbox[0].to == ["new@acme.example"]
    assert "Acme Workforce Board" in mail.outbox[0].subject
    assert "/invite/" in mail.outbox[0].body


def test_the_invited_person_signs_up_and_joins_with_the_role(alice, workspace, client_for):
    invite(client_for(alice), workspace, "new@acme.example", role=Role.VIEWER)
    path = link_path(mail.outbox[0])
    client = Client()
    assert b"Create your account to accept" in client.get(path).content
    client.post(
        "/accounts/signup/",
        {"name": "New Person", "email": "new@acme.example", "password": PASSWORD, "next": path},
    )
    response = client.post(path)
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new@acme.example")
    assert (membership.workspace, membership.role) == (workspace, Role.VIEWER)


def test_a_partner_invitation_shares_only_the_chosen_partnerships(
    alice, workspace, partnership, client_for
):
    invite(client_for(alice), workspace, "emp@employer.example", Role.PARTNER, [partnership])
    user = make_user("emp@employer.example")
    client = client_for(user)
    client.post(link_path(mail.outbox[0]))
    membership = Membership.objects.get(user=user)
    assert list(membership.partnerships.all()) == [partnership]


def test_an_invitation_cannot_be_used_by_someone_else(alice, workspace, olga, client_for):
    invite(client_for(alice), workspace, "new@acme.example")
    response = client_for(olga).post(link_path(mail.outbox[0]))
    assert response.status_code == 403
    assert b"This invitation is for new@acme.example" in response.content
    assert not Membership.objects.filter(user=olga, workspace=workspace).exists()


def test_an_invitation_works_once(alice, workspace, client_for):
    invite(client_for(alice), workspace, "new@acme.example")
    user = make_user("new@acme.example")
    client = client_for(user)
    client.post(link_path(mail.outbox[0]))
    again = client.get(link_path(mail.outbox[0]))
    assert again.status_code == 410
    assert b"already been used" in again.content


def test_an_expired_invitation_is_refused(alice, workspace, client_for):
    invite(client_for(alice), workspace, "new@acme.example")
    with override_settings(INVITATION_MAX_AGE=-1):
        response = Client().get(link_path(mail.outbox[0]))
    assert response.status_code == 410
    assert b"expired" in response.content


def test_a_tampered_link_is_refused(alice, workspace, client_for):
    invite(client_for(alice), workspace, "new@acme.example")
    path = link_path(mail.outbox[0])
    response = Client().get(path[:-3] + "xx/")
    assert response.status_code == 410


def test_a_withdrawn_invitation_is_refused(alice, workspace, client_for):
    client = client_for(alice)
    invite(client, workspace, "new@acme.example")
    invitation = Invitation.objects.get()
    client.post(f"/w/{workspace.slug}/invitations/{invitation.pk}/revoke/")
    assert Client().get(link_path(mail.outbox[0])).status_code == 410


def test_staff_cannot_invite(sam, workspace, client_for):
    assert invite(client_for(sam), workspace, "x@acme.example").status_code == 403
    assert mail.outbox == []


def test_inviting_an_existing_member_says_so(alice, sam, workspace, client_for):
    response = invite(client_for(alice), workspace, sam.email)
    assert response.status_code == 422
    assert b"already a member" in response.content
