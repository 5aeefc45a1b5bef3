from __future__ import annotations

import csv
import html
import io

from openpyxl import load_workbook

from convenor.analysis.analyze import ANNUAL_FIELDS
from convenor.partnerships.models import Partnership
from convenor.regions.models import AnalysisSnapshot, SavedRegion
from tests.regions.helpers import published


def test_staff_save_a_region_of_counties(sam, workspace, ohio, client_for):
    response = client_for(sam).post(
        f"/w/{workspace.slug}/regions/new/", {"name": "Core", "area_codes": "39049, 39041"}
    )
    region = SavedRegion.objects.get(name="Core")
    assert response["Location"] == f"/regions/{region.pk}/"
    assert region.area_codes == "39049,39041"


def test_a_bad_area_code_is_named_in_the_message(sam, workspace, client_for):
    response = client_for(sam).post(
        f"/w/{workspace.slug}/regions/new/", {"name": "Core", "area_codes": "39049, Franklin"}
    )
    assert response.status_code == 422
    assert "'Franklin' is not an area code" in html.unescape(response.content.decode())


def test_the_analysis_page_sums_what_bls_published_for_the_region(vic, region, ohio, client_for):
    response = client_for(vic).get(f"/regions/{region.pk}/?year=2020&level=sector")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Real figures from the U.S. Bureau of Labor Statistics" in page
    for industry in ("62", "31-33", "44-45"):
        cells = [published(area, "a", industry) for area in ohio]
        disclosed = [c for c in cells if c["disclosure_code"] != "N"]
        total = sum(int(c["annual_avg_emplvl"]) for c in disclosed)
        row = page.split(f'data-industry="{industry}"')[1].split("</tr>")[0]
        prefix = "" if len(disclosed) == len(cells) else "≥ "
        assert f"{prefix}{total:,}" in row, industry


def test_suppressed_cells_show_nd_never_zero(vic, region, ohio, client_for):
    page = client_for(vic).get(f"/regions/{region.pk}/?year=2020&level=3").content.decode()
    suppressed = [r for r in page.split("<tr ")[1:] if 'class="suppressed"' in r]
    assert suppressed
    for row in suppressed:
        numbers = row.split('class="num"')
        assert ">0<" not in row
        assert "n/d" in numbers[3]


def test_the_single_county_page_matches_the_published_employment_exactly(
    alice, workspace, ohio, client_for
):
    from convenor.regions.services import region_create

    franklin = region_create(actor=alice, workspace=workspace, name="Franklin", area_codes="39049")
    response = client_for(alice).get(f"/regions/{franklin.pk}/?year=2020&level=sector")
    row = published("39049", "a", "62")
    cell = response.content.decode().split('data-industry="62"')[1].split("</tr>")[0]
    assert f"{int(row['annual_avg_emplvl']):,}" in cell
    assert f"{int(row['annual_avg_estabs']):,}" in cell


def test_the_csv_download_has_the_documented_fields_and_empty_suppressed_cells(
    vic, region, client_for
):
    response = client_for(vic).get(f"/regions/{region.pk}/download.csv?year=2020&level=3")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    lines = io.StringIO(response.content.decode())
    headers = next(csv.reader(lines))
    assert headers[1] == "Industry" and "Concentration vs. Ohio (location quotient)" in headers
    reader = csv.DictReader(lines)  # the machine names, under the plain-English ones
    assert reader.fieldnames == ANNUAL_FIELDS
    rows = list(reader)
    suppressed = [r for r in rows if r["suppressed"] == "true"]
    assert suppressed, "some 3-digit industries are suppressed in every county"
    assert all(r["employment"] == "" for r in suppressed)


def test_the_xlsx_download_opens_with_one_row_per_industry(vic, region, client_for):
    response = client_for(vic).get(f"/regions/{region.pk}/download.xlsx?year=2020")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Industries"]
    assert [c.value for c in sheet[1]][:2] == ["Industry code (NAICS)", "Industry"]
    assert sheet.max_row > 10
    about = [[c.value for c in row] for row in book["About"].iter_rows()]
    names = [r[1] for r in about[[r[0] for r in about].index("Column") + 1 :]]
    assert names == ANNUAL_FIELDS


def test_using_an_industry_as_target_saves_the_analysis_and_sets_the_industry(
    sam, region, partnership, client_for
):
    client = client_for(sam)
    response = client.post(
        f"/regions/{region.pk}/use/?year=2020",
        {"partnership": partnership.pk, "industry_code": "31-33", "note": "Employers cannot hire."},
    )
    assert response["Location"] == f"/p/{partnership.pk}/why-this-industry/"
    partnership.refresh_from_db()
    assert (partnership.industry_naics, partnership.industry_title) == ("31-33", "Manufacturing")
    snapshot = AnalysisSnapshot.objects.get(partnership=partnership)
    assert snapshot.inputs["year"] == 2020
    assert snapshot.row["industry_code"] == "31-33"
    why = client.get(f"/p/{partnership.pk}/why-this-industry/").content.decode()
    assert "Employers cannot hire." in why
    detail = client.get(f"/p/{partnership.pk}/").content.decode()
    assert "Why this industry" in detail and "Manufacturing" in detail


def test_a_qcew_aggregate_cannot_be_a_target_industry(sam, region, partnership, client_for):
    client_for(sam).post(
        f"/regions/{region.pk}/use/?year=2020&level=supersector",
        {"partnership": partnership.pk, "industry_code": "1013"},
    )
    assert not AnalysisSnapshot.objects.exists()
    assert Partnership.objects.get(pk=partnership.pk).industry_naics == "62"


def test_viewers_cannot_save_analyses(vic, region, partnership, client_for):
    response = client_for(vic).post(
        f"/regions/{region.pk}/use/?year=2020",
        {"partnership": partnership.pk, "industry_code": "62"},
    )
    assert response.status_code == 403


def test_without_data_the_page_says_what_to_do(vic, workspace, client_for):
    from convenor.regions.services import region_create

    region = region_create(actor=vic, workspace=workspace, name="Empty", area_codes="39049")
    response = client_for(vic).get(f"/regions/{region.pk}/")
    assert "No QCEW data is loaded yet" in response.content.decode()


def test_area_search_suggests_counties_by_name(vic, workspace, client_for):
    response = client_for(vic).get(f"/w/{workspace.slug}/regions/areas/?q=Franklin County, Ohio")
    assert "39049" in response.content.decode()


def test_a_region_loaded_only_for_a_quarter_opens_on_that_quarter(alice, workspace, client_for):
    from convenor.analysis.ingest import ingest
    from convenor.regions import selectors
    from convenor.regions.services import region_create
    from tests.regions.helpers import OHIO

    ingest(sorted(OHIO.glob("morpc-qcew-2020-*.csv")), selectors.workspace_store_dir(workspace))
    ring = region_create(actor=alice, workspace=workspace, name="Ring", area_codes="39129,39141")
    response = client_for(alice).get(f"/regions/{ring.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2020 Q4" in page
    row = published("39129", "4", "62")
    assert (
        f"{int(row['month3_emplvl']) + int(published('39141', '4', '62')['month3_emplvl']):,}"
        in page
    )


def test_a_region_with_four_recent_quarters_opens_on_the_trailing_year(
    alice, workspace, client_for, tmp_path
):
    """No annual file yet: the page shows the four latest quarters, built as BLS does."""
    from convenor.analysis.ingest import ingest
    from convenor.regions import selectors
    from convenor.regions.services import region_create
    from tests.analysis.helpers import ohio_file, prior_year_quarter, read_rows

    files = [
        prior_year_quarter(ohio_file("3", "39049"), tmp_path / "2019-3-39049.csv"),
        prior_year_quarter(ohio_file("4", "39049"), tmp_path / "2019-4-39049.csv"),
        ohio_file("1", "39049"),
        ohio_file("2", "39049"),
    ]
    ingest(files, selectors.workspace_store_dir(workspace))
    franklin = region_create(actor=alice, workspace=workspace, name="Franklin", area_codes="39049")
    response = client_for(alice).get(f"/regions/{franklin.pk}/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "four quarters to Q2 (2019 Q3 to 2020 Q2)" in page
    assert "Avg annual pay" in page  # an annual figure, not one quarter's weekly wage
    months = sum(
        int(r[m])
        for path in files
        for r in read_rows(path)
        if r["own_code"] == "5" and r["industry_code"] == "62"
        for m in ("month1_emplvl", "month2_emplvl", "month3_emplvl")
    )
    row = page.split('data-industry="62"')[1].split("</tr>")[0]
    assert f"{int(months / 12 + 0.5):,}" in row


def test_a_saved_analysis_names_its_period_in_words():
    from convenor.regions.models import AnalysisSnapshot

    def label(year, period):
        return AnalysisSnapshot(inputs={"year": year, "period": period}).period_label

    assert label(2020, "a") == "2020 annual average"
    assert label(2020, "4") == "2020 Q4"
    assert label(2021, "t2") == "2021 four quarters to Q2 (2020 Q3 to 2021 Q2)"


def test_the_trend_chart_shows_the_industry_picked_in_the_table(vic, region, client_for):
    response = client_for(vic).get(f"/regions/{region.pk}/?year=2020&level=sector&trend=23")
    assert response.status_code == 200
    spec = response.context["trend_spec"]
    assert {p["industry"] for p in spec["data"]["values"]} == {"Construction"}
    assert spec["title"]["text"] == ["Employment of Construction"]  # the shared style wraps titles
    page = response.content.decode()
    assert "trend=62#trend" in page  # every row offers its own trend
    default = client_for(vic).get(f"/regions/{region.pk}/?year=2020&level=sector&trend=xx")
    assert default.context["trend_spec"]["title"]["text"] == [
        "Employment of the five best-scored industries"
    ]


def test_the_page_lists_the_industries_the_bubble_chart_leaves_out(vic, region, client_for):
    response = client_for(vic).get(f"/regions/{region.pk}/?year=2020&level=sector")
    drawn = {p["code"] for p in response.context["bubble_spec"]["data"]["values"]}
    assert "62" not in drawn  # Health Care has an undisclosed county: never drawn at 0% growth
    page = html.unescape(response.content.decode())
    left_out = page.split('id="bubble-left-out"')[1].split("</div>")[0]
    assert "Health Care and Social Assistance" in left_out
    assert "State data for Ohio (39000) is not loaded" in page


def test_the_snapshot_downloads_are_a_pdf_and_a_word_document(vic, region, client_for):
    from docx import Document

    client = client_for(vic)
    page = client.get(f"/regions/{region.pk}/?year=2020").content.decode()
    assert f"/regions/{region.pk}/snapshot.pdf?" in page
    pdf = client.get(f"/regions/{region.pk}/snapshot.pdf?year=2020")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "snapshot.pdf" in pdf["Content-Disposition"]
    docx = client.get(f"/regions/{region.pk}/snapshot.docx?year=2020")
    assert docx.status_code == 200
    doc = Document(io.BytesIO(docx.content))
    assert doc.paragraphs[0].text == "Central Ohio: regional industry snapshot"
    assert doc.tables[0].rows[0].cells[2].text == "Jobs (annual average)"


def test_an_outsider_cannot_download_the_snapshot(olga, region, client_for):
    response = client_for(olga).get(f"/regions/{region.pk}/snapshot.pdf?year=2020")
    assert response.status_code == 404


def test_a_region_named_as_a_formula_is_text_on_the_xlsx_about_sheet(
    sam, workspace, ohio, client_for
):
    from convenor.regions.services import region_create

    name = '=HYPERLINK("http://example.com","x")'
    evil = region_create(actor=sam, workspace=workspace, name=name, area_codes="39049")
    response = client_for(sam).get(f"/regions/{evil.pk}/download.xlsx?year=2020")
    book = load_workbook(io.BytesIO(response.content))
    about = book["About"]
    cells = [c for row in about.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no live formula
    region_cell = next(row[1] for row in about.iter_rows() if row[0].value == "Region")
    assert region_cell.value == "'" + name


def test_staff_open_the_ad_hoc_analysis_page(sam, workspace, ohio, client_for):
    response = client_for(sam).get(f"/w/{workspace.slug}/analysis/?areas=39049,39041&year=2020")
    assert response.status_code == 200
    assert "Use as a partnership's target industry" not in response.content.decode()


def test_the_page_shows_the_lq_against_the_state_when_the_state_is_loaded(
    vic, alice, workspace, client_for, tmp_path
):
    from benchmarks.generate import generate
    from convenor.analysis.ingest import ingest
    from convenor.regions import selectors
    from convenor.regions.services import region_create

    path = tmp_path / "2020.annual.singlefile.csv"
    generate(path, states=["10"], threads=1)  # Delaware: its counties and the state's rows
    ingest([path], selectors.workspace_store_dir(workspace))
    region = region_create(actor=alice, workspace=workspace, name="NC", area_codes="10003")
    response = client_for(vic).get(f"/regions/{region.pk}/?year=2020&level=sector")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert ">LQ Delaware</a></th>" in page
    rows = {r["industry_code"]: r for r in response.context["rows"]}
    shown = [r for r in rows.values() if r["lq_state"] is not None]
    assert shown, "some industries are disclosed in both the county and the state"
    for code, row in rows.items():
        cell = page.split(f'data-industry="{code}"')[1].split('class="num lq-state">')[1]
        expected = "n/d" if row["lq_state"] is None else f"{row['lq_state']:,.2f}"
        assert cell.startswith(expected + "</td>"), code


def test_the_region_page_leads_to_the_jobs_of_its_industries(vic, region, ohio, client_for):
    client = client_for(vic)
    page = client.get(f"/regions/{region.pk}/?year=2020").content.decode()
    link = f"/regions/{region.pk}/occupations/?year=2020"
    assert f'href="{link}"' in page
    assert client.get(link).status_code == 200


def test_the_county_picker_finds_the_placeholder_and_says_what_is_loaded(
    sam, workspace, ohio, client_for
):
    client = client_for(sam)
    page = client.get(f"/w/{workspace.slug}/regions/areas/?q=Franklin, Ohio").content.decode()
    assert "Franklin County, Ohio" in page
    assert "QCEW loaded: 2020 annual average" in page
    assert f"/w/{workspace.slug}/regions/areas/?add=39049" in page
    typed = client.get(f"/w/{workspace.slug}/regions/areas/?q=franklin oh").content.decode()
    assert "39049" in typed
    elsewhere = client.get(f"/w/{workspace.slug}/regions/areas/?q=Franklin County, Iowa")
    assert "No QCEW data loaded" in elsewhere.content.decode()


def test_a_county_is_added_to_the_area_codes_with_one_click(sam, workspace, client_for):
    client = client_for(sam)
    url = f"/w/{workspace.slug}/regions/areas/"
    field = client.get(url, {"add": "39049", "area_codes": "39041, 39045"}).content.decode()
    assert 'id="id_area_codes"' in field and 'value="39041,39045,39049"' in field
    again = client.get(url, {"add": "39049", "area_codes": "39041,39049"}).content.decode()
    assert 'value="39041,39049"' in again
    first = client.get(url, {"add": "39049", "area_codes": ""}).content.decode()
    assert 'value="39049"' in first


def test_the_county_picker_says_why_it_found_nothing(vic, workspace, client_for):
    page = client_for(vic).get(f"/w/{workspace.slug}/regions/areas/?q=Zzzyx, Ohio")
    text = html.unescape(page.content.decode())
    assert "No county or area named" in text and "Ohio" in text
    assert "?add=" not in text


def test_the_regions_page_shows_loaded_areas_by_period_and_no_server_path(
    vic, region, ohio, client_for, settings
):
    from tests.regions.helpers import OHIO

    folders = (str(OHIO), str(settings.QCEW_DIR), str(OHIO.parents[3]))
    client = client_for(vic)
    page = client.get(f"/w/{region.workspace.slug}/regions/").content.decode()
    assert "Franklin County, Ohio" in page and "2020 annual average" in page
    assert 'id="loaded-data"' in page
    assert f'action="/w/{region.workspace.slug}/analysis/"' in page  # a form, not a URL to type
    answers = {
        "regions page": page,
        "analysis page": client.get(f"/regions/{region.pk}/?year=2020").content.decode(),
        "csv": client.get(f"/regions/{region.pk}/download.csv?year=2020").content.decode(),
        "api": client.get(f"/api/regions/{region.pk}/analysis?year=2020").content.decode(),
    }
    xlsx = client.get(f"/regions/{region.pk}/download.xlsx?year=2020").content
    about = load_workbook(io.BytesIO(xlsx))["About"]
    answers["xlsx"] = " ".join(str(c.value) for row in about.iter_rows() for c in row)
    assert "morpc-qcew-2020-a-39049.csv" in answers["api"]  # the file is named...
    for what, text in answers.items():
        for folder in folders:
            assert folder not in text, f"{what} shows the server folder {folder}"


def test_staff_start_a_partnership_for_an_industry_of_the_analysis(sam, region, client_for):
    client = client_for(sam)
    page = client.get(f"/regions/{region.pk}/?year=2020&level=sector").content.decode()
    assert f'action="/regions/{region.pk}/start/' in page
    response = client.post(f"/regions/{region.pk}/start/?year=2020", {"industry_code": "31-33"})
    started = Partnership.objects.get(workspace=region.workspace, industry_naics="31-33")
    assert response["Location"] == started.get_absolute_url()
    assert started.industry_title == "Manufacturing"
    assert started.region == region.name and region.name in started.name
    assert started.saved_region == region  # a link to the saved region, not only its name
    partnership_page = client.get(started.get_absolute_url()).content.decode()
    assert f'href="/regions/{region.pk}/"' in partnership_page
    snapshot = AnalysisSnapshot.objects.get(partnership=started)
    assert snapshot.region == region and snapshot.inputs["year"] == 2020
    again = client.post(f"/regions/{region.pk}/start/?year=2020", {"industry_code": "31-33"})
    assert again.status_code == 302
    assert Partnership.objects.filter(industry_naics="31-33").count() == 2


def test_an_aggregate_starts_no_partnership(sam, region, client_for):
    before = Partnership.objects.count()
    client_for(sam).post(
        f"/regions/{region.pk}/start/?year=2020&level=supersector", {"industry_code": "1013"}
    )
    assert Partnership.objects.count() == before
    assert not AnalysisSnapshot.objects.exists()


def test_viewers_cannot_start_a_partnership(vic, region, client_for):
    page = client_for(vic).get(f"/regions/{region.pk}/?year=2020").content.decode()
    assert "/start/" not in page
    response = client_for(vic).post(
        f"/regions/{region.pk}/start/?year=2020", {"industry_code": "62"}
    )
    assert response.status_code == 403


def test_a_file_ingested_after_a_visit_shows_on_the_next_one(alice, workspace, client_for):
    """The region page keeps its answers per store content: what a new file changes is
    never hidden behind an earlier answer."""
    from convenor.analysis.ingest import ingest
    from convenor.regions import selectors
    from convenor.regions.services import region_create
    from tests.regions.helpers import OHIO

    store_dir = selectors.workspace_store_dir(workspace)
    ingest([OHIO / "morpc-qcew-2020-a-39041.csv"], store_dir)
    two = region_create(actor=alice, workspace=workspace, name="Two", area_codes="39041,39049")
    client = client_for(alice)
    url = f"/regions/{two.pk}/?year=2020&level=sector"
    assert "No period is loaded for every area" in client.get(url).content.decode()
    ingest([OHIO / "morpc-qcew-2020-a-39049.csv"], store_dir)
    for _visit in range(2):  # computed, then kept
        page = client.get(url).content.decode()
        row = page.split('data-industry="62"')[1].split("</tr>")[0]
        both = sum(int(published(a, "a", "62")["annual_avg_emplvl"]) for a in ("39041", "39049"))
        assert f"{both:,}" in row
