"""A trailing year: annual figures built from the four latest quarters.

Truth from the real files: Franklin's and Delaware's four 2020 quarters
reproduce their annual file, over-the-year changes included. For a window
across two years, the 2019 quarters are the 2020 files' prior-year figures
(each value minus its over-the-year change), written as BLS quarterly files.
"""

from __future__ import annotations

import pytest

from convenor.analysis import reference as ref
from convenor.analysis.analyze import analyze_region
from convenor.analysis.errors import InputError
from convenor.analysis.ingest import ingest
from convenor.analysis.regional import annual_from_quarters
from convenor.analysis.store import connect
from tests.analysis.helpers import disclosed, ohio_file, prior_year_quarter, read_rows

MONTHS = ("month1_emplvl", "month2_emplvl", "month3_emplvl")


def test_the_window_of_a_trailing_year_spans_two_calendar_years():
    assert ref.window_quarters(2021, "t2") == [(2020, "3"), (2020, "4"), (2021, "1"), (2021, "2")]
    assert ref.window_quarters(2020, "a") == [(2020, q) for q in "1234"]
    assert ref.window_label(2021, "t1") == "2020 Q2 to 2021 Q1"


@pytest.mark.parametrize("area", ["39049", "39041"])
def test_four_quarters_reproduce_the_annual_files_over_the_year_change(ohio, area):
    """Employment and wage changes from the quarters' own oty columns equal the annual file's."""
    built = {
        (r["own_code"], r["industry_code"]): r
        for r in annual_from_quarters(ohio.table(), 2020, [area]).to_pyarrow().to_pylist()
    }
    checked = 0
    annual = [
        r
        for r in read_rows(ohio_file("a", area))
        if disclosed(r) and not r["oty_disclosure_code"].strip()
    ]
    for row in annual:
        cell = built[(int(row["own_code"]), row["industry_code"])]
        if cell["oty_employment_chg"] is None:
            continue  # some quarter's change is not disclosed
        assert cell["oty_employment_chg"] == int(row["oty_annual_avg_emplvl_chg"]), row
        assert cell["oty_total_wages_chg"] == int(row["oty_total_annual_wages_chg"]), row
        checked += 1
    assert checked >= 0.85 * len(annual)


def trailing_files(tmp_path):
    """Franklin: 2019 Q3-Q4 (from the 2020 files' changes) and 2020 Q1-Q2, no annual file."""
    return [
        prior_year_quarter(ohio_file("3", "39049"), tmp_path / "2019-3-39049.csv"),
        prior_year_quarter(ohio_file("4", "39049"), tmp_path / "2019-4-39049.csv"),
        ohio_file("1", "39049"),
        ohio_file("2", "39049"),
    ]


@pytest.fixture
def trailing_store(tmp_path):
    files = trailing_files(tmp_path)
    root = tmp_path / "store"
    ingest(files, root)
    store = connect(root)
    yield store, files
    store.close()


def test_a_trailing_year_is_built_from_the_four_quarters_across_two_years(trailing_store):
    store, files = trailing_store
    result = analyze_region(store, "39049", 2020, period="t2", level="3")
    assert "avg_annual_pay" in result.fields and "month3_employment" not in result.fields
    assert any("2019 Q3 to 2020 Q2" in note for note in result.notes)
    # Expected from the four files, computed here without the engine.
    months: dict[str, int] = {}
    wages: dict[str, int] = {}
    hidden: set[str] = set()
    for path in files:
        for r in read_rows(path):
            if r["own_code"] != "5" or r["agglvl_code"] != "75":
                continue
            code = r["industry_code"]
            if r["disclosure_code"].strip() == "N":
                hidden.add(code)
            months[code] = months.get(code, 0) + sum(int(r[m]) for m in MONTHS)
            wages[code] = wages.get(code, 0) + int(r["total_qtrly_wages"])
    rows = {r["industry_code"]: r for r in result.records()}
    checked = 0
    for code, total in months.items():
        if code in hidden:
            assert rows[code]["employment"] is None and rows[code]["suppressed"]
            continue
        assert rows[code]["employment"] == int(total / 12 + 0.5), code
        assert rows[code]["total_wages"] == wages[code], code
        checked += 1
    assert checked > 40


def test_a_trailing_year_with_a_missing_quarter_names_it(trailing_store):
    store, _ = trailing_store
    with pytest.raises(InputError) as caught:
        analyze_region(store, "39049", 2020, period="t3")
    message = str(caught.value)
    assert "2019 Q4 to 2020 Q3" in message and "2020Q3" in message


def test_an_unknown_period_is_refused_with_the_choices(ohio):
    with pytest.raises(InputError) as caught:
        analyze_region(ohio, "39049", 2020, period="t4")
    assert "period: 't4' is not a period" in str(caught.value)
    assert "t1-t3 for the four quarters to Q1-Q3" in str(caught.value)
