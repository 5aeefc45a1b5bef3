"""National history (`convenor qcew history`): every area's figures per year, change, CAGR.

The store holds three consecutive years of the seeded national file; every
expected value is read from those files.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from convenor.analysis.cli import qcew_main
from convenor.analysis.history import HistoryRequest, write_history
from convenor.analysis.store import connect
from tests.analysis.conftest import NEW_CODE_YEAR, history_new_code
from tests.analysis.helpers import read_rows

YEARS = (2018, 2019, 2020)


def county_cells(files: dict[int, Path], code: str, own: str = "5") -> dict[tuple[str, int], dict]:
    """``(area, year) -> row`` of the files' county rows for one industry and ownership."""
    return {
        (r["area_fips"], year): r
        for year, path in files.items()
        for r in read_rows(path)
        if r["industry_code"] == code and r["own_code"] == own and r["agglvl_code"][0] == "7"
    }


def history(store_dir: Path, out: Path, *codes: str, **options: str) -> list[dict]:
    request = HistoryRequest.parse(list(codes), options.pop("first", None), None, **options)
    with connect(store_dir) as store:
        result = write_history(store, request, out)
    rows = pq.read_table(out).to_pylist() if out.suffix == ".parquet" else read_csv(out)
    assert len(rows) == result.rows
    return rows


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_each_years_figures_are_the_files_and_suppressed_cells_stay_empty(
    history_store, history_files, tmp_path
):
    rows = history(history_store, tmp_path / "h.parquet", "31-33", "62")
    for code in ("31-33", "62"):
        cells = county_cells(history_files, code)
        got = {r["area_fips"]: r for r in rows if r["industry_code"] == code}
        assert set(got) == {area for area, _ in cells}
        for (area, year), cell in cells.items():
            row = got[area]
            assert row[f"establishments_{year}"] == int(cell["annual_avg_estabs"])
            if cell["disclosure_code"] == "N":
                assert row[f"employment_{year}"] is None
                assert row[f"total_wages_{year}"] is None
                assert row[f"lq_{year}"] is None
                assert row[f"flag_{year}"] == "suppressed"
            else:
                assert row[f"employment_{year}"] == int(cell["annual_avg_emplvl"])
                assert row[f"total_wages_{year}"] == int(cell["total_annual_wages"])
                assert row[f"avg_annual_pay_{year}"] == int(cell["avg_annual_pay"])
                # Computed from the national rows as BLS does; BLS prints two decimals.
                assert row[f"lq_{year}"] == pytest.approx(
                    float(cell["lq_annual_avg_emplvl"]), abs=0.005 + 1e-9
                )
                assert row[f"flag_{year}"] is None
    suppressed = [r for r in rows if r["flag_2020"] == "suppressed"]
    assert suppressed, "the seeded file suppresses some county cells"


def test_change_and_cagr_run_from_the_first_year_to_the_last(
    history_store, history_files, tmp_path
):
    rows = history(history_store, tmp_path / "h.parquet", "31-33")
    cells = county_cells(history_files, "31-33")
    checked = 0
    for row in rows:
        first, last = cells[(row["area_fips"], 2018)], cells[(row["area_fips"], 2020)]
        if "N" in (first["disclosure_code"], last["disclosure_code"]):
            assert row["employment_change"] is None and row["employment_cagr"] is None
            continue
        e0, e1 = int(first["annual_avg_emplvl"]), int(last["annual_avg_emplvl"])
        assert row["employment_change"] == e1 - e0
        assert row["employment_cagr"] == pytest.approx((e1 / e0) ** 0.5 - 1)
        assert row["employment_pct_change"] == pytest.approx((e1 - e0) / e0)
        checked += 1
    assert checked > 5


def test_the_generators_years_chain_through_the_over_the_year_columns(history_files):
    """Each year's over-the-year change is exactly the change from the year before's file."""
    before = {
        (r["area_fips"], r["own_code"], r["industry_code"]): r
        for r in read_rows(history_files[2019])
    }
    compared = 0
    for row in read_rows(history_files[2020]):
        prior = before.get((row["area_fips"], row["own_code"], row["industry_code"]))
        if prior is None or row["oty_disclosure_code"] or row["disclosure_code"]:
            continue
        if prior["disclosure_code"]:
            continue
        change = int(row["annual_avg_emplvl"]) - int(prior["annual_avg_emplvl"])
        assert int(row["oty_annual_avg_emplvl_chg"]) == change
        compared += 1
    assert compared > 1000


def test_a_sum_over_ownerships_with_a_suppressed_part_is_a_flagged_lower_bound(
    history_store, history_files, tmp_path
):
    rows = read_rows(history_files[2020])
    parts: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        if r["agglvl_code"][0] == "7" and r["own_code"] in "1235" and r["agglvl_code"] == "78":
            parts.setdefault((r["area_fips"], r["industry_code"]), []).append(r)
    area, code = next(
        key for key, cells in parts.items() if {c["disclosure_code"] for c in cells} == {"N", ""}
    )
    got = history(history_store, tmp_path / "h.csv", code, ownership="total")
    row = next(r for r in got if r["area_fips"] == area)
    disclosed = sum(
        int(c["annual_avg_emplvl"]) for c in parts[(area, code)] if not c["disclosure_code"]
    )
    assert int(row["employment_2020"]) == disclosed
    assert row["flag_2020"] == "lower bound"
    assert row["employment_change"] == "" and row["employment_cagr"] == ""


def test_a_code_missing_from_a_year_gets_a_note_and_a_no_row_flag(
    history_store, history_files, tmp_path, capsys
):
    code = history_new_code(history_files[2020])
    out = tmp_path / "h.csv"
    argv = ["history", "--industry", code, "--out", str(out)]
    assert qcew_main(argv, qcew_dir=history_store) == 0
    printed = capsys.readouterr().out
    assert f"NAICS {code} has no county rows in {NEW_CODE_YEAR} of the loaded years" in printed
    rows = read_csv(out)
    assert rows and {r[f"flag_{NEW_CODE_YEAR}"] for r in rows} == {"no row"}
    assert all(r["employment_change"] == "" for r in rows)


def test_from_and_to_choose_the_years(history_store, tmp_path, capsys):
    out = tmp_path / "h.parquet"
    argv = ["history", "--industry", "62", "--from", "2019", "--to", "2020", "--level", "state"]
    assert qcew_main([*argv, "--out", str(out)], qcew_dir=history_store) == 0
    assert "2019-2020 (2 years)" in capsys.readouterr().out
    table = pq.read_table(out)
    assert table["area_fips"].to_pylist() == ["39000"]
    assert "employment_2018" not in table.column_names
    assert {"employment_2019", "employment_2020", "employment_cagr"} <= set(table.column_names)


def test_msa_level_reads_the_metropolitan_rows(history_store, history_files, tmp_path):
    rows = history(history_store, tmp_path / "h.parquet", "62", level="msa")
    msas = {
        r["area_fips"]
        for r in read_rows(history_files[2020])
        if r["agglvl_code"][0] == "4" and r["industry_code"] == "62" and r["own_code"] == "5"
    }
    assert msas and {r["area_fips"] for r in rows} == msas
    assert all(r["area_title"] for r in rows)


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["--industry", "62", "--from", "2021"],
            "no annual data loaded from 2021 (loaded: 2018-2020)",
        ),
        (["--industry", "62", "--from", "2020", "--to", "2019"], "from: 2020 is after to: 2019"),
        (["--industry", "62", "--level", "city"], "level: 'city' is not a geography"),
        (["--industry", "health"], "industries: 'health' is not an industry code"),
        (["--industry", "62", "--ownership", "mixed"], "ownership: 'mixed' is not an ownership"),
    ],
)
def test_bad_history_requests_get_a_one_line_error(history_store, tmp_path, capsys, argv, message):
    out = tmp_path / "h.csv"
    assert qcew_main(["history", *argv, "--out", str(out)], qcew_dir=history_store) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert not out.exists()


def test_history_of_an_empty_store_says_what_to_load(tmp_path, capsys):
    argv = ["history", "--industry", "62", "--out", str(tmp_path / "h.csv")]
    assert qcew_main(argv, qcew_dir=tmp_path / "empty") == 2
    assert "no annual QCEW data loaded" in capsys.readouterr().err
