"""Pages of the workspace's partner registry."""

from __future__ import annotations

from convenor.partners.models import Organisation, Person


def url(workspace, rest=""):
    return f"/w/{workspace.slug}/partners/{rest}"


def test_staff_add_an_organisation(sam, workspace, client_for):
    response = client_for(sam).post(
        url(workspace, "organisations/new/"),
        {"name": "Scioto Plastics", "category": "employer", "naics_code": "326199"},
    )
    org = Organisation.objects.get(name="Scioto Plastics")
    assert response.status_code == 302
    assert response["Location"] == url(workspace, f"organisations/{org.pk}/")


def test_an_invalid_organisation_shows_the_errors(sam, workspace, client_for):
    response = client_for(sam).post(
        url(workspace, "organisations/new/"),
        {"name": "COTA", "category": "other", "naics_code": "12x"},
    )
    assert response.status_code == 422
    assert b"Say what kind of organisation it is" in response.content
    assert b"12x is neither a NAICS code nor a title" in response.content


def test_the_organisation_list_is_searchable_and_counts_people(
    vic, workspace, acme, college, ada, client_for
):
    response = client_for(vic).get(url(workspace), {"q": "acme"})
    assert response.status_code == 200
    page = response.context["page"]
    assert [o.name for o in page.object_list] == ["Acme Machining"]
    assert page.object_list[0].people_count == 1


def test_the_organisation_list_filters_by_category(vic, workspace, acme, college, client_for):
    response = client_for(vic).get(url(workspace), {"category": "education"})
    assert [o.name for o in response.context["page"].object_list] == ["Olentangy Community College"]


def test_a_person_page_shows_contacts_memberships_and_ties(
    vic, workspace, ada, ada_member, board_tie, client_for
):
    response = client_for(vic).get(url(workspace, f"people/{ada.pk}/"))
    content = response.content.decode()
    assert "ada@acme.example" in content
    assert "Healthcare Careers Council" in content
    assert "Board member of" in content
    assert "Olentangy Community College" in content


def test_an_organisation_page_reads_ties_from_its_side(
    vic, workspace, college, board_tie, client_for
):
    response = client_for(vic).get(url(workspace, f"organisations/{college.pk}/"))
    assert "Has on its board" in response.content.decode()


def test_two_people_editing_the_same_person_do_not_overwrite_each_other(
    alice, sam, workspace, ada, client_for
):
    form = {"name": "Ada Lovelace", "email": "ada@acme.example", "version": ada.version}
    client_for(sam).post(url(workspace, f"people/{ada.pk}/edit/"), {**form, "title": "Chair"})
    response = client_for(alice).post(
        url(workspace, f"people/{ada.pk}/edit/"), {**form, "title": "President"}
    )
    assert response.status_code == 409
    assert b"changed by Sam Staff after you opened it" in response.content
    ada.refresh_from_db()
    assert ada.title == "Chair"


def test_staff_record_a_relationship(sam, workspace, ada, college, client_for):
    response = client_for(sam).post(
        url(workspace, "relationships/new/"),
        {"source": f"p{ada.pk}", "kind": "board_member", "target": f"o{college.pk}"},
    )
    assert response.status_code == 302
    assert ada.ties_out.get().to_organisation == college


def test_a_wrong_kind_of_relationship_is_explained(sam, workspace, ada, college, client_for):
    response = client_for(sam).post(
        url(workspace, "relationships/new/"),
        {"source": f"o{college.pk}", "kind": "works_for", "target": f"p{ada.pk}"},
    )
    assert response.status_code == 422
    assert b"starts from person, not organisation" in response.content


def test_a_viewer_cannot_add_people(vic, workspace, client_for):
    response = client_for(vic).post(url(workspace, "people/new/"), {"name": "Eve"})
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_a_partner_never_sees_the_registry(pat, workspace, ada, client_for):
    client = client_for(pat)
    assert client.get(url(workspace)).status_code == 404
    assert client.get(url(workspace, "people/")).status_code == 404
    assert client.get(url(workspace, f"people/{ada.pk}/")).status_code == 404
    assert client.get(url(workspace, "people/export/")).status_code == 404


def test_the_workspace_network_names_top_connectors(
    vic, workspace, ada, dean, board_tie, client_for
):
    response = client_for(vic).get(url(workspace, "network/"))
    assert response.status_code == 200
    assert response.context["spec"]["layer"][0]["mark"]["type"] == "rule"
    connectors = response.context["analysis"].connectors
    assert connectors[0].node.label == "Ada Lovelace"
    assert b"links Employers and Educational institutions" in response.content
    assert b'id="network-chart"' in response.content
