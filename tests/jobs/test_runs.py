"""A job whose worker died is found and failed with a message; a live one is left alone.

The workers are real processes: a child started for the test, killed with SIGKILL and
reaped (dead), or still sleeping (alive).
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from convenor.jobs import runs
from convenor.jobs.models import JobRun
from convenor.partners import imports
from convenor.partners.models import ImportBatch, Person
from convenor.partners.tasks import apply_import, recover_import
from convenor.regions.models import UploadStatus
from convenor.regions.selectors import workspace_store_dir
from convenor.regions.tasks import work_dir
from tests.jobs.conftest import (
    PEOPLE,
    STOPPED,
    Process,
    import_lease,
    upload_lease,
)


def test_an_import_whose_worker_was_killed_is_failed_with_the_message(
    importing, dead_worker, alice
):
    # The rows the killed run had committed before it died.
    Person.objects.create(
        workspace=importing.workspace, name="Ada Lovelace", import_batch=importing
    )
    import_lease(importing, dead_worker)

    assert runs.check(ImportBatch) == 1

    importing.refresh_from_db()
    assert importing.status == ImportBatch.Status.FAILED
    assert importing.error.startswith(STOPPED)
    assert f"process {dead_worker.pid}" in importing.error
    assert "It was importing. It had written 1 people and 0 organisations" in importing.error
    run = runs.stopped_run(importing)
    assert run is not None and run.message.startswith(STOPPED)
    # Found once: the next look does not fail it again.
    assert runs.check(ImportBatch) == 0


def test_the_import_page_shows_the_stopped_import_and_offers_to_run_it_again(
    importing, dead_worker, sam, client_for
):
    import_lease(importing, dead_worker, task="plan_import")
    page = client_for(sam).get(f"/w/{importing.workspace.slug}/partners/import/{importing.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert STOPPED in html
    assert "It was importing. Nothing was written." in html
    assert "Run it again" in html
    importing.refresh_from_db()
    # Stopped importing after a read: running the read again imports too.
    assert importing.run_when_read is True


def test_a_qcew_upload_whose_worker_was_killed_is_failed_and_its_work_files_removed(
    ingesting, dead_worker
):
    work = work_dir(ingesting)
    (work / "extracted").mkdir(parents=True)
    (work / "extracted" / "2020.annual.singlefile.csv").write_text("area_fips\n" * 1000)
    tmp = workspace_store_dir(ingesting.workspace) / "tmp"
    half_written = tmp / "part-0001.parquet.tmp"
    half_written.write_bytes(b"PAR1")
    upload_lease(ingesting, dead_worker)

    swept = runs.sweep()

    assert swept.stopped == 1
    ingesting.refresh_from_db()
    assert ingesting.status == UploadStatus.FAILED
    assert ingesting.message.startswith(STOPPED)
    assert "Nothing of the file being ingested was stored" in ingesting.message
    assert ingesting.finished_at is not None
    assert not work.exists()
    assert not half_written.exists()
    # The original stays, to be run again.
    assert ingesting.file and ingesting.can_run_again


def test_the_upload_api_answers_failed_for_an_ingest_whose_worker_died(
    ingesting, dead_worker, vic, api
):
    upload_lease(ingesting, dead_worker)
    body = api(vic).get(f"/api/qcew/uploads/{ingesting.pk}").json()
    assert body["status"] == "failed"
    assert body["message"].startswith(STOPPED)
    assert body["can_run_again"] is True
    assert body["can_discard"] is True


def test_a_job_whose_worker_still_runs_is_not_stale(importing, ingesting, live_worker):
    import_lease(importing, live_worker)
    upload_lease(ingesting, live_worker)
    assert all(not runs.is_stale(run) for run in JobRun.objects.all())

    assert runs.check(ImportBatch) == 0
    assert runs.sweep().stopped == 0

    importing.refresh_from_db()
    ingesting.refresh_from_db()
    assert importing.status == ImportBatch.Status.IMPORTING
    assert ingesting.status == UploadStatus.RUNNING
    assert not JobRun.objects.filter(stopped_at__isnull=False).exists()


def test_a_process_id_reused_by_another_process_counts_as_dead(importing, live_worker):
    # The lease names the running child's id with another start time: the worker that
    # held that id is gone, and another process got it.
    assert live_worker.started is not None
    import_lease(importing, Process(live_worker.pid, live_worker.started - 100))
    assert runs.check(ImportBatch) == 1
    importing.refresh_from_db()
    assert importing.status == ImportBatch.Status.FAILED
    assert importing.error.startswith(STOPPED)


def test_a_killed_worker_not_yet_reaped_counts_as_dead(importing):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        worker = Process(child.pid, runs.process_started(child.pid))
        child.send_signal(signal.SIGKILL)
        # A zombie until its parent waits for it: it still has its id and start time.
        for _ in range(200):
            if (runs._proc_stat(child.pid) or ("Z",))[0] == "Z":
                break
            time.sleep(0.01)
        import_lease(importing, worker)
        assert runs.check(ImportBatch) == 1
    finally:
        child.wait()
    importing.refresh_from_db()
    assert importing.status == ImportBatch.Status.FAILED


def test_a_run_from_another_host_is_stale_only_after_the_lease_without_a_heartbeat(
    importing, ingesting, live_worker, settings
):
    settings.JOB_LEASE_SECONDS = 60
    now = timezone.now()
    # Process ids of another host say nothing here: only the heartbeat counts.
    recent = import_lease(
        importing, live_worker, host="worker-2.example", heard=now - dt.timedelta(seconds=50)
    )
    silent = upload_lease(
        ingesting, live_worker, host="worker-2.example", heard=now - dt.timedelta(seconds=70)
    )
    assert not runs.is_stale(recent)
    assert runs.is_stale(silent)

    assert runs.sweep().stopped == 1
    importing.refresh_from_db()
    ingesting.refresh_from_db()
    assert importing.status == ImportBatch.Status.IMPORTING
    assert ingesting.status == UploadStatus.FAILED
    assert "on worker-2.example" in ingesting.message

    # Once that host has not been heard from for the lease either, its import fails too.
    JobRun.objects.filter(pk=recent.pk).update(heartbeat_at=now - dt.timedelta(seconds=61))
    assert runs.check(ImportBatch) == 1
    importing.refresh_from_db()
    assert importing.status == ImportBatch.Status.FAILED


def test_a_longer_lease_setting_keeps_the_same_run_alive(importing, live_worker, settings):
    settings.JOB_LEASE_SECONDS = 600
    run = import_lease(
        importing,
        live_worker,
        host="worker-2.example",
        heard=timezone.now() - dt.timedelta(seconds=70),
    )
    assert not runs.is_stale(run)
    assert runs.check(ImportBatch) == 0


def test_a_job_that_ends_leaves_no_lease(contact_import, alice):
    # The import task runs at once in the tests, under its lease.
    contact_import = imports.import_start(actor=alice, batch=contact_import)
    assert contact_import.status == ImportBatch.Status.IMPORTED
    assert set(Person.objects.values_list("name", flat=True)) == PEOPLE
    assert not JobRun.objects.exists()


def test_a_task_left_running_by_a_dead_worker_is_failed(settings, dead_worker, contact_import):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    apply_import.enqueue(contact_import.pk, None)
    owner = f"{runs.HOST[:40]}:{dead_worker.pid}:{dead_worker.started}"
    DBTaskResult.objects.update(status="RUNNING", worker_ids=[owner])

    assert runs.sweep().task_results == 1

    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    assert result.exception_class_path == "convenor.jobs.runs.WorkerStopped"
    assert owner in result.traceback


@pytest.mark.django_db(transaction=True)  # the heartbeat writes on its own connection
def test_a_running_job_keeps_its_lease_fresh_and_gives_it_up_when_it_ends(settings, contact_import):
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    settings.JOB_LEASE_SECONDS = 1
    with runs.running(
        contact_import, task=apply_import, args=[contact_import.pk], recover=recover_import
    ) as run:
        started = run.heartbeat_at
        deadline = time.monotonic() + 10
        while JobRun.objects.get(pk=run.pk).heartbeat_at == started:
            assert time.monotonic() < deadline, "no heartbeat in 10 s"
            time.sleep(0.05)
        # Seen from another host, it has been heard from within the lease.
        JobRun.objects.filter(pk=run.pk).update(host="worker-2.example")
        time.sleep(1.2)
        assert not runs.is_stale(JobRun.objects.get(pk=run.pk))
        JobRun.objects.filter(pk=run.pk).update(host=runs.HOST)
    assert not JobRun.objects.exists()
