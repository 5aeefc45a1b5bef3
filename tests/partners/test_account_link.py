"""Sign-ins linked to people: invitations, the person page, the members page, the API
(issue 11, section 3). A partner whose sign-in is linked to her person votes and sees
her action items; nothing links an account to a person but these."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from convenor.accounts.services import token_create
from convenor.audit.models import AuditEntry
from convenor.lib.challenges import Challenge
from convenor.meetings.services import action_item_create
from convenor.partners import services
from convenor.partners.models import Category, Person
from convenor.planning.models import Rating
from convenor.planning.services import issue_create, round_open
from convenor.workspaces.models import Membership, Role
from tests.conftest import PASSWORD, make_user


@pytest.fixture
def employer(workspace, alice):
    return services.organisation_create(
        actor=alice, workspace=workspace, name="Riverside Hospital", category=Category.EMPLOYER
    )


@pytest.fixture
def imported(workspace, alice, employer):
    """Dana, in the registry from a contact import, not yet a member."""
    return services.person_create(
        actor=alice,
        workspace=workspace,
        name="Dana Reyes",
        email="Dana.Reyes@riverside.example",
        organisation=employer,
    )


def invite_and_accept(client_for, owner, workspace, email, *, role=Role.PARTNER, **extra):
    data = {"email": email, "role": role, **extra}
    response = client_for(owner).post(f"/w/{workspace.slug}/members/invite/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = re.search(r"https?://\S+/invite/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + url.split("/", 3)[3]
    client = Client()
    client.post("/accounts/signup/", {"name": "Dana Reyes", "email": email, "password": PASSWORD})
    assert client.post(path).status_code == 302
    return client


def test_accepting_an_invitation_links_the_person_with_that_e_mail(
    alice, workspace, partnership, imported, client_for
):
    client = invite_and_accept(
        client_for,
        alice,
        workspace,
        "dana.reyes@riverside.example",
        partnerships=[partnership.pk],
    )
    imported.refresh_from_db()
    assert imported.user.email == "dana.reyes@riverside.example"
    me = client.get("/api/me").json()
    assert me["memberships"][0]["person"] == {
        "id": imported.pk,
        "name": "Dana Reyes",
        "organisation": "Riverside Hospital",
    }


def test_she_then_votes_in_a_round_and_sees_her_action_item(
    alice, workspace, partnership, imported, client_for
):
    issue = issue_create(
        actor=alice,
        partnership=partnership,
        title="Nurse turnover",
        challenge=Challenge.ENTRY_LEVEL,
    )
    rnd = round_open(actor=alice, partnership=partnership, title="First round")
    action_item_create(
        actor=alice, partnership=partnership, title="Share exit-interview data", owner=imported
    )
    client = invite_and_accept(
        client_for, alice, workspace, imported.email, partnerships=[partnership.pk]
    )
    response = client.post(
        f"/p/{partnership.pk}/plan/priorities/{rnd.pk}/",
        {f"importance_{issue.pk}": "5", f"feasibility_{issue.pk}": "4"},
    )
    assert response.status_code == 302
    vote = Rating.objects.get(round=rnd, issue=issue)
    assert (vote.person_id, vote.importance, vote.feasibility) == (imported.pk, 5, 4)
    page = client.get(f"/w/{workspace.slug}/my-actions/")
    assert b"Share exit-interview data" in page.content


def test_a_partner_new_to_the_registry_is_added_at_the_invitations_organisation(
    alice, workspace, partnership, employer, client_for
):
    invite_and_accept(
        client_for,
        alice,
        workspace,
        "newhire@riverside.example",
        partnerships=[partnership.pk],
        organisation=employer.pk,
    )
    person = Person.objects.get(workspace=workspace, email="newhire@riverside.example")
    assert person.user.email == "newhire@riverside.example"
    assert person.organisation == employer
    assert person.name == "Dana Reyes"


def test_staff_with_no_record_are_not_added_to_the_registry(alice, workspace, client_for):
    invite_and_accept(client_for, alice, workspace, "analyst@acme.example", role=Role.STAFF)
    assert not Person.objects.filter(email="analyst@acme.example").exists()


def test_an_invitation_cannot_name_another_workspaces_organisation(
    alice, workspace, olga, client_for
):
    from convenor.workspaces.models import Workspace

    theirs = services.organisation_create(
        actor=olga,
        workspace=Workspace.objects.get(name="Other Board"),
        name="Their Org",
        category=Category.EMPLOYER,
    )
    response = client_for(alice).post(
        f"/w/{workspace.slug}/members/invite/",
        {"email": "x@y.example", "role": Role.PARTNER, "organisation": theirs.pk},
    )
    assert response.status_code == 422
    assert mail.outbox == []


def test_staff_say_this_is_me_and_their_action_items_appear(
    sam, workspace, partnership, alice, employer, client_for
):
    me = services.person_create(actor=alice, workspace=workspace, name="Sam Staff")
    action_item_create(actor=alice, partnership=partnership, title="Book the room", owner=me)
    client = client_for(sam)
    assert b"Book the room" not in client.get(f"/w/{workspace.slug}/my-actions/").content
    page = client.get(f"/w/{workspace.slug}/partners/people/{me.pk}/")
    assert b"This is me" in page.content
    response = client.post(
        f"/w/{workspace.slug}/partners/people/{me.pk}/account/", {"me": "1", "version": me.version}
    )
    assert response.status_code == 302
    assert b"Book the room" in client.get(f"/w/{workspace.slug}/my-actions/").content
    entry = AuditEntry.objects.filter(object_id=str(me.pk), note="sign-in linked").get()
    assert entry.actor == sam


def test_the_owner_links_a_member_from_the_members_page_and_unlinks_from_the_person(
    alice, pat, workspace, imported, client_for
):
    owner = client_for(alice)
    pats = Membership.objects.get(user=pat)
    members = owner.get(f"/w/{workspace.slug}/members/")
    assert f"/w/{workspace.slug}/partners/accounts/{pats.pk}/".encode() in members.content
    response = owner.post(
        f"/w/{workspace.slug}/partners/accounts/{pats.pk}/", {"person": imported.pk}
    )
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.user == pat
    assert b"Dana Reyes" in owner.get(f"/w/{workspace.slug}/members/").content
    response = owner.post(
        f"/w/{workspace.slug}/partners/people/{imported.pk}/account/",
        {"unlink": "1", "version": imported.version},
    )
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.user is None


def test_a_member_not_in_the_registry_is_added_and_linked_in_one_step(
    alice, pat, workspace, employer, client_for
):
    pats = Membership.objects.get(user=pat)
    response = client_for(alice).post(
        f"/w/{workspace.slug}/partners/accounts/{pats.pk}/",
        {"create": "1", "new-name": "Pat Partner", "new-organisation": employer.pk},
    )
    assert response.status_code == 302
    person = Person.objects.get(workspace=workspace, user=pat)
    assert (person.name, person.email, person.organisation) == (
        "Pat Partner",
        pat.email,
        employer,
    )


def test_one_person_per_sign_in_and_one_sign_in_per_person(
    alice, sam, pat, workspace, imported, employer
):
    services.person_link_account(actor=alice, person=imported, user=pat)
    other = services.person_create(actor=alice, workspace=workspace, name="Someone Else")
    with pytest.raises(ValidationError, match="is linked to Dana Reyes already"):
        services.person_link_account(actor=alice, person=other, user=pat)
    with pytest.raises(ValidationError, match=r"Dana Reyes is linked to pat@employer\.example"):
        services.person_link_account(actor=alice, person=imported, user=sam)


def test_only_a_member_of_the_workspace_can_be_linked(alice, olga, imported):
    with pytest.raises(ValidationError, match="not a member of this workspace"):
        services.person_link_account(actor=alice, person=imported, user=olga)
    imported.refresh_from_db()
    assert imported.user is None


def test_a_refused_link_on_the_page_says_why(alice, olga, pat, workspace, imported, client_for):
    services.person_link_account(actor=alice, person=imported, user=pat)
    other = services.person_create(actor=alice, workspace=workspace, name="Someone Else")
    pats = Membership.objects.get(user=pat)
    response = client_for(alice).post(
        f"/w/{workspace.slug}/partners/people/{other.pk}/account/", {"membership": pats.pk}
    )
    # pat is linked already: she is not offered, and choosing her anyway is refused.
    assert response.status_code == 422
    assert b'class="error"' in response.content or b'role="alert"' in response.content


def test_viewers_and_partners_cannot_link(vic, pat, workspace, imported, client_for):
    for user in (vic, pat):
        response = client_for(user).post(
            f"/w/{workspace.slug}/partners/people/{imported.pk}/account/", {"me": "1"}
        )
        assert response.status_code in (403, 404)
    imported.refresh_from_db()
    assert imported.user is None


def test_an_outsider_cannot_link_or_learn_of_the_person(olga, workspace, imported, client_for):
    response = client_for(olga).post(
        f"/w/{workspace.slug}/partners/people/{imported.pk}/account/", {"me": "1"}
    )
    assert response.status_code == 404


def test_the_api_links_and_unlinks_with_the_version(alice, pat, imported):
    _, raw = token_create(user=alice, name="t")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    linked = api.put(
        f"/api/people/{imported.pk}/account",
        {"email": pat.email, "version": imported.version},
        content_type="application/json",
    )
    assert linked.status_code == 200
    body = linked.json()
    assert body["account"] == pat.email
    stale = api.delete(f"/api/people/{imported.pk}/account?version={imported.version}")
    assert stale.status_code == 409
    unlinked = api.delete(f"/api/people/{imported.pk}/account?version={body['version']}")
    assert unlinked.json()["account"] is None


def test_the_api_refuses_an_e_mail_that_is_not_a_member(alice, imported):
    _, raw = token_create(user=alice, name="t")
    response = Client(headers={"Authorization": f"Bearer {raw}"}).put(
        f"/api/people/{imported.pk}/account",
        {"email": "stranger@example.org", "version": imported.version},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "not a member of this workspace" in str(response.json()["detail"])


def test_me_names_no_person_where_the_sign_in_is_not_linked(alice, workspace, client_for):
    me = client_for(alice).get("/api/me").json()
    assert me["memberships"] == [
        {
            "workspace": workspace.slug,
            "workspace_name": workspace.name,
            "role": "owner",
            "person": None,
        }
    ]


def test_the_demo_links_its_partner_through_the_service(db):
    from convenor.front.demo import demo_base
    from convenor.partners import demo

    ctx = demo_base(reset=True)
    demo.build(ctx)
    partner = ctx.users[Role.PARTNER]
    person = Person.objects.get(workspace=ctx.workspace, user=partner)
    assert person.name == "Maria Lopez"
    assert AuditEntry.objects.filter(object_id=str(person.pk), note="sign-in linked").exists()


def test_linking_is_the_only_way_in_person_writes_do_not_take_a_user(alice, workspace, pat):
    with pytest.raises(ValueError, match="not editable: user"):
        services.person_create(actor=alice, workspace=workspace, name="X", user=pat)
    make_user("unused@acme.example")
