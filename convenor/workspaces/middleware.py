from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from convenor.workspaces.selectors import current_membership


class CurrentWorkspaceMiddleware:
    """Puts ``request.membership`` (lazy) for navigation; views still use the access helpers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.current_membership = SimpleLazyObject(lambda: current_membership(request))
        return self.get_response(request)
