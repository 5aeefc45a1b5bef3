"""An organisation's industry, picked from the NAICS list by code or title, and its
employees in the region; the partnership's target industry picked the same way."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from convenor.partners.models import Organisation
from convenor.partnerships.models import Partnership
from convenor.partnerships.naics import naics_label, parse_naics, within


def url(workspace, rest=""):
    return f"/w/{workspace.slug}/partners/{rest}"


def test_an_organisation_is_given_its_industry_by_title(sam, workspace, client_for):
    response = client_for(sam).post(
        url(workspace, "organisations/new/"),
        {"name": "Acme Trucking", "category": "employer", "naics_code": "General Freight Trucking"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="Acme Trucking").naics_code == "4841"


def test_a_picked_code_and_title_keep_the_code(sam, workspace, client_for):
    client_for(sam).post(
        url(workspace, "organisations/new/"),
        {"name": "Acme", "category": "employer", "naics_code": "332710 Machine Shops"},
    )
    assert Organisation.objects.get(name="Acme").naics_code == "332710"


def test_a_code_that_does_not_exist_is_refused_naming_it(sam, workspace, client_for):
    response = client_for(sam).post(
        url(workspace, "organisations/new/"),
        {"name": "Acme", "category": "employer", "naics_code": "334999"},
    )
    assert response.status_code == 422
    assert b"NAICS 334999 does not exist" in response.content
    assert not Organisation.objects.filter(name="Acme").exists()


def test_the_edit_form_shows_the_code_with_its_title(sam, workspace, client_for, alice):
    from convenor.partners.services import organisation_create

    org = organisation_create(
        actor=alice, workspace=workspace, name="Acme", category="employer", naics_code="4841"
    )
    response = client_for(sam).get(url(workspace, f"organisations/{org.pk}/edit/"))
    assert b'value="4841 General Freight Trucking"' in response.content
    assert b'<datalist id="naics-list">' in response.content


def test_employees_are_recorded_and_give_the_size_band(sam, workspace, client_for):
    client_for(sam).post(
        url(workspace, "organisations/new/"),
        {"name": "Acme", "category": "employer", "naics_code": "4841", "employees": "120"},
    )
    org = Organisation.objects.get(name="Acme")
    assert (org.employees, org.size_band) == (120, "50-249")


def test_the_api_refuses_a_naics_code_that_does_not_exist(sam, workspace, client_for):
    response = client_for(sam).post(
        f"/api/workspaces/{workspace.slug}/organisations",
        {"name": "Acme", "category": "employer", "naics_code": "334999"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "NAICS 334999 does not exist" in response.content.decode()


def test_the_api_gives_the_industry_title_and_employees(sam, workspace, client_for):
    response = client_for(sam).post(
        f"/api/workspaces/{workspace.slug}/organisations",
        {"name": "Acme", "category": "employer", "naics_code": "4841", "employees": 40},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["naics_title"], body["employees"]) == ("General Freight Trucking", 40)


def test_a_partnership_targets_an_industry_picked_by_title(sam, workspace, client_for):
    client_for(sam).post(
        f"/w/{workspace.slug}/partnerships/new/",
        {
            "name": "Logistics Council",
            "industry_naics": "Transportation and Warehousing",
            "industry_title": "",
            "region": "Franklin County",
            "stage": "needs_assessment",
        },
    )
    p = Partnership.objects.get(name="Logistics Council")
    assert (p.industry_naics, p.industry_title) == ("48-49", "Transportation and Warehousing")


def test_a_partnership_refuses_a_target_industry_that_does_not_exist(sam, workspace, client_for):
    response = client_for(sam).post(
        f"/w/{workspace.slug}/partnerships/new/",
        {"name": "X", "industry_naics": "4899", "region": "", "stage": "needs_assessment"},
    )
    assert response.status_code == 422
    assert b"NAICS 4899 does not exist" in response.content


@pytest.mark.parametrize(
    ("code", "target", "inside"),
    [
        ("332710", "31-33", True),  # a sector range spans its two-digit sectors
        ("332710", "3327", True),  # a prefix
        ("332710", "332710", True),
        ("4841", "48-49", True),
        ("332710", "48-49", False),  # manufacturing is not logistics
        ("33", "3327", False),  # broader than the target: not known to be inside
        ("31-33", "3327", False),
        ("3327", "332710", False),
        ("", "31-33", False),  # no industry recorded
        ("332710", "", False),
    ],
)
def test_an_industry_falls_under_a_target_by_naics_prefix(code, target, inside):
    assert within(code, target) is inside


def test_a_title_naming_unrelated_codes_asks_for_the_code():
    with pytest.raises(ValidationError, match="several NAICS codes"):
        parse_naics("All Other General Merchandise Stores")


def test_a_title_that_moved_in_naics_2022_takes_the_new_code():
    assert parse_naics("Software Publishers") == "5132"
    assert naics_label("333") == "Machinery Manufacturing (NAICS 333)"
