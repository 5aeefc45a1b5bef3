"""Reading files and planning rows: mapping suggestions, validation, duplicates, bad input."""

from __future__ import annotations

import io

import openpyxl
import pytest

from convenor.partners.import_mapping import (
    ORGANISATION_EXPORT_HEADER,
    ORGANISATIONS,
    PEOPLE,
    PEOPLE_EXPORT_HEADER,
    suggest_mapping,
)
from convenor.partners.importer import Existing, plan_rows
from convenor.partners.tabular import (
    MAX_BYTES,
    ImportFileError,
    neutralise,
    read_table,
    write_csv,
    write_xlsx,
)

OUTLOOK_HEADER = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business City", "Business Phone", "Mobile Phone",
    "E-mail Address", "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "Notes",
]  # fmt: skip
GOOGLE_HEADER = [
    "First Name", "Middle Name", "Last Name", "Name Prefix", "Nickname", "Organization Name",
    "Organization Title", "Organization Department", "Notes", "Labels", "E-mail 1 - Label",
    "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value",
]  # fmt: skip
SALESFORCE_HEADER = ["First Name", "Last Name", "Title", "Account Name", "Email", "Phone"]


def named(mapping: dict[str, str], header: list[str]) -> dict[str, str]:
    return {header[int(c)]: f for c, f in mapping.items()}


def plan(text: str, target=PEOPLE, existing=None, default="employer", filename="f.csv"):
    table = read_table(text.encode(), filename)
    mapping = suggest_mapping(table.header, target)
    return list(
        plan_rows(
            table.rows,
            table.header,
            mapping,
            target=target,
            default_category=default,
            existing=existing,
        )
    )


# --- Mapping suggestions -------------------------------------------------------------


def test_an_outlook_export_maps_without_help():
    mapping = named(suggest_mapping(OUTLOOK_HEADER, PEOPLE), OUTLOOK_HEADER)
    assert mapping == {
        "First Name": "first_name",
        "Middle Name": "middle_name",
        "Last Name": "last_name",
        "Company": "organisation",
        "Job Title": "title",
        "Business Phone": "phone",
        "Mobile Phone": "phone",
        "E-mail Address": "email",
        "E-mail 2 Address": "email",
        "Notes": "notes",
    }


def test_a_google_contacts_export_maps_without_help():
    mapping = named(suggest_mapping(GOOGLE_HEADER, PEOPLE), GOOGLE_HEADER)
    assert mapping["Organization Name"] == "organisation"
    assert mapping["Organization Title"] == "title"
    assert mapping["E-mail 1 - Value"] == "email"
    assert mapping["Phone 1 - Value"] == "phone"
    assert "E-mail 1 - Label" not in mapping


def test_a_salesforce_report_maps_without_help():
    mapping = named(suggest_mapping(SALESFORCE_HEADER, PEOPLE), SALESFORCE_HEADER)
    assert mapping == {
        "First Name": "first_name",
        "Last Name": "last_name",
        "Title": "title",
        "Account Name": "organisation",
        "Email": "email",
        "Phone": "phone",
    }


def test_convenors_own_people_export_maps_every_column():
    mapping = suggest_mapping(PEOPLE_EXPORT_HEADER, PEOPLE)
    assert len(mapping) == len(PEOPLE_EXPORT_HEADER)


def test_convenors_own_organisation_export_maps_every_column():
    mapping = suggest_mapping(ORGANISATION_EXPORT_HEADER, ORGANISATIONS)
    assert len(mapping) == len(ORGANISATION_EXPORT_HEADER)


# --- Rows ------------------------------------------------------------------------------


def test_first_and_last_names_make_the_name():
    [row] = plan("First Name,Last Name,Company\nAda,Lovelace,Acme\n")
    assert row.status == "valid"
    assert row.values["name"] == "Ada Lovelace"
    assert row.values["organisation"] == "Acme"


def test_an_invalid_email_rejects_the_row_naming_row_and_column():
    rows = plan("Name,E-mail Address\nAda,ada@example.org\nBob,bob@\n")
    assert rows[1].status == "rejected"
    assert (
        rows[1].problems[0].message
        == "Row 3, column 'E-mail Address': 'bob@' is not an e-mail address."
    )


def test_an_unknown_category_rejects_the_row_and_lists_the_categories():
    rows = plan("Name,Category\nAcme,Employer\nWidgets Inc,Widgets\n", target=ORGANISATIONS)
    assert rows[0].status == "valid"
    assert rows[1].status == "rejected"
    message = rows[1].problems[0].message
    assert message.startswith("Row 3, column 'Category': 'Widgets' is not a partner category")
    assert "Organized labor" in message


def test_category_words_people_use_are_understood():
    rows = plan(
        "Name,Category\nA,Union\nB,Community College\nC,Chamber of commerce\nD,Workforce board\n",
        target=ORGANISATIONS,
    )
    assert [(r.values["category"], r.values["education_type"]) for r in rows] == [
        ("labor", ""),
        ("education", "college"),
        ("association", ""),
        ("workforce_system", ""),
    ]


def test_a_formula_cell_in_a_csv_is_rejected_not_imported():
    rows = plan('Name,Notes\nAda,"=HYPERLINK(""http://x"",""y"")"\n')
    assert rows[0].status == "rejected"
    assert "column 'Notes': a formula" in rows[0].problems[0].message


def test_a_phone_number_starting_with_plus_is_not_a_formula():
    [row] = plan("Name,Phone\nAda,+1 614 555 0100\n")
    assert row.status == "valid"
    assert row.values["phone"] == "+1 614 555 0100"


def test_a_duplicate_email_in_the_file_is_reported_against_the_first_row():
    rows = plan("Name,Email\nAda,ada@x.org\nAda L.,ADA@x.org\n")
    assert [r.status for r in rows] == ["valid", "duplicate"]
    assert rows[1].problems[0].message == "Row 3: same e-mail as row 2."


def test_the_same_name_at_the_same_organisation_is_a_duplicate():
    rows = plan("Name,Company\nAda Lovelace,Acme\nada  lovelace,ACME\nAda Lovelace,Beta\n")
    assert [r.status for r in rows] == ["valid", "duplicate", "valid"]


def test_someone_already_in_the_workspace_is_a_duplicate():
    existing = Existing(emails={"ada@x.org": "Ada Lovelace (Acme)"})
    [row] = plan("Name,Email\nAda,ada@x.org\n", existing=existing)
    assert row.status == "duplicate"
    assert "Ada Lovelace (Acme)" in row.problems[0].reason


def test_blank_rows_are_skipped_quietly():
    rows = plan("Name,Email\n,\nAda,ada@x.org\n")
    assert [r.status for r in rows] == ["blank", "valid"]


def test_a_row_without_a_name_is_rejected():
    [row] = plan("First Name,Last Name,Email\n,,ada@x.org\n")
    assert row.status == "rejected"
    assert "no name" in row.problems[0].message


def test_size_is_read_from_a_headcount():
    rows = plan('Name,Employees\nAcme,120\nBeta,"1,500"\n', target=ORGANISATIONS)
    assert [r.values["size_band"] for r in rows] == ["50-249", "1000+"]


def test_a_naics_code_on_a_non_employer_is_rejected():
    [row] = plan("Name,Category,NAICS\nCollege,Education,611210\n", target=ORGANISATIONS)
    assert row.status == "rejected"
    assert "employers, associations and unions only" in row.problems[0].reason


def test_a_union_keeps_its_industry():
    [row] = plan("Name,Category,NAICS\nLocal 55,Organized labor,3327\n", target=ORGANISATIONS)
    assert row.status != "rejected"
    assert row.values["naics_code"] == "3327"


def test_an_industry_column_is_read_by_code_or_title():
    rows = plan(
        "Name,Industry\nAcme,332710\nBeta,Machine Shops\nGamma,Warehousing and Storage\n",
        target=ORGANISATIONS,
    )
    assert [r.values["naics_code"] for r in rows] == ["332710", "33271", "493"]


def test_a_naics_code_that_does_not_exist_is_rejected_naming_it():
    [row] = plan("Name,NAICS\nAcme,339999x\n", target=ORGANISATIONS)
    assert row.status == "rejected"
    assert "339999x" in row.problems[0].reason
    [row] = plan("Name,NAICS\nAcme,334999\n", target=ORGANISATIONS)
    assert row.status == "rejected"
    assert "NAICS 334999 does not exist" in row.problems[0].reason


def test_a_county_fips_that_lost_its_leading_zero_is_restored():
    [row] = plan("Name,County FIPS\nAcme,1001\n", target=ORGANISATIONS)
    assert row.values["county_fips"] == "01001"


def test_a_website_without_a_scheme_gets_one():
    [row] = plan("Name,Website\nAcme,acme.example\n", target=ORGANISATIONS)
    assert row.values["website"] == "https://acme.example"


def test_every_problem_of_a_row_is_reported():
    [row] = plan("Name,Email,Authority level\nAda,nope,Emperor\n")
    assert {p.column for p in row.problems} == {"Email", "Authority level"}


# --- Files ----------------------------------------------------------------------------------


def test_a_file_over_50_mb_is_refused_with_its_size():
    with pytest.raises(ImportFileError, match=r"The file is 50.0 MB; the limit is 50 MB"):
        read_table(b"a" * (MAX_BYTES + 1), "big.csv")


def test_a_file_that_is_not_the_chosen_encoding_names_the_row_and_column():
    data = "Name,City\nAda,Columbus\nJosé,Dayton\n".encode("cp1252")
    with pytest.raises(ImportFileError) as exc:
        read_table(data, "contacts.csv", encoding="utf-8")
    assert str(exc.value).startswith("Row 3, column 'Name': the file is not UTF-8 text")
    assert "Windows-1252" in str(exc.value)


def test_a_file_that_is_not_utf8_is_read_as_windows_1252_and_says_so():
    data = "Name,Notes\nJosé,“call first” — mornings\n".encode("cp1252")
    table = read_table(data, "contacts.csv")
    assert list(table.rows) == [(2, ["José", "“call first” — mornings"])]
    assert table.encoding == "cp1252"
    assert table.warnings == [
        "The file is not UTF-8 text, so it was read as Windows-1252 (what Excel and Outlook on "
        "Windows save as CSV). Check the names with accents in the preview; if they look "
        "wrong, choose the file's encoding and update the preview."
    ]


def test_choosing_the_encoding_reads_a_windows_file():
    data = "Name,City\nJosé,Dayton\n".encode("cp1252")
    table = read_table(data, "contacts.csv", encoding="cp1252")
    assert list(table.rows) == [(2, ["José", "Dayton"])]


def test_a_utf16_file_with_a_bom_is_read():
    table = read_table("Name\tEmail\nZoë\tz@x.org\n".encode("utf-16"), "contacts.txt")
    assert table.header == ["Name", "Email"]
    assert list(table.rows) == [(2, ["Zoë", "z@x.org"])]


def test_a_file_whose_first_row_is_data_says_the_header_is_missing():
    with pytest.raises(ImportFileError, match="Row 1 has no header: it holds data"):
        read_table(b"Ada Lovelace,ada@x.org\nBob,bob@x.org\n", "contacts.csv")


def test_empty_rows_above_the_header_are_skipped():
    table = read_table(b"\n,\nName,Email\nAda,a@x.org\n", "contacts.csv")
    assert (table.header_row, table.header) == (3, ["Name", "Email"])
    assert list(table.rows) == [(4, ["Ada", "a@x.org"])]


def test_an_empty_file_is_reported():
    with pytest.raises(ImportFileError, match="The file is empty"):
        read_table(b"  \n", "contacts.csv")


def test_an_old_xls_workbook_is_refused_with_what_to_do():
    with pytest.raises(ImportFileError, match=r"Save it as \.xlsx or as CSV"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old.xls")


def test_a_broken_xlsx_is_refused():
    with pytest.raises(ImportFileError, match="not a readable Excel workbook"):
        read_table(b"PK\x03\x04 not really a zip", "broken.xlsx")


def test_a_pdf_is_refused():
    with pytest.raises(ImportFileError, match=r"A \.pdf file cannot be imported"):
        read_table(b"%PDF-1.4", "contacts.pdf")


def test_semicolon_separated_files_are_read():
    table = read_table(b"Name;Email\nAda;a@x.org\n", "contacts.csv")
    assert table.header == ["Name", "Email"]


def xlsx(rows, formula_cell=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if formula_cell:
        sheet[formula_cell] = "=1+1"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_workbook_is_read_with_numbers_as_text():
    table = read_table(xlsx([["Name", "Employees"], ["Acme", 120]]), "orgs.xlsx")
    assert list(table.rows) == [(2, ["Acme", "120"])]


def test_a_formula_in_an_xlsx_rejects_its_row():
    data = xlsx([["Name", "Notes"], ["Ada", "x"]], formula_cell="B2")
    table = read_table(data, "people.xlsx")
    [row] = plan_rows(table.rows, table.header, {"0": "name", "1": "notes"}, target=PEOPLE)
    assert row.status == "rejected"
    assert row.problems[0].message.startswith("Row 2, column 'Notes': a formula (=1+1)")


# --- Export neutralisation -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"])
def test_exported_csv_cells_never_start_a_formula(value):
    text = write_csv([["Name"], [value]]).decode("utf-8-sig")
    assert text.splitlines()[1].lstrip('"').startswith("'")
    assert neutralise(value) == "'" + value


def test_exported_xlsx_cells_are_text_not_formulas():
    data = write_xlsx([["Name", "Notes"], ["=cmd", "plain"]], title="People")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "=cmd"
    assert sheet["A2"].quotePrefix


def test_a_neutralised_csv_cell_imports_back_as_the_original_text():
    data = write_csv([["Name", "Phone"], ["Ada", "+1 614 555 0100"], ["=Bob", "-"]])
    rows = list(read_table(data, "export.csv").rows)
    assert rows == [(2, ["Ada", "+1 614 555 0100"]), (3, ["=Bob", "-"])]


def test_an_e_mail_longer_than_the_field_is_rejected_not_cut():
    local = "a" * 64
    email = f"{local}@{'b' * 63}.{'c' * 63}.{'d' * 63}.org"
    [row] = plan(f"Name,Email\nAda,{email}\n")
    assert row.status == "rejected"
    assert "longer than 254 characters" in row.problems[0].reason
