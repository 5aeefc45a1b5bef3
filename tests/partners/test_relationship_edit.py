"""Editing a relationship: the service, the page (with and without htmx) and the API."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from convenor.accounts.services import token_create
from convenor.audit.models import AuditEntry
from convenor.lib.errors import StaleVersionError
from convenor.partners import services
from convenor.partners.models import Relationship, RelationshipKind


def edit_url(workspace, tie) -> str:
    return f"/w/{workspace.slug}/partners/relationships/{tie.pk}/edit/"


def api_patch(user, tie, body):
    _, token = token_create(user=user, name="test")
    client = Client(headers={"Authorization": f"Bearer {token}"})
    return client.patch(
        f"/api/relationships/{tie.pk}", json.dumps(body), content_type="application/json"
    )


def shown_as(tie: Relationship) -> tuple[str, str, str, str]:
    tie.refresh_from_db()
    return (str(tie.source), tie.kind, str(tie.target), tie.note)


# --- The service ---------------------------------------------------------------------


def test_staff_change_a_relationship_and_the_change_is_audited(sam, board_tie, dean):
    saved = services.relationship_update(
        actor=sam,
        relationship=board_tie,
        changes={"kind": RelationshipKind.KNOWS, "target": dean, "note": " met at the summit "},
        expected_version=board_tie.version,
    )
    assert str(saved) == "Ada Lovelace knows Lee Kim"
    assert (saved.version, saved.note, saved.to_organisation) == (2, "met at the summit", None)
    entry = AuditEntry.objects.filter(action="update", object_id=str(board_tie.pk)).get()
    assert entry.actor == sam
    assert entry.changes["to_person"] == [None, "Lee Kim"]
    assert entry.changes["to_organisation"] == ["Olentangy Community College", None]


def test_a_stale_relationship_edit_is_refused_and_says_who_changed_it(alice, sam, board_tie):
    services.relationship_update(
        actor=sam, relationship=board_tie, changes={"note": "chair"}, expected_version=1
    )
    with pytest.raises(StaleVersionError, match=r"changed by Sam Staff"):
        services.relationship_update(
            actor=alice, relationship=board_tie, changes={"note": "treasurer"}, expected_version=1
        )
    assert shown_as(board_tie)[3] == "chair"


def test_a_relationship_cannot_be_edited_into_a_tie_to_itself(alice, board_tie, ada):
    with pytest.raises(ValidationError) as refused:
        services.relationship_update(
            actor=alice,
            relationship=board_tie,
            changes={"kind": RelationshipKind.KNOWS, "target": ada},
            expected_version=1,
        )
    assert refused.value.message_dict == {
        "target": [
            "A relationship links two different people or organisations; "
            "Ada Lovelace is on both ends."
        ]
    }
    assert shown_as(board_tie)[1] == RelationshipKind.BOARD_MEMBER


def test_an_unknown_kind_of_relationship_is_refused_by_name(alice, board_tie):
    with pytest.raises(ValidationError) as refused:
        services.relationship_update(
            actor=alice, relationship=board_tie, changes={"kind": "mentor"}, expected_version=1
        )
    assert list(refused.value.message_dict) == ["kind"]


def test_a_kind_that_does_not_fit_the_ends_names_the_end(alice, board_tie):
    with pytest.raises(ValidationError) as refused:
        services.relationship_update(
            actor=alice,
            relationship=board_tie,
            changes={"kind": RelationshipKind.FUNDED_BY},
            expected_version=1,
        )
    assert refused.value.message_dict == {
        "source": ["'funded by' starts from organisation, not person."]
    }


def test_an_edit_cannot_duplicate_another_relationship(alice, workspace, board_tie, ada, dean):
    knows = services.relationship_create(
        actor=alice, workspace=workspace, kind=RelationshipKind.KNOWS, source=ada, target=dean
    )
    with pytest.raises(ValidationError, match="already recorded"):
        services.relationship_update(
            actor=alice,
            relationship=knows,
            changes={"kind": RelationshipKind.BOARD_MEMBER, "target": board_tie.to_organisation},
            expected_version=1,
        )


# --- The page --------------------------------------------------------------------------


def test_the_edit_page_opens_on_the_current_relationship(sam, workspace, board_tie, client_for):
    response = client_for(sam).get(edit_url(workspace, board_tie))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ada Lovelace board member of Olentangy Community College" in content
    assert f'<option value="p{board_tie.from_person_id}" selected>' in content
    assert f'<option value="o{board_tie.to_organisation_id}" selected>' in content


def test_staff_edit_a_relationship_on_its_page(sam, workspace, ada, board_tie, dean, client_for):
    back = f"/w/{workspace.slug}/partners/people/{ada.pk}/"
    client = client_for(sam)
    response = client.post(
        edit_url(workspace, board_tie),
        {
            "source": f"p{ada.pk}",
            "kind": "knows",
            "target": f"p{dean.pk}",
            "note": "met at the summit",
            "version": 1,
            "next": back,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert shown_as(board_tie) == ("Ada Lovelace", "knows", "Lee Kim", "met at the summit")
    page = client.get(back).content.decode()
    assert "Saved: Ada Lovelace knows Lee Kim." in page


def test_a_person_page_links_each_tie_to_its_edit_form(sam, workspace, ada, board_tie, client_for):
    content = client_for(sam).get(f"/w/{workspace.slug}/partners/people/{ada.pk}/").content
    assert edit_url(workspace, board_tie).encode() in content


def test_a_viewer_cannot_open_or_post_the_edit_page(vic, workspace, ada, board_tie, client_for):
    client = client_for(vic)
    form = {"source": f"p{ada.pk}", "kind": "knows", "target": f"p{ada.pk}", "version": 1}
    assert client.get(edit_url(workspace, board_tie)).status_code == 403
    assert client.post(edit_url(workspace, board_tie), form).status_code == 403
    assert shown_as(board_tie)[1] == "board_member"


@pytest.mark.parametrize("who", ["pat", "olga"])
def test_a_partner_or_an_outsider_gets_404_from_the_edit_page(
    who, request, workspace, ada, board_tie, client_for
):
    client = client_for(request.getfixturevalue(who))
    form = {"source": f"p{ada.pk}", "kind": "board_member", "target": f"p{ada.pk}", "version": 1}
    assert client.get(edit_url(workspace, board_tie)).status_code == 404
    assert client.post(edit_url(workspace, board_tie), form).status_code == 404
    assert shown_as(board_tie)[2] == "Olentangy Community College"


def test_a_stale_edit_on_the_page_is_refused_with_the_input_kept(
    alice, sam, workspace, ada, college, board_tie, client_for
):
    services.relationship_update(
        actor=sam, relationship=board_tie, changes={"note": "chair"}, expected_version=1
    )
    response = client_for(alice).post(
        edit_url(workspace, board_tie),
        {
            "source": f"p{ada.pk}",
            "kind": "board_member",
            "target": f"o{college.pk}",
            "note": "treasurer since 2024",
            "version": 1,
        },
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "changed by Sam Staff after you opened it" in content
    assert "Differences: note: now chair, yours treasurer since 2024." in content
    assert 'value="treasurer since 2024"' in content  # what alice typed is still there
    assert 'name="version" value="2"' in content  # saving again is a deliberate choice
    assert shown_as(board_tie)[3] == "chair"


def test_an_edit_into_a_tie_to_itself_is_refused_on_the_target(
    sam, workspace, ada, board_tie, client_for
):
    response = client_for(sam).post(
        edit_url(workspace, board_tie),
        {"source": f"p{ada.pk}", "kind": "knows", "target": f"p{ada.pk}", "version": 1},
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "target": [
            "A relationship links two different people or organisations; "
            "Ada Lovelace is on both ends."
        ]
    }
    assert shown_as(board_tie)[1] == "board_member"


def test_an_unknown_kind_on_the_page_is_refused_on_the_kind(
    sam, workspace, ada, college, board_tie, client_for
):
    response = client_for(sam).post(
        edit_url(workspace, board_tie),
        {"source": f"p{ada.pk}", "kind": "mentor", "target": f"o{college.pk}", "version": 1},
    )
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["kind"]
    assert b'id="id_kind_error"' in response.content


def test_with_htmx_the_form_is_a_fragment_and_a_refusal_stays_in_it(
    alice, sam, workspace, ada, college, board_tie, client_for
):
    client = client_for(alice)
    fragment = client.get(edit_url(workspace, board_tie), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert b"<html" not in fragment.content
    assert f'id="relationship-{board_tie.pk}-edit"'.encode() in fragment.content
    services.relationship_update(
        actor=sam, relationship=board_tie, changes={"note": "chair"}, expected_version=1
    )
    refused = client.post(
        edit_url(workspace, board_tie),
        {"source": f"p{ada.pk}", "kind": "board_member", "target": f"o{college.pk}", "version": 1},
        headers={"HX-Request": "true"},
    )
    assert refused.status_code == 200  # htmx swaps only 2xx answers
    assert b"changed by Sam Staff after you opened it" in refused.content
    assert b"<html" not in refused.content


def test_with_htmx_a_saved_edit_sends_the_browser_back(
    sam, workspace, ada, college, board_tie, client_for
):
    back = f"/w/{workspace.slug}/partners/organisations/{college.pk}/"
    response = client_for(sam).post(
        edit_url(workspace, board_tie),
        {
            "source": f"p{ada.pk}",
            "kind": "association_member",
            "target": f"o{college.pk}",
            "version": 1,
            "next": back,
        },
        headers={"HX-Request": "true"},
    )
    assert response["HX-Redirect"] == back
    assert shown_as(board_tie)[1] == "association_member"


# --- The API ---------------------------------------------------------------------------


def test_staff_edit_a_relationship_through_the_api(sam, board_tie, dean):
    response = api_patch(
        sam, board_tie, {"version": 1, "kind": "knows", "to_person_id": dean.pk, "note": "x"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["description"], body["version"], body["to_person_id"]) == (
        "Ada Lovelace knows Lee Kim",
        2,
        dean.pk,
    )
    assert body["to_organisation_id"] is None


def test_a_stale_api_edit_gets_409_with_the_differences(alice, sam, board_tie):
    assert api_patch(sam, board_tie, {"version": 1, "note": "chair"}).status_code == 200
    response = api_patch(alice, board_tie, {"version": 1, "note": "treasurer"})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2
    assert body["conflicts"] == [{"field": "note", "current": "chair", "yours": "treasurer"}]
    assert shown_as(board_tie)[3] == "chair"


@pytest.mark.parametrize(("who", "status"), [("vic", 403), ("pat", 404), ("olga", 404)])
def test_only_staff_and_owners_edit_through_the_api(who, status, request, board_tie):
    response = api_patch(request.getfixturevalue(who), board_tie, {"version": 1, "note": "x"})
    assert response.status_code == status
    assert shown_as(board_tie)[3] == ""


def test_an_api_edit_into_a_tie_to_itself_names_the_field(sam, board_tie, ada):
    response = api_patch(sam, board_tie, {"version": 1, "kind": "knows", "to_person_id": ada.pk})
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "to_person_id"]]


def test_an_api_edit_with_an_unknown_kind_names_the_field(sam, board_tie):
    response = api_patch(sam, board_tie, {"version": 1, "kind": "mentor"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "kind"


def test_an_api_edit_with_two_sources_names_both(sam, board_tie, ada, acme):
    response = api_patch(
        sam, board_tie, {"version": 1, "from_person_id": ada.pk, "from_organisation_id": acme.pk}
    )
    assert response.status_code == 422
    assert sorted(e["loc"][1] for e in response.json()["detail"]) == [
        "from_organisation_id",
        "from_person_id",
    ]


def test_an_api_edit_to_someone_of_another_workspace_is_refused(sam, olga, board_tie):
    from convenor.partners.models import Person

    elsewhere = services.person_create(
        actor=olga, workspace=olga.memberships.get().workspace, name="Otto Other"
    )
    response = api_patch(sam, board_tie, {"version": 1, "to_person_id": elsewhere.pk})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "to_person_id"]
    assert Person.objects.get(pk=elsewhere.pk).ties_in.count() == 0


def test_malformed_values_on_the_edit_page_are_each_refused_by_field(
    sam, workspace, board_tie, client_for
):
    response = client_for(sam).post(
        edit_url(workspace, board_tie),
        {
            "source": "__no_such_choice__",
            "kind": "__no_such_choice__",
            "target": "p999999",
            "note": "x" * 301,
            "version": 1,
        },
    )
    assert response.status_code == 422
    assert sorted(response.context["form"].errors) == ["kind", "note", "source", "target"]
    assert shown_as(board_tie) == (
        "Ada Lovelace",
        "board_member",
        "Olentangy Community College",
        "",
    )
