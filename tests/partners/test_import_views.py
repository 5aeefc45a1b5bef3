"""Import and export pages."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.partners import services
from convenor.partners.models import ImportBatch, Person
from convenor.partners.tabular import MAX_BYTES

CSV = (
    "First Name,Last Name,Company,E-mail Address\n"
    "Ada,Lovelace,Acme,ada@acme.example\n"
    "Bob,Broken,Beta,bob@\n"
)


def post_upload(client, workspace, data: bytes, name="contacts.csv", **extra):
    return client.post(
        f"/w/{workspace.slug}/partners/import/",
        {
            "file": SimpleUploadedFile(name, data),
            "target": "people",
            "default_category": "employer",
            "encoding": "auto",
            **extra,
        },
    )


def test_an_upload_leads_to_the_preview(sam, workspace, client_for):
    client = client_for(sam)
    response = post_upload(client, workspace, CSV.encode())
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/w/{workspace.slug}/partners/import/{batch.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "1 valid" in page
    assert "1 rejected" in page
    assert (
        "Row 3, column &#x27;E-mail Address&#x27;: &#x27;bob@&#x27; is not an e-mail address."
        in page
    )
    assert '<option value="first_name" selected>' in page


def test_a_file_over_50_mb_gets_a_clear_message(sam, workspace, client_for):
    response = post_upload(client_for(sam), workspace, b"x" * (MAX_BYTES + 1), name="big.csv")
    assert response.status_code == 422
    assert b"The file is 50.0 MB; the limit is 50 MB." in response.content
    assert not ImportBatch.objects.exists()


def test_a_wrongly_encoded_file_shows_the_row_and_column(sam, workspace, client_for):
    client = client_for(sam)
    data = "Name,City\nJosé,Dayton\n".encode("cp1252")
    location = post_upload(client, workspace, data, encoding="utf-8")["Location"]
    page = client.get(location).content.decode()
    assert "Row 2, column &#x27;Name&#x27;: the file is not UTF-8 text" in page


def test_the_user_changes_the_mapping_then_imports(sam, workspace, client_for):
    client = client_for(sam)
    location = post_upload(client, workspace, CSV.encode())["Location"]
    batch = ImportBatch.objects.get()
    form = {
        "col_0": "first_name",
        "col_1": "last_name",
        "col_2": "organisation",
        "col_3": "",  # leave the e-mail out: Bob's row becomes valid
        "mode": "all_or_nothing",
        "default_category": "employer",
        "version": batch.version,
        "action": "import",
    }
    response = client.post(location, form)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED
    assert set(Person.objects.values_list("name", flat=True)) == {"Ada Lovelace", "Bob Broken"}


def test_all_or_nothing_refuses_and_writes_nothing(sam, workspace, client_for):
    client = client_for(sam)
    location = post_upload(client, workspace, CSV.encode())["Location"]
    batch = ImportBatch.objects.get()
    form = {f"col_{i}": batch.mapping.get(str(i), "") for i in range(4)}
    form.update(mode="all_or_nothing", default_category="employer", version=batch.version)
    client.post(location, {**form, "action": "import"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.REFUSED
    assert Person.objects.count() == 0
    page = client.get(location).content.decode()
    assert "Nothing was imported: 1 row was rejected" in page


def test_the_report_downloads_as_csv(sam, workspace, client_for):
    client = client_for(sam)
    post_upload(client, workspace, CSV.encode())
    batch = ImportBatch.objects.get()
    response = client.get(f"/w/{workspace.slug}/partners/import/{batch.pk}/report.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "3,E-mail Address,bob@,rejected,'bob@' is not an e-mail address." in text


def test_an_import_is_undone_from_its_page(sam, workspace, client_for):
    client = client_for(sam)
    location = post_upload(client, workspace, CSV.encode())["Location"]
    batch = ImportBatch.objects.get()
    form = {f"col_{i}": batch.mapping.get(str(i), "") for i in range(4)}
    form.update(mode="valid_only", default_category="employer", version=batch.version)
    client.post(location, {**form, "action": "import"})
    assert Person.objects.count() == 1
    response = client.post(f"/w/{workspace.slug}/partners/import/{batch.pk}/undo/")
    assert response.status_code == 302
    assert Person.objects.count() == 0


def test_people_export_as_csv_neutralises_formulas(vic, alice, workspace, client_for):
    services.person_create(
        actor=alice, workspace=workspace, name="=HYPERLINK(1)", phone="+1 614 555 0100"
    )
    response = client_for(vic).get(f"/w/{workspace.slug}/partners/people/export/?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Name,Title,Organisation,Organisation category,E-mail,Phone")
    assert lines[1].startswith("'=HYPERLINK(1),,,,,'+1 614 555 0100")
    assert "attachment" in response["Content-Disposition"]


def test_organisations_export_as_xlsx_keeps_formulas_as_text(
    vic, alice, workspace, acme, client_for
):
    services.organisation_update(
        actor=alice, organisation=acme, changes={"notes": "@SUM(A1)"}, expected_version=1
    )
    response = client_for(vic).get(
        f"/w/{workspace.slug}/partners/organisations/export/?format=xlsx"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:2] == ["Name", "Category"]
    notes = sheet.cell(row=2, column=11)
    assert notes.value == "@SUM(A1)"
    assert notes.data_type == "s"


def test_an_export_imports_back_without_mapping_by_hand(
    sam, alice, workspace, ada, dean, client_for
):
    client = client_for(sam)
    exported = client.get(f"/w/{workspace.slug}/partners/people/export/?format=xlsx").content
    Person.objects.all().delete()
    post_upload(client, workspace, exported, name="people.xlsx")
    batch = ImportBatch.objects.get()
    assert len(batch.mapping) == len(batch.header)
    assert batch.counts["valid"] == 2
    from convenor.partners.imports import import_start

    import_start(actor=alice, batch=batch)
    restored = Person.objects.get(name="Ada Lovelace")
    assert (restored.email, restored.phone, restored.is_decision_maker) == (
        "ada@acme.example",
        "614-555-0100",
        True,
    )
    assert restored.organisation.name == "Acme Machining"


def test_a_viewer_cannot_import(vic, workspace, client_for):
    assert client_for(vic).get(f"/w/{workspace.slug}/partners/import/").status_code == 403


def test_a_queued_import_page_polls_until_the_worker_has_read_it(
    settings, sam, workspace, client_for
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for(sam)
    location = post_upload(client, workspace, CSV.encode())["Location"]
    assert ImportBatch.objects.get().status == ImportBatch.Status.QUEUED
    page = client.get(location).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "Reading the file" in page
    partial = client.get(location, headers={"HX-Request": "true"})
    assert partial.content.decode().startswith('<div id="import-status"')

    from convenor.partners.tasks import plan_import

    plan_import.call(ImportBatch.objects.get().pk)  # what the worker does
    partial = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in partial
    assert "1 valid" in partial
