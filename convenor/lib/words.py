"""Words, not internals: how the app names a person, a sum of money and a count.

One place for pages (the ``words`` template filters), messages built in Python
(findings, conflicts, exports) and the API's text: "1 employer", "$52,340",
"Jordan Rivera" rather than "1 employers", "52340.0" or an e-mail address.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

NOT_DISCLOSED = "not disclosed"


def person_name(user: Any, workspace: Any = None) -> str:
    """The name a person goes by: the registry person linked to the sign-in, else the
    account's full name, else its e-mail address (nothing for no user).

    ``workspace`` (a Workspace or its id) picks the person of that workspace when the
    sign-in is linked in several. Reads ``user.people.all()``: prefetch it for a list.
    """
    if user is None or not getattr(user, "pk", None):
        return ""
    workspace_id = getattr(workspace, "pk", workspace)
    people = sorted(user.people.all(), key=lambda p: p.pk)
    if workspace_id is not None:
        people = [p for p in people if p.workspace_id == workspace_id] or people
    for person in people:
        if person.name:
            return str(person.name)
    return str(user.name or user.email)


def _number(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def money(value: Any, cents: Any = None) -> str:
    """Dollars with thousands separators: 52340 -> '$52,340', 18.5 -> '$18.50'.

    Whole dollars unless the value has cents (or ``cents`` is given: ``|money:2``).
    A missing or undisclosed figure is 'not disclosed', never $0.
    """
    number = _number(value)
    if number is None:
        return NOT_DISCLOSED
    places = 2 if cents not in (None, "", 0, "0") or number != number.to_integral() else 0
    sign = "-" if number < 0 else ""
    return f"{sign}${abs(number):,.{places}f}"


def counted(n: Any, singular: str, plural: str = "") -> str:
    """'1 employer', '3 employers', '0 employers' ("person" and the like: give the plural)."""
    try:
        one = int(n) == 1
    except (TypeError, ValueError):
        one = False
    word = singular if one else (plural or f"{singular}s")
    shown = f"{n:,}" if isinstance(n, int) and not isinstance(n, bool) else str(n)
    return f"{shown} {word}"


def agrees(n: Any, one: str, many: str) -> str:
    """The verb (or word) that agrees with a count: ``agrees(1, "is", "are")`` -> 'is'.

    With ``counted``: f"{counted(n, 'employer')} {agrees(n, 'is', 'are')} invited".
    """
    try:
        return one if int(n) == 1 else many
    except (TypeError, ValueError):
        return many
