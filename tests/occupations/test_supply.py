"""Training supply through the CIP-SOC crosswalk, as a range, and the gap; ACS attainment."""

from __future__ import annotations

import pytest

from convenor.analysis.occupations.analyze import analyze_occupations
from convenor.analysis.occupations.errors import InputError
from convenor.analysis.occupations.population import attainment, labor_force
from convenor.analysis.occupations.supply import (
    GAP_FIELDS,
    read_programs,
    supply_by_occupation,
    supply_gap,
)
from tests.occupations.helpers import B15003, B23025, acs_rows

PROGRAMS = [
    {
        "cip_code": "51.3801",
        "award_level": "bachelor",
        "completers": "400",
        "name": "BSN",
        "provider": "Columbus State",
    },
    {"cip_code": "11.0701", "award_level": "5", "completers": 130},
    {"cip_code": "51.3901", "award_level": "1", "completers": "", "capacity": 60, "name": "LPN"},
]


@pytest.fixture(scope="module")
def analysis(labour, qcew):
    return analyze_occupations(labour, qcew, ["39049"], "62", 2020)


def crosswalk(labour, cip):
    rows = labour.records(lambda: labour.table("cip_soc").filter(lambda t: t.cip_code == cip))
    return sorted(r["soc_code"] for r in rows if r["soc_code"] != "99-9999")


def test_supply_splits_overlapping_programs_and_shows_the_range(labour):
    supply = supply_by_occupation(labour, read_programs(labour, PROGRAMS))
    nursing = crosswalk(labour, "51.3801")
    assert nursing == ["25-1072", "29-1141"]
    nurses = supply.for_soc("29-1141")
    assert (nurses["supply_low"], nurses["supply_high"]) == (400 / len(nursing), 400)
    computing = crosswalk(labour, "11.0701")
    developers = supply.for_soc("15-1252")
    assert developers["supply_low"] == round(130 / len(computing), 1)
    assert developers["supply_high"] == 130
    assert developers["programs"][0]["occupations_reached"] == len(computing) == 13


def test_capacity_counts_when_completers_are_not_known(labour):
    (lpn,) = [p for p in read_programs(labour, PROGRAMS) if p.name == "LPN"]
    assert (lpn.completers, lpn.basis) == (60, "capacity")


def test_a_program_leading_to_no_occupation_supplies_none(labour):
    no_match = labour.records(
        lambda: labour.table("cip_soc").filter(lambda t: t.soc_code == "99-9999").limit(1)
    )[0]["cip_code"]
    only = [s for s in crosswalk(labour, no_match)]
    assert only == []
    supply = supply_by_occupation(
        labour, read_programs(labour, [{"cip_code": no_match, "award_level": 3, "completers": 9}])
    )
    assert supply.rows == {} and supply.unmatched[0]["cip_code"] == no_match


def test_the_gap_is_openings_minus_supply_both_ways(labour, analysis):
    gap = supply_gap(labour, analysis, PROGRAMS, demand={"29-1141": 900, "15-1252": 30})
    nurses = next(r for r in gap.rows if r["soc_code"] == "29-1141")
    assert list(nurses) == GAP_FIELDS
    openings = next(r for r in analysis.records() if r["soc_code"] == "29-1141")["annual_openings"]
    assert nurses["annual_openings"] == openings
    assert nurses["gap_low"] == round(openings - 400, 1)
    assert nurses["gap_high"] == round(openings - 200, 1)
    assert (nurses["demand_gap_low"], nurses["demand_gap_high"]) == (500, 700)
    assert nurses["programs"][0]["program"] == "BSN (Columbus State)"
    assert nurses["programs"][0]["meets_entry_education"] is True
    lpn = next(r for r in gap.rows if r["soc_code"] == "29-2061")
    assert lpn["supply_low"] == lpn["supply_high"] == 60


def test_demand_for_an_occupation_outside_the_pattern_still_shows(labour, analysis):
    listed = {r["soc_code"] for r in analysis.records()}
    outside = next(
        r["soc_code"]
        for r in labour.records(lambda: labour.table("cip_soc").order_by("soc_code"))
        if r["soc_code"] not in listed and r["soc_code"] != "99-9999"
    )
    gap = supply_gap(labour, analysis, PROGRAMS, demand={outside: 12})
    hired = next(r for r in gap.rows if r["soc_code"] == outside)
    assert hired["soc_title"] and hired["annual_openings"] is None
    assert (hired["pooled_demand"], hired["demand_gap_high"]) == (12, 12)


def test_demand_with_an_unknown_soc_code_is_refused(labour, analysis):
    with pytest.raises(InputError, match="unknown SOC code 12-3456"):
        supply_gap(labour, analysis, PROGRAMS, demand={"12-3456": 4})


def test_attainment_beside_the_entry_education(labour, analysis):
    raw = acs_rows(B15003)["39049"]
    adults = int(raw["B15003_001E"])
    bachelors_or_more = sum(int(raw[f"B15003_0{n}E"]) for n in (22, 23, 24, 25))
    figure = attainment(labour, ["39049"]).at_least("Bachelor's degree")
    assert (figure["adults"], figure["count"]) == (adults, bachelors_or_more)
    assert figure["share"] == round(bachelors_or_more / adults, 4) == 0.421
    gap = supply_gap(labour, analysis, PROGRAMS)
    nurses = next(r for r in gap.rows if r["soc_code"] == "29-1141")
    assert nurses["attainment_sentence"] == (
        "42% of adults 25+ in Franklin County, Ohio hold a bachelor's degree or more; "
        "this occupation typically needs a bachelor's degree."
    )


def test_attainment_of_a_region_sums_its_counties(labour):
    rows = acs_rows(B15003)
    counties = ["39049", "39041"]
    figure = attainment(labour, counties).at_least("Bachelor's degree")
    expected = sum(int(rows[c][f"B15003_0{n}E"]) for c in counties for n in (22, 23, 24, 25))
    assert figure["count"] == expected
    assert figure["adults"] == sum(int(rows[c]["B15003_001E"]) for c in counties)


def test_a_county_not_loaded_leaves_attainment_unknown(labour):
    education = attainment(labour, ["39049", "17031"])
    assert not education.table.complete and education.table.missing == ["17031"]
    assert education.at_least("Bachelor's degree") is None


def test_labour_force_of_franklin_county(labour):
    raw = acs_rows(B23025)["39049"]
    figure = labor_force(labour, ["39049"])
    assert figure["civilian_labor_force"] == int(raw["B23025_003E"]) == 732687
    assert figure["unemployed"] == int(raw["B23025_005E"]) == 33390
    assert figure["unemployment_rate"] == 0.0456
