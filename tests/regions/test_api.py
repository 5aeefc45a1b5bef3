from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from convenor.accounts.services import token_create
from convenor.analysis.analyze import ANNUAL_FIELDS
from tests.regions.helpers import OHIO, published


def api(user) -> Client:
    _, raw = token_create(user=user, name="t")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_analysis_endpoint_returns_the_cli_fields(vic, region):
    body = api(vic).get(f"/api/regions/{region.pk}/analysis?year=2020&level=sector").json()
    assert body["meta"]["year"] == 2020
    assert list(body["rows"][0]) == ANNUAL_FIELDS


def test_the_analysis_names_the_state_of_lq_state_and_says_it_is_not_loaded(vic, region):
    body = api(vic).get(f"/api/regions/{region.pk}/analysis?year=2020").json()
    assert body["meta"]["state"] == {
        "code": "39000",
        "name": "Ohio",
        "loaded": False,
        "share": None,
        "other_states": [],
    }
    assert all(row["lq_state"] is None for row in body["rows"])
    assert any("State data for Ohio (39000) is not loaded" in n for n in body["meta"]["notes"])


def test_a_single_area_analysis_reproduces_bls(vic, workspace, ohio):
    body = api(vic).get(f"/api/workspaces/{workspace.slug}/analysis?areas=39049&year=2020").json()
    row = next(r for r in body["rows"] if r["industry_code"] == "62")
    bls = published("39049", "a", "62")
    assert row["employment"] == int(bls["annual_avg_emplvl"])
    assert row["total_wages"] == int(bls["total_annual_wages"])
    assert row["lq_source"] == "published"


def test_an_unknown_year_is_422_with_a_message(vic, region):
    response = api(vic).get(f"/api/regions/{region.pk}/analysis?year=1999")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_snapshot_through_the_api_sets_the_target_industry(sam, region, partnership):
    response = api(sam).post(
        f"/api/partnerships/{partnership.pk}/snapshots",
        {"region_id": region.pk, "year": 2020, "industry_code": "31-33"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["industry_title"] == "Manufacturing"
    listed = api(sam).get(f"/api/partnerships/{partnership.pk}/snapshots").json()
    assert [s["industry_code"] for s in listed] == ["31-33"]


def test_a_region_of_another_workspace_cannot_be_used(olga, sam, region, partnership):
    from convenor.regions.services import region_create
    from convenor.workspaces.models import Membership

    theirs = region_create(
        actor=olga,
        workspace=Membership.objects.get(user=olga).workspace,
        name="X",
        area_codes="39049",
    )
    response = api(sam).post(
        f"/api/partnerships/{partnership.pk}/snapshots",
        {"region_id": theirs.pk, "year": 2020, "industry_code": "31-33"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_uploading_through_the_api(sam, workspace, django_capture_on_commit_callbacks):
    content = (OHIO / "morpc-qcew-2020-a-39073.csv").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(sam).post(
            f"/api/workspaces/{workspace.slug}/qcew/uploads",
            {"file": SimpleUploadedFile("hocking.csv", content)},
        )
    assert response.status_code == 202
    status = api(sam).get(f"/api/qcew/uploads/{response.json()['id']}").json()
    assert status["status"] == "done"


def test_a_trailing_year_without_its_quarters_is_422_naming_them(vic, region):
    response = api(vic).get(f"/api/regions/{region.pk}/analysis?year=2020&period=t2")
    assert response.status_code == 422
    detail = str(response.json()["detail"])
    assert "2019 Q3 to 2020 Q2" in detail and "2019Q3" in detail


def test_a_period_outside_the_choices_is_422(vic, region):
    response = api(vic).get(f"/api/regions/{region.pk}/analysis?year=2020&period=t4")
    assert response.status_code == 422


def test_the_openapi_schema_names_every_field_of_an_analysis_row(vic):
    from convenor.analysis.result import ANNUAL_FIELDS, QUARTERLY_FIELDS

    schema = api(vic).get("/api/openapi.json").json()
    operation = schema["paths"]["/api/regions/{region_id}/analysis"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]
    body = components[ref.rsplit("/", 1)[1]]
    row = components[body["properties"]["rows"]["items"]["$ref"].rsplit("/", 1)[1]]
    assert set(row["properties"]) == set(ANNUAL_FIELDS) | set(QUARTERLY_FIELDS)
    meta = components[body["properties"]["meta"]["$ref"].rsplit("/", 1)[1]]
    assert {"region", "period_label", "totals", "notes", "sources", "fingerprint"} <= set(
        meta["properties"]
    )


def test_a_quarterly_analysis_through_the_api_has_the_quarterly_fields(vic, workspace):
    from convenor.analysis.ingest import ingest
    from convenor.analysis.result import QUARTERLY_FIELDS
    from convenor.regions import selectors

    ingest([OHIO / "morpc-qcew-2020-4-39049.csv"], selectors.workspace_store_dir(workspace))
    body = (
        api(vic)
        .get(f"/api/workspaces/{workspace.slug}/analysis?areas=39049&year=2020&period=4")
        .json()
    )
    assert all(list(row) == QUARTERLY_FIELDS for row in body["rows"])
    row = next(r for r in body["rows"] if r["industry_code"] == "62")
    assert row["month3_employment"] == int(published("39049", "4", "62")["month3_emplvl"])


def test_the_api_sorts_and_cuts_rows_as_the_command_line_does(vic, region):
    body = api(vic).get(f"/api/regions/{region.pk}/analysis?year=2020&sort=employment&top=3")
    rows = body.json()["rows"]
    everything = api(vic).get(f"/api/regions/{region.pk}/analysis?year=2020").json()["rows"]
    biggest = sorted(
        (r for r in everything if r["employment"] is not None), key=lambda r: -r["employment"]
    )
    assert [r["industry_code"] for r in rows] == [r["industry_code"] for r in biggest[:3]]


def test_the_trend_endpoint_gives_each_disclosed_year_and_skips_suppressed_ones(vic, region):
    body = api(vic).get(f"/api/regions/{region.pk}/trend?industries=62,31-33").json()
    for industry in ("62", "31-33"):
        cells = [published(area, "a", industry) for area in region.codes]
        points = [p for p in body if p["industry_code"] == industry]
        if any(c["disclosure_code"] == "N" for c in cells):
            assert points == []  # a sum with a suppressed part is never drawn
        else:
            total = sum(int(c["annual_avg_emplvl"]) for c in cells)
            assert points == [
                {
                    "industry_code": industry,
                    "industry_title": points[0]["industry_title"],
                    "date": "2020-07-01",
                    "employment": total,
                }
            ]
    assert body, "at least one of the two industries is disclosed in every county"


def test_a_bad_trend_industry_is_422_naming_it(vic, workspace):
    response = api(vic).get(f"/api/workspaces/{workspace.slug}/trend?areas=39049&industries=x1")
    assert response.status_code == 422
    assert "industries: 'x1' is not an industry code" in str(response.json()["detail"])


def test_an_outsider_cannot_read_a_regions_trend(olga, region):
    response = api(olga).get(f"/api/regions/{region.pk}/trend?industries=62")
    assert response.status_code == 404
