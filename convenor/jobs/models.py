"""One row per background job being run on an object (an import, an upload).

The row is the job's lease: the worker that runs it (host, process id and its start
time) and when it last said it was alive. It is deleted when the job ends, normally or
with an error the job reports itself. A row left behind by a worker that was killed is
found by ``convenor.jobs.runs.sweep``: the job is marked failed (``stopped_at`` and
``message`` set) and the row stays, holding the task and its arguments, until the job
is run again or discarded.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


class JobRun(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    # The django-tasks task (module path) and its arguments, to run it again.
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    # Called with (object id, message, task) when the run is found stopped (module path).
    recover = models.CharField(max_length=200)
    host = models.CharField(max_length=100)
    pid = models.PositiveIntegerField()
    # The process's start time (clock ticks since boot), so a reused pid is not taken
    # for the worker that died.
    pid_started = models.BigIntegerField(null=True, blank=True)
    started_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_run_per_job")
        ]

    def __str__(self) -> str:
        state = "stopped" if self.stopped_at else "running"
        return f"{self.task} on {self.content_type_id}:{self.object_id} ({state})"
