"""Counties belong to their metropolitan area by the shipped Census delineation."""

from __future__ import annotations

import csv

import pytest

from convenor.analysis.occupations.errors import InputError
from convenor.analysis.occupations.geography import COUNTY_CBSA, cbsa_of, counties_of_cbsa, place


def test_the_delineation_file_covers_every_county_once():
    with open(COUNTY_CBSA, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    codes = [r["county_fips"] for r in rows]
    assert len(codes) == len(set(codes)) == 3235
    assert all(len(c) == 5 and c.isdigit() for c in codes)
    assert all(r["cbsa_title"] for r in rows if r["cbsa_code"])


def test_central_ohio_counties_and_their_cbsas():
    for county in ("39049", "39041", "39045", "39073"):
        assert cbsa_of(county).cbsa_code == "18140"
    assert cbsa_of("39049").cbsa_title == "Columbus, OH"
    assert cbsa_of("39047").cbsa_code == "47920"
    assert {"39049", "39041", "39045", "39073"} <= set(counties_of_cbsa("18140"))


def test_a_county_region_reads_its_msa_then_state_then_nation():
    franklin = place(["39049", "39041"], {"39": "Ohio"})
    assert [(a.kind, a.code) for a in franklin.wage_areas] == [
        ("msa", "18140"),
        ("state", "39"),
        ("national", "US"),
    ]
    assert franklin.counties == ["39041", "39049"] and franklin.state_fips == "39"


def test_counties_in_two_cbsas_read_their_state_and_say_why():
    mixed = place(["39049", "39047"], {"39": "Ohio"})
    assert [a.kind for a in mixed.wage_areas] == ["state", "national"]
    assert any("2 CBSAs" in note for note in mixed.notes)


def test_an_msa_region_is_its_counties():
    columbus = place(["C1814"], {"39": "Ohio"})
    assert columbus.wage_areas[0].code == "18140"
    assert "39049" in columbus.counties


def test_a_state_region_reads_the_states_wages():
    ohio = place(["39000"], {"39": "Ohio"})
    assert [(a.kind, a.code) for a in ohio.wage_areas] == [("state", "39"), ("national", "US")]
    assert len(ohio.counties) == 88


def test_an_unknown_msa_code_is_refused():
    with pytest.raises(InputError, match="C9999"):
        place(["C9999"], {})
