"""A ``values()`` query the ORM builds once per process and runs again with new values.

Building a query with Django's ORM (filters, subqueries, ``Exists``, joins) costs far
more than running it on a small table: the guide's member query takes about a
millisecond to run and ten to build. A page that asks the same question on every
view can keep the SQL the ORM wrote and bind the new values to it.

    members = Prepared(lambda ids: Member.objects.filter(partnership_id__in=ids).values(...))
    rows = members(ids)          # list of dicts, as list(queryset) gives

The query stays written once, in the ORM (the rule lives where it always did). The
first call of each shape (the number of items of each list argument, the database
vendor, the thread's connection) builds the query with stand-in values, finds where
each stand-in sits in the parameters Django wrote, and keeps the SQL, the parameters
and the compiler (whose converters turn database values into Python ones, as
``values()`` does). Later calls put the real values in those places and run the SQL.

It keeps to what it can prove: arguments are ints, strings or lists of them; a stand-in
that Django did not pass as a parameter (written into the SQL, or transformed on the
way) makes that shape fall back to building the query on every call, as before. A
query whose SQL depends on more than the shape of its arguments (a branch on a value
inside ``build``) must not be prepared.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ValuesIterable, ValuesListIterable

Arg = int | str | Sequence[int] | Sequence[str]

# Stand-ins: negative numbers no key takes, within a 32-bit integer (Django leaves a
# lookup out of a field's range out of the SQL, which would hide the stand-in).
_counter = itertools.count(1)
_lock = threading.Lock()
_UNSET: Any = object()
_MAX_PLANS = 64


def _stand_in(value: object) -> int | str:
    n = next(_counter)
    if isinstance(value, str):
        return f"\x1fprepared-stand-in-{n}\x1f"
    return -2_000_000_000 - n


class Prepared:
    """``build(*args)`` returns a ``values()`` or ``values_list()`` queryset; calling
    this runs its SQL and returns its rows as a list (dicts, tuples or flat values)."""

    def __init__(
        self, build: Callable[..., QuerySet[Any, Any]], *, using: str = DEFAULT_DB_ALIAS
    ) -> None:
        self.build = build
        self.using = using
        self._shapes: dict[tuple[Any, ...], _Plan | None] = {}

    def __call__(self, *args: Arg) -> list[Any]:
        shape = tuple(
            ("list", len(a), type(a[0]).__name__ if a else "")
            if isinstance(a, list | tuple)
            else type(a).__name__
            for a in args
        )
        connection = connections[self.using]
        key = (connection.vendor, id(connection), shape)
        plan: _Plan | None = self._shapes.get(key, _UNSET)
        if plan is _UNSET:
            with _lock:
                if len(self._shapes) >= _MAX_PLANS:
                    # A thread per request (runserver) brings a connection per thread.
                    self._shapes.clear()
                plan = self._shapes[key] = _Plan.make(self.build, args, self.using)
        if plan is None:
            return list(self.build(*args).using(self.using))
        return plan.run(args)


class _Plan:
    """The SQL one shape compiled to, where each argument goes, and how rows read."""

    def __init__(
        self,
        sql: str,
        params: list[Any],
        slots: list[tuple[int, int, int | None]],
        compiler: Any,
        names: list[str],
        db: str,
        kind: type,
    ) -> None:
        self.sql = sql
        self.params = params
        self.slots = slots  # (parameter position, argument, item of a list argument)
        self.compiler = compiler
        self.names = names
        self.db = db
        self.kind = kind

    @classmethod
    def make(
        cls, build: Callable[..., QuerySet[Any, Any]], args: tuple[Arg, ...], db: str
    ) -> _Plan | None:
        stand_ins: dict[object, tuple[int, int | None]] = {}
        fake: list[Arg] = []
        for i, arg in enumerate(args):
            if isinstance(arg, list | tuple):
                items = [_stand_in(item) for item in arg]
                stand_ins.update({s: (i, j) for j, s in enumerate(items)})
                fake.append(items)  # type: ignore[arg-type]
            else:
                single = _stand_in(arg)
                stand_ins[single] = (i, None)
                fake.append(single)
        queryset = build(*fake).using(db)
        kind = queryset._iterable_class
        if kind not in (ValuesIterable, ValuesListIterable, FlatValuesListIterable):
            return None  # model instances: built every time
        query = queryset.query
        compiler = query.get_compiler(using=db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        slots = []
        found: set[object] = set()
        for position, value in enumerate(params):
            if isinstance(value, int | str) and not isinstance(value, bool) and value in stand_ins:
                i, j = stand_ins[value]
                slots.append((position, i, j))
                found.add(value)
        if found != set(stand_ins):
            return None  # a stand-in went into the SQL text or was changed: not provable
        selected = getattr(query, "selected", None)
        names = (
            list(selected)
            if selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        return cls(sql, list(params), slots, compiler, names, db, kind)

    def run(self, args: tuple[Arg, ...]) -> list[Any]:
        params = list(self.params)
        for position, i, j in self.slots:
            arg = args[i]
            params[position] = arg[j] if j is not None else arg  # type: ignore[index]
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.kind is ValuesListIterable:
            return list(self.compiler.results_iter(results=[rows], tuple_expected=True))
        found = self.compiler.results_iter(results=[rows])
        if self.kind is FlatValuesListIterable:
            return [row[0] for row in found]
        names = self.names
        return [dict(zip(names, row, strict=False)) for row in found]
