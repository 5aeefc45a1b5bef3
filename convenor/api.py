"""The REST API: one NinjaAPI, a router per app, token or session auth.

Every endpoint reaches data through ``convenor.workspaces.access`` like the
pages do, so an outsider gets 404 and a viewer cannot write.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from convenor.accounts.services import token_authenticate
from convenor.lib.bounds import TOO_BIG, integrity_errors, oversized_ints
from convenor.lib.errors import StaleVersionError
from convenor.lib.openapi import document_errors
from convenor.routing import APPS

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    """``Authorization: Bearer cvn_...`` with a token from the Tokens page or ``convenor token``."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class ConvenorAPI(NinjaAPI):
    """The API whose schema states the errors each operation answers (400, 401, 403,
    404, 409, 422, 503), added in one place from the operation's method, parameters and
    whether it takes a version (``convenor.lib.openapi``)."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(*args, **kwargs))


api = ConvenorAPI(
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


@api.exception_handler(IntegrityError)
def refused_by_database(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # What the services did not name reached a database rule (a null for a required
    # column): the request's fault, said as such, never a 500.
    logger.info("integrity error on %s %s: %s", request.method, request.path, exc)
    return _error(request, 422, {"detail": integrity_errors(exc)})


@api.exception_handler(DataError)
def refused_value(request: HttpRequest, exc: DataError) -> HttpResponse:
    # A value the database cannot hold (PostgreSQL refuses a NUL character in text, even
    # in a search): the request's fault, never a 500.
    logger.info("data error on %s %s: %s", request.method, request.path, exc)
    message = "A value holds something the database cannot store (e.g. a NUL character)."
    return _error(request, 422, {"detail": [{"loc": ["request"], "msg": message, "type": "value"}]})


@api.exception_handler(OverflowError)
def overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    # A number too large for a column or a date; the parsed parameters are checked
    # first (``bounded``), this is the net under values read some other way.
    return _error(
        request,
        422,
        {
            "detail": [
                {"loc": ["query"], "msg": f"A value is out of range: {exc}.", "type": "overflow"}
            ]
        },
    )


def bounded(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse integers a 64-bit column cannot hold in any parameter, naming the field.

    Applied to every operation after ninja's validation: ``values`` are the parsed path,
    query and body parameters by name.
    """
    operation = getattr(view, "_ninja_operation", None)
    sources: dict[str, str] = {}
    for model in getattr(operation, "models", ()):
        for name in model.model_fields:
            sources[name] = getattr(model, "__ninja_param_source__", None) or "body"

    @functools.wraps(view)
    def checked(request: HttpRequest, **values: Any) -> Any:
        errors = [
            {"loc": [sources.get(name, "body"), name, *loc], "msg": TOO_BIG, "type": "int_too_big"}
            for name, value in values.items()
            for loc in oversized_ints(value)
        ]
        if errors:
            raise NinjaValidationError(errors)
        return view(request, **values)

    return checked


api.add_decorator(bounded, mode="operation")


def _mount() -> None:
    for app in APPS:
        api.add_router("/", import_module(f"convenor.{app}.api").router)


_mount()
