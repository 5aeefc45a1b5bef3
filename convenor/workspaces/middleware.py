from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from convenor.workspaces.access import recording
from convenor.workspaces.selectors import current_membership


class CurrentWorkspaceMiddleware:
    """Puts ``request.membership`` (lazy) for navigation; views still use the access helpers.

    It also collects the access levels the helpers check while the request runs, as
    ``request.access_checked``: the route walker compares them with what each page
    and API operation declares.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.current_membership = SimpleLazyObject(lambda: current_membership(request))  # type: ignore[attr-defined]
        with recording() as checked:
            request.access_checked = checked  # type: ignore[attr-defined]
            return self.get_response(request)
