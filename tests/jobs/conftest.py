"""Jobs whose worker died: the processes, leases, uploads and imports the tests share.

A "dead worker" is a real child process killed with SIGKILL and reaped; a lease names
it as a task worker's lease would (``JobRun``: host, process id and its start time).
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.utils import timezone

from convenor.accounts.services import token_create
from convenor.jobs.models import JobRun
from convenor.jobs.runs import HOST, process_started
from convenor.partners import imports
from convenor.partners.models import ImportBatch
from convenor.regions import services as regions
from convenor.regions.models import QcewUpload, UploadStatus
from tests.regions.helpers import OHIO

HOCKING = OHIO / "morpc-qcew-2020-a-39073.csv"
PEOPLE_CSV = (
    "First Name,Last Name,Company,E-mail Address\n"
    "Ada,Lovelace,Acme Machining,ada@acme.example\n"
    "Grace,Hopper,Beta Tools,grace@beta.example\n"
    "Katherine,Johnson,Gamma Aero,katherine@gamma.example\n"
)
PEOPLE = {"Ada Lovelace", "Grace Hopper", "Katherine Johnson"}
STOPPED = "The background worker stopped while this was running"


@pytest.fixture(autouse=True)
def _temp_uploads(settings, tmp_path) -> Path:
    """Django's temporary uploads in the test's data dir: ``files.clean`` never touches
    the folder of the real data dir the settings module made."""
    folder = tmp_path / "tmp" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    settings.FILE_UPLOAD_TEMP_DIR = folder
    return folder


@dataclass
class Process:
    pid: int
    started: int | None


def _sleeper() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])


@pytest.fixture
def live_worker() -> Iterator[Process]:
    child = _sleeper()
    try:
        yield Process(child.pid, process_started(child.pid))
    finally:
        child.kill()
        child.wait()


@pytest.fixture
def dead_worker() -> Process:
    """A process that ran, was killed with SIGKILL and is gone."""
    child = _sleeper()
    started = process_started(child.pid)
    assert started is not None
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=10) == -signal.SIGKILL
    return Process(child.pid, started)


def lease(
    instance: models.Model,
    *,
    task: str,
    args: list[Any],
    recover: str,
    worker: Process,
    host: str = HOST,
    heard: dt.datetime | None = None,
) -> JobRun:
    """The lease a worker writes when it starts a job (``runs.running``)."""
    heard = heard or timezone.now()
    return JobRun.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        task=task,
        args=args,
        recover=recover,
        host=host,
        pid=worker.pid,
        pid_started=worker.started,
        started_at=heard,
        heartbeat_at=heard,
    )


def import_lease(batch: ImportBatch, worker: Process, task: str = "apply_import", **kw) -> JobRun:
    return lease(
        batch,
        task=f"convenor.partners.tasks.{task}",
        args=[batch.pk, batch.created_by_id],
        recover="convenor.partners.tasks.recover_import",
        worker=worker,
        **kw,
    )


def upload_lease(upload: QcewUpload, worker: Process, **kw) -> JobRun:
    return lease(
        upload,
        task="convenor.regions.tasks.ingest_upload",
        args=[upload.pk],
        recover="convenor.regions.tasks.recover_upload",
        worker=worker,
        **kw,
    )


@pytest.fixture
def contact_import(alice, workspace) -> ImportBatch:
    """A contact file uploaded and read (tasks run at once in the tests): ready to import."""
    batch = imports.import_upload(
        actor=alice,
        workspace=workspace,
        upload=SimpleUploadedFile("contacts.csv", PEOPLE_CSV.encode()),
    )
    assert batch.status == ImportBatch.Status.READY, batch.error
    return batch


@pytest.fixture
def importing(contact_import) -> ImportBatch:
    """The import as a worker left it when it started importing."""
    ImportBatch.objects.filter(pk=contact_import.pk).update(status=ImportBatch.Status.IMPORTING)
    contact_import.refresh_from_db()
    return contact_import


@pytest.fixture
def qcew_upload(alice, workspace) -> QcewUpload:
    """A QCEW file uploaded; its ingest is queued when the request commits, which in a
    test (one transaction) it never does: a worker has yet to take it."""
    upload = regions.upload_create(
        actor=alice,
        workspace=workspace,
        uploaded=SimpleUploadedFile("hocking.csv", HOCKING.read_bytes()),
    )
    upload.refresh_from_db()
    assert upload.status == UploadStatus.QUEUED
    return upload


@pytest.fixture
def ingesting(qcew_upload) -> QcewUpload:
    """The upload as a worker left it at 49%."""
    QcewUpload.objects.filter(pk=qcew_upload.pk).update(status=UploadStatus.RUNNING, progress=49)
    qcew_upload.refresh_from_db()
    return qcew_upload


@pytest.fixture
def api() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        _, raw = token_create(user=user, name="t")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make
