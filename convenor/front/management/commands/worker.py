"""``convenor worker``: django-tasks' database worker, made to recover.

On top of ``db_worker`` it
* names itself by host, process id and start time, so a task it leaves running when it
  is killed can be told from one that still runs;
* sweeps at start and every ``JOB_SWEEP_SECONDS``: jobs whose worker died are marked
  failed (and can be run again or discarded), their temporary files and orphan
  uploads removed (``convenor.jobs``);
* runs each task under a memory budget (``JOB_MEMORY_MB``).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from convenor.jobs import limits, runs
from convenor.lib.words import counted

logger = logging.getLogger("convenor.worker")


class Worker(db_worker.Worker):
    def run_task(self, db_task_result: DBTaskResult) -> None:
        with limits.memory_budget():
            super().run_task(db_task_result)


class Sweeper(threading.Thread):
    def __init__(self, every: float) -> None:
        super().__init__(name="job-sweeper", daemon=True)
        self.every = every
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.every):
            try:
                runs.sweep()
            except Exception:  # a sweep never takes the worker down
                logger.exception("the job sweep failed")
            finally:
                connections.close_all()


class Command(db_worker.Command):
    help = (
        "The background task worker: sends meeting invitations, ingests QCEW uploads, runs "
        "contact imports; recovers jobs of a worker that died. --batch runs what is queued "
        "and exits (for cron)."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=runs.worker_id(), reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        self.configure_logging(verbosity)
        swept = runs.sweep()
        if swept.stopped or swept.task_results or swept.files:
            # The tasks count too: a page may have marked the job stopped already.
            self.stdout.write(
                f"Recovered {counted(swept.stopped, 'stopped job')}, failed "
                f"{counted(swept.task_results, 'task')} a stopped worker left running, and "
                f"removed {counted(len(swept.files), 'temporary or orphan file')}."
            )
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = Worker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        sweeper = None
        if not options["batch"]:
            sweeper = Sweeper(settings.JOB_SWEEP_SECONDS)
            sweeper.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            if sweeper is not None:
                sweeper.done.set()
