"""The errors every API operation may answer, written into its schema in one place.

Each app declares its success answers; the refusals follow from the operation's shape
and are the same everywhere, so they are added here: 401 to an operation behind a
sign-in, 403 to writes and operations of a narrower level (``x-access``), 404 where an
id is given, 400 and 422 where a body or parameters are read, 409 where a ``version``
is taken, 503 (busy database) to writes. Integers are declared as the 64-bit values a
column holds (``convenor.lib.bounds``), as the API enforces.
"""

from __future__ import annotations

from typing import Any

from convenor.lib.bounds import INT64_MAX, INT64_MIN

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "title": "ErrorMessage",
}
_INVALID = {
    "type": "object",
    "title": "InvalidInput",
    "description": "What was wrong, per field: ``loc`` names the place (body, query, path "
    "and the field), ``msg`` says why.",
    "properties": {
        "detail": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                            "msg": {"type": "string"},
                        },
                        "required": ["loc", "msg"],
                    },
                },
                {"type": "object"},
            ]
        }
    },
    "required": ["detail"],
}
_STALE = {
    "type": "object",
    "title": "StaleVersion",
    "description": "The object changed since the version you sent; nothing was saved.",
    "properties": {
        "detail": {"type": "string"},
        "current_version": {"type": "integer"},
        "your_version": {"type": "integer"},
        "changed_by": {"type": "array", "items": {"type": "string"}},
        "conflicts": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["detail"],
}
COMPONENTS = {"ErrorMessage": _DETAIL, "InvalidInput": _INVALID, "StaleVersion": _STALE}

_ANSWERS: dict[str, tuple[str, str]] = {
    "400": ("The body is not JSON of the documented shape.", "ErrorMessage"),
    "401": ("Not signed in: send a bearer token or a session cookie.", "ErrorMessage"),
    "403": ("Your role does not allow this.", "ErrorMessage"),
    "404": ("Not found, or not in one of your workspaces.", "ErrorMessage"),
    "409": ("Stale version: someone changed it since you read it.", "StaleVersion"),
    "422": ("Invalid input: the field and the reason.", "InvalidInput"),
    "503": ("The database is busy; try again after Retry-After seconds.", "ErrorMessage"),
}
_WRITES = {"post", "put", "patch", "delete"}


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        found: dict[str, Any] = components.get(ref.rsplit("/", 1)[-1], {})
        return found
    return schema


def takes_version(operation: dict[str, Any], components: dict[str, Any]) -> bool:
    """Whether the operation is given the version it was drawn from (query or body)."""
    if any(p.get("name") == "version" for p in operation.get("parameters", [])):
        return True
    content = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        body = _resolve(media.get("schema", {}), components)
        if "version" in body.get("properties", {}):
            return True
    return False


def answers(method: str, operation: dict[str, Any], components: dict[str, Any]) -> list[str]:
    """The error statuses ``operation`` may answer, from its shape."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    found: list[str] = []
    if operation.get("security"):
        found.append("401")
    if method in _WRITES or operation.get("x-access") not in (None, "view"):
        found.append("403")
    if parameters or has_body:
        found.append("404")
        found.append("422")
    if has_body:
        found.append("400")
    if takes_version(operation, components):
        found.append("409")
    if method in _WRITES:
        found.append("503")
    return found


def _bound_integers(node: Any) -> None:
    if isinstance(node, dict):
        kind = node.get("type")
        if kind == "integer" or (isinstance(kind, list) and "integer" in kind):
            node.setdefault("format", "int64")
            node.setdefault("minimum", INT64_MIN)
            node.setdefault("maximum", INT64_MAX)
        for value in node.values():
            _bound_integers(value)
    elif isinstance(node, list):
        for value in node:
            _bound_integers(value)


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each operation's error answers and 64-bit integers stated."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in COMPONENTS.items():
        components.setdefault(name, definition)
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _WRITES | {"get", "head"}:
                continue
            responses = operation.setdefault("responses", {})
            have = {str(status) for status in responses}
            for status in answers(method, operation, components):
                if status in have:
                    continue
                description, component = _ANSWERS[status]
                responses[int(status)] = {
                    "description": description,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{component}"}
                        }
                    },
                }
    _bound_integers(schema.get("paths", {}))
    _bound_integers(components)
    return schema
