"""Bad input: a one-line error naming the file, sheet, row or code; nothing half-ingested."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import openpyxl
import pytest

from convenor.analysis.occupations.errors import InputError, LabourIngestError
from convenor.analysis.occupations.ingest import ingest
from convenor.analysis.occupations.soc import check_soc
from convenor.analysis.occupations.supply import read_programs
from tests.analysis.helpers import ohio_file
from tests.occupations.helpers import (
    AREAS,
    B15003,
    CROSSWALK,
    EP_2024,
    NATIONAL,
    OCCUPATIONS,
    TIMESERIES,
)


def _files(store_dir: Path) -> dict[Path, bytes]:
    return {
        p.relative_to(store_dir): p.read_bytes()
        for p in store_dir.rglob("*")
        if p.is_file() and p.name != ".lock"
    }


def rejected(paths, store_dir) -> str:
    """Ingest, expect a refusal, check the store is byte for byte as it was; the message."""
    store_dir.mkdir(parents=True, exist_ok=True)
    before = _files(store_dir)
    with pytest.raises(LabourIngestError) as error:
        ingest(paths, store_dir)
    assert _files(store_dir) == before
    message = str(error.value)
    assert "\n" not in message
    return message


def edited(source: Path, target: Path, edit) -> Path:
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


def test_another_oews_layout_is_refused_naming_file_sheet_and_row(tmp_path, store_dir):
    def older(book):
        sheet = book.worksheets[0]
        for cell in sheet[1]:
            if cell.value == "O_GROUP":
                cell.value = "OCC_GROUP"

    path = edited(NATIONAL, tmp_path / "national_old.xlsx", older)
    message = rejected([path], store_dir)
    assert message.startswith(f"{path}, sheet 'national_M2025_dl', row 1: another layout")
    assert "O_GROUP" in message and "OCC_GROUP" in message


def test_a_renamed_oews_data_sheet_is_refused(tmp_path, store_dir):
    path = edited(
        NATIONAL, tmp_path / "national.xlsx", lambda b: setattr(b.worksheets[0], "title", "Data")
    )
    message = rejected([path], store_dir)
    assert message.startswith(f"{path}, sheet 'Data', row 1:") and "renamed" in message


def test_a_renamed_ep_table_is_refused(tmp_path, store_dir):
    path = edited(
        EP_2024,
        tmp_path / "occupation.xlsx",
        lambda b: setattr(b["Table 1.2"], "title", "Projections"),
    )
    message = rejected([path], store_dir)
    assert message.startswith(f"{path}, sheet 'Projections', row 1:")
    assert "'Table 1.2'" in message and "renamed" in message


def test_a_renamed_crosswalk_sheet_is_refused(tmp_path, store_dir):
    path = edited(
        CROSSWALK,
        tmp_path / "crosswalk.xlsx",
        lambda b: setattr(b["CIP-SOC"], "title", "Crosswalk"),
    )
    message = rejected([path], store_dir)
    assert message.startswith(f"{path}: no sheet 'CIP-SOC'") and "renamed" in message


def test_a_value_that_is_no_number_nor_marker_refuses_the_whole_file(tmp_path, store_dir):
    ingest([EP_2024], store_dir)  # something stored before, which must stay as it was

    def spoil(book):
        sheet = book.worksheets[0]
        column = next(c.column for c in sheet[1] if c.value == "TOT_EMP")
        sheet.cell(row=700, column=column).value = "n/a"

    path = edited(NATIONAL, tmp_path / "national.xlsx", spoil)
    message = rejected([path], store_dir)
    assert message == (
        f"{path}, sheet 'national_M2025_dl', row 700, column TOT_EMP: "
        "not a number nor a BLS marker: 'n/a'"
    )
    assert not any((store_dir / "tmp").iterdir())


def test_a_bad_soc_code_in_a_workbook_is_named(tmp_path, store_dir):
    def spoil(book):
        sheet = book.worksheets[0]
        column = next(c.column for c in sheet[1] if c.value == "OCC_CODE")
        sheet.cell(row=12, column=column).value = "29-114"

    path = edited(NATIONAL, tmp_path / "national.xlsx", spoil)
    message = rejected([path], store_dir)
    assert "row 12, column OCC_CODE: not a SOC code: '29-114'" in message


def _series(tmp_path: Path, last_line: str | None = None) -> Path:
    with gzip.open(TIMESERIES, "rt", encoding="utf-8") as handle:
        text = handle.read()
    if last_line is not None:
        text += last_line + "\n"
    path = tmp_path / "oe.data.test.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_time_series_file_with_a_bad_last_line_stores_nothing(tmp_path, store_dir):
    ingest([OCCUPATIONS, AREAS], store_dir)
    path = _series(tmp_path, "OEUM001814000000029114101\t2024\tA01\tabc\t")
    message = rejected([path], store_dir)
    lines = path.read_text().count("\n")
    assert message == f"{path}, line {lines}, column value: not a number: 'abc'"


def test_an_unknown_occupation_in_a_time_series_is_named(tmp_path, store_dir):
    ingest([OCCUPATIONS, AREAS], store_dir)
    path = _series(tmp_path, "OEUM001814000000099999801\t2025\tA01\t10\t")
    message = rejected([path], store_dir)
    assert "occupation 99-9998 is not in the loaded oe.occupation file" in message


def test_a_time_series_needs_its_occupation_file(tmp_path, store_dir):
    message = rejected([_series(tmp_path)], store_dir)
    assert "needs BLS's oe.occupation file" in message


def test_a_qcew_file_is_not_a_labour_layout(store_dir):
    message = rejected([ohio_file("a", "39049")], store_dir)
    assert "line 1: not a layout Convenor reads (header 'area_fips,own_code" in message


def test_an_unknown_workbook_names_its_sheets(tmp_path, store_dir):
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active["A1"] = "hello"
    book.save(tmp_path / "other.xlsx")
    message = rejected([tmp_path / "other.xlsx"], store_dir)
    assert "not a workbook Convenor reads (sheets 'Sheet1' ('hello'))" in message


def test_an_acs_export_that_lost_its_name_and_notes_is_refused(tmp_path, store_dir):
    path = tmp_path / "attainment.csv"
    shutil.copyfile(B15003, path)
    message = rejected([path], store_dir)
    assert message.startswith(f"{path}: cannot tell the ACS vintage")


def test_a_qwi_status_flag_outside_the_schema_is_named(tmp_path, store_dir):
    path = tmp_path / "qwi.csv"
    path.write_text(
        "periodicity,seasonadj,geo_level,geography,ind_level,industry,ownercode,sex,agegrp,"
        "race,ethnicity,education,firmage,firmsize,year,quarter,Emp,sEmp\n"
        "Q,U,C,39049,S,62,A05,0,A00,A0,A0,E0,0,0,2024,1,1000,1\n"
        "Q,U,C,39049,S,62,A05,0,A07,A0,A0,E0,0,0,2024,1,100,3\n"
    )
    message = rejected([path], store_dir)
    assert message.startswith(f"{path}, line 3, column sEmp: unknown status flag '3'")


def test_an_unknown_soc_code_is_refused_naming_it(labour):
    with pytest.raises(InputError, match="unknown SOC code 12-3456"):
        check_soc(labour, ["29-1141", "12-3456"])
    with pytest.raises(InputError, match="'nurse' is not a SOC code"):
        check_soc(labour, ["nurse"])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"cip_code": "51.9998", "award_level": "5", "completers": 10},
            "programs, row 2, cip_code: unknown CIP 2020 code 51.9998",
        ),
        (
            {"cip_code": "51.38", "award_level": "5", "completers": 10},
            "programs, row 2, cip_code: '51.38' is not a 6-digit CIP code",
        ),
        (
            {"cip_code": "51.3801", "award_level": "diploma", "completers": 10},
            "programs, row 2, award_level: unknown award level 'diploma'",
        ),
        (
            {"cip_code": "51.3801", "award_level": "5", "completers": "many"},
            "programs, row 2, completers: not a number: 'many'",
        ),
        (
            {"cip_code": "51.3801", "award_level": "5", "completers": -3},
            "programs, row 2, completers: must be 0 or more",
        ),
        ({"cip_code": "51.3801", "award_level": "5"}, "programs, row 2, completers: empty"),
    ],
)
def test_a_bad_program_row_is_refused_naming_row_field_and_value(labour, row, message):
    good = {"cip_code": "51.3801", "award_level": "bachelor", "completers": 100}
    with pytest.raises(InputError) as error:
        read_programs(labour, [good, row])
    assert str(error.value).startswith(message)
