"""Values the database cannot hold, found before they reach it, and named.

A 64-bit column (ids, limits, offsets) cannot hold an integer of 20 digits: SQLite
raised ``OverflowError`` and the API answered 500 (fuzzing found 109 such cases). The
API checks every integer it parsed against these bounds and answers 422 naming the
field; the database's own refusals (a ``null`` for a required column) are turned into
the same kind of message here, once, for every app.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.db import IntegrityError
from pydantic import BaseModel

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
TOO_BIG = f"must be between {INT64_MIN} and {INT64_MAX} (a 64-bit integer)"

Loc = tuple[str | int, ...]


def oversized_ints(value: Any, loc: Loc = ()) -> Iterator[Loc]:
    """The locations of integers in ``value`` that a 64-bit column cannot hold."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            yield loc
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from oversized_ints(getattr(value, name, None), (*loc, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from oversized_ints(item, (*loc, str(key)))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from oversized_ints(item, (*loc, index))


_NOT_NULL = (
    re.compile(r"NOT NULL constraint failed: [\w.]*?\.?(\w+)$"),  # SQLite
    re.compile(r'null value in column "(\w+)"'),  # PostgreSQL
)
_UNIQUE = (
    re.compile(r"UNIQUE constraint failed: (.+)$"),
    re.compile(r"duplicate key value violates unique constraint"),
)


def integrity_errors(exc: IntegrityError) -> list[dict[str, Any]]:
    """An ``IntegrityError`` as the API's 422 body: the field and what was wrong.

    Services validate what they can name; this is the last word for what reached the
    database anyway (a ``null`` sent for a required field in a PATCH).
    """
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    for pattern in _NOT_NULL:
        found = pattern.search(text)
        if found:
            field = found.group(1).removesuffix("_id")
            return [
                {
                    "loc": ["body", field],
                    "msg": f"{field} is required: send a value (null is not allowed).",
                    "type": "missing",
                }
            ]
    for pattern in _UNIQUE:
        found = pattern.search(text)
        if found:
            columns = (
                [c.split(".")[-1] for c in found.group(1).split(", ")] if found.groups() else []
            )
            names = ", ".join(columns) or "these values"
            return [
                {
                    "loc": ["body", *columns[:1]],
                    "msg": f"One with the same {names} exists already.",
                    "type": "unique",
                }
            ]
    return [
        {
            "loc": ["body"],
            "msg": "The values do not fit together (a reference to something that does "
            "not exist, or a rule of the data). Nothing was saved.",
            "type": "integrity",
        }
    ]
