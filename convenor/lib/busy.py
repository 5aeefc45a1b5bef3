"""A busy database answers 503 with Retry-After, never 500.

SQLite allows one writer at a time: a write that waits longer than the busy timeout
(``SQLITE_BUSY_TIMEOUT``) fails with "database is locked"; PostgreSQL may refuse a lock
or break a deadlock. None of these is the request's fault and all pass: the client is
told to try again (JSON under ``/api/``, a short page elsewhere).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
_LOCK_MESSAGES = (
    "database is locked",
    "database table is locked",
    "deadlock detected",
    "could not obtain lock",
    "lock timeout",
)
MESSAGE = (
    "The database is busy with another change (a large import or upload); nothing was "
    f"saved. Try again in {RETRY_AFTER_SECONDS} seconds."
)


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, OperationalError) and any(
        text in str(exc).lower() for text in _LOCK_MESSAGES
    )


def busy_response(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        response = HttpResponse(
            f"<!doctype html><title>Busy</title><h1>Busy</h1><p>{MESSAGE}</p>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_lock_error(exc):
            return None
        logger.warning("database busy on %s %s: %s", request.method, request.path, exc)
        return busy_response(request)
