from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.analysis.store import read_manifest
from convenor.regions import selectors
from convenor.regions.models import QcewUpload, UploadStatus
from tests.regions.helpers import OHIO


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    def post(client, workspace, name, content):
        # The ingest task is queued when the upload's transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/w/{workspace.slug}/regions/uploads/", {"file": SimpleUploadedFile(name, content)}
            )

    return post


def test_an_uploaded_file_is_ingested_in_the_background_into_the_workspace_store(
    upload, sam, workspace, client_for
):
    content = (OHIO / "morpc-qcew-2020-a-39073.csv").read_bytes()
    response = upload(client_for(sam), workspace, "hocking.csv", content)
    assert response.status_code == 302
    done = QcewUpload.objects.get()
    assert done.status == UploadStatus.DONE
    assert done.progress == 100
    assert done.results[0]["periods"] == ["2020-a"]
    parts = read_manifest(selectors.workspace_store_dir(workspace)).parts
    assert [p.rows for p in parts] == [done.results[0]["rows"]]


def test_one_workspaces_upload_does_not_change_anothers_data(
    upload, sam, workspace, olga, client_for
):
    from convenor.workspaces.models import Membership

    content = (OHIO / "morpc-qcew-2020-a-39073.csv").read_bytes()
    upload(client_for(sam), workspace, "hocking.csv", content)
    other = Membership.objects.get(user=olga).workspace
    with selectors.workspace_store(other) as store:
        assert selectors.available_periods(store) == []
    with selectors.workspace_store(workspace) as store:
        assert selectors.available_periods(store) == [(2020, "a")]


def test_a_bad_file_is_rejected_with_its_line_and_column_and_nothing_is_stored(
    upload, sam, workspace, client_for
):
    lines = (OHIO / "morpc-qcew-2020-a-39073.csv").read_text().splitlines()
    header = lines[0].split(",")
    column = header.index("annual_avg_emplvl")
    broken = lines[5].split(",")
    broken[column] = "lots"
    lines[5] = ",".join(broken)
    upload(client_for(sam), workspace, "broken.csv", "\n".join(lines).encode())
    failed = QcewUpload.objects.get()
    assert failed.status == UploadStatus.FAILED
    assert "broken" in failed.message
    assert "line 6" in failed.message
    assert "annual_avg_emplvl" in failed.message
    with selectors.workspace_store(workspace) as store:
        assert selectors.available_periods(store) == []


def test_a_file_that_is_not_csv_is_refused_at_once(upload, sam, workspace, client_for):
    response = upload(client_for(sam), workspace, "notes.docx", b"PK\x03\x04")
    assert response.status_code == 422
    assert "upload a BLS QCEW .csv file" in response.content.decode()
    assert not QcewUpload.objects.exists()


def test_the_upload_status_fragment_reports_progress(sam, workspace, client_for):
    row = QcewUpload.objects.create(
        workspace=workspace, original_name="big.csv", status=UploadStatus.RUNNING, progress=42
    )
    html = client_for(sam).get(f"/uploads/{row.pk}/").content.decode()
    assert 'value="42"' in html
    assert 'hx-trigger="every 1s"' in html


def test_viewers_cannot_upload(upload, vic, workspace, client_for):
    content = (OHIO / "morpc-qcew-2020-a-39073.csv").read_bytes()
    assert upload(client_for(vic), workspace, "hocking.csv", content).status_code == 403


def test_an_ingest_that_runs_out_of_memory_says_so_and_names_the_setting(
    upload, sam, workspace, client_for, monkeypatch, settings
):
    """DuckDB running out of memory is not a bad file: the upload says the job needed
    more memory than a job may use (the worker's budget), and stores nothing."""
    from convenor.analysis import ingest

    settings.JOB_MEMORY_MB = 512
    monkeypatch.setattr(ingest, "MEMORY_LIMIT", "1MB")  # DuckDB's own limit, reached at once
    content = (OHIO / "morpc-qcew-2020-a-39073.csv").read_bytes()
    upload(client_for(sam), workspace, "hocking.csv", content)
    failed = QcewUpload.objects.get()
    assert failed.status == UploadStatus.FAILED
    assert failed.message == (
        "Ingesting this file needed more memory than one background job may use (512 MB, "
        "the CONVENOR_JOB_MEMORY_MB setting) and was stopped. Nothing of it was kept; split "
        "the file into smaller ones and try again."
    )
    with selectors.workspace_store(workspace) as store:
        assert selectors.available_periods(store) == []
