"""A file in the audit trail is its name, size and SHA-256, never its content.

A 100 MB CSV uploaded for ingest once made a 112 MB audit entry: the create entry
rendered the file field as an iterable and stored every line.
"""

from __future__ import annotations

import hashlib
import json

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.audit.models import AuditEntry
from convenor.lib.errors import render
from convenor.partners.imports import import_upload
from convenor.regions.models import QcewUpload

LINE = b"area_fips,own_code,industry_code,agglvl_code,size_code,year,qtr,disclosure_code\n"


def big_csv(megabytes: int) -> bytes:
    return LINE * (megabytes * 1024 * 1024 // len(LINE))


def create_entry(instance) -> AuditEntry:
    return AuditEntry.objects.get(
        action="create", object_id=str(instance.pk), content_type__model=instance._meta.model_name
    )


def test_a_large_qcew_upload_is_audited_by_name_size_and_hash(sam, workspace, client_for):
    content = big_csv(20)
    response = client_for(sam).post(
        f"/w/{workspace.slug}/regions/uploads/",
        {"file": SimpleUploadedFile("national.csv", content)},
    )
    assert response.status_code == 302
    entry = create_entry(QcewUpload.objects.get())
    recorded = entry.changes["file"][1]
    assert recorded["size"] == len(content)
    assert recorded["sha256"] == hashlib.sha256(content).hexdigest()
    assert recorded["name"].startswith("national")
    # The whole entry stays small: 20 MB in, well under a kilobyte recorded.
    assert len(json.dumps(entry.changes)) < 1000


def test_a_contact_file_is_audited_without_its_rows(sam, workspace):
    content = b"Name,E-mail\n" + b"".join(
        f"Person {i},person{i}@example.org\n".encode() for i in range(20000)
    )
    batch = import_upload(
        actor=sam, workspace=workspace, upload=SimpleUploadedFile("contacts.csv", content)
    )
    entry = create_entry(batch)
    assert entry.changes["file"][1]["sha256"] == hashlib.sha256(content).hexdigest()
    assert "person1@example.org" not in json.dumps(entry.changes)
    assert len(json.dumps(entry.changes)) < 2000


def test_a_file_renders_as_its_facts_wherever_it_is_read():
    content = b"a,b\n1,2\n"
    rendered = render(ContentFile(content, name="x.csv"))
    assert rendered == {
        "name": "x.csv",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    assert render(b"\x00" * 10) == {"size": 10, "sha256": hashlib.sha256(b"\x00" * 10).hexdigest()}
