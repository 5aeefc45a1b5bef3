"""Training programs of the education and training partners: recorded one by one or
imported from CSV/XLSX, every row or none, a bad row named with its field and value."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from convenor.occupations import services
from convenor.occupations.models import TrainingProgram
from tests.occupations import web
from tests.planning import factories

pytestmark = pytest.mark.django_db

HEADER = "provider,name,cip_code,award_level,completers,capacity,next_cohort_start\n"


@pytest.fixture
def college(partnership):
    return factories.organisation(partnership, "Columbus State", category="education")


def test_staff_record_a_program_and_everyone_at_the_table_reads_it(
    client_for, sam, vic, partnership, college
):
    url = reverse("occupations:programs", args=[partnership.pk])
    response = client_for(sam).post(
        url,
        {
            "organisation": college.pk,
            "name": "Machining AAS",
            "cip_code": "48.0501",
            "award_level": "associate",
            "completers": "30",
            "next_cohort_start": "2027-01-11",
        },
    )
    assert response.status_code == 302
    program = TrainingProgram.objects.get()
    assert (program.organisation, program.completers) == (college, 30)
    assert "Machining AAS" in client_for(vic).get(url).content.decode()
    assert client_for(vic).post(url, {"name": "x"}).status_code == 403


def test_a_college_partner_records_her_own_colleges_program_only(
    client_for, pat, partnership, college, alice
):
    factories.person(partnership, "Pat at the college", college, user=pat)
    other = factories.organisation(partnership, "Welding Institute", category="education")
    url = reverse("occupations:programs", args=[partnership.pk])
    response = client_for(pat).post(
        url,
        {
            "organisation": other.pk,  # ignored: her own organisation
            "name": "Precision machining",
            "cip_code": "48.0501",
            "award_level": "certificate",
            "capacity": "24",
        },
    )
    assert response.status_code == 302
    assert TrainingProgram.objects.get().organisation == college
    theirs = services.program_create(
        actor=alice, partnership=partnership, organisation=other, name="Welding",
        cip_code="48.0508", award_level="certificate", completers=40,
    )  # fmt: skip
    edit = reverse("occupations:program-edit", args=[partnership.pk, theirs.pk])
    assert client_for(pat).get(edit).status_code == 404


def test_a_program_needs_completers_or_capacity(client_for, sam, partnership, college):
    url = reverse("occupations:programs", args=[partnership.pk])
    response = client_for(sam).post(
        url,
        {
            "organisation": college.pk,
            "name": "X",
            "cip_code": "48.0501",
            "award_level": "associate",
        },
    )
    assert response.status_code == 422
    assert "completers" in response.content.decode()
    assert not TrainingProgram.objects.exists()


def test_an_unknown_cip_code_is_refused_naming_it_when_the_crosswalk_is_loaded(
    partnership, college, alice
):
    web.labour_store()
    with pytest.raises(ValidationError) as refused:
        services.program_create(
            actor=alice, partnership=partnership, organisation=college, name="X",
            cip_code="99.1234", award_level="associate", completers=3,
        )  # fmt: skip
    assert "99.1234" in str(refused.value)


def test_an_elected_officials_office_runs_no_programs(partnership, alice):
    office = factories.organisation(partnership, "County Commissioners", category="elected")
    with pytest.raises(ValidationError, match="elected official"):
        services.program_create(
            actor=alice, partnership=partnership, organisation=office, name="X",
            cip_code="48.0501", award_level="associate", completers=3,
        )  # fmt: skip


def test_a_csv_is_imported_whole(client_for, sam, partnership, college):
    data = HEADER + (
        "Columbus State,Machining AAS,48.0501,associate,30,,2027-01-11\n"
        "Columbus State,Maintenance certificate,47.0303,certificate,,20,\n"
    )
    response = client_for(sam).post(
        reverse("occupations:programs-import", args=[partnership.pk]),
        {"file": SimpleUploadedFile("programs.csv", data.encode())},
    )
    assert response.status_code == 302
    assert sorted(TrainingProgram.objects.values_list("name", "completers", "capacity")) == [
        ("Machining AAS", 30, None),
        ("Maintenance certificate", None, 20),
    ]


def test_one_bad_row_imports_nothing_and_each_bad_cell_is_named(
    client_for, sam, partnership, college
):
    data = HEADER + (
        "Columbus State,Machining AAS,48.0501,associate,30,,\n"
        "Columbus State,Welding,48-0508,certificate,12,,\n"
        "Nowhere College,Nursing,51.3801,bachelor,x,,\n"
    )
    response = client_for(sam).post(
        reverse("occupations:programs-import", args=[partnership.pk]),
        {"file": SimpleUploadedFile("programs.csv", data.encode())},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert not TrainingProgram.objects.exists()
    assert "48-0508" in html and "not a 6-digit CIP code" in html
    assert "Nowhere College" in html and "no organisation of this name" in html
    assert "not a whole number" in html


def test_an_xlsx_without_a_programs_layout_is_refused_naming_the_missing_columns(
    client_for, sam, partnership, college
):
    book = openpyxl.Workbook()
    book.active.append(["Employer", "Openings"])
    book.active.append(["Buckeye", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client_for(sam).post(
        reverse("occupations:programs-import", args=[partnership.pk]),
        {"file": SimpleUploadedFile("demand.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 422
    assert "not a table of programs" in response.content.decode()
    assert not TrainingProgram.objects.exists()


def test_an_xlsx_of_programs_is_imported_for_the_provider_chosen(
    client_for, sam, partnership, college
):
    book = openpyxl.Workbook()
    book.active.append(["Program", "CIP", "Award", "Completers"])
    book.active.append(["Machining AAS", "48.0501", "3", 30])  # IPEDS 3: associate's degree
    buffer = io.BytesIO()
    book.save(buffer)
    response = client_for(sam).post(
        reverse("occupations:programs-import", args=[partnership.pk]),
        {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue()), "provider": college.pk},
    )
    assert response.status_code == 302
    program = TrainingProgram.objects.get()
    assert (program.organisation, program.completers) == (college, 30)
    assert program.get_award_level_display() == "Associate's degree"


def test_the_api_records_and_changes_a_program_with_the_version_check(
    client_for, sam, partnership, college
):
    client = client_for(sam)
    created = client.post(
        f"/api/partnerships/{partnership.pk}/programs",
        {"organisation_id": college.pk, "name": "Machining AAS", "cip_code": "48.0501",
         "award_level": "associate", "completers": 30},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    url = f"/api/partnerships/{partnership.pk}/programs/{body['id']}"
    ok = client.patch(
        url, {"version": body["version"], "completers": 32}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["completers"] == 32
    stale = client.patch(
        url, {"version": body["version"], "completers": 40}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert TrainingProgram.objects.get().completers == 32
