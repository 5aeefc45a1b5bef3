"""The picker's search: workspace people by name, organisation or e-mail, bounded, for
exactly those who may list the people registry."""

from __future__ import annotations

import re

import pytest

from convenor.partners.picker import PICK_RESULTS
from tests.meetings.factories import person


def url(workspace, **params) -> str:
    query = "&".join(
        f"{k}={v}"
        for k, v in {"name": "invitees", "target": "id_invitees", "multiple": "1", **params}.items()
    )
    return f"/w/{workspace.slug}/partners/people/pick/?{query}"


def found(response) -> list[str]:
    """The names the answer offers to add."""
    return re.findall(r'aria-label="Add ([^"]+)"', response.content.decode())


def test_the_search_finds_by_name(workspace, alice, client_for, crowd):
    response = client_for(alice).get(url(workspace, q="person 07"))
    assert response.status_code == 200
    assert found(response) == ["Person 07"]


def test_the_search_finds_by_organisation(workspace, alice, client_for, crowd):
    response = client_for(alice).get(url(workspace, q="riverside"))
    assert found(response) == [f"Person {i:02d}" for i in range(0, 30, 2)]


def test_the_search_finds_by_e_mail(workspace, alice, client_for, crowd):
    response = client_for(alice).get(url(workspace, q="P13@CROWD"))
    assert found(response) == ["Person 13"]


def test_the_search_answers_a_bounded_list(workspace, alice, client_for, crowd):
    response = client_for(alice).get(url(workspace, q="crowd.example"))
    assert len(found(response)) == PICK_RESULTS < len(crowd)


def test_an_empty_search_or_no_match_lists_nobody(workspace, alice, client_for, crowd):
    client = client_for(alice)
    assert found(client.get(url(workspace, q=""))) == []
    response = client.get(url(workspace, q="nobody-here"))
    assert found(response) == []
    assert "No one in the registry matches" in response.content.decode()


def test_the_search_never_finds_another_workspaces_people(
    workspace, alice, client_for, crowd, olga
):
    person(olga.memberships.get().workspace, "Person Stranger")
    response = client_for(alice).get(url(workspace, q="person"))
    assert "Person Stranger" not in response.content.decode()


def test_adding_answers_a_ticked_checkbox_of_the_field(workspace, alice, client_for, crowd):
    response = client_for(alice).get(url(workspace, add=crowd[3].pk))
    html = response.content.decode()
    assert re.search(rf'type="checkbox" name="invitees" value="{crowd[3].pk}" checked', html)
    assert "Person 03 (Acme Hospital)" in html


def test_adding_to_a_select_answers_a_chosen_option(workspace, alice, client_for, crowd):
    response = client_for(alice).get(
        f"/w/{workspace.slug}/partners/people/pick/?name=owner&target=id_owner&add={crowd[4].pk}"
    )
    assert f'<option value="{crowd[4].pk}" selected>Person 04 (Riverside College)</option>' in (
        response.content.decode()
    )


def test_another_workspaces_person_cannot_be_added(workspace, alice, client_for, olga):
    stranger = person(olga.memberships.get().workspace, "Sid Stranger")
    response = client_for(alice).get(url(workspace, add=stranger.pk))
    assert response.status_code == 404
    assert "Sid Stranger" not in response.content.decode()


def test_a_user_of_another_workspace_cannot_search_this_one(workspace, olga, client_for, crowd):
    response = client_for(olga).get(url(workspace, q="person"))
    assert response.status_code == 404
    assert "Person 07" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("sam", 200), ("vic", 200), ("pat", 404)]
)
def test_the_search_is_open_to_whoever_may_list_the_registry(
    who, status, request, workspace, client_for, crowd
):
    client = client_for(request.getfixturevalue(who))
    listing = client.get(f"/w/{workspace.slug}/partners/people/")
    searching = client.get(url(workspace, q="person 07"))
    assert listing.status_code == searching.status_code == status
    assert ("Person 07" in searching.content.decode()) is (status == 200)


def test_the_search_needs_a_plain_field_name(workspace, alice, client_for, crowd):
    response = client_for(alice).get(
        f"/w/{workspace.slug}/partners/people/pick/?name=%22%3E&target=x&q=person"
    )
    assert response.status_code == 400


def test_a_bare_request_answers_nobody(workspace, alice, client_for, crowd):
    response = client_for(alice).get(f"/w/{workspace.slug}/partners/people/pick/")
    assert response.status_code == 200
    assert found(response) == []
