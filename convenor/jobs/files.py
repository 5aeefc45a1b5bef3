"""Temporary and orphan files: what a killed web or task worker leaves on disk.

* Django streams an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary
  file under ``FILE_UPLOAD_TEMP_DIR`` and deletes it when the request ends; a web worker
  killed mid-upload leaves it there.
* An upload is moved into ``MEDIA_ROOT`` before its row is written; a worker killed
  between the two leaves a file that no row names (an orphan).

Both are removed once nothing has touched them for ``TEMP_MAX_AGE`` seconds (a file
being written keeps a fresh modification time). Work directories of stopped jobs are
removed by the job's own ``recover`` at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from convenor.lib.words import counted

logger = logging.getLogger(__name__)


def _age(path: Path, now: float) -> float:
    """Seconds since anything under ``path`` was last modified."""
    latest = path.stat().st_mtime
    if path.is_dir():
        for child in path.rglob("*"):
            try:
                latest = max(latest, child.stat().st_mtime)
            except OSError:
                continue
    return now - latest


def remove(path: Path) -> bool:
    try:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    return True


def clean_stale(folder: Path, *, max_age: float, pattern: str = "*") -> list[str]:
    """Remove the entries of ``folder`` untouched for ``max_age`` seconds."""
    if not folder.is_dir():
        return []
    now = time.time()
    removed = []
    for entry in folder.glob(pattern):
        try:
            if _age(entry, now) > max_age and remove(entry):
                removed.append(str(entry))
        except OSError:
            continue
    return removed


def _file_fields() -> list[tuple[type[models.Model], str, str]]:
    """(model, field name, top folder under MEDIA_ROOT) of every file field."""
    out = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField) and isinstance(f.upload_to, str) and f.upload_to:
                top = f.upload_to.split("/", 1)[0]
                if top and "%" not in top:
                    out.append((model, f.name, top))
    return out


def clean_orphans(*, max_age: float) -> list[str]:
    """Remove stored uploads no row names, once untouched for ``max_age`` seconds."""
    media = Path(settings.MEDIA_ROOT)
    tops: dict[str, set[str]] = {}
    for model, name, top in _file_fields():
        names = tops.setdefault(top, set())
        names.update(
            model._default_manager.exclude(**{name: ""})
            .exclude(**{f"{name}__isnull": True})
            .values_list(name, flat=True)
            .iterator(chunk_size=2000)
        )
    now = time.time()
    removed = []
    for top, known in tops.items():
        folder = media / top
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            try:
                if not path.is_file() or now - path.stat().st_mtime <= max_age:
                    continue
            except OSError:
                continue
            if path.relative_to(media).as_posix() not in known and remove(path):
                removed.append(str(path))
    return removed


def clean() -> list[str]:
    """Temporary uploads and orphans older than ``TEMP_MAX_AGE``."""
    max_age = settings.TEMP_MAX_AGE
    removed = []
    temp_dir = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if temp_dir:
        # Django names its temporary uploads "tmpXXXX.upload.<ext>".
        removed += clean_stale(Path(temp_dir), max_age=max_age, pattern="*.upload*")
    removed += clean_orphans(max_age=max_age)
    if removed:
        logger.warning("removed %s", counted(len(removed), "temporary or orphan file"))
    return removed


def expired(finished_at: object, days: int) -> bool:
    """Whether an original finished ``finished_at`` is past its keeping time."""
    if not isinstance(finished_at, dt.datetime):
        return False
    return finished_at < timezone.now() - dt.timedelta(days=days)


__all__ = ["clean", "clean_orphans", "clean_stale", "expired", "remove"]
