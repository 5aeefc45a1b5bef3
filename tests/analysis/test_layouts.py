"""Recognising QCEW headers by column name."""

from __future__ import annotations

import pytest

from convenor.analysis.layouts import LayoutProblem, detect_layout
from tests.analysis.helpers import ohio_file, read_rows


def header(period="a", area="39049"):
    return list(read_rows(ohio_file(period, area))[0])


def test_an_annual_open_data_header_is_recognised():
    layout = detect_layout(header("a"))
    assert layout.kind == "annual"
    assert layout.source["establishments"] == "annual_avg_estabs"
    assert layout.source["lq_employment"] == "lq_annual_avg_emplvl"
    assert layout.titles == ()


def test_a_quarterly_header_uses_the_third_month_for_employment_lq():
    layout = detect_layout(header("3"))
    assert layout.kind == "quarterly"
    assert layout.source["lq_employment"] == "lq_month3_emplvl"
    assert layout.source["oty_month3_employment_chg"] == "oty_month3_emplvl_chg"


def test_names_are_matched_whatever_their_case_quotes_order_or_bom():
    names = header("a")
    shuffled = ['\ufeff"' + names[-1].upper() + '"', *reversed(names[:-1])]
    layout = detect_layout(shuffled)
    assert layout.kind == "annual"
    assert next(iter(layout.csv_columns)) == names[-1]


def test_by_area_headers_with_titles_and_count_names_are_recognised():
    names = [n.replace("annual_avg_estabs", "annual_avg_estabs_count") for n in header("a")]
    names[8:8] = ["area_title", "own_title", "industry_title", "agglvl_title", "size_title"]
    layout = detect_layout(names)
    assert layout.source["establishments"] == "annual_avg_estabs_count"
    assert layout.source["oty_establishments_chg"] == "oty_annual_avg_estabs_count_chg"
    assert layout.titles == (
        "area_title",
        "own_title",
        "industry_title",
        "agglvl_title",
        "size_title",
    )
    assert layout.csv_columns["industry_title"] == "VARCHAR"


def test_unused_columns_are_read_as_text_and_used_ones_typed():
    layout = detect_layout(header("a"))
    assert layout.csv_columns["taxable_annual_wages"] == "VARCHAR"
    assert layout.csv_columns["annual_avg_emplvl"] == "BIGINT"
    assert layout.csv_columns["lq_annual_avg_emplvl"] == "DOUBLE"
    assert layout.csv_columns["own_code"] == "SMALLINT"


@pytest.mark.parametrize(
    ("names", "column"),
    [
        (["name", "email"], "annual_avg_emplvl"),
        ([n for n in header("a") if n != "total_annual_wages"], "total_annual_wages"),
        ([n for n in header("1") if n != "qtrly_estabs"], "qtrly_estabs"),
        ([*header("a"), "area_fips"], "area_fips"),
    ],
)
def test_bad_headers_name_the_column(names, column):
    with pytest.raises(LayoutProblem) as caught:
        detect_layout(names)
    assert caught.value.column == column
