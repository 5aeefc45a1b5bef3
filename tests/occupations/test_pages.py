"""The occupations on the region page, the partnership's page, the API and the command:
the same figures as the engine, on the real files."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from convenor.analysis.occupations.analyze import FIELDS
from convenor.analysis.occupations.supply import GAP_FIELDS
from convenor.occupations import labour
from convenor.occupations.labour import OccupationRequest
from tests.occupations import web

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(workspace, alice):
    web.qcew_for(workspace)
    web.labour_store()
    return web.franklin(workspace, alice)


@pytest.fixture
def targeted(partnership, region, alice):
    web.target_manufacturing(partnership, region, alice)
    return partnership


def engine_rows(workspace, industry="31-33"):
    analysis = labour.analyze(
        workspace, OccupationRequest.parse([web.FRANKLIN], industry, 2020, name="Franklin County")
    )
    return {r["soc_code"]: r for r in analysis.records()}


def test_the_region_page_shows_each_occupations_estimate_and_the_columbus_wages(
    client_for, vic, region, workspace
):
    url = reverse("regions:occupations", args=[region.pk])
    page = client_for(vic).get(url, {"industry": "62", "year": "2020"})
    assert page.status_code == 200
    html = page.content.decode()
    nurses = engine_rows(workspace, "62")["29-1141"]
    assert f"{nurses['estimated_employment']:,}" in html
    assert "Columbus, OH" in html and "$83,900" in html  # the MSA's own OEWS median
    assert "29-1141" in html


def test_the_region_pages_csv_has_every_field_of_the_engine(client_for, vic, region, workspace):
    url = reverse("regions:occupations-csv", args=[region.pk])
    response = client_for(vic).get(url, {"industry": "62", "year": "2020"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content if response.streaming else [response.content])
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert set(FIELDS) <= {c for header in rows[:2] for c in header}
    assert any("29-1141" in r for r in rows)


def test_a_bad_industry_gets_a_message_naming_it(client_for, vic, region):
    url = reverse("regions:occupations", args=[region.pk])
    page = client_for(vic).get(url, {"industry": "9999999", "year": "2020"})
    assert page.status_code == 422
    assert "9999999" in page.content.decode()


def test_without_labour_data_the_page_says_what_to_load(client_for, vic, workspace, alice):
    web.qcew_for(workspace)
    region = web.franklin(workspace, alice)
    page = client_for(vic).get(
        reverse("regions:occupations", args=[region.pk]), {"industry": "62", "year": "2020"}
    )
    assert page.status_code == 200
    assert "convenor occupations ingest" in page.content.decode()


def test_the_api_rows_carry_exactly_the_engines_fields_and_the_schema_names_them(
    client_for, vic, region, workspace
):
    response = client_for(vic).get(
        f"/api/regions/{region.pk}/occupations", {"industry": "62", "year": "2020"}
    )
    assert response.status_code == 200
    body = response.json()
    assert all(list(r) == list(FIELDS) for r in body["rows"])
    nurses = next(r for r in body["rows"] if r["soc_code"] == "29-1141")
    assert nurses == json.loads(json.dumps(engine_rows(workspace, "62")["29-1141"]))
    schema = client_for(vic).get("/api/openapi.json").json()["components"]["schemas"]
    assert list(schema["OccupationRowOut"]["properties"]) == list(FIELDS)
    assert list(schema["GapRowOut"]["properties"]) == list(GAP_FIELDS)
    # Named apart from other apps' schemas, so the document describes these endpoints.
    assert set(schema["OccupationSnapshotIn"]["properties"]) == {
        "weights",
        "estimate_suppressed",
        "note",
    }


def test_the_api_refuses_a_bad_option_naming_it(client_for, vic, region):
    response = client_for(vic).get(
        f"/api/regions/{region.pk}/occupations", {"industry": "62", "year": "2020", "weights": "x"}
    )
    assert response.status_code == 422
    assert "weights" in response.content.decode()


def test_an_outsider_gets_404_for_a_regions_occupations(client_for, olga, region):
    assert client_for(olga).get(
        f"/api/regions/{region.pk}/occupations", {"industry": "62", "year": "2020"}
    ).status_code == 404  # fmt: skip


def test_the_partnership_page_sets_supply_against_openings_with_the_range_and_attainment(
    client_for, sam, targeted, workspace, alice
):
    from convenor.occupations import services
    from tests.planning import factories

    college = factories.organisation(targeted, "Columbus State", category="education")
    services.program_create(
        actor=alice, partnership=targeted, organisation=college, name="Machining AAS",
        cip_code="48.0501", award_level="associate", completers=30,
    )  # fmt: skip
    page = client_for(sam).get(reverse("occupations:partnership", args=[targeted.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="overlap-caveat"' in html and "supply is a range" in html
    assert "Machining AAS (Columbus State) (48.0501" in html
    # ACS attainment of Franklin County beside the entry education
    assert "of adults 25+" in html
    api = client_for(sam).get(f"/api/partnerships/{targeted.pk}/occupations").json()
    machinists = next(r for r in api["gap"]["rows"] if r["soc_code"] == "51-4041")
    assert machinists["supply_high"] == 30
    assert machinists["supply_low"] < 30  # 48.0501 leads to more than one occupation
    assert machinists["programs"][0]["program"] == "Machining AAS (Columbus State)"


def test_the_command_is_the_convenor_console_script(tmp_path, settings, region, capsys):
    settings.QCEW_DIR = tmp_path / "qcew-shared"
    from convenor.analysis.ingest import ingest
    from tests.regions.helpers import OHIO

    ingest([OHIO / "morpc-qcew-2020-a-39049.csv"], settings.QCEW_DIR)
    call_command("occupations", "--area", "39049", "--industry", "62", "--year", "2020",
                 "--format", "json")  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    rows = out["rows"] if isinstance(out, dict) else out
    assert any(r["soc_code"] == "29-1141" for r in rows)
