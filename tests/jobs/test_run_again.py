"""A job stopped with its worker is run again or discarded, from the page and the API, by
staff and owners only, and only in their own workspace.

Running again really does the work (tasks run at once in the tests): the people are
imported, the QCEW file is ingested and its area analysed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from convenor.jobs import runs
from convenor.jobs.models import JobRun
from convenor.partners.models import ImportBatch, Person
from convenor.regions.models import QcewUpload, UploadStatus
from convenor.regions.tasks import work_dir
from tests.jobs.conftest import PEOPLE, STOPPED, import_lease, upload_lease
from tests.regions.helpers import published


@pytest.fixture
def stopped_import(importing, dead_worker):
    """An import killed after it had written one of its three people."""
    Person.objects.create(
        workspace=importing.workspace, name="Ada Lovelace", import_batch=importing
    )
    import_lease(importing, dead_worker)
    runs.check(ImportBatch)
    importing.refresh_from_db()
    assert importing.status == ImportBatch.Status.FAILED
    return importing


@pytest.fixture
def stopped_read(contact_import, dead_worker):
    """An import killed while its file was being read (no import asked for)."""
    ImportBatch.objects.filter(pk=contact_import.pk).update(status=ImportBatch.Status.QUEUED)
    import_lease(contact_import, dead_worker, task="plan_import")
    runs.check(ImportBatch)
    contact_import.refresh_from_db()
    assert contact_import.status == ImportBatch.Status.FAILED
    return contact_import


@pytest.fixture
def stopped_upload(ingesting, dead_worker):
    upload_lease(ingesting, dead_worker)
    work_dir(ingesting).mkdir(parents=True, exist_ok=True)
    (work_dir(ingesting) / "left.csv").write_text("area_fips\n")
    runs.check(QcewUpload)
    ingesting.refresh_from_db()
    assert ingesting.status == UploadStatus.FAILED
    return ingesting


# A viewer sees the workspace but may not change it; a partner does not see its imports
# or uploads at all, nor does another workspace's owner.
DENIED = {"vic": 403, "pat": 404, "olga": 404}


def _import_page(batch: ImportBatch, action: str = "") -> str:
    return f"/w/{batch.workspace.slug}/partners/import/{batch.pk}/{action}"


def _people() -> list[str]:
    return sorted(Person.objects.values_list("name", flat=True))


# --- contact imports ------------------------------------------------------------


def test_running_a_stopped_import_again_from_the_page_imports_everybody_once(
    stopped_import, sam, client_for
):
    client = client_for(sam)
    response = client.post(_import_page(stopped_import, "run-again/"))
    assert response.status_code == 302
    stopped_import.refresh_from_db()
    assert stopped_import.status == ImportBatch.Status.IMPORTED, stopped_import.error
    # Ada, written by the killed run, was removed first: nobody twice.
    assert _people() == sorted(PEOPLE)
    assert stopped_import.counts["people_created"] == 3
    assert not JobRun.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert STOPPED not in page
    assert "Run it again" not in page


def test_running_a_stopped_read_again_from_the_api_reads_the_file(stopped_read, alice, api):
    response = api(alice).post(f"/api/imports/{stopped_read.pk}/run-again")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ready"
    assert body["counts"]["valid"] == 3
    assert body["can_run_again"] is False
    assert not JobRun.objects.exists()
    # Then it imports as any read file does.
    imported = api(alice).post(f"/api/imports/{stopped_read.pk}/run", {}, "application/json")
    assert imported.json()["status"] == "imported"
    assert _people() == sorted(PEOPLE)


def test_an_import_stopped_while_reading_for_a_one_click_import_imports_when_run_again(
    importing, dead_worker, sam, client_for
):
    # "Import" after a change of mapping reads the file again, then imports.
    import_lease(importing, dead_worker, task="plan_import")
    client_for(sam).post(_import_page(importing, "run-again/"))
    importing.refresh_from_db()
    assert importing.status == ImportBatch.Status.IMPORTED, importing.error
    assert _people() == sorted(PEOPLE)


def test_running_an_import_again_answers_422_unless_it_stopped_with_its_worker(
    contact_import, alice, api
):
    response = api(alice).post(f"/api/imports/{contact_import.pk}/run-again")
    assert response.status_code == 422
    assert "only an import that stopped with its worker can be run again" in str(response.json())


def test_discarding_a_stopped_import_from_the_page_removes_it_its_file_and_its_people(
    stopped_import, sam, client_for, django_capture_on_commit_callbacks
):
    original = Path(stopped_import.file.path)
    assert original.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sam).post(_import_page(stopped_import, "discard/"))
    assert response.status_code == 302
    assert response["Location"] == f"/w/{stopped_import.workspace.slug}/partners/import/"
    assert not ImportBatch.objects.filter(pk=stopped_import.pk).exists()
    assert not original.exists()
    assert _people() == []
    assert not JobRun.objects.exists()


def test_discarding_a_stopped_import_from_the_api(
    stopped_read, alice, api, django_capture_on_commit_callbacks
):
    original = Path(stopped_read.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = api(alice).post(f"/api/imports/{stopped_read.pk}/discard")
    assert response.status_code == 204
    assert not ImportBatch.objects.exists()
    assert not original.exists()
    assert not JobRun.objects.exists()


@pytest.mark.parametrize("who", ["vic", "pat", "olga"])
def test_only_staff_of_the_workspace_run_an_import_again_or_discard_it(
    who, request, stopped_import, client_for, api
):
    user = request.getfixturevalue(who)
    client = client_for(user)
    for action in ("run-again", "discard"):
        page = client.post(_import_page(stopped_import, f"{action}/"))
        answer = api(user).post(f"/api/imports/{stopped_import.pk}/{action}")
        assert (page.status_code, answer.status_code) == (DENIED[who], DENIED[who]), action
    stopped_import.refresh_from_db()
    assert stopped_import.status == ImportBatch.Status.FAILED
    assert runs.stopped_run(stopped_import) is not None
    assert _people() == ["Ada Lovelace"]


def test_another_workspace_gets_404_on_the_pages_of_an_import(stopped_import, olga, client_for):
    client = client_for(olga)
    for action in ("", "run-again/", "discard/"):
        method = client.get if not action else client.post
        assert method(_import_page(stopped_import, action)).status_code == 404


# --- QCEW uploads ---------------------------------------------------------------


def _hocking_health_care_jobs(client, workspace) -> int:
    """Hocking County's 2020 health care employment, as the analysis API answers it."""
    response = client.get(f"/api/workspaces/{workspace.slug}/analysis?areas=39073&year=2020")
    assert response.status_code == 200, response.content
    return next(r["employment"] for r in response.json()["rows"] if r["industry_code"] == "62")


HOCKING_HEALTH_CARE_JOBS = int(published("39073", "a", "62")["annual_avg_emplvl"])


def test_running_a_stopped_ingest_again_from_the_page_ingests_the_file(
    stopped_upload, sam, vic, client_for, api
):
    original = Path(stopped_upload.file.path)
    response = client_for(sam).post(f"/uploads/{stopped_upload.pk}/run-again/")
    assert response.status_code == 302
    stopped_upload.refresh_from_db()
    assert stopped_upload.status == UploadStatus.DONE, stopped_upload.message
    assert stopped_upload.results[0]["periods"] == ["2020-a"]
    assert not JobRun.objects.exists()
    # The area is analysable; the original went once ingested (KEEP_UPLOADS_DAYS=0).
    assert _hocking_health_care_jobs(api(vic), stopped_upload.workspace) == (
        HOCKING_HEALTH_CARE_JOBS
    )
    assert not original.exists()
    assert not work_dir(stopped_upload).exists()


def test_running_a_stopped_ingest_again_from_the_api(stopped_upload, alice, api):
    response = api(alice).post(f"/api/qcew/uploads/{stopped_upload.pk}/run-again")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "done"
    assert response.json()["can_run_again"] is False
    assert _hocking_health_care_jobs(api(alice), stopped_upload.workspace) == (
        HOCKING_HEALTH_CARE_JOBS
    )


def test_an_upload_that_did_not_stop_cannot_be_run_again(qcew_upload, alice, api):
    response = api(alice).post(f"/api/qcew/uploads/{qcew_upload.pk}/run-again")
    assert response.status_code == 422
    assert "only an ingest that stopped can be run again" in str(response.json())


def test_discarding_a_stopped_upload_from_the_page_removes_it_and_its_files(
    stopped_upload, sam, client_for, django_capture_on_commit_callbacks
):
    original = Path(stopped_upload.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(sam).post(f"/uploads/{stopped_upload.pk}/discard/")
    assert response.status_code == 302
    assert not QcewUpload.objects.exists()
    assert not original.exists()
    assert not work_dir(stopped_upload).exists()
    assert not JobRun.objects.exists()


def test_discarding_a_stopped_upload_from_the_api(
    stopped_upload, alice, api, django_capture_on_commit_callbacks
):
    original = Path(stopped_upload.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = api(alice).post(f"/api/qcew/uploads/{stopped_upload.pk}/discard")
    assert response.status_code == 204
    assert not QcewUpload.objects.exists()
    assert not original.exists()
    assert not JobRun.objects.exists()


@pytest.mark.parametrize("who", ["vic", "pat", "olga"])
def test_only_staff_of_the_workspace_run_an_upload_again_or_discard_it(
    who, request, stopped_upload, client_for, api
):
    user = request.getfixturevalue(who)
    client = client_for(user)
    for action in ("run-again", "discard"):
        page = client.post(f"/uploads/{stopped_upload.pk}/{action}/")
        answer = api(user).post(f"/api/qcew/uploads/{stopped_upload.pk}/{action}")
        assert (page.status_code, answer.status_code) == (DENIED[who], DENIED[who]), action
    stopped_upload.refresh_from_db()
    assert stopped_upload.status == UploadStatus.FAILED
    assert Path(stopped_upload.file.path).exists()
    assert runs.stopped_run(stopped_upload) is not None
