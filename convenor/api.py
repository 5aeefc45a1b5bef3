"""The REST API: one NinjaAPI, a router per app, token or session auth.

Every endpoint reaches data through ``convenor.workspaces.access`` like the
pages do, so an outsider gets 404 and a viewer cannot write.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from convenor.accounts.services import token_authenticate
from convenor.lib.errors import StaleVersionError
from convenor.routing import APPS


class BearerToken(HttpBearer):
    """``Authorization: Bearer cvn_...`` with a token from the Tokens page or ``convenor token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Convenor API",
    version="1",
    description=(
        "The Convenor REST API. Authenticate with `Authorization: Bearer <token>` "
        "(create tokens on the Tokens page or with `convenor token create EMAIL`). "
        "Updates carry the `version` you read; a stale one is refused with 409 and the "
        "differences. A user outside a workspace gets 404 for its objects."
    ),
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, payload: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, payload, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, {"detail": "Not found"})


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, {"detail": str(exc) or "Your role does not allow this."})


@api.exception_handler(StaleVersionError)
def stale(request: HttpRequest, exc: StaleVersionError) -> HttpResponse:
    return _error(request, 409, exc.as_dict())


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", field], "msg": " ".join(e.messages)}
            for field, errs in exc.error_dict.items()
            for e in errs
        ]
    else:
        errors = [{"loc": ["body"], "msg": m} for m in exc.messages]
    return _error(request, 422, {"detail": errors})


def _mount() -> None:
    for app in APPS:
        api.add_router("/", import_module(f"convenor.{app}.api").router)


_mount()
