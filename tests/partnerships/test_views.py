from __future__ import annotations

from convenor.partnerships.models import Partnership, Stage


def form_data(**overrides):
    data = {
        "name": "Logistics Council",
        "industry_naics": "48-49",
        "industry_title": "",
        "region": "Franklin County",
        "stage": Stage.NEEDS_ASSESSMENT,
        "mission": "",
        "started_on": "2026-01-15",
        "ended_on": "",
    }
    data.update(overrides)
    return data


def test_staff_create_a_partnership_and_it_is_listed(sam, workspace, client_for):
    client = client_for(sam)
    response = client.post(f"/w/{workspace.slug}/partnerships/new/", form_data())
    partnership = Partnership.objects.get(name="Logistics Council")
    assert response["Location"] == f"/p/{partnership.pk}/"
    assert partnership.created_by == sam
    assert b"Logistics Council" in client.get(f"/w/{workspace.slug}/").content


def test_the_industry_title_is_filled_from_the_naics_code(sam, workspace, client_for):
    client_for(sam).post(f"/w/{workspace.slug}/partnerships/new/", form_data(industry_naics="3363"))
    assert Partnership.objects.get(name="Logistics Council").industry_title == (
        "Motor Vehicle Parts Manufacturing"
    )


def test_a_bad_naics_code_gets_a_field_message(sam, workspace, client_for):
    response = client_for(sam).post(
        f"/w/{workspace.slug}/partnerships/new/", form_data(industry_naics="12ab")
    )
    assert response.status_code == 422
    assert b"12ab is neither a NAICS code nor a title" in response.content


def test_two_partnerships_of_a_workspace_cannot_share_a_name(
    sam, workspace, partnership, client_for
):
    response = client_for(sam).post(
        f"/w/{workspace.slug}/partnerships/new/", form_data(name=partnership.name)
    )
    assert response.status_code == 422
    assert Partnership.objects.filter(name=partnership.name).count() == 1


def test_an_end_before_the_start_is_refused(sam, workspace, client_for):
    response = client_for(sam).post(
        f"/w/{workspace.slug}/partnerships/new/", form_data(ended_on="2025-01-01")
    )
    assert response.status_code == 422
    assert b"before the start date" in response.content


def test_editing_saves_and_moves_the_version(sam, partnership, client_for):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/edit/",
        form_data(
            name=partnership.name, mission="A skilled workforce for every clinic.", version=1
        ),
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert (partnership.mission, partnership.version) == (
        "A skilled workforce for every clinic.",
        2,
    )


def test_saving_over_a_newer_version_is_refused_and_shows_both_values(
    alice, sam, partnership, client_for
):
    client_for(alice).post(
        f"/p/{partnership.pk}/edit/", form_data(name=partnership.name, region="Ohio", version=1)
    )
    response = client_for(sam).post(
        f"/p/{partnership.pk}/edit/", form_data(name=partnership.name, region="Texas", version=1)
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "changed by Alice Owner after you opened it" in text
    assert "now Ohio, yours Texas" in text
    # The form keeps the user's values and now carries the current version.
    assert 'value="Texas"' in text
    assert 'name="version" value="2"' in text
    partnership.refresh_from_db()
    assert partnership.region == "Ohio"


def test_viewers_and_partners_read_but_do_not_see_edit_links(vic, pat, partnership, client_for):
    for user in (vic, pat):
        response = client_for(user).get(f"/p/{partnership.pk}/")
        assert response.status_code == 200
        assert f"/p/{partnership.pk}/edit/".encode() not in response.content


def test_deleting_needs_the_name_typed(sam, partnership, client_for):
    client = client_for(sam)
    client.post(f"/p/{partnership.pk}/delete/", {"confirm_name": "wrong"})
    assert Partnership.objects.filter(pk=partnership.pk).exists()
    client.post(f"/p/{partnership.pk}/delete/", {"confirm_name": partnership.name})
    assert not Partnership.objects.filter(pk=partnership.pk).exists()


def test_the_partnership_list_runs_a_bounded_number_of_queries(
    sam, workspace, client_for, django_assert_max_num_queries
):
    from convenor.partnerships.services import partnership_create

    for i in range(30):
        partnership_create(actor=sam, workspace=workspace, name=f"Partnership {i}")
    client = client_for(sam)
    with django_assert_max_num_queries(12):
        assert client.get(f"/w/{workspace.slug}/").status_code == 200


def test_the_edit_form_does_not_move_the_stage(sam, partnership, client_for):
    client_for(sam).post(
        f"/p/{partnership.pk}/edit/",
        form_data(name=partnership.name, stage=Stage.IMPLEMENTATION, version=1),
    )
    partnership.refresh_from_db()
    assert partnership.stage == Stage.NEEDS_ASSESSMENT


def test_partners_are_not_shown_links_to_the_conveners_working_views(
    pat, vic, partnership, client_for
):
    partner_page = client_for(pat).get(f"/p/{partnership.pk}/").content.decode()
    viewer_page = client_for(vic).get(f"/p/{partnership.pk}/").content.decode()
    assert f"/p/{partnership.pk}/pipeline/" in viewer_page
    assert f"/p/{partnership.pk}/pipeline/" not in partner_page
    assert f"/p/{partnership.pk}/meetings/" in partner_page


def test_an_empty_workspace_leads_to_regions(sam, workspace, client_for):
    """The first page of a new workspace says a partnership starts with a needs
    assessment, and links to where one is done (issue 11, section 4)."""
    page = client_for(sam).get(f"/w/{workspace.slug}/").content.decode()
    steps = page.split('id="first-steps"', 1)[1].split("</div>", 1)[0]
    assert f'href="/w/{workspace.slug}/regions/"' in steps
    assert "Start with Regions" in steps


def test_a_workspace_with_partnerships_shows_the_list_not_the_first_steps(
    sam, workspace, partnership, client_for
):
    page = client_for(sam).get(f"/w/{workspace.slug}/").content.decode()
    assert partnership.name in page
    assert 'id="first-steps"' not in page


def test_the_form_links_a_saved_region_and_offers_only_the_workspaces_own(
    alice, olga, sam, workspace, partnership, client_for
):
    from convenor.regions.services import region_create
    from convenor.workspaces.models import Workspace

    ours = region_create(actor=alice, workspace=workspace, name="Franklin", area_codes="39049")
    other = Workspace.objects.get(name="Other Board")
    theirs = region_create(actor=olga, workspace=other, name="Cook", area_codes="17031")
    client = client_for(sam)
    page = client.get(f"/p/{partnership.pk}/edit/").content.decode()
    assert ">Franklin</option>" in page and ">Cook</option>" not in page
    refused = client.post(
        f"/p/{partnership.pk}/edit/",
        form_data(name=partnership.name, region="", saved_region=theirs.pk, version=1),
    )
    assert refused.status_code == 422
    saved = client.post(
        f"/p/{partnership.pk}/edit/",
        form_data(name=partnership.name, region="", saved_region=ours.pk, version=1),
    )
    assert saved.status_code == 302
    partnership.refresh_from_db()
    assert partnership.saved_region == ours and partnership.region == "Franklin"
    detail = client.get(f"/p/{partnership.pk}/").content.decode()
    assert f'href="/regions/{ours.pk}/"' in detail
