"""A job's memory budget: an allocation beyond it fails with MemoryError, the job is
marked failed naming the setting, and the worker goes on with the next job.

The budget lowers the process's RLIMIT_DATA, so it is only ever set in a child process:
a new Python for the primitive, a fork of the test process (same database, same
settings) for the worker.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connections
from django_tasks_db.models import DBTaskResult

from convenor.jobs import limits
from convenor.jobs.models import JobRun
from convenor.partners import imports
from convenor.partners.models import ImportBatch, Person
from tests.jobs.conftest import PEOPLE_CSV

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def test_the_budget_stops_an_allocation_beyond_it_and_the_process_carries_on(tmp_path):
    script = textwrap.dedent(
        """
        import json, resource
        import django
        django.setup()
        from convenor.jobs.limits import memory_budget

        MB = 1024 * 1024
        before = resource.getrlimit(resource.RLIMIT_DATA)
        seen = {}
        with memory_budget() as limit:  # CONVENOR_JOB_MEMORY_MB
            seen["limit"] = limit
            seen["during"] = resource.getrlimit(resource.RLIMIT_DATA)[0]
            seen["small"] = len(bytearray(4 * MB))  # within the budget
            try:
                bytearray(256 * MB)
                seen["big"] = "allocated"
            except MemoryError:
                seen["big"] = "MemoryError"
        seen["restored"] = resource.getrlimit(resource.RLIMIT_DATA) == before
        seen["after"] = len(bytearray(256 * MB))  # the process carries on
        print(json.dumps(seen))
        """
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "convenor.settings",
        "CONVENOR_DATA_DIR": str(tmp_path),
        "CONVENOR_JOB_MEMORY_MB": "32",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["big"] == "MemoryError"
    assert seen["small"] == 4 * MB
    assert seen["limit"] == seen["during"]
    assert seen["restored"] is True
    assert seen["after"] == 256 * MB


def test_no_budget_means_no_limit(settings):
    settings.JOB_MEMORY_MB = 0
    with limits.memory_budget() as limit:
        assert limit is None


def test_the_message_names_the_budget_and_its_setting(settings):
    settings.JOB_MEMORY_MB = 48
    text = limits.message("This import")
    assert text.startswith("This import needed more memory than one background job may use")
    assert "(48 MB, the CONVENOR_JOB_MEMORY_MB setting)" in text


# --- the worker ---------------------------------------------------------------------


def _in_fork(work: Callable[[], Any], timeout: float = 180) -> Any:
    """Run ``work`` in a fork of this process and return what it returns (JSON)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        code = 1
        try:
            _own_connections()
            out: dict[str, Any] = {"value": work()}
            code = 0
        except BaseException:
            out = {"error": traceback.format_exc()}
        finally:
            try:
                os.write(write, json.dumps(out).encode())
            finally:
                os._exit(code)
    os.close(write)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([read], [], [], timeout)
            if not ready:
                os.kill(pid, signal.SIGKILL)
                pytest.fail(f"the worker did not finish in {timeout} s")
            chunk = os.read(read, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read)
        os.waitpid(pid, 0)
    out = json.loads(b"".join(chunks) or b'{"error": "no answer"}')
    assert "error" not in out, out["error"]
    return out["value"]


_INHERITED: list[Any] = []


def _own_connections() -> None:
    """A server database's connection is a socket the test process still uses: the child
    opens its own, and keeps the inherited one (closing it would end the parent's
    session). An in-memory SQLite database is the child's own copy already."""
    for conn in connections.all(initialized_only=True):
        if conn.vendor != "sqlite" and conn.connection is not None:
            _INHERITED.append(conn.connection)
            conn.connection = None


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_a_job_beyond_the_budget_fails_with_the_message_and_the_next_job_runs(
    settings, alice, workspace
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOB_MEMORY_MB = 16
    rows = "".join(
        f"Person{i},Number{i},Company {i % 50},p{i}@example.org\n" for i in range(600_000)
    )
    big_csv = (PEOPLE_CSV.splitlines(keepends=True)[0] + rows).encode()
    assert 24 * MB < len(big_csv) < 50 * MB  # within the upload limit, beyond the budget
    big = imports.import_upload(
        actor=alice, workspace=workspace, upload=SimpleUploadedFile("big.csv", big_csv)
    )
    small = imports.import_upload(
        actor=alice,
        workspace=workspace,
        upload=SimpleUploadedFile("small.csv", PEOPLE_CSV.encode()),
    )
    assert big.status == small.status == ImportBatch.Status.QUEUED

    def work() -> dict[str, Any]:
        import resource

        before = resource.getrlimit(resource.RLIMIT_DATA)
        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
        return {
            "limit_restored": resource.getrlimit(resource.RLIMIT_DATA) == before,
            "batches": {
                b.filename: [b.status, b.error, b.counts.get("valid")]
                for b in ImportBatch.objects.all()
            },
            "tasks": [
                [r.args_kwargs["args"][0], r.status, r.exception_class_path]
                for r in DBTaskResult.objects.order_by("enqueued_at")
            ],
            "leases": JobRun.objects.count(),
            "people": Person.objects.count(),
        }

    seen = _in_fork(work)

    status, error, _ = seen["batches"]["big.csv"]
    assert status == ImportBatch.Status.FAILED
    assert error == (
        "This import needed more memory than one background job may use (16 MB, the "
        "CONVENOR_JOB_MEMORY_MB setting) and was stopped. Nothing of it was kept; split the "
        "file into smaller ones and try again."
    )
    assert seen["batches"]["small.csv"] == [ImportBatch.Status.READY, "", 3]
    assert seen["tasks"] == [
        [big.pk, "FAILED", "builtins.MemoryError"],
        [small.pk, "SUCCESSFUL", ""],
    ]
    assert seen["leases"] == 0  # a job that reports its own failure is not "stopped"
    assert seen["people"] == 0
    assert seen["limit_restored"] is True
