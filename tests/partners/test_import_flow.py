"""The import as it runs on the served app: tasks wait in a queue until the worker runs them.

The suite's default backend runs tasks at once, which hid that "Import" on the preview
never imported (issue 11). Here the tasks are queued (django-tasks' dummy backend)
and ``worker()`` runs them afterwards, in order, as ``convenor worker`` does.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks import default_task_backend

from convenor.accounts.services import token_create
from convenor.audit.models import AuditEntry
from convenor.partners.models import ImportBatch, Person
from tests.partners.import_forms import preview_form

CSV = (
    "First Name,Last Name,Company,E-mail Address,Business Phone\n"
    "Ada,Lovelace,Acme Machining,ada@acme.example,614-555-0100\n"
    "Raj,Patel,Beta Plastics,raj@beta.example,\n"
)
Status = ImportBatch.Status


@pytest.fixture(autouse=True)
def queued_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()


def worker() -> list[str]:
    """Run what is queued, oldest first, until nothing is left; the tasks' names."""
    ran = []
    while default_task_backend.results:
        result = default_task_backend.results.pop(0)
        result.task.call(*result.args, **result.kwargs)
        ran.append(result.task.name)
    return ran


def upload(client, workspace, data: bytes = CSV.encode(), name: str = "contacts.csv") -> str:
    response = client.post(
        f"/w/{workspace.slug}/partners/import/",
        {
            "file": SimpleUploadedFile(name, data),
            "target": "people",
            "default_category": "employer",
            "encoding": "auto",
        },
    )
    assert worker() == ["plan_import"]
    return response["Location"]


def test_import_on_the_preview_imports_with_one_click(sam, workspace, client_for):
    client = client_for(sam)
    location = upload(client, workspace)
    batch = ImportBatch.objects.get()
    response = client.post(location, preview_form(batch, action="import"))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == Status.IMPORTING  # queued for the worker, not refused
    assert worker() == ["apply_import"]  # the file is not read again first
    batch.refresh_from_db()
    assert batch.status == Status.IMPORTED
    assert set(Person.objects.values_list("name", flat=True)) == {"Ada Lovelace", "Raj Patel"}
    page = client.get(location).content.decode()
    assert "People created</dt><dd>2</dd>" in page


def test_a_changed_mapping_is_read_again_and_then_imported(sam, workspace, client_for):
    client = client_for(sam)
    location = upload(client, workspace)
    batch = ImportBatch.objects.get()
    client.post(location, preview_form(batch, col_4="", action="import"))  # phones left out
    batch.refresh_from_db()
    assert (batch.status, batch.run_when_read) == (Status.QUEUED, True)
    page = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "the import starts as soon as it is read" in page
    assert worker() == ["plan_import"]  # it reads the file, then imports in the same task
    batch.refresh_from_db()
    assert (batch.status, batch.run_when_read) == (Status.IMPORTED, False)
    assert Person.objects.get(name="Ada Lovelace").phone == ""
    page = client.get(location, headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in page


def test_update_the_preview_without_a_change_reads_nothing_and_writes_nothing(
    sam, workspace, client_for
):
    client = client_for(sam)
    location = upload(client, workspace)
    batch = ImportBatch.objects.get()
    entries = AuditEntry.objects.count()
    client.post(location, preview_form(batch, action="preview"))
    assert worker() == []
    batch.refresh_from_db()
    assert (batch.status, batch.version) == (Status.READY, 1)
    assert AuditEntry.objects.count() == entries


def test_a_changed_header_row_updates_the_preview_and_waits_for_the_user(
    sam, workspace, client_for
):
    client = client_for(sam)
    data = b"Contacts exported 2026-03-01\n" + CSV.encode()
    location = upload(client, workspace, data)
    batch = ImportBatch.objects.get()
    assert batch.header_row == 2  # found below the title line
    response = client.post(location, preview_form(batch, header_row=3, action="import"))
    assert response.status_code == 302
    assert worker() == ["plan_import"]
    batch.refresh_from_db()
    assert batch.status == Status.READY  # the columns changed: nothing imported unseen
    assert batch.header[:3] == ["Ada", "Lovelace", "Acme Machining"]
    assert "No column holds the name" in batch.report[0]["message"]
    assert not Person.objects.exists()


def test_import_without_a_name_column_is_refused_before_anything_is_saved(
    sam, workspace, client_for
):
    client = client_for(sam)
    location = upload(client, workspace)
    batch = ImportBatch.objects.get()
    response = client.post(location, preview_form(batch, col_0="", col_1="", action="import"))
    assert response.status_code == 422
    assert "No column holds the name" in response.content.decode()
    assert worker() == []
    batch.refresh_from_db()
    assert (batch.status, batch.version) == (Status.READY, 1)
    assert not Person.objects.exists()


@pytest.fixture
def api(sam):
    _, token = token_create(user=sam, name="test")
    from django.test import Client

    client = Client(headers={"Authorization": f"Bearer {token}"})

    def call(url: str, body: dict):
        return client.post(url, json.dumps(body), content_type="application/json")

    call.client = client
    return call


def api_upload(api, workspace) -> dict:
    response = api.client.post(
        f"/api/workspaces/{workspace.slug}/imports",
        {"file": SimpleUploadedFile("contacts.csv", CSV.encode())},
    )
    assert response.status_code == 201
    assert worker() == ["plan_import"]
    return api.client.get(f"/api/imports/{response.json()['id']}").json()


def test_the_api_runs_with_the_mapping_it_was_given_in_one_call(api, workspace):
    batch = api_upload(api, workspace)
    run = api(f"/api/imports/{batch['id']}/run", {"mapping": batch["mapping"], "version": 1})
    assert run.status_code == 200, run.content
    assert run.json()["status"] == "importing"
    worker()
    assert api.client.get(f"/api/imports/{batch['id']}").json()["status"] == "imported"
    assert Person.objects.count() == 2


def test_the_api_reads_again_and_imports_when_the_mapping_changed(api, workspace):
    batch = api_upload(api, workspace)
    mapping = {k: v for k, v in batch["mapping"].items() if v != "phone"}
    run = api(f"/api/imports/{batch['id']}/run", {"mapping": mapping, "mode": "all_or_nothing"})
    assert run.json()["status"] == "queued"
    assert run.json()["run_when_read"] is True
    worker()
    done = api.client.get(f"/api/imports/{batch['id']}").json()
    assert (done["status"], done["mode"], done["counts"]["people_created"]) == (
        "imported",
        "all_or_nothing",
        2,
    )
    assert not Person.objects.exclude(phone="").exists()


def test_the_api_refuses_a_mapping_without_a_name_and_changes_nothing(api, workspace):
    batch = api_upload(api, workspace)
    run = api(f"/api/imports/{batch['id']}/run", {"mapping": {"3": "email"}})
    assert run.status_code == 422
    assert "No column holds the name" in run.content.decode()
    assert worker() == []
    after = api.client.get(f"/api/imports/{batch['id']}").json()
    assert (after["status"], after["mapping"], after["version"]) == (
        "ready",
        batch["mapping"],
        1,
    )
