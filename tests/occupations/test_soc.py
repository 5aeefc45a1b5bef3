"""SOC codes: checking them, finding them, mapping a free-text job title where it can be."""

from __future__ import annotations

from convenor.analysis.occupations.soc import check_soc, find_occupations, map_title


def test_a_job_title_maps_to_its_occupation_ignoring_case_and_plural(labour):
    assert map_title(labour, "registered nurse") == {
        "soc_code": "29-1141",
        "soc_title": "Registered Nurses",
    }
    assert map_title(labour, "Software developers")["soc_code"] == "15-1252"
    assert map_title(labour, "29-1141")["soc_code"] == "29-1141"


def test_a_title_that_names_no_single_occupation_stays_a_label(labour):
    assert map_title(labour, "nurse") is None
    assert map_title(labour, "line lead, second shift") is None
    assert map_title(labour, "  ") is None


def test_find_puts_the_exact_code_first(labour):
    hits = find_occupations(labour, "29-1141")
    assert hits[0]["soc_code"] == "29-1141"
    assert all("nurse" in h["soc_title"].lower() for h in find_occupations(labour, "nurse"))


def test_known_codes_pass_the_check(labour):
    assert check_soc(labour, [" 29-1141", "15-1252"]) == ["29-1141", "15-1252"]
