"""Ingesting the real files: every layout recognised, the published figures stored as printed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from convenor.analysis.occupations.ingest import ingest, loaded
from convenor.analysis.occupations.store import read_manifest
from tests.occupations.helpers import (
    AREAS,
    B15003,
    B23025,
    CIP_LIST,
    CROSSWALK,
    EP_2019,
    EP_2024,
    NATIONAL,
    NATSECTOR,
    OCCUPATIONS,
    TIMESERIES,
    acs_rows,
    sheet_rows,
)


def oews(labour, **where):
    def build():
        t = labour.table("oews")
        for column, value in where.items():
            t = t.filter(t[column] == value)
        return t

    return labour.records(build)


def one(labour, **where):
    rows = oews(labour, **where)
    assert len(rows) == 1, rows
    return rows[0]


def test_every_real_file_is_recognised_and_stored_once(labour_dir):
    parts = {Path(p["source"]).name: p for p in loaded(labour_dir)}
    assert parts[NATSECTOR.name]["layout"] == "oews-workbook"
    assert parts[NATIONAL.name]["layout"] == "oews-workbook"
    assert parts[TIMESERIES.name]["layout"] == "oews-timeseries"
    assert parts[OCCUPATIONS.name]["dataset"] == "oe_occupation"
    assert parts[CROSSWALK.name]["dataset"] == "cip_soc"
    assert parts[CIP_LIST.name]["dataset"] == "cip"
    editions = sorted(p["summary"]["edition"] for p in loaded(labour_dir) if p["dataset"] == "ep")
    assert editions == ["2019-29", "2024-34"]
    assert {p["summary"]["table"] for p in loaded(labour_dir) if p["dataset"] == "acs"} == {
        "B15003",
        "B23025",
    }


def test_a_code_listed_as_broad_and_detailed_is_stored_once(labour, labour_dir):
    raw = sheet_rows(NATSECTOR)
    pairs = {(r["NAICS"], r["OCC_CODE"]) for r in raw if r["O_GROUP"] == "broad"} & {
        (r["NAICS"], r["OCC_CODE"]) for r in raw if r["O_GROUP"] == "detailed"
    }
    assert ("62", "31-1120") in pairs
    part = next(p for p in loaded(labour_dir) if Path(p["source"]).name == NATSECTOR.name)
    assert part["rows"] == len(raw) - len(pairs)
    aides = one(labour, year=2024, industry_code="62", soc_code="31-1120")
    assert (aides["o_group"], aides["broad_too"], aides["tot_emp"]) == ("detailed", True, 3874910)


def test_national_sector_facts(labour):
    nurses = one(labour, year=2024, industry_code="62", soc_code="29-1141")
    assert nurses["tot_emp"] == 2790380
    assert (nurses["pct_total"], nurses["h_median"], nurses["a_median"]) == (12.07, 44.79, 93170)
    manufacturing = one(labour, year=2024, industry_code="31-33", soc_code="00-0000")
    assert (manufacturing["tot_emp"], manufacturing["a_median"]) == (12767670, 51670)
    assert manufacturing["own_code"] == "5" and manufacturing["industry_level"] == "sector"
    health = one(labour, year=2024, industry_code="62", soc_code="00-0000")
    assert (health["tot_emp"], health["own_code"]) == (23117850, "58")
    software = one(labour, year=2024, industry_code="54", soc_code="15-1252")
    assert (software["tot_emp"], software["a_median"]) == (690860, 130250)


def test_national_cross_industry_facts(labour):
    total = one(labour, year=2025, area_type="national", industry_code="000000", soc_code="00-0000")
    assert total["tot_emp"] == 155495730
    assert (total["h_mean"], total["a_mean"], total["h_median"], total["a_median"]) == (
        33.54,
        69770,
        24.51,
        50980,
    )
    nurses = one(
        labour, year=2025, area_type="national", industry_code="000000", soc_code="29-1141"
    )
    assert (nurses["tot_emp"], nurses["a_median"]) == (3379720, 97550)
    annual_only = [
        r
        for r in oews(labour, year=2025, area_type="national", industry_code="000000")
        if r["annual_only"]
    ]
    raw = [r for r in sheet_rows(NATIONAL) if r["ANNUAL"] == "TRUE"]
    assert len(annual_only) == len({r["OCC_CODE"] for r in raw}) > 0
    assert all(r["h_median"] is None and r["h_median_flag"] == "*" for r in annual_only)
    assert "11-9032" in {r["soc_code"] for r in annual_only}


def test_columbus_and_ohio_time_series_facts(labour):
    total = one(labour, area_type="msa", area_code="18140", soc_code="00-0000")
    assert (total["tot_emp"], total["h_mean"], total["a_median"]) == (1105580, 32.34, 51340)
    assert total["area_title"] == "Columbus, OH"
    nurses = one(labour, area_type="msa", area_code="18140", soc_code="29-1141")
    assert nurses["tot_emp"] == 30510
    assert (nurses["a_median"], nurses["jobs_1000"], nurses["loc_quotient"]) == (
        83900,
        27.601,
        1.27,
    )
    software = one(labour, area_type="msa", area_code="18140", soc_code="15-1252")
    assert (software["tot_emp"], software["a_median"], software["loc_quotient"]) == (
        9880,
        122340,
        0.82,
    )
    ohio = one(labour, area_type="state", area_code="39", soc_code="00-0000")
    assert (ohio["tot_emp"], ohio["a_median"]) == (5550180, 49380)


def test_projection_facts_of_both_editions(labour):
    def ep(edition, code):
        rows = labour.records(
            lambda: labour.table("ep").filter(
                lambda t: (t.edition == edition) & (t.soc_code == code)
            )
        )
        assert len(rows) == 1
        return rows[0]

    total = ep("2024-34", "00-0000")
    assert (total["employment_base"], total["employment_projected"]) == (169956.1, 175167.9)
    assert (total["change_numeric"], total["change_percent"], total["openings"]) == (
        5211.8,
        3.1,
        18863.3,
    )
    assert total["entry_education"] is None  # "—" in the table: unavailable, not text
    nurses = ep("2024-34", "29-1141")
    assert (nurses["employment_base"], nurses["employment_projected"]) == (3391.0, 3557.1)
    assert (nurses["change_numeric"], nurses["change_percent"], nurses["openings"]) == (
        166.1,
        4.9,
        189.1,
    )
    assert (nurses["median_wage"], nurses["entry_education"]) == (93600, "Bachelor's degree")
    assert nurses["soc_title"] == "Registered nurses"
    assert nurses["labor_force_exit_rate"] is not None
    software = ep("2024-34", "15-1252")
    assert (software["employment_base"], software["change_numeric"]) == (1693.8, 267.7)
    old = ep("2019-29", "29-1141")
    assert (old["employment_base"], old["employment_projected"], old["change_numeric"]) == (
        3096.7,
        3318.7,
        221.9,
    )
    assert ep("2019-29", "15-1256")["employment_base"] == 1469.2
    types = labour.records(
        lambda: (
            labour.table("ep")
            .group_by(["edition", "occupation_type"])
            .aggregate(n=lambda t: t.count())
        )
    )
    counts = {(r["edition"], r["occupation_type"]): r["n"] for r in types}
    assert counts[("2024-34", "Line item")] == 832 and counts[("2024-34", "Summary")] == 281
    assert counts[("2019-29", "Line item")] == 790 and counts[("2019-29", "Summary")] == 258


def test_every_projection_row_adds_up(labour):
    rows = labour.records(lambda: labour.table("ep"))
    for r in rows:
        if r["employment_base"] is not None and r["change_numeric"] is not None:
            assert (
                abs(r["employment_projected"] - r["employment_base"] - r["change_numeric"]) <= 0.11
            )


def test_crosswalk_facts(labour):
    rows = labour.records(lambda: labour.table("cip_soc"))
    assert len(rows) == 6097
    assert len({r["cip_code"] for r in rows}) == 2143
    assert len({r["soc_code"] for r in rows}) == 868
    accountants = sorted(r["cip_code"] for r in rows if r["soc_code"] == "13-2011")
    assert accountants == [
        "30.1601",
        "43.0405",
        "52.0301",
        "52.0303",
        "52.0304",
        "52.0305",
        "52.1601",
    ]
    assert sorted(r["soc_code"] for r in rows if r["cip_code"] == "51.3801") == [
        "25-1072",
        "29-1141",
    ]
    computer_science = {r["soc_code"] for r in rows if r["cip_code"] == "11.0701"}
    assert len(computer_science) == 13 and {"15-1252", "15-2051"} <= computer_science
    assert any(r["cip_code"] == "99.9999" and r["soc_code"] == "55-3016" for r in rows)


def test_cip_list_facts(labour):
    rows = labour.records(lambda: labour.table("cip"))
    assert len(rows) == 2848
    assert sum(1 for r in rows if len(r["cip_code"]) == 7) == 2325
    assert next(r for r in rows if r["cip_code"] == "52.0301")["cip_title"] == "Accounting."
    actions = {}
    for r in rows:
        actions[r["action"]] = actions.get(r["action"], 0) + 1
    assert actions == {
        "No substantive changes": 1994,
        "New": 544,
        "Moved from": 149,
        "Moved to": 149,
        "Deleted": 12,
    }


def test_acs_figures_are_stored_as_published(labour):
    def value(table, county, line):
        rows = labour.records(
            lambda: labour.table("acs").filter(
                lambda t: (
                    (t.table_id == table)
                    & (t.geo_code == county)
                    & (t.variable == f"{table}_{line:03d}")
                )
            )
        )
        assert len(rows) == 1
        return rows[0]

    assert value("B23025", "39049", 1)["estimate"] == 1056312
    assert value("B23025", "39049", 5)["estimate"] == 33390
    bachelors = value("B15003", "39049", 22)
    assert (bachelors["estimate"], bachelors["moe"]) == (231203, 4379)
    assert bachelors["label"] == "Total:!!Bachelor's degree"
    assert bachelors["vintage"] == "ACS5Y2024"


def test_controlled_margins_are_flags_not_numbers(labour):
    raw = [acs_rows(B15003), acs_rows(B23025)]
    printed = sum(1 for rows in raw for r in rows.values() for v in r.values() if v == "*****")
    stored = labour.records(lambda: labour.table("acs").filter(lambda t: t.moe_flag == "*****"))
    assert printed > 0
    assert len(stored) == printed
    assert all(r["moe"] is None for r in stored)


def test_reingesting_the_same_bytes_changes_nothing(labour_dir, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(labour_dir, root)
    before = (root / "manifest.json").read_text()
    results = ingest([NATIONAL, EP_2024], root)
    assert [r.status for r in results] == ["unchanged", "unchanged"]
    assert (root / "manifest.json").read_text() == before


def test_a_newer_file_replaces_the_same_estimates_of_an_older_one(store_dir):
    """The national workbook holds the U.S. estimates the time-series file also has."""
    first = ingest([OCCUPATIONS, AREAS, TIMESERIES], store_dir)
    assert [r.status for r in first] == ["added", "added", "added"]
    (result,) = ingest([NATIONAL], store_dir)
    assert result.status == "replaced"
    assert result.replaced == [str(TIMESERIES)]
    parts = read_manifest(store_dir).of("oews")
    series = next(p for p in parts if p.source == str(TIMESERIES))
    assert series.trimmed
    from convenor.analysis.occupations.store import connect

    with connect(store_dir) as store:
        rows = store.records(lambda: store.table("oews").select("area_type", "own_code"))
    national = [r for r in rows if r["area_type"] == "national"]
    assert len(national) == result.rows  # only the workbook's U.S. rows remain
    assert {r["area_type"] for r in rows} == {"national", "msa", "state"}


def test_list_says_what_is_loaded(labour_dir):
    listed = loaded(labour_dir)
    assert json.dumps(listed)  # plain data for the CLI and the web
    natsector = next(p for p in listed if Path(p["source"]).name == NATSECTOR.name)
    assert natsector["summary"]["year"] == 2024
    assert natsector["summary"]["industries"] == ["31-33", "54", "62"]
    assert natsector["summary"]["markers"]["**"] > 0


@pytest.mark.parametrize("path", [EP_2019, CROSSWALK, CIP_LIST])
def test_each_file_alone_ingests(store_dir, path):
    (result,) = ingest([path], store_dir)
    assert result.status == "added" and result.rows > 1000
