"""The jobs of a target industry in a region, checked against the real files by hand."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from convenor.analysis.occupations.analyze import FIELDS, analyze_occupations, wage_sources
from convenor.analysis.occupations.errors import InputError
from convenor.analysis.occupations.geography import place
from convenor.analysis.occupations.score import CriticalWeights
from tests.analysis.helpers import ohio_file
from tests.occupations.helpers import EP_2024, NATSECTOR, ep_table, qcew_employment, sheet_rows

README = Path(__file__).resolve().parents[2] / "convenor" / "analysis" / "occupations" / "README.md"
COLUMBUS_COUNTIES = ["39049", "39041", "39045", "39073"]


@pytest.fixture(scope="module")
def franklin_health(labour, qcew):
    return analyze_occupations(labour, qcew, ["39049"], "62", 2020)


def row(analysis, code):
    return next(r for r in analysis.records() if r["soc_code"] == code)


def national_share(industry, code):
    """The occupation's share of the industry, from the workbook's own cells."""
    rows = [r for r in sheet_rows(NATSECTOR) if r["NAICS"] == industry]
    total = next(r["TOT_EMP"] for r in rows if r["OCC_CODE"] == "00-0000")
    return next(r["TOT_EMP"] for r in rows if r["OCC_CODE"] == code) / total


def test_a_franklin_county_region_reads_the_columbus_msa_wages(franklin_health):
    nurses = row(franklin_health, "29-1141")
    assert (nurses["wage_source"], nurses["wage_area_code"]) == ("msa", "18140")
    assert nurses["wage_area_employment"] == 30510
    assert nurses["median_annual_wage"] == 83900
    assert nurses["wage_area_lq"] == 1.27
    assert (nurses["pct10_annual_wage"], nurses["pct90_annual_wage"]) == (67720, 105770)
    assert nurses["wage_year"] == 2025


def test_the_estimate_is_qcew_employment_times_the_national_share(franklin_health):
    employment = int(qcew_employment(ohio_file("a", "39049"), "62"))
    share = national_share("62", "29-1141")
    nurses = row(franklin_health, "29-1141")
    assert nurses["national_industry_employment"] == 2790380
    assert nurses["estimated_employment"] == math.floor(employment * share + 0.5)
    assert nurses["industry_share"] == pytest.approx(share, abs=1e-6)
    assert franklin_health.meta()["industry"]["employment"] == employment


def test_openings_and_change_apply_the_ep_rates_to_the_estimate(franklin_health):
    ep = ep_table(EP_2024, "Table 1.2")["29-1141"]
    openings = ep["Occupational openings, 2024\u201334 annual average"]
    base = ep["Employment, 2024"]
    change = ep["Employment change, percent, 2024\u201334"]
    employment = int(qcew_employment(ohio_file("a", "39049"), "62"))
    regional = employment * national_share("62", "29-1141")
    nurses = row(franklin_health, "29-1141")
    assert nurses["annual_openings"] == pytest.approx(regional * openings / base, abs=0.05)
    assert nurses["projected_change"] == pytest.approx(regional * change / 100, abs=0.05)
    assert nurses["national_annual_openings"] == openings * 1000
    assert nurses["entry_education"] == "Bachelor's degree"


def test_a_region_with_a_suppressed_county_gives_lower_bounds(labour, qcew):
    analysis = analyze_occupations(
        labour, qcew, ["39049", "39041", "39045", "39047", "39073"], "62", 2020
    )
    disclosed = 0
    for county in ("39049", "39041", "39045", "39047", "39073"):
        printed = qcew_employment(ohio_file("a", county), "62")
        with open(ohio_file("a", county)) as handle:
            hidden = any(
                line.split(",")[2] == "62"
                and line.split(",")[1] == "5"
                and line.split(",")[7] == "N"
                for line in handle
            )
        disclosed += 0 if hidden else int(printed)
    meta = analysis.meta()["industry"]
    assert meta["lower_bound"] and meta["employment"] == disclosed
    nurses = row(analysis, "29-1141")
    assert nurses["lower_bound"] is True
    assert nurses["estimated_employment"] == math.floor(
        disclosed * national_share("62", "29-1141") + 0.5
    )
    assert "at least" in nurses["reasons"]
    assert any("lower bounds" in note for note in analysis.notes)


def test_a_suppressed_region_has_unknown_estimates_never_zero(labour, qcew):
    analysis = analyze_occupations(labour, qcew, ["39047"], "62", 2020)
    rows = analysis.records()
    assert analysis.meta()["industry"]["employment"] is None
    assert all(r["estimated_employment"] is None for r in rows)
    assert all(r["annual_openings"] is None for r in rows)
    assert all(r["suppressed"] for r in rows)
    # The ranking does not need the regional figure: it ranks national shares.
    assert row(analysis, "29-1141")["score"] is not None


def test_a_micropolitan_county_reads_its_states_wages(labour, qcew):
    analysis = analyze_occupations(labour, qcew, ["39047"], "62", 2020)
    nurses = row(analysis, "29-1141")
    assert (nurses["wage_source"], nurses["wage_area_code"]) == ("state", "39")
    assert nurses["wage_area_title"] == "Ohio"


def test_a_region_without_regional_wages_reads_the_nations_and_says_so(labour):
    cook = place(["17031"], {"17": "Illinois"})
    assert [(a.kind, a.code) for a in cook.wage_areas] == [
        ("msa", "16984"),  # its metropolitan division, then the whole MSA
        ("msa", "16980"),
        ("state", "17"),
        ("national", "US"),
    ]
    sources, notes = wage_sources(labour, cook.wage_areas, None)
    assert [(s.kind, s.code) for s in sources] == [("national", "US")]
    assert any("16980" in n for n in notes) and any("Illinois" in n for n in notes)


def test_recomputed_location_quotients_are_within_bls_rounding(labour):
    """Employment is published to the nearest 10 and LQs to 0.01: BLS's LQ must lie
    between the LQs of the extremes of those roundings."""
    rows = labour.records(
        lambda: labour.table("oews").filter(
            lambda t: (
                (t.year == 2025)
                & (t.industry_code == "000000")
                & t.area_type.isin(["msa", "national"])
            )
        )
    )
    by = {(r["area_type"], r["soc_code"]): r for r in rows}
    total = by[("msa", "00-0000")]["tot_emp"]
    nation = by[("national", "00-0000")]["tot_emp"]
    checked = 0
    for (kind, code), local in by.items():
        us = by.get(("national", code))
        if kind != "msa" or code == "00-0000" or us is None:
            continue
        if local["tot_emp"] is None or us["tot_emp"] is None or local["loc_quotient"] is None:
            continue
        low = ((local["tot_emp"] - 5) / (total + 5)) / ((us["tot_emp"] + 5) / (nation - 5))
        high = ((local["tot_emp"] + 5) / (total - 5)) / ((us["tot_emp"] - 5) / (nation + 5))
        assert low - 0.005 <= local["loc_quotient"] <= high + 0.005, code
        checked += 1
    assert checked > 600


def test_an_industry_below_the_loaded_level_uses_its_sector_and_says_so(labour, qcew):
    analysis = analyze_occupations(labour, qcew, ["39049"], "6221", 2020)
    pattern = analysis.meta()["staffing_pattern"]
    assert (pattern["industry_code"], pattern["exact"]) == ("62", False)
    assert any("most detailed level loaded" in n for n in analysis.notes)
    employment = int(qcew_employment(ohio_file("a", "39049"), "6221"))
    nurses = row(analysis, "29-1141")
    assert nurses["estimated_employment"] == math.floor(
        employment * national_share("62", "29-1141") + 0.5
    )


def test_an_industry_with_no_staffing_pattern_is_refused_naming_it(labour, qcew):
    with pytest.raises(InputError) as error:
        analyze_occupations(labour, qcew, ["39049"], "23", 2020)
    message = str(error.value)
    assert "no staffing pattern loaded for industry 23" in message
    assert "\n" not in message


def test_an_unknown_industry_code_is_refused(labour, qcew):
    with pytest.raises(InputError, match="unknown NAICS code '1234'"):
        analyze_occupations(labour, qcew, ["39049"], "1234", 2020)


def test_weights_change_the_ranking(labour, qcew, franklin_health):
    by_size = analyze_occupations(
        labour,
        qcew,
        ["39049"],
        "62",
        2020,
        weights=CriticalWeights(size=1, openings=0, wage=0, training=0),
    )
    top = max(by_size.records(), key=lambda r: r["score"] or -1)
    largest = max(
        (r for r in by_size.records() if r["industry_share"] is not None),
        key=lambda r: r["industry_share"],
    )
    assert top["soc_code"] == largest["soc_code"]
    assert top["score"] == 100.0
    assert by_size.fingerprint != franklin_health.fingerprint


def test_unpublished_employment_is_not_ranked_and_says_why(franklin_health):
    unknown = [r for r in franklin_health.records() if r["national_industry_employment_flag"]]
    assert unknown
    for r in unknown:
        assert r["industry_share"] is None and r["estimated_employment"] is None
        assert r["score"] is None and "(**)" in r["reasons"]


def test_reasons_name_the_figures(franklin_health):
    nurses = row(franklin_health, "29-1141")
    assert nurses["reasons"].startswith("12.1% of the industry's jobs nationally (about ")
    assert "median pay $83,900 (Columbus, OH)" in nurses["reasons"]
    assert "bachelor's degree" in nurses["reasons"]


def test_rows_have_exactly_the_documented_fields(franklin_health):
    documented = re.findall(r"^\| `([a-z0-9_]+)` \|", README.read_text(), flags=re.M)
    start = documented.index("soc_code")
    assert documented[start : start + len(FIELDS)] == FIELDS
    assert all(list(r) == FIELDS for r in franklin_health.records())
    header = franklin_health.to_csv().splitlines()[0].split(",")
    assert header == FIELDS


def test_the_analysis_names_its_sources(franklin_health):
    sources = " ".join(franklin_health.sources)
    assert NATSECTOR.name in sources and "occupation.xlsx" in sources
    assert "oe.data.M2025" in sources and "morpc-qcew-2020-a-39049.csv" in sources
