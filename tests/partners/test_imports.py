"""Import services: upload, preview, import, all-or-nothing, de-duplication, undo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.audit.models import AuditEntry
from convenor.outreach.services import touch_create
from convenor.partners import imports, services
from convenor.partners.models import Category, ImportBatch, Organisation, Person
from convenor.partners.tabular import MAX_BYTES

OUTLOOK = (
    "Title,First Name,Last Name,Company,Job Title,E-mail Address,Business Phone\r\n"
    "Ms.,Ada,Lovelace,Acme Machining,CEO,ada@acme.example,614-555-0100\r\n"
    "Mr.,Raj,Patel,Beta Plastics,HR Director,raj@beta.example,\r\n"
    ",Lee,Kim,Acme Machining,Plant manager,lee@acme.example,\r\n"
    ",Bob,Broken,Gamma,,bob@,\r\n"
)


def upload(workspace, actor, text: str = OUTLOOK, name: str = "contacts.csv", **kw):
    return imports.import_upload(
        actor=actor,
        workspace=workspace,
        upload=SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text),
        **kw,
    )


def test_an_upload_is_previewed_with_a_suggested_mapping_and_counts(workspace, alice):
    batch = upload(workspace, alice)
    assert batch.status == ImportBatch.Status.READY
    assert batch.mapping["1"] == "first_name"
    assert batch.counts == {
        "rows": 4,
        "valid": 3,
        "duplicate": 0,
        "rejected": 1,
        "blank": 0,
        "problems": 1,
    }
    assert batch.report[0]["message"] == (
        "Row 5, column 'E-mail Address': 'bob@' is not an e-mail address."
    )
    assert Person.objects.count() == 0  # nothing written by a preview


def test_importing_valid_rows_creates_people_and_their_organisations(workspace, alice):
    batch = imports.import_start(actor=alice, batch=upload(workspace, alice))
    assert batch.status == ImportBatch.Status.IMPORTED
    assert set(Person.objects.values_list("name", flat=True)) == {
        "Ada Lovelace",
        "Raj Patel",
        "Lee Kim",
    }
    ada = Person.objects.get(email="ada@acme.example")
    assert ada.organisation.name == "Acme Machining"
    assert ada.organisation.category == Category.EMPLOYER
    assert ada.title == "CEO"
    assert Organisation.objects.filter(name="Acme Machining").count() == 1
    assert batch.counts["people_created"] == 3
    assert batch.counts["organisations_created"] == 2
    assert AuditEntry.objects.filter(note__startswith="imported 3 people").exists()


def test_all_or_nothing_imports_nothing_when_a_row_is_rejected(workspace, alice):
    batch = upload(workspace, alice, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    batch = imports.import_start(actor=alice, batch=batch)
    assert batch.status == ImportBatch.Status.REFUSED
    assert Person.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert "1 row was rejected" in batch.error


def test_all_or_nothing_imports_everything_when_every_row_is_valid(workspace, alice):
    text = OUTLOOK.rsplit("\r\n", 2)[0] + "\r\n"
    batch = upload(workspace, alice, text=text, mode=ImportBatch.Mode.ALL_OR_NOTHING)
    batch = imports.import_start(actor=alice, batch=batch)
    assert batch.status == ImportBatch.Status.IMPORTED
    assert Person.objects.count() == 3


def test_people_already_in_the_workspace_are_not_imported_twice(workspace, alice):
    org = services.organisation_create(
        actor=alice, workspace=workspace, name="Acme Machining", category=Category.EMPLOYER
    )
    services.person_create(
        actor=alice, workspace=workspace, name="Ada L.", email="ADA@acme.example", organisation=org
    )
    services.person_create(actor=alice, workspace=workspace, name="Lee Kim", organisation=org)
    batch = imports.import_start(actor=alice, batch=upload(workspace, alice))
    assert batch.counts["duplicate"] == 2
    assert Person.objects.count() == 3  # the two existing ones and Raj
    assert Organisation.objects.filter(name__iexact="acme machining").count() == 1
    assert Person.objects.get(name="Raj Patel").organisation.name == "Beta Plastics"


def test_the_same_file_imported_twice_adds_nobody_the_second_time(workspace, alice):
    imports.import_start(actor=alice, batch=upload(workspace, alice))
    second = imports.import_start(actor=alice, batch=upload(workspace, alice))
    assert second.counts["people_created"] == 0
    assert second.counts["duplicate"] == 3
    assert Person.objects.count() == 3


def test_an_import_can_be_undone(workspace, alice):
    batch = imports.import_start(actor=alice, batch=upload(workspace, alice))
    batch = imports.import_undo(actor=alice, batch=batch)
    assert batch.status == ImportBatch.Status.UNDONE
    assert Person.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert batch.error == ""


def test_undo_keeps_what_was_edited_or_used_since_and_says_so(workspace, alice, partnership):
    batch = imports.import_start(actor=alice, batch=upload(workspace, alice))
    ada = Person.objects.get(email="ada@acme.example")
    raj = Person.objects.get(email="raj@beta.example")
    services.person_update(
        actor=alice, person=ada, changes={"phone": "614-555-0199"}, expected_version=1
    )
    touch_create(
        actor=alice,
        partnership=partnership,
        occurred_on=dt.date(2026, 2, 1),
        method="call",
        people=[raj],
    )
    batch = imports.import_undo(actor=alice, batch=batch)
    assert set(Person.objects.values_list("name", flat=True)) == {"Ada Lovelace", "Raj Patel"}
    # Their organisations stay with them; nothing else of the import does.
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Acme Machining",
        "Beta Plastics",
    }
    assert "Kept 2 people" in batch.error
    assert "Ada Lovelace" in batch.error


def test_an_import_cannot_be_undone_twice(workspace, alice):
    batch = imports.import_start(actor=alice, batch=upload(workspace, alice))
    imports.import_undo(actor=alice, batch=batch)
    with pytest.raises(ValidationError, match="Only a finished import"):
        imports.import_undo(actor=alice, batch=batch)


def test_a_changed_mapping_is_checked_again(workspace, alice):
    batch = upload(workspace, alice)
    mapping = dict(batch.mapping)
    mapping.pop("5")  # E-mail Address no longer imported: Bob's row becomes valid
    batch = imports.import_configure(
        actor=alice, batch=batch, mapping=mapping, expected_version=batch.version
    )
    assert batch.counts["rejected"] == 0
    assert batch.counts["valid"] == 4


def test_a_mapping_without_a_name_column_cannot_be_imported(workspace, alice):
    batch = upload(workspace, alice)
    batch = imports.import_configure(
        actor=alice, batch=batch, mapping={"5": "email"}, expected_version=batch.version
    )
    assert "No column holds the name" in batch.report[0]["reason"]
    with pytest.raises(ValidationError, match="No column holds the name"):
        imports.import_start(actor=alice, batch=batch)


def test_a_file_not_in_the_chosen_encoding_fails_with_the_reason(workspace, alice):
    data = "Name,City\nJosé,Dayton\n".encode("cp1252")
    batch = upload(workspace, alice, text=data, encoding="utf-8")
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error.startswith("Row 2, column 'Name': the file is not UTF-8 text")


def test_a_windows_1252_file_is_detected_and_the_preview_says_so(workspace, alice):
    batch = upload(workspace, alice, text="Name,City\nJosé,Dayton\n".encode("cp1252"))
    assert batch.status == ImportBatch.Status.READY
    assert "read as Windows-1252" in batch.warnings[0]
    imports.import_start(actor=alice, batch=batch)
    assert Person.objects.get().name == "José"


def test_the_chosen_encoding_is_used(workspace, alice):
    text = "Name,City\nJosé,Dayton\n".encode("cp1252")
    batch = imports.import_start(
        actor=alice, batch=upload(workspace, alice, text=text, encoding="cp1252")
    )
    assert Person.objects.get().name == "José"
    assert batch.status == ImportBatch.Status.IMPORTED


def test_organisations_import_with_categories_and_details(workspace, alice):
    text = (
        "Name,Category,Type of educational institution,NAICS code,Size band,Website\n"
        "Acme Machining,Employers,,332710,50-249,acme.example\n"
        "Olentangy College,Educational institutions,Community or technical college,,,\n"
        "Machinists Local 55,Organized labor,,,,\n"
    )
    batch = upload(workspace, alice, text=text, target=ImportBatch.Target.ORGANISATIONS)
    imports.import_start(actor=alice, batch=batch)
    college = Organisation.objects.get(name="Olentangy College")
    assert (college.category, college.education_type) == ("education", "college")
    acme = Organisation.objects.get(name="Acme Machining")
    assert (acme.naics_code, acme.size_band, acme.website) == (
        "332710",
        "50-249",
        "https://acme.example",
    )


def test_a_file_over_50_mb_is_refused_before_it_is_stored(workspace, alice):
    big = SimpleUploadedFile("big.csv", b"x" * (MAX_BYTES + 1))
    with pytest.raises(ValidationError) as exc:
        imports.import_upload(actor=alice, workspace=workspace, upload=big)
    assert "the limit is 50 MB" in str(exc.value)
    assert ImportBatch.objects.count() == 0


def test_a_file_of_another_type_is_refused(workspace, alice):
    with pytest.raises(ValidationError, match=r"Upload a CSV \(\.csv\) or Excel"):
        upload(workspace, alice, text="%PDF", name="contacts.pdf")


def test_undo_keeps_an_organisation_named_in_a_tension(workspace, alice, partnership):
    """A link from another app without a reverse name (related_name="+") still counts as use."""
    from convenor.assessment.services import tension_create

    batch = imports.import_start(actor=alice, batch=upload(workspace, alice))
    beta = Organisation.objects.get(name="Beta Plastics")
    tension_create(
        actor=alice,
        partnership=partnership,
        what="Who pays for the instructors' time.",
        raised_on=dt.date(2026, 2, 1),
        organisations=[beta],
    )
    imports.import_undo(actor=alice, batch=batch)
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Beta Plastics"}
