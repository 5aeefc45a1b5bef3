"""Property-based tests of the importer: random rows never crash it, valid rows are never lost."""

from __future__ import annotations

import csv
import io
import uuid

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from convenor.partners import imports
from convenor.partners.import_mapping import PEOPLE, suggest_mapping
from convenor.partners.importer import plan_rows
from convenor.partners.models import ImportBatch, Person
from convenor.partners.tabular import ImportFileError, read_table, write_csv
from convenor.workspaces.services import workspace_create

HEADER = ["Name", "E-mail", "Organisation", "Organisation category", "Authority level", "Notes"]

any_text = st.text(max_size=40)
cell = st.one_of(
    any_text,
    st.sampled_from(["", "=SUM(A1:A3)", "+HYPERLINK(1)", "@x", "-", "'=x", "Employers", "yes"]),
    st.emails(),
)
rows = st.lists(st.lists(cell, min_size=0, max_size=8), max_size=25)


def csv_bytes(header: list[str], body: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(body)
    return out.getvalue().encode("utf-8")


@settings(max_examples=200, deadline=None)
@given(body=rows)
# Found by this test: a "|" in cells (quoted, or once per row) outvoted the header's
# commas, so the file was read as pipe-delimited and its rows were split.
@example(body=[["", "\r|0"], ["|"]])
@example(body=[["", "", "", "", "", "|", "", ""], ["|"]])
def test_random_rows_never_crash_the_importer_and_every_row_has_an_outcome(body):
    data = csv_bytes(HEADER, body)
    try:
        table = read_table(data, "random.csv")
        mapping = suggest_mapping(table.header, PEOPLE)
        outcomes = list(plan_rows(table.rows, table.header, mapping, target=PEOPLE))
    except ImportFileError as exc:
        assert str(exc).startswith("Row ")  # a clear message that names the row
        return
    assert len(outcomes) == len(body)
    for outcome in outcomes:
        assert outcome.status in {"valid", "duplicate", "rejected", "blank"}
        for problem in outcome.problems:
            assert problem.message.startswith(f"Row {outcome.row}")


@settings(max_examples=100, deadline=None)
@given(header=st.lists(any_text, min_size=1, max_size=6), body=rows)
def test_random_headers_are_read_or_refused_with_a_message(header, body):
    try:
        table = read_table(csv_bytes(header, body), "random.csv")
    except ImportFileError as exc:
        assert str(exc)
        return
    list(plan_rows(table.rows, table.header, suggest_mapping(table.header, PEOPLE), target=PEOPLE))


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_never_crash_the_reader(data):
    for name in ("random.csv", "random.xlsx"):
        try:
            table = read_table(data, name)
            list(table.rows)
        except ImportFileError as exc:
            assert str(exc)


name_part = st.text(
    alphabet=st.characters(whitelist_categories=["Lu", "Ll"], max_codepoint=0x24F),
    min_size=1,
    max_size=12,
)
person = st.fixed_dictionaries(
    {
        "name": st.builds(lambda a, b: f"{a} {b}", name_part, name_part),
        "local": st.from_regex(r"[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,6})?", fullmatch=True),
        "organisation": st.one_of(st.just(""), name_part),
        "notes": st.one_of(st.just(""), any_text.filter(lambda t: "\x00" not in t)),
    }
)
people = st.lists(person, min_size=1, max_size=15, unique_by=lambda p: p["local"])


def valid_rows(generated: list[dict]) -> list[list[str]]:
    # Distinct e-mails and names, so no row is a duplicate of another.
    return [
        [f"{p['name']} {i}", f"{p['local']}.{i}@example.org", p["organisation"], "", "", p["notes"]]
        for i, p in enumerate(generated)
    ]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(generated=people, as_xlsx=st.booleans())
def test_every_valid_row_is_imported(alice, generated, as_xlsx):
    workspace = workspace_create(actor=alice, name=f"Property {uuid.uuid4().hex[:8]}")
    body = valid_rows(generated)
    if as_xlsx:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(HEADER)
        for row in body:
            row[5] = ILLEGAL_CHARACTERS_RE.sub("", row[5])  # a workbook cannot hold them
            # Text cells, as a spreadsheet holds typed-in text (a leading "=" stays text).
            sheet.append(row)
            for c in sheet[sheet.max_row]:
                c.data_type = "s"
        out = io.BytesIO()
        workbook.save(out)
        upload = SimpleUploadedFile("people.xlsx", out.getvalue())
    else:
        upload = SimpleUploadedFile("people.csv", write_csv([HEADER, *body]))
    batch = imports.import_upload(actor=alice, workspace=workspace, upload=upload)
    notes_formulas = [r for r in body if r[5].lstrip().startswith("=") and not as_xlsx]
    assert batch.counts["valid"] == len(body), batch.report[:3]
    batch = imports.import_start(actor=alice, batch=batch)
    assert batch.status == ImportBatch.Status.IMPORTED
    emails = set(Person.objects.filter(workspace=workspace).values_list("email", flat=True))
    assert emails == {r[1] for r in body}
    assert notes_formulas == [] or batch.counts["people_created"] == len(body)
