"""Hiring projections name a SOC occupation, and the pooled demand page sets each pooled
occupation beside the region's estimated employment and EP-based openings, under the
same disclosure rule."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from convenor.occupations import labour
from convenor.occupations.labour import OccupationRequest
from convenor.planning.demand import services
from convenor.planning.demand.forms import SocField
from convenor.planning.models import HiringProjection
from tests.occupations import web

pytestmark = pytest.mark.django_db


@pytest.fixture
def targeted(partnership, workspace, alice):
    web.qcew_for(workspace)
    web.labour_store()
    web.target_manufacturing(partnership, web.franklin(workspace, alice), alice)
    return partnership


def project(partnership, employer, title, soc="", n12=3, n36=9):
    return services.projection_create(
        actor=None, partnership=partnership, organisation=employer, occupation_title=title,
        soc_code=soc, openings_12m=n12, openings_36m=n36,
    )  # fmt: skip


def test_a_free_text_title_is_kept_and_mapped_to_the_occupation_it_names(targeted, employers):
    row = project(targeted, employers[0], "Machinists")
    assert (row.occupation_title, row.soc_code) == ("Machinists", "51-4041")
    vague = project(targeted, employers[0], "CNC guy")
    assert (vague.occupation_title, vague.soc_code) == ("CNC guy", "")


def test_an_unknown_soc_code_is_refused_naming_it(targeted, employers):
    with pytest.raises(ValidationError) as refused:
        project(targeted, employers[0], "Machinist", soc="51-4049")
    assert "51-4049" in str(refused.value)
    assert not HiringProjection.objects.exists()


def test_without_labour_data_a_code_of_the_right_form_is_kept_as_before(partnership, employers):
    assert project(partnership, employers[0], "Machinist", soc="51-4041").soc_code == "51-4041"
    assert project(partnership, employers[0], "Machinists").soc_code == ""


def test_the_picker_fills_the_code_with_its_title_and_the_form_keeps_the_code():
    assert SocField().clean("51-4041 Machinists") == "51-4041"
    assert SocField().clean("") == ""
    with pytest.raises(ValidationError, match="pick the occupation"):
        SocField().clean("machinist")


def test_the_picker_suggests_occupations_by_title(client_for, vic, targeted):
    response = client_for(vic).get(
        reverse("occupations:find", args=[targeted.pk]), {"soc_code": "machinist"}
    )
    assert response.status_code == 200
    assert '<option value="51-4041 Machinists">' in response.content.decode()


def test_the_pooled_page_sets_estimated_employment_and_ep_openings_beside_the_pools(
    client_for, vic, targeted, employers, workspace
):
    for employer, n12, n36 in zip(employers, (3, 4, 5), (9, 10, 12), strict=True):
        project(targeted, employer, "Machinists", n12=n12, n36=n36)
    analysis = labour.analyze(workspace, OccupationRequest.parse([web.FRANKLIN], "31-33", 2020))
    machinists = labour.by_soc(analysis)["51-4041"]
    html = client_for(vic).get(reverse("planning:demand", args=[targeted.pk])).content.decode()
    assert f"{machinists['estimated_employment']:,}" in html
    assert f"{round(machinists['annual_openings']):,}" in html
    assert "staffing pattern" in html  # where the figures beside come from
    api = client_for(vic).get(f"/api/partnerships/{targeted.pk}/demand/pooled").json()
    row = api["rows"][0]
    assert (row["openings_12m"], row["estimated_employment"]) == (
        12,
        machinists["estimated_employment"],
    )
    assert row["annual_openings"] == pytest.approx(machinists["annual_openings"])


def test_a_hidden_pool_stays_hidden_beside_the_public_figures(client_for, vic, targeted, employers):
    project(targeted, employers[0], "Machinists", n12=7, n36=13)
    project(targeted, employers[1], "Machinists", n12=2, n36=5)
    api = client_for(vic).get(f"/api/partnerships/{targeted.pk}/demand/pooled").json()
    row = api["rows"][0]
    assert row["suppressed"] and row["openings_12m"] is None and row["openings_36m"] is None
    assert row["estimated_employment"] is not None  # public BLS-based figure, not theirs
    html = client_for(vic).get(reverse("planning:demand", args=[targeted.pk])).content.decode()
    assert ">9<" not in html and ">18<" not in html  # their sums are never drawn


def test_without_a_why_this_industry_record_the_page_says_why_nothing_is_compared(
    client_for, vic, partnership, employers
):
    web.labour_store()
    project(partnership, employers[0], "Machinists")
    html = client_for(vic).get(reverse("planning:demand", args=[partnership.pk])).content.decode()
    assert "No regional figures beside the pooled openings" in html
