"""A memory budget per job, so one bad file cannot take the worker (or the machine) down.

The worker lowers its own data-segment limit (``RLIMIT_DATA``: heap and private
mappings, which is where Python, openpyxl and DuckDB allocate) to what it uses when
idle plus ``JOB_MEMORY_MB`` while a job runs, and restores it afterwards. A job that
needs more gets ``MemoryError``; the job is marked failed with :func:`message` and the
worker goes on with the next one.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

from django.conf import settings

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)


def data_size() -> int | None:
    """Bytes of this process's data segment (VmData), or None where /proc is missing."""
    try:
        with open("/proc/self/status") as handle:
            found = re.search(r"^VmData:\s+(\d+) kB", handle.read(), re.MULTILINE)
    except OSError:
        return None
    return int(found.group(1)) * 1024 if found else None


@contextlib.contextmanager
def memory_budget(megabytes: int | None = None) -> Iterator[int | None]:
    """Cap the memory the block may add to the process; yields the limit in bytes."""
    megabytes = settings.JOB_MEMORY_MB if megabytes is None else megabytes
    used = data_size()
    if resource is None or not megabytes or megabytes <= 0 or used is None:
        yield None
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = used + megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (ValueError, OSError):
        logger.warning("cannot limit a job's memory on this system", exc_info=True)
        yield None
        return
    try:
        yield limit
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def message(what: str = "This job") -> str:
    """Why a job that ran out of its budget stopped, naming the setting."""
    return (
        f"{what} needed more memory than one background job may use "
        f"({settings.JOB_MEMORY_MB} MB, the CONVENOR_JOB_MEMORY_MB setting) and was stopped. "
        "Nothing of it was kept; split the file into smaller ones and try again."
    )
