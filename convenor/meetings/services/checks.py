"""Refusals every write of the meetings app shares: same partnership, same workspace,
an objective, an agenda that fits the meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from convenor.meetings.models import AgendaItem, Meeting
from convenor.partnerships.models import Partnership


def same_partnership(partnership: Partnership, **objects: Any) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.partnership_id != partnership.pk:
            raise ValidationError(
                {name: f"That {name.replace('_', ' ')} belongs to another partnership."}
            )


def all_same_partnership(partnership: Partnership, name: str, objects: Iterable[Any]) -> None:
    for obj in objects:
        if obj.partnership_id != partnership.pk:
            raise ValidationError({name: f"“{obj}” belongs to another partnership."})


def same_workspace(workspace_id: int, name: str, people: Iterable[Any]) -> None:
    for person in people:
        if person is not None and person.workspace_id != workspace_id:
            raise ValidationError(
                {name: f"{person} belongs to another workspace; pick people from your registry."}
            )


def require_objective(objective: str | None) -> None:
    if not (objective or "").strip():
        raise ValidationError(
            {"objective": "State the objective: never meet for the sake of meeting."}
        )


def agenda_fits(total: int, starts_at: Any, ends_at: Any, field: str) -> None:
    """Refuse an agenda of ``total`` minutes longer than the meeting (``field`` names the
    value to change)."""
    if not (isinstance(starts_at, dt.datetime) and isinstance(ends_at, dt.datetime)):
        return
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if ends_at > starts_at and total > minutes:
        raise ValidationError(
            {
                field: f"The agenda takes {total} minutes but the meeting lasts {minutes}: "
                "shorten the agenda or lengthen the meeting."
            }
        )


def agenda_minutes_without(meeting: Meeting, item: AgendaItem | None) -> int:
    """The agenda's minutes as saved, leaving out ``item`` (the one being changed)."""
    qs = AgendaItem.objects.filter(meeting=meeting)
    if item is not None:
        qs = qs.exclude(pk=item.pk)
    return sum(qs.values_list("minutes", flat=True))


def names(people: Iterable[Any]) -> str:
    """People as a refusal or an audit entry lists them."""
    return ", ".join(sorted(p.name for p in people)) or "nobody"
