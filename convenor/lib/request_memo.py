"""Answers kept for the length of one page view, so two panels asking the same question
of the database in one request ask it once.

The partnership page is made of every app's panel; the guide's facts and the partners,
outreach and planning panels each read the elected officials' briefings, the unions and
the employers per issue on their own (about 10 ms of its 96). A selector decorated with
:func:`per_request` answers from a dict that lives only while a GET or HEAD request is
served (:class:`convenor.lib.middleware.RequestMemo` opens it): a read-only request
sees one state of the data, so nothing has to be invalidated. Outside such a request
(a POST, a command, a task, a test calling the selector) the function simply runs.

Only selectors that read and return values their callers do not change belong here.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import models

F = TypeVar("F", bound=Callable[..., Any])

_MEMO: ContextVar[dict[Hashable, Any] | None] = ContextVar("convenor_request_memo", default=None)


@contextlib.contextmanager
def request_scope() -> Iterator[None]:
    """Keep the decorated selectors' answers until the block ends."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def _key(value: Any) -> Hashable:
    """A hashable stand-in for an argument: a saved row by its model and key, sequences
    by their items (``TypeError`` for what has no such stand-in)."""
    if isinstance(value, models.Model):
        if value.pk is None:
            raise TypeError("an unsaved row")
        return (type(value)._meta.label, value.pk)
    if isinstance(value, list | tuple):
        return tuple(_key(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(_key(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _key(v)) for k, v in value.items()))
    if not isinstance(value, str | int | float | bool | type(None)) and not hasattr(
        value, "isoformat"
    ):
        # Anything else (a generator, a queryset, an object) is not a question we can
        # recognise again: the call runs.
        raise TypeError(type(value).__name__)
    found: Hashable = value
    return found


def per_request(fn: F) -> F:
    """Answer repeated calls with equal arguments once per read-only request."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        memo = _MEMO.get()
        if memo is None:
            return fn(*args, **kwargs)
        try:
            key = (fn.__module__, fn.__qualname__, _key(args), _key(kwargs))
        except TypeError:
            return fn(*args, **kwargs)
        if key not in memo:
            memo[key] = fn(*args, **kwargs)
        return memo[key]

    return wrapper  # type: ignore[return-value]
