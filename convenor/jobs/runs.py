"""Leases and heartbeats of background jobs, and what happens to a job whose worker died.

A task wraps its work in :func:`running`: that writes a :class:`JobRun` naming this
process and, while the job runs, a heartbeat thread refreshes it. When the job ends the
row goes. When the worker is killed (``kill -9``, out of memory, a power cut) the row
stays, and :func:`sweep` (run by the worker at start and every minute) or :func:`check`
(run by the pages and the API when they show a job) finds it stale:

* on this host, when the process it names is gone (or is another process that reused
  its id): at once;
* from another host, when it has not been heard from for ``JOB_LEASE_SECONDS``.

The app's ``recover(object_id, message, task)`` then marks the job failed with the message
(and removes its temporary files); the row stays, holding the task and its arguments,
so :func:`run_again` can queue the same work again, until the job is discarded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, connections, models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from convenor.jobs.models import JobRun

logger = logging.getLogger(__name__)
T = TypeVar("T")

HOST = socket.gethostname()[:100]


# --- processes -------------------------------------------------------------


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, start time in clock ticks) of a process, from /proc; None without /proc."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            text = handle.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[19])


def process_started(pid: int | None = None) -> int | None:
    stat = _proc_stat(pid or os.getpid())
    return stat[1] if stat else None


def process_alive(pid: int, started: int | None) -> bool:
    """Whether process ``pid`` of this host runs, and is the one that started at ``started``."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    stat = _proc_stat(pid)
    if stat is None:
        return True
    state, start = stat
    if state in ("Z", "X"):  # killed, not yet reaped by its parent
        return False
    return started is None or start == started


def worker_id() -> str:
    """This process as django-tasks' worker id (unique across the pool; at most 64 chars)."""
    return f"{HOST[:40]}:{os.getpid()}:{process_started() or 0}"[:64]


# --- leases ----------------------------------------------------------------


def _path(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def _key(instance: models.Model) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(type(instance)),
        "object_id": str(instance.pk),
    }


class _Heartbeat(threading.Thread):
    """Refreshes a run's ``heartbeat_at`` on its own database connection."""

    def __init__(self, run_id: int, every: float) -> None:
        super().__init__(name=f"heartbeat-{run_id}", daemon=True)
        self.run_id = run_id
        self.every = every
        self.done = threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(self.every):
                try:
                    JobRun.objects.filter(pk=self.run_id, stopped_at__isnull=True).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    # The job's own write holds the lock; the next beat will do.
                    logger.debug("heartbeat of run %s skipped", self.run_id, exc_info=True)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=5)


@contextlib.contextmanager
def running(
    instance: models.Model,
    *,
    task: Any,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    recover: Callable[[str, str, str], None] | str,
) -> Iterator[JobRun]:
    """Hold the lease of the job on ``instance`` while the block runs.

    ``task`` is the django-tasks task doing the work (or its module path) and ``args``
    and ``kwargs`` its arguments, so a stopped job can be queued again; ``recover`` (a
    module-level function or its path) is called with the object's id, a message and
    the task's path when the job is found stopped.
    """
    now = timezone.now()
    key = _key(instance)
    if isinstance(task, str):
        task_path = task
    else:
        task_path = task.module_path if hasattr(task, "module_path") else _path(task)
    with transaction.atomic():
        JobRun.objects.filter(**key).delete()
        run = JobRun.objects.create(
            **key,
            task=task_path,
            args=list(args),
            kwargs=dict(kwargs or {}),
            recover=recover if isinstance(recover, str) else _path(recover),
            host=HOST,
            pid=os.getpid(),
            pid_started=process_started(),
            started_at=now,
            heartbeat_at=now,
        )
    # Inside a transaction (tests run tasks at once, inside theirs) a second connection
    # would not see the row; the heartbeat is for the worker, where nothing is open.
    beat = None
    if not connection.in_atomic_block:
        beat = _Heartbeat(run.pk, settings.JOB_HEARTBEAT_SECONDS)
        beat.start()
    try:
        yield run
    finally:
        if beat is not None:
            beat.stop()
        JobRun.objects.filter(pk=run.pk).delete()


def leased(
    model: type[models.Model], *, recover: str
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Run a task function ``f(object_id, ...)`` under the lease of that object's job.

    Put it under ``@task()``: the recorded task is the function's module path, which
    names the task object, so :func:`run_again` queues the same task with the same
    arguments.
    """

    def wrap(function: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(function)
        def run(object_id: Any, *args: Any, **kwargs: Any) -> T:
            instance = model._default_manager.filter(pk=object_id).first()
            if instance is None:
                return function(object_id, *args, **kwargs)
            with running(
                instance,
                task=_path(function),
                args=[object_id, *args],
                kwargs=kwargs,
                recover=recover,
            ):
                return function(object_id, *args, **kwargs)

        return run

    return wrap


def is_stale(run: JobRun, now: dt.datetime | None = None) -> bool:
    if run.stopped_at is not None:
        return False
    if run.host == HOST:
        return not process_alive(run.pid, run.pid_started)
    now = now or timezone.now()
    return run.heartbeat_at < now - dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)


def _stop(run: JobRun) -> bool:
    """Mark a stale run stopped and let its app fail the job; False if it was not stale."""
    with transaction.atomic():
        current = JobRun.objects.select_for_update().filter(pk=run.pk).first()
        if current is None or not is_stale(current):
            return False
        heard = timezone.localtime(current.heartbeat_at).strftime("%Y-%m-%d %H:%M:%S")
        message = (
            f"The background worker stopped while this was running (last heard from at "
            f"{heard}, process {current.pid} on {current.host})."
        )
        try:
            import_string(current.recover)(current.object_id, message, current.task)
        except Exception:  # the object may be gone: nothing left to recover
            logger.exception("recovering %s failed", current)
            current.delete()
            return True
        current.stopped_at = timezone.now()
        current.message = message
        current.save(update_fields=["stopped_at", "message"])
    logger.warning("job stopped: %s", current)
    return True


def check(model: type[models.Model]) -> int:
    """Find the stopped jobs of ``model`` now (pages and the API call this before showing
    jobs, so a killed job shows as failed even while no worker runs). One query when
    nothing is running."""
    content_type = ContentType.objects.get_for_model(model)
    runs = JobRun.objects.filter(content_type=content_type, stopped_at__isnull=True)
    return sum(_stop(run) for run in runs if is_stale(run))


def stopped_run(instance: models.Model) -> JobRun | None:
    """The run of the job on ``instance`` that was found stopped, if any."""
    return JobRun.objects.filter(**_key(instance), stopped_at__isnull=False).first()


def run_again(instance: models.Model) -> None:
    """Queue the stopped job on ``instance`` again (the caller has reset its status)."""
    run = stopped_run(instance)
    if run is None:
        raise LookupError(f"no stopped job on {instance!r}")
    task = import_string(run.task)
    run.delete()
    task.enqueue(*run.args, **run.kwargs)


def forget(instance: models.Model) -> None:
    """Drop what is known of the job on ``instance`` (it is discarded)."""
    JobRun.objects.filter(**_key(instance)).delete()


# --- the sweep -------------------------------------------------------------


@dataclass
class Swept:
    stopped: int = 0
    task_results: int = 0
    files: list[str] = field(default_factory=list)


def sweep() -> Swept:
    """Fail the jobs whose worker died, and remove temporary and orphan files."""
    from convenor.jobs import files

    swept = Swept()
    for run in JobRun.objects.filter(stopped_at__isnull=True):
        if is_stale(run):
            swept.stopped += _stop(run)
    swept.task_results = _fail_dead_task_results()
    swept.files = files.clean()
    for path in settings.JOB_CLEANUPS:
        try:
            swept.files += import_string(path)() or []
        except Exception:
            logger.exception("clean-up %s failed", path)
    return swept


def _fail_dead_task_results() -> int:
    """django-tasks leaves a task 'running' forever when its worker is killed: fail it."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another task backend
        return 0
    failed = 0
    for result in DBTaskResult.objects.filter(status="RUNNING").only("pk", "worker_ids"):
        owner = (result.worker_ids or [""])[-1]
        parts = owner.split(":")  # worker_id(): host, pid, start time
        if len(parts) != 3 or parts[0] != HOST[:40]:
            continue
        try:
            pid, started = int(parts[1]), int(parts[2]) or None
        except ValueError:
            continue
        if process_alive(pid, started):
            continue
        failed += DBTaskResult.objects.filter(pk=result.pk, status="RUNNING").update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path="convenor.jobs.runs.WorkerStopped",
            traceback=f"The worker {owner} stopped while running this task.",
        )
    return failed


class WorkerStopped(Exception):
    """The worker process running a task was killed."""
