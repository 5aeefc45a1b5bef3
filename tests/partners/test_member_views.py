"""A partnership's members, the pipeline board and what a partner sees."""

from __future__ import annotations

from convenor.partners import services
from convenor.partners.models import PartnershipMember, Stage


def test_staff_add_an_organisation_to_the_partnership(sam, partnership, acme, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/add/",
        {"organisation": acme.pk, "stage": "identified"},
    )
    assert response.status_code == 302
    member = PartnershipMember.objects.get(partnership=partnership)
    assert member.role == "employer_partner"


def test_adding_nobody_is_refused(sam, partnership, client_for):
    response = client_for(sam).post(f"/p/{partnership.pk}/partners/add/", {"stage": "identified"})
    assert response.status_code == 422
    assert b"Choose an organisation or a person, or name a new one." in response.content


def test_the_members_page_shows_the_partner_mix(
    vic, alice, partnership, acme, ada_member, client_for
):
    # Ada's firm is in the target industry (health care, 62): she is its champion.
    services.organisation_update(
        actor=alice, organisation=acme, changes={"naics_code": "621111"}, expected_version=None
    )
    response = client_for(vic).get(f"/p/{partnership.pk}/partners/")
    assert response.status_code == 200
    codes = {f.code for f in response.context["findings"]}
    assert "mix.categories_missing" in codes
    assert "mix.no_employer_champion" not in codes


def test_a_champion_of_another_industry_does_not_speak_for_the_target_industry(
    vic, partnership, ada_member, client_for
):
    # Acme Machining (332710) at a health care partnership's table.
    response = client_for(vic).get(f"/p/{partnership.pk}/partners/")
    codes = {f.code for f in response.context["findings"]}
    assert {"mix.no_employer_champion", "mix.employers_outside_industry"} <= codes


def test_a_partner_sees_who_is_at_the_table_without_contacts_or_pipeline(
    pat, partnership, ada_member, college_member, client_for
):
    response = client_for(pat).get(f"/p/{partnership.pk}/partners/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in content  # committed
    assert "Olentangy" not in content  # only identified: not at the table yet
    assert "ada@acme.example" not in content
    assert "614-555-0100" not in content
    assert "findings" not in response.context


def test_a_partner_cannot_open_the_pipeline_or_the_network(pat, partnership, client_for):
    client = client_for(pat)
    assert client.get(f"/p/{partnership.pk}/pipeline/").status_code == 403
    assert client.get(f"/p/{partnership.pk}/network/").status_code == 403


def test_the_board_shows_a_column_per_stage(
    vic, partnership, ada_member, college_member, client_for
):
    response = client_for(vic).get(f"/p/{partnership.pk}/pipeline/")
    columns = {c.stage: c.count for c in response.context["columns"]}
    assert columns == {
        "identified": 1,
        "contacted": 0,
        "met": 0,
        "committed": 1,
        "active": 0,
        "lapsed": 0,
    }
    assert b"hx-post" not in response.content  # a viewer moves nothing


def test_staff_get_a_move_form_on_every_card(sam, partnership, college_member, client_for):
    response = client_for(sam).get(f"/p/{partnership.pk}/pipeline/")
    assert response.content.count(b'hx-post="/p/') == 1
    assert b'hx-target="#pipeline-board"' in response.content


def test_an_htmx_move_returns_the_updated_board(sam, partnership, college_member, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/{college_member.pk}/move/",
        {"stage": "contacted", "version": college_member.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.templates[0].name == "partners/_board.html"
    content = response.content.decode()
    assert content.startswith('<div id="pipeline-board"')
    assert "moved to Contacted" in content
    college_member.refresh_from_db()
    assert college_member.stage == Stage.CONTACTED
    assert college_member.moves.count() == 2


def test_a_move_without_javascript_redirects_to_the_board(
    sam, partnership, college_member, client_for
):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/{college_member.pk}/move/",
        {"stage": "met", "version": college_member.version},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/p/{partnership.pk}/pipeline/"


def test_a_stale_move_says_so_on_the_board_and_changes_nothing(
    sam, alice, partnership, college_member, client_for
):
    version = college_member.version
    client_for(alice).post(
        f"/p/{partnership.pk}/partners/{college_member.pk}/move/",
        {"stage": "met", "version": version},
    )
    response = client_for(sam).post(
        f"/p/{partnership.pk}/partners/{college_member.pk}/move/",
        {"stage": "lapsed", "version": version},
        headers={"HX-Request": "true"},
    )
    assert b"was not moved" in response.content
    assert b"Alice Owner" in response.content
    college_member.refresh_from_db()
    assert college_member.stage == Stage.MET


def test_a_viewer_cannot_move_cards(vic, partnership, college_member, client_for):
    response = client_for(vic).post(
        f"/p/{partnership.pk}/partners/{college_member.pk}/move/", {"stage": "met"}
    )
    assert response.status_code == 403


def test_a_member_of_another_partnership_is_not_found_here(
    alice, workspace, sam, partnership, college_member, client_for
):
    from convenor.partnerships.services import partnership_create

    other = partnership_create(actor=alice, workspace=workspace, name="Logistics Council")
    response = client_for(sam).post(
        f"/p/{other.pk}/partners/{college_member.pk}/move/", {"stage": "met"}
    )
    assert response.status_code == 404


def test_the_member_page_shows_the_dated_history(sam, partnership, college_member, client_for):
    client = client_for(sam)
    client.post(
        f"/p/{partnership.pk}/partners/{college_member.pk}/move/",
        {"stage": "met", "moved_on": "2026-01-05", "note": "coffee with the dean"},
    )
    response = client.get(f"/p/{partnership.pk}/partners/{college_member.pk}/")
    content = response.content.decode()
    assert "2026-01-05" in content
    assert "Identified → Met one-on-one" in content
    assert "coffee with the dean" in content


def test_the_partnership_network_shows_ties_of_its_members(
    vic, partnership, ada_member, board_tie, dean, client_for
):
    response = client_for(vic).get(f"/p/{partnership.pk}/network/")
    assert response.status_code == 200
    labels = {c.node.label for c in response.context["analysis"].connectors}
    assert "Ada Lovelace" in labels
    assert b"Top connectors" in response.content


def test_the_partnership_page_shows_the_partner_mix_panel(vic, partnership, ada_member, client_for):
    response = client_for(vic).get(f"/p/{partnership.pk}/")
    content = response.content.decode()
    assert 'id="partners-panel"' in content
    assert 'data-code="mix.categories_missing"' in content
    assert 'Committed</a> <span class="badge">1</span>' in content


def test_a_partner_sees_the_table_not_the_findings_on_the_partnership_page(
    pat, partnership, ada_member, client_for
):
    content = client_for(pat).get(f"/p/{partnership.pk}/").content.decode()
    assert 'id="partners-panel"' in content
    assert "Ada Lovelace" in content
    assert "mix." not in content
