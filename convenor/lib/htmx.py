"""Whether a request came from htmx: one test for every app's views."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """Asked by htmx for a fragment (django-htmx's middleware sets ``request.htmx``)."""
    return bool(getattr(request, "htmx", False))
