"""Adding partners without dead ends (issue 11, section 4): one form that creates or picks
the organisation and the person, "add to a partnership" from the registry's pages and
lists (several at once), and people and organisations created in place from a form
that needs one."""

from __future__ import annotations

from convenor.audit.models import AuditEntry
from convenor.partners import services
from convenor.partners.models import (
    Category,
    MemberRole,
    Organisation,
    PartnershipMember,
    Person,
    Stage,
)
from convenor.partnerships.services import partnership_create
from convenor.workspaces.models import Workspace


def test_one_form_creates_the_organisation_and_the_person_and_seats_them(
    sam, workspace, partnership, client_for
):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/add/",
        {
            "new_organisation": "Mercy Clinic",
            "new_organisation_category": Category.EMPLOYER,
            "new_person": "Rosa Diaz",
            "new_person_email": "rosa@mercy.example",
            "new_person_title": "HR director",
            "role": MemberRole.CHAMPION,
            "stage": Stage.CONTACTED,
        },
    )
    assert response.status_code == 302
    member = PartnershipMember.objects.select_related("person", "organisation").get(
        partnership=partnership
    )
    assert (member.organisation.name, member.organisation.category) == ("Mercy Clinic", "employer")
    assert (member.person.name, member.person.email, member.person.title) == (
        "Rosa Diaz",
        "rosa@mercy.example",
        "HR director",
    )
    assert member.person.organisation == member.organisation
    assert member.person.workspace == workspace
    assert (member.role, member.stage) == (MemberRole.CHAMPION, Stage.CONTACTED)


def test_a_new_person_joins_an_organisation_picked_from_the_registry(
    sam, partnership, acme, client_for
):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/add/",
        {"organisation": acme.pk, "new_person": "Grace Hopper", "stage": Stage.IDENTIFIED},
    )
    assert response.status_code == 302
    grace = Person.objects.get(name="Grace Hopper")
    assert grace.organisation == acme
    member = PartnershipMember.objects.get(partnership=partnership)
    assert (member.person, member.organisation, member.role) == (
        grace,
        acme,
        "employer_partner",
    )


def test_a_new_organisation_already_in_the_registry_is_refused_and_nothing_is_written(
    sam, partnership, acme, client_for
):
    people = Person.objects.count()
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/add/",
        {"new_organisation": "acme machining", "new_person": "Someone", "stage": "identified"},
    )
    assert response.status_code == 422
    assert b"Acme Machining is in the registry already: pick it above." in response.content
    assert Organisation.objects.filter(name__iexact="acme machining").count() == 1
    assert Person.objects.count() == people
    assert not PartnershipMember.objects.exists()


def test_picking_and_naming_the_same_thing_is_refused(sam, partnership, acme, ada, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/add/",
        {"person": ada.pk, "new_person": "Ada Again", "stage": "identified"},
    )
    assert response.status_code == 422
    assert b"Pick a person or name a new one, not both." in response.content
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/add/",
        {"new_person_email": "x@y.example", "organisation": acme.pk, "stage": "identified"},
    )
    assert response.status_code == 422
    assert b"Give the new person&#x27;s name." in response.content
    assert not PartnershipMember.objects.exists()


def test_the_person_and_organisation_pages_offer_add_to_a_partnership(
    sam, workspace, partnership, acme, ada, client_for
):
    client = client_for(sam)
    for page in (
        f"/w/{workspace.slug}/partners/people/{ada.pk}/",
        f"/w/{workspace.slug}/partners/organisations/{acme.pk}/",
    ):
        content = client.get(page).content.decode()
        form = content.split('class="add-to-partnership', 1)[1].split("</form>", 1)[0]
        assert f'<option value="{partnership.pk}">{partnership.name}</option>' in form
    response = client.post(
        f"/w/{workspace.slug}/partners/add-to-partnership/",
        {"people": [ada.pk], "partnership": partnership.pk, "stage": Stage.MET},
    )
    assert response["Location"] == f"/p/{partnership.pk}/partners/"
    member = PartnershipMember.objects.get(partnership=partnership)
    assert (member.person, member.organisation, member.stage) == (ada, acme, Stage.MET)


def test_the_registry_list_adds_several_at_once_and_leaves_those_at_the_table(
    sam, alice, workspace, partnership, acme, college, ada, dean, client_for
):
    services.member_add(actor=alice, partnership=partnership, person=dean, stage=Stage.COMMITTED)
    client = client_for(sam)
    listing = client.get(f"/w/{workspace.slug}/partners/people/").content.decode()
    assert f'name="people" value="{ada.pk}" form="bulk-add"' in listing
    assert 'id="bulk-add"' in listing
    response = client.post(
        f"/w/{workspace.slug}/partners/add-to-partnership/",
        {
            "people": [ada.pk, dean.pk],
            "organisations": [college.pk],
            "partnership": partnership.pk,
            "stage": Stage.CONTACTED,
        },
        follow=True,
    )
    members = PartnershipMember.objects.filter(partnership=partnership)
    assert {(m.person_id, m.organisation_id, m.stage) for m in members} == {
        (dean.pk, dean.organisation_id, Stage.COMMITTED),  # left as it was
        (ada.pk, acme.pk, Stage.CONTACTED),
        (None, college.pk, Stage.CONTACTED),
    }
    assert members.count() == 3
    page = response.content.decode()
    assert "At the table already: Lee Kim" in page
    assert "Ada Lovelace" in page


def test_adding_to_another_workspaces_partnership_or_person_is_refused(
    sam, olga, workspace, partnership, ada, client_for
):
    theirs = partnership_create(
        actor=olga, workspace=Workspace.objects.get(name="Other Board"), name="Theirs"
    )
    their_person = services.person_create(
        actor=olga, workspace=theirs.workspace, name="Their Person"
    )
    client = client_for(sam)
    for data in (
        {"people": [ada.pk], "partnership": theirs.pk, "stage": "identified"},
        {"people": [their_person.pk], "partnership": partnership.pk, "stage": "identified"},
    ):
        response = client.post(f"/w/{workspace.slug}/partners/add-to-partnership/", data)
        assert response.status_code == 422
    assert not PartnershipMember.objects.exists()


def test_ticking_nobody_says_so(sam, workspace, partnership, client_for):
    response = client_for(sam).post(
        f"/w/{workspace.slug}/partners/add-to-partnership/",
        {"partnership": partnership.pk, "stage": "identified"},
    )
    assert response.status_code == 422
    assert b"Tick the people or organisations to add." in response.content


def test_viewers_cannot_add_to_a_partnership(vic, workspace, partnership, ada, client_for):
    client = client_for(vic)
    response = client.post(
        f"/w/{workspace.slug}/partners/add-to-partnership/",
        {"people": [ada.pk], "partnership": partnership.pk, "stage": "identified"},
    )
    assert response.status_code == 403
    assert not PartnershipMember.objects.exists()
    page = client.get(f"/w/{workspace.slug}/partners/people/{ada.pk}/").content
    assert b"add-to-partnership" not in page


def test_an_organisation_is_created_in_place_and_chosen_in_the_form_that_needs_it(
    alice, workspace, client_for
):
    """The invitation form needs an organisation: an empty registry offers a new one in
    place, answered as an option chosen in the form's select."""
    client = client_for(alice)
    members = client.get(f"/w/{workspace.slug}/members/").content.decode()
    assert f"/w/{workspace.slug}/partners/quick/organisation/?for=id_organisation" in members
    url = f"/w/{workspace.slug}/partners/quick/organisation/?for=id_organisation"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-target="#id_organisation"' in fragment
    response = client.post(
        url,
        {"quick-organisation-name": "Mercy Clinic", "quick-organisation-category": "employer"},
        headers={"HX-Request": "true"},
    )
    mercy = Organisation.objects.get(workspace=workspace, name="Mercy Clinic")
    assert f'<option value="{mercy.pk}" selected>Mercy Clinic</option>' in response.content.decode()
    assert AuditEntry.objects.filter(object_id=str(mercy.pk), action="create").exists()


def test_a_refused_quick_add_shows_its_errors_in_place(alice, workspace, client_for):
    url = f"/w/{workspace.slug}/partners/quick/person/?for=id_person"
    response = client_for(alice).post(
        url, {"quick-person-name": "", "quick-person-email": "nope"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200  # htmx swaps only 2xx; the form is retargeted
    assert response["HX-Retarget"] == "#quick-person-id_person"
    assert 'class="error"' in response.content.decode()
    assert not Person.objects.exists()


def test_a_quick_add_without_htmx_is_a_page_that_leads_to_the_new_record(
    sam, workspace, acme, client_for
):
    response = client_for(sam).post(
        f"/w/{workspace.slug}/partners/quick/person/",
        {"quick-person-name": "Rosa Diaz", "quick-person-organisation": acme.pk},
    )
    rosa = Person.objects.get(name="Rosa Diaz")
    assert rosa.organisation == acme
    assert response["Location"] == f"/w/{workspace.slug}/partners/people/{rosa.pk}/"


def test_the_echoed_target_cannot_carry_markup(alice, workspace, client_for):
    url = f"/w/{workspace.slug}/partners/quick/organisation/?for=x%22%3E%3Cscript%3E"
    fragment = client_for(alice).get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<script>" not in fragment
    assert "hx-target" not in fragment
