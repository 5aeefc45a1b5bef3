"""Two answers every response gets right in one place.

``ApiJsonErrors``: under ``/api/`` an error is JSON, whoever produced it (an unknown
path's 404, a wrong method's 405, a 500 from a view): a client parsing the API never
gets the product's HTML error page.

``ContentSecurityPolicy``: pages run only the scripts served from this site. No inline
script is allowed; the three one-line inline handlers the templates use are allowed by
their hashes (``'unsafe-hashes'``). No ``'unsafe-eval'``: charts evaluate their
expressions with the vendored vega-interpreter (no ``Function``), no template uses
htmx's ``hx-on`` (it evaluates its text), and htmx is told not to eval
(``allowEval: false`` in base.html). Inline ``style`` attributes are allowed (layout
only: a progress bar's width).
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from convenor.lib.busy import is_lock_error
from convenor.lib.request_memo import request_scope

logger = logging.getLogger("django.request")

API_PREFIX = "/api/"
_REASONS = {
    400: "Bad request.",
    401: "Not signed in.",
    403: "Your role does not allow this.",
    404: "Not found.",
    405: "Method not allowed.",
    413: "The request is too large.",
    500: "The server failed to answer; the error was logged.",
}


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


class ApiJsonErrors:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not _is_json(response)
            and not getattr(response, "streaming", False)
        ):
            detail = _REASONS.get(response.status_code, response.reason_phrase or "Error.")
            replaced = JsonResponse({"detail": detail}, status=response.status_code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX) or is_lock_error(exc):
            return None  # pages keep Django's handling; a lock is DatabaseBusyMiddleware's
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return JsonResponse({"detail": _REASONS[500]}, status=500)


# The inline handlers the templates carry, allowed by hash and nothing else inline.
INLINE_HANDLERS = ("this.form.submit()", "window.print()", "this.select()")


def _hash(source: str) -> str:
    digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
    return f"'sha256-{digest}'"


POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-hashes' " + " ".join(_hash(h) for h in INLINE_HANDLERS),
        # No inline style: no style attribute, no <style> element (the libraries' own
        # styles are in app.css and network.css; scripts set styles through the CSSOM).
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicy:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", POLICY)
        return response


def policy_directives(header: str) -> dict[str, list[str]]:
    """A policy header as ``{directive: [sources]}`` (for tests and checks)."""
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


class RequestMemo:
    """Open the selectors' per-request memo (``lib.request_memo``) for a read-only request:
    a GET or HEAD sees one state of the data, so two panels asking the same question of
    it are answered once. Other methods write, and run without it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with request_scope():
            return self.get_response(request)
