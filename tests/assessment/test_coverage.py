"""Coverage: the target industry's employers at the table against the industry in the
region, from the region's own QCEW files (the demo's five Central Ohio counties, 2020)."""

from __future__ import annotations

import pytest

from convenor.analysis.ingest import ingest
from convenor.analysis.request import AnalysisRequest
from convenor.assessment.coverage import coverage
from convenor.assessment.selectors import partnership_facts
from convenor.partnerships.services import partnership_create
from convenor.regions import selectors, services
from tests.assessment import spine
from tests.regions.helpers import OHIO, published


@pytest.fixture
def region(workspace, alice):
    files = sorted(OHIO.glob("morpc-qcew-2020-a-*.csv"))
    ingest(files, selectors.workspace_store_dir(workspace))
    codes = [f.stem.rsplit("-", 1)[1] for f in files]
    return services.region_create(
        actor=alice, workspace=workspace, name="Central Ohio", area_codes=",".join(codes)
    )


def _saved(region, partnership, actor, industry: str) -> None:
    request = AnalysisRequest.parse(region.codes, 2020, level="sector", name=region.name)
    services.snapshot_create(
        actor=actor,
        partnership=partnership,
        analysis=selectors.run_analysis(region.workspace, request),
        industry_code=industry,
        region=region,
    )


def _in_region(region, industry: str) -> tuple[int, int, bool]:
    """Establishments, disclosed jobs, and whether some county's jobs are withheld,
    summed by hand from the files BLS published."""
    cells = [published(area, "a", industry) for area in region.codes]
    disclosed = [c for c in cells if c["disclosure_code"] != "N"]
    establishments = sum(int(c["annual_avg_estabs"]) for c in cells)
    jobs = sum(int(c["annual_avg_emplvl"]) for c in disclosed)
    return establishments, jobs, len(disclosed) < len(cells)


def _employer(partnership, name: str, naics: str, employees: int | None, stage="active"):
    o = spine.org(partnership, name, "employer", naics_code=naics, employees=employees)
    spine.member(partnership, organisation=o, stage=stage)


def _coverage(partnership):
    facts = partnership_facts([partnership], team=True, extras=False)[partnership.pk]
    return coverage(partnership, facts)


def test_employers_of_the_industry_are_set_against_its_establishments_and_jobs(
    workspace, alice, region
):
    p = partnership_create(
        actor=alice, workspace=workspace, name="Makers", industry_naics="31-33", region="C. Ohio"
    )
    _saved(region, p, alice, "31-33")
    _employer(p, "Acme Plastics", "326199", 400)
    _employer(p, "Columbus Castings", "331511", 250)
    _employer(p, "Only Identified", "332710", 900, stage="identified")  # not at the table
    _employer(p, "Grocer", "445110", 3000)  # another industry: not the industry's voice

    c = _coverage(p)
    establishments, jobs, withheld = _in_region(region, "31-33")
    assert (c.employers, c.with_employees, c.employees) == (2, 2, 650)
    assert (c.figures.establishments, c.figures.employment) == (establishments, jobs)
    assert c.share == pytest.approx(650 / jobs)
    about = "at most" if withheld else "about"
    at_least = "at least " if withheld else ""
    assert c.sentence().startswith(f"2 employers of {establishments:,} establishments; {about} ")
    assert c.sentence().endswith(f"of the industry's {at_least}{jobs:,} jobs.")
    assert "Central Ohio" in c.where() and "2020" in c.where()


def test_an_industry_other_than_the_saved_analysis_is_read_from_the_regions_data(
    workspace, alice, region
):
    p = partnership_create(
        actor=alice, workspace=workspace, name="Hospitals", industry_naics="62", region="C. Ohio"
    )
    _saved(region, p, alice, "31-33")  # the analysis was about manufacturing
    _employer(p, "General Hospital", "622110", None)
    _employer(p, "Care Home", "623110", 120)

    c = _coverage(p)
    establishments, jobs, _withheld = _in_region(region, "62")
    assert (c.figures.establishments, c.figures.employment) == (establishments, jobs)
    assert not c.figures.saved
    # one of the two employers has its employees recorded: the share says so
    assert c.sentence().endswith(", from the employees of 1 of the 2.")


def test_without_a_saved_analysis_the_line_says_what_to_do(workspace, alice):
    p = partnership_create(actor=alice, workspace=workspace, name="Makers", industry_naics="333")
    _employer(p, "Acme Machines", "333517", 80)
    c = _coverage(p)
    assert c.figures is None and c.employers == 1
    assert "No regional analysis is saved" in c.sentence()


def test_without_a_target_industry_there_is_no_coverage(workspace, alice):
    p = partnership_create(actor=alice, workspace=workspace, name="Anything")
    assert _coverage(p) is None


def test_the_partnership_page_shows_the_coverage_line(client_for, alice, workspace, region):
    p = partnership_create(
        actor=alice, workspace=workspace, name="Makers", industry_naics="31-33", region="C. Ohio"
    )
    _saved(region, p, alice, "31-33")
    _employer(p, "Acme Plastics", "326199", None)
    html = client_for(alice).get(f"/p/{p.pk}/").content.decode()
    establishments, _jobs, _withheld = _in_region(region, "31-33")
    line = html[html.index('id="industry-coverage"') :]
    assert f"1 employer of {establishments:,} establishments" in line
    assert "the employees of none of them are recorded" in line


def test_the_guide_api_gives_the_coverage_and_not_started(client_for, alice, workspace, region):
    p = partnership_create(
        actor=alice, workspace=workspace, name="Makers", industry_naics="31-33", region="C. Ohio"
    )
    body = client_for(alice).get(f"/api/partnerships/{p.pk}/guide").json()
    assert body["health"] == "not started"
    _saved(region, p, alice, "31-33")
    _employer(p, "Acme Plastics", "326199", 400)
    body = client_for(alice).get(f"/api/partnerships/{p.pk}/guide").json()
    establishments, jobs, _withheld = _in_region(region, "31-33")
    assert body["coverage"]["establishments"] == establishments
    assert body["coverage"]["employment"] == jobs
    assert body["coverage"]["employees"] == 400
    assert body["health"] != "not started"
