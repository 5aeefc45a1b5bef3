"""Real contact files (issue 11 §2) and bad input: exports as people make them, in the
encodings and layouts their programs write; files that cannot be imported get a message
naming what is wrong, and nothing is written."""

from __future__ import annotations

import codecs
import io
import random

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.audit.models import AuditEntry
from convenor.partners import import_writer, imports, services
from convenor.partners.import_mapping import PEOPLE, header_test, suggest_mapping
from convenor.partners.importer import plan_rows
from convenor.partners.models import ImportBatch, Organisation, Person
from convenor.partners.tabular import read_table

Status = ImportBatch.Status

LINKEDIN = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Mei,Chen,https://www.linkedin.com/in/meichen,mei@gamma.example,Gamma College,"
    "Dean of Workforce,01 Mar 2026\n"
    "Tom,Okafor,https://www.linkedin.com/in/tokafor,,Delta Care,Recruiter,15 Feb 2026\n"
)


def upload(workspace, actor, data: bytes, name: str = "contacts.csv", **kw) -> ImportBatch:
    return imports.import_upload(
        actor=actor, workspace=workspace, upload=SimpleUploadedFile(name, data), **kw
    )


def people_of(text: str, *, encoding: str = "auto", filename: str = "f.csv"):
    table = read_table(
        text.encode() if isinstance(text, str) else text,
        filename,
        encoding=encoding,
        is_header=header_test(PEOPLE),
    )
    mapping = suggest_mapping(table.header, PEOPLE)
    return table, list(plan_rows(table.rows, table.header, mapping, target=PEOPLE))


# --- LinkedIn's preamble ----------------------------------------------------------------


def test_linkedins_notes_above_the_header_are_skipped():
    table, rows = people_of(LINKEDIN)
    assert table.header_row == 4
    assert [(r.row, r.values["name"], r.values["organisation"]) for r in rows] == [
        (5, "Mei Chen", "Gamma College"),
        (6, "Tom Okafor", "Delta Care"),
    ]
    assert rows[0].values["title"] == "Dean of Workforce"


def test_linkedins_connections_import_and_the_preview_names_the_header_row(workspace, alice):
    batch = upload(workspace, alice, LINKEDIN.encode(), name="Connections.csv")
    assert (batch.status, batch.header_row, batch.counts["valid"]) == (Status.READY, 4, 2)
    imports.import_start(actor=alice, batch=batch)
    assert set(Person.objects.values_list("name", "email")) == {
        ("Mei Chen", "mei@gamma.example"),
        ("Tom Okafor", ""),
    }


def test_a_workbook_with_a_title_row_finds_its_header():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employer contacts, spring 2026"])
    sheet.append([])
    sheet.append(["Full Name", "Organization", "Email"])
    sheet.append(["Ada Lovelace", "Acme Machining", "ada@acme.example"])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "contacts.xlsx", is_header=header_test(PEOPLE))
    assert (table.kind, table.header_row, table.header) == (
        "xlsx",
        3,
        ["Full Name", "Organization", "Email"],
    )
    assert list(table.rows) == [(4, ["Ada Lovelace", "Acme Machining", "ada@acme.example"])]


# --- Encodings ------------------------------------------------------------------------

ACCENTED = "Name,Company\nZoë Müller,Café Olé\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ACCENTED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ACCENTED.encode("utf-8"), "utf-8-sig"),
        (ACCENTED.encode("utf-16"), "utf-16"),  # with its BOM
        (ACCENTED.encode("utf-16-le"), "utf-16-le"),  # without one
        (ACCENTED.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-no-bom", "windows-1252"],
)
def test_every_encoding_people_export_in_is_read_right(data, encoding):
    table = read_table(data, "contacts.csv")
    assert table.encoding == encoding
    assert list(table.rows) == [(2, ["Zoë Müller", "Café Olé"])]
    # Only the guess (Windows-1252 for what is not UTF-8) is worth a warning.
    assert bool(table.warnings) == (encoding == "cp1252")


def test_windows_text_read_as_latin_1_warns_naming_the_row_and_column():
    data = "Name,Notes\nAda Lovelace,\u201ccall first\u201d\n".encode("cp1252")
    table = read_table(data, "contacts.csv", encoding="latin-1")
    assert table.warnings == [
        "Row 2, column 'Notes': the text holds a control character (U+0093) where a letter "
        "or a quote mark should be, so the file was probably read in the wrong encoding "
        "(Latin-1). Choose the file's encoding (Windows-1252 for Excel and Outlook on "
        "Windows) and check the preview before importing."
    ]


def test_bytes_windows_1252_leaves_undefined_are_read_as_latin_1_and_warned_about(workspace, alice):
    data = b"Name,Notes\nAda Lovelace,odd \x81 byte\n"
    batch = upload(workspace, alice, data)
    assert batch.status == Status.READY
    assert batch.encoding == "auto"
    assert any("U+0081" in w and "Row 2, column 'Notes'" in w for w in batch.warnings)


def test_utf8_read_as_windows_1252_says_so():
    table = read_table(ACCENTED.encode("utf-8"), "contacts.csv", encoding="cp1252")
    assert table.warnings and "is UTF-8 text but was read as Windows-1252" in table.warnings[0]


# --- Delimiters -----------------------------------------------------------------------


def test_semicolons_are_the_delimiter_even_with_commas_in_the_names():
    table, rows = people_of("Name;Company;Email\nKim, Lee;Acme, Inc.;lee@acme.example\n")
    assert table.header == ["Name", "Company", "Email"]
    assert (rows[0].values["name"], rows[0].values["organisation"]) == ("Kim, Lee", "Acme, Inc.")


def test_excels_sep_hint_line_is_obeyed_and_rows_keep_their_numbers():
    table, rows = people_of("sep=;\nName;Email\nAda Lovelace;ada@acme.example\n")
    assert table.header_row == 2
    assert [(r.row, r.values["email"]) for r in rows] == [(3, "ada@acme.example")]


# --- Exports: Outlook, HubSpot, Google ------------------------------------------------

EXCHANGE = (
    "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jlee"
)


def test_an_outlook_exchange_contact_takes_the_address_from_e_mail_2():
    _, rows = people_of(
        "First Name,Last Name,E-mail Address,E-mail Type,E-mail 2 Address,E-mail 3 Address\n"
        f'Jordan,Lee,"{EXCHANGE}",EX,jordan.lee@acme.example,\n'
        f'Sam,Ray,"{EXCHANGE}",EX,,sam.ray@acme.example\n'
    )
    assert [(r.status, r.values["email"]) for r in rows] == [
        ("valid", "jordan.lee@acme.example"),
        ("valid", "sam.ray@acme.example"),
    ]


def test_an_exchange_path_with_no_other_address_imports_without_e_mail_and_says_so():
    _, rows = people_of(
        f'First Name,Last Name,E-mail Address,E-mail Type\nJordan,Lee,"{EXCHANGE}",EX\n'
    )
    assert (rows[0].status, rows[0].values["email"]) == ("valid", "")
    assert "Exchange (X.500) path" in rows[0].notes[0].message
    assert rows[0].notes[0].column == "E-mail Address"


def test_a_malformed_first_address_rejects_the_row_rather_than_take_the_second():
    _, rows = people_of("Name,E-mail Address,E-mail 2 Address\nAda,ada@,ada@acme.example\n")
    assert rows[0].status == "rejected"
    assert "'ada@' is not an e-mail address" in rows[0].problems[0].message


def test_hubspots_associated_company_is_the_organisation():
    header = "Record ID,First Name,Last Name,Email,Phone Number,Company Name,Associated Company"
    _, rows = people_of(
        f"{header}\n"
        "101,Ada,Lovelace,ada@acme.example,,acme,Acme Machining Inc.\n"
        "102,Raj,Patel,raj@beta.example,,Beta Plastics,\n"
    )
    assert [r.values["organisation"] for r in rows] == ["Acme Machining Inc.", "Beta Plastics"]


def test_googles_multi_value_cells_give_the_first_phone_and_e_mail():
    _, rows = people_of(
        "Name,E-mail 1 - Value,Phone 1 - Value\n"
        "Ada Lovelace,ada@acme.example ::: ada@home.example,614-555-0100 ::: 614-555-0199\n"
    )
    assert (rows[0].values["email"], rows[0].values["phone"]) == (
        "ada@acme.example",
        "614-555-0100",
    )


# --- Duplicates: fill the empty fields ------------------------------------------------


def test_fill_mode_fills_the_empty_fields_of_the_existing_record_and_reports_them(workspace, alice):
    acme = services.organisation_create(
        actor=alice, workspace=workspace, name="Acme Machining", category="employer"
    )
    ada = services.person_create(
        actor=alice,
        workspace=workspace,
        name="Ada Lovelace",
        organisation=acme,
        email="ada@acme.example",
        title="CEO",
    )
    data = (
        b"Name,Company,Job Title,E-mail Address,Business Phone\n"
        b"Ada Lovelace,Acme Machining,Plant Manager,ADA@acme.example,614-555-0100\n"
        b"Raj Patel,Beta Plastics,,raj@beta.example,\n"
        b"Raj Patel,Beta Plastics,HR Director,raj@beta.example,614-555-0101\n"
    )
    batch = upload(workspace, alice, data, duplicates=ImportBatch.Duplicates.FILL)
    batch = imports.import_start(actor=alice, batch=batch)
    assert batch.status == Status.IMPORTED
    ada.refresh_from_db()
    # The empty phone is filled; the title she had is kept.
    assert (ada.phone, ada.title, ada.version) == ("614-555-0100", "CEO", 2)
    raj = Person.objects.get(name="Raj Patel")
    assert (raj.title, raj.phone) == ("HR Director", "614-555-0101")
    assert (batch.counts["people_created"], batch.counts["filled"]) == (1, 2)
    filled = [p["message"] for p in batch.report if p["kind"] == "filled"]
    assert filled == [
        "Row 2: filled phone of Ada Lovelace (already in the workspace).",
        "Row 4: filled title, phone of Raj Patel (created by this import).",
    ]
    assert AuditEntry.objects.filter(note__startswith="filled from row 2 of contacts.csv").exists()


def test_skip_mode_leaves_the_existing_record_alone(workspace, alice):
    ada = services.person_create(
        actor=alice, workspace=workspace, name="Ada Lovelace", email="ada@acme.example"
    )
    data = b"Name,E-mail Address,Business Phone\nAda Lovelace,ada@acme.example,614-555-0100\n"
    batch = imports.import_start(actor=alice, batch=upload(workspace, alice, data))
    ada.refresh_from_db()
    assert (ada.phone, ada.version, batch.counts["duplicate"]) == ("", 1, 1)


# --- Bad input: a message naming what is wrong, nothing written ----------------------


def nothing_written(workspace) -> bool:
    return not Person.objects.filter(workspace=workspace).exists() and not (
        Organisation.objects.filter(workspace=workspace).exists()
    )


def garbage(size: int = 4096, *, low: int = 0) -> bytes:
    rng = random.Random(11)
    return bytes(rng.randrange(low, 256) for _ in range(size))


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "contacts.csv", "This file is a PDF document (named .csv)"),  # noqa: E501
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contacts.csv", "This file is a PNG image (named .csv)"),  # noqa: E501
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n", "contacts.csv", "a vCard (.vcf) file of contacts"),  # noqa: E501
        (b"PK\x03\x04", "contacts.xlsx", "not a readable Excel workbook"),
        (b"Name,Email\nAda,ada@acme.example\n", "contacts.xlsx", "named .xlsx but is not an Excel workbook"),  # noqa: E501
    ],
    ids=["pdf", "png", "vcard", "broken-workbook", "csv-named-xlsx"],
)  # fmt: skip
def test_a_file_of_another_type_is_refused_naming_what_it_is(workspace, alice, data, name, message):
    batch = upload(workspace, alice, data, name=name)
    assert batch.status == Status.FAILED
    assert message in batch.error
    assert nothing_written(workspace)


def test_a_word_document_renamed_csv_is_named(workspace, alice):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    batch = upload(workspace, alice, out.getvalue(), name="contacts.csv")
    assert batch.status == Status.FAILED
    assert "This file is a Word document (.docx) (named .csv)" in batch.error
    assert nothing_written(workspace)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (garbage(), "Row 1: the file holds NUL characters, so it is not a text (CSV) file"),
        (garbage(low=1), "the file is not text: it holds many control characters"),
    ],
    ids=["with-nul", "without-nul"],
)
def test_an_unparseable_binary_file_is_refused_as_not_text(workspace, alice, data, message):
    batch = upload(workspace, alice, data, name="contacts.csv")
    assert batch.status == Status.FAILED
    assert message in batch.error
    assert batch.error.startswith("Row ")
    assert nothing_written(workspace)


def test_a_csv_with_an_unclosed_quote_names_the_row(workspace, alice):
    batch = upload(
        workspace, alice, b'Name,Email\nAda,ada@acme.example\n"Bob,bob@x.org\n' + b"x" * 200_000
    )
    assert batch.status == Status.FAILED
    assert batch.error.startswith("Row ")
    assert nothing_written(workspace)


def test_a_60_mb_file_is_refused_at_the_door_and_nothing_is_kept(
    sam, workspace, client_for, settings
):
    data = b"Name,Email\n" + b"Ada Lovelace,ada@acme.example\n" * (60 * 1024 * 1024 // 30)
    response = client_for(sam).post(
        f"/w/{workspace.slug}/partners/import/",
        {
            "file": SimpleUploadedFile("everyone.csv", data),
            "target": "people",
            "default_category": "employer",
            "encoding": "auto",
        },
    )
    assert response.status_code == 422
    assert "The file is 60.0 MB; the limit is 50 MB." in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert nothing_written(workspace)
    stored = settings.MEDIA_ROOT / "imports"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))


def test_a_header_with_no_name_column_says_so_and_cannot_be_imported(workspace, alice):
    data = b"Company,Email,Phone\nAcme,ada@acme.example,614-555-0100\n"
    batch = upload(workspace, alice, data)
    assert batch.status == Status.READY
    assert batch.report[0]["message"].startswith(
        "No column holds the name (the columns are 'Company', 'Email', 'Phone')"
    )
    with pytest.raises(Exception, match="No column holds the name"):
        imports.import_run(actor=alice, batch=batch)
    batch.refresh_from_db()
    assert (batch.status, batch.version) == (Status.READY, 1)
    assert nothing_written(workspace)


# --- Written in chunks, never half-written; statistics refreshed --------------------


@pytest.mark.django_db(transaction=True)
def test_an_import_that_fails_midway_removes_the_chunks_it_committed(workspace, alice, monkeypatch):
    rows = "".join(f"Person {i},Org {i % 3},p{i}@x.example\n" for i in range(7))
    batch = upload(workspace, alice, ("Name,Company,Email\n" + rows).encode())
    batch.status = Status.IMPORTING
    batch.save(update_fields=["status"])
    monkeypatch.setattr(import_writer, "CHUNK", 2)  # commit every two rows, as the worker does
    flushes = []
    flush = import_writer.Writer.flush

    def failing_flush(writer) -> None:
        flushes.append(Person.objects.filter(workspace=workspace).count())
        if len(flushes) == 3:
            raise OSError("disk full")
        flush(writer)

    monkeypatch.setattr(import_writer.Writer, "flush", failing_flush)
    with pytest.raises(OSError, match="disk full"):
        imports.import_apply(batch, alice)
    assert flushes[-1] >= 2  # people of earlier chunks were committed before the failure
    assert nothing_written(workspace)


def test_a_bulk_import_refreshes_the_statistics_of_the_tables_it_loaded(
    workspace, alice, monkeypatch
):
    analysed = []
    monkeypatch.setattr(imports, "analyze", lambda *models: analysed.append(models))
    batch = upload(workspace, alice, b"Name,Company\nAda Lovelace,Acme\n")
    imports.import_start(actor=alice, batch=batch)
    assert analysed == [(Person, Organisation)]


def test_the_page_shows_how_many_rows_are_written_while_importing(
    workspace, alice, sam, client_for, monkeypatch
):
    batch = upload(workspace, alice, b"Name\nAda Lovelace\nRaj Patel\nLee Kim\n")
    monkeypatch.setattr(import_writer, "CHUNK", 1)
    written = []
    flush = import_writer.Writer.flush

    def noting_flush(writer) -> None:
        flush(writer)
        written.append(ImportBatch.objects.get(pk=batch.pk).counts.get("written"))

    monkeypatch.setattr(import_writer.Writer, "flush", noting_flush)
    imports.import_start(actor=alice, batch=batch)
    assert written[:3] == [1, 2, 3]

    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.IMPORTING, counts={"valid": 3, "written": 2}
    )
    page = client_for(sam).get(f"/w/{workspace.slug}/partners/import/{batch.pk}/")
    text = page.content.decode()
    assert "Importing: 2 of 3 valid rows written" in text
    assert 'value="2" max="3"' in text
    assert 'hx-trigger="every 2s"' in text
