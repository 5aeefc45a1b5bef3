from __future__ import annotations

from convenor.workspaces.models import Membership, Role


def member_form(membership, **values):
    prefix = f"m{membership.pk}"
    data = {
        f"{prefix}-role": values.get("role", membership.role),
        f"{prefix}-version": membership.version,
    }
    if "partnerships" in values:
        data[f"{prefix}-partnerships"] = [p.pk for p in values["partnerships"]]
    return data


def test_an_owner_changes_a_members_role(alice, sam, workspace, client_for):
    membership = Membership.objects.get(user=sam)
    response = client_for(alice).post(
        f"/w/{workspace.slug}/members/{membership.pk}/", member_form(membership, role=Role.VIEWER)
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_the_last_owner_cannot_step_down(alice, workspace, client_for):
    membership = Membership.objects.get(user=alice)
    response = client_for(alice).post(
        f"/w/{workspace.slug}/members/{membership.pk}/", member_form(membership, role=Role.STAFF)
    )
    assert response.status_code == 422
    assert b"at least one owner" in response.content
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_the_last_owner_cannot_be_removed(alice, workspace, client_for):
    membership = Membership.objects.get(user=alice)
    client_for(alice).post(f"/w/{workspace.slug}/members/{membership.pk}/", {"remove": "1"})
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_owner_removes_a_member(alice, sam, workspace, client_for):
    membership = Membership.objects.get(user=sam)
    client_for(alice).post(f"/w/{workspace.slug}/members/{membership.pk}/", {"remove": "1"})
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_two_owners_editing_the_same_member_do_not_overwrite_each_other(
    alice, sam, workspace, client_for
):
    membership = Membership.objects.get(user=sam)
    stale = member_form(membership, role=Role.VIEWER)
    client_for(alice).post(
        f"/w/{workspace.slug}/members/{membership.pk}/", member_form(membership, role=Role.OWNER)
    )
    response = client_for(alice).post(f"/w/{workspace.slug}/members/{membership.pk}/", stale)
    assert response.status_code == 422
    assert b"changed by Alice Owner after you opened it" in response.content
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_members_page_is_for_owners_only(sam, vic, workspace, client_for):
    assert client_for(sam).get(f"/w/{workspace.slug}/members/").status_code == 403
    assert client_for(vic).get(f"/w/{workspace.slug}/members/").status_code == 403


def test_a_member_of_two_workspaces_switches_between_them(alice, workspace, olga, client_for):
    from convenor.workspaces.services import workspace_create

    second = workspace_create(actor=alice, name="Second Board")
    client = client_for(alice)
    client.post(f"/w/{second.slug}/switch/")
    assert client.get("/")["Location"] == f"/w/{second.slug}/"
    client.post(f"/w/{workspace.slug}/switch/")
    assert client.get("/")["Location"] == f"/w/{workspace.slug}/"


def test_switching_to_a_workspace_you_are_not_in_is_404(alice, workspace, olga, client_for):
    other = Membership.objects.get(user=olga).workspace
    assert client_for(alice).post(f"/w/{other.slug}/switch/").status_code == 404


def test_a_signed_in_user_without_workspace_is_asked_to_create_one(db, client_for):
    from tests.conftest import make_user

    user = make_user("lonely@example.org")
    assert client_for(user).get("/")["Location"] == "/w/new/"


def test_a_remove_drawn_before_another_owners_edit_is_refused(alice, sam, workspace, client_for):
    """Otto made Sam an owner after Alice's page was drawn; her Remove does not go through."""
    from convenor.workspaces.services import membership_update
    from tests.conftest import add_member, make_user

    otto = make_user("otto@acme.example", "Otto Owner")
    add_member(workspace, otto, Role.OWNER)
    membership = Membership.objects.get(user=sam)
    drawn = membership.version
    page = client_for(alice).get(f"/w/{workspace.slug}/members/").content.decode()
    assert f'name="version" value="{drawn}"' in page
    membership_update(actor=otto, membership=membership, role=Role.OWNER, expected_version=drawn)
    url = f"/w/{workspace.slug}/members/{membership.pk}/"
    response = client_for(alice).post(url, {"remove": "1", "version": drawn}, follow=True)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "Not removed." in response.content.decode()
    client_for(alice).post(url, {"remove": "1", "version": drawn + 1})
    assert not Membership.objects.filter(pk=membership.pk).exists()
