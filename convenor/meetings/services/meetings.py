"""Writes for meetings and their time-boxed agendas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.lib.errors import Conflict, StaleVersionError
from convenor.meetings.models import AgendaItem, Attendance, EventType, Meeting
from convenor.meetings.services.attendance import invited, list_changed, set_invitees
from convenor.meetings.services.checks import (
    agenda_fits,
    agenda_minutes_without,
    names,
    require_objective,
    same_workspace,
)
from convenor.meetings.tasks import send_meeting_change
from convenor.partnerships.models import Partnership

MEETING_FIELDS = (
    "title",
    "event_type",
    "expectation",
    "starts_at",
    "ends_at",
    "location",
    "objective",
    "notes",
    "is_kickoff",
)

# A change of these after the invitations went out sends the invitees an update.
MOVED = ("starts_at", "ends_at", "location")


def meeting_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    objective: str,
    event_type: str = EventType.PARTNERSHIP_MEETING,
    expectation: str = "",
    location: str = "",
    notes: str = "",
    is_kickoff: bool = False,
    invitees: Iterable[Any] = (),
    agenda: Iterable[Any] = (),
) -> Meeting:
    """Schedule a meeting with its invitees and (optionally) a drafted agenda.

    ``agenda`` takes objects with ``title``, ``minutes`` and optionally
    ``owner_label`` and ``details`` (e.g. ``first_meeting.AgendaDraft``).
    """
    invitees = list(dict.fromkeys(invitees))
    agenda = list(agenda)
    require_objective(objective)
    same_workspace(partnership.workspace_id, "invitees", invitees)
    agenda_fits(sum(a.minutes for a in agenda), starts_at, ends_at, "ends_at")
    meeting = Meeting(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        title=title.strip(),
        event_type=event_type,
        expectation=expectation or "",
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        objective=objective.strip(),
        notes=notes,
        is_kickoff=is_kickoff,
    )
    with transaction.atomic():
        audit.create(actor=actor, instance=meeting)
        for person in invitees:
            audit.create(
                actor=actor,
                instance=Attendance(
                    workspace_id=meeting.workspace_id, meeting=meeting, person=person
                ),
            )
        for position, item in enumerate(agenda, start=1):
            audit.create(
                actor=actor,
                instance=AgendaItem(
                    workspace_id=meeting.workspace_id,
                    meeting=meeting,
                    position=position,
                    title=item.title,
                    minutes=item.minutes,
                    owner_label=getattr(item, "owner_label", ""),
                    details=getattr(item, "details", ""),
                ),
            )
    return meeting


def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Meeting:
    """Change a meeting (and its invitees, with ``changes["invitees"]``) at a known version.

    The meeting's version covers its invitees: changing them adds one, and a
    change of invitees based on an older version is refused with both lists.
    """
    changes = dict(changes)
    invitees = changes.pop("invitees", None)
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    for name in ("title", "location", "objective"):
        if isinstance(changes.get(name), str):
            changes[name] = changes[name].strip()
    if "objective" in changes:
        require_objective(changes["objective"])
    if invitees is not None:
        invitees = list(dict.fromkeys(invitees))
        same_workspace(meeting.workspace_id, "invitees", invitees)
    if meeting.is_cancelled and changes:
        raise ValidationError(
            "This meeting is cancelled: schedule a new one instead of editing it."
        )
    if "starts_at" in changes or "ends_at" in changes:
        agenda_fits(
            agenda_minutes_without(meeting, None),
            changes.get("starts_at", meeting.starts_at),
            changes.get("ends_at", meeting.ends_at),
            "ends_at",
        )
    with transaction.atomic():
        before = Meeting.objects.select_for_update().get(pk=meeting.pk)
        invited_before = invited(meeting.pk) if invitees is not None else []
        try:
            saved = cast(
                Meeting,
                audit.update(
                    actor=actor,
                    instance=meeting,
                    changes=changes,
                    expected_version=expected_version,
                ),
            )
        except StaleVersionError as exc:
            if invitees is None:
                raise
            conflicts = list(exc.conflicts)
            if {p.pk for p in invited_before} != {p.pk for p in invitees}:
                conflicts.append(
                    Conflict("invitees", "invitees", names(invited_before), names(invitees))
                )
            raise StaleVersionError(
                current=exc.current,
                expected_version=exc.expected_version,
                conflicts=conflicts,
                changed_by=exc.changed_by,
                label=str(exc.current._meta.verbose_name),
                lists=True,
            ) from None
        if invitees is not None and set_invitees(actor=actor, meeting=saved, invitees=invitees):
            saved = list_changed(
                actor=actor,
                meeting_id=saved.pk,
                invitees=True,
                changes={"invitees": [names(invited_before), names(invitees)]},
                note="invitees changed",
                meeting_saved=saved.version != before.version,
            )
        moved = [n for n in MOVED if n in changes and getattr(before, n) != getattr(saved, n)]
        if moved and before.invitations_sent_at is not None and saved.ends_at > timezone.now():
            # The invitees who have it in their calendar get the new time or place.
            # Queued in the same transaction (the database backend's row commits with it).
            send_meeting_change.enqueue(meeting_id=saved.pk, kind="update")
    return saved


def meeting_cancel(*, actor: Any, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """Call the meeting off: it stays in the record (and in calendar feeds, as cancelled),
    and the invitees who had an invitation get a cancellation (METHOD:CANCEL, the same
    UID, a higher SEQUENCE)."""
    if meeting.is_cancelled:
        raise ValidationError("This meeting is already cancelled.")
    if meeting.ends_at <= timezone.now():
        raise ValidationError("This meeting is over; only meetings to come can be cancelled.")
    with transaction.atomic():
        saved = cast(
            Meeting,
            audit.update(
                actor=actor,
                instance=meeting,
                changes={"cancelled_at": timezone.now()},
                expected_version=expected_version,
                note="meeting cancelled",
            ),
        )
        if saved.invitations_sent_at is not None:
            send_meeting_change.enqueue(meeting_id=saved.pk, kind="cancel")
    return saved


def meeting_delete(*, actor: Any, meeting: Meeting, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=meeting, expected_version=expected_version)


# --- agenda ----------------------------------------------------------------------


def agenda_item_create(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    minutes: int,
    owner: Any = None,
    owner_label: str = "",
    details: str = "",
    position: int | None = None,
) -> AgendaItem:
    """Add a time-boxed item; refused when the agenda would outlast the meeting."""
    same_workspace(meeting.workspace_id, "owner", [owner])
    if minutes is not None and minutes > 0:
        agenda_fits(
            agenda_minutes_without(meeting, None) + minutes,
            meeting.starts_at,
            meeting.ends_at,
            "minutes",
        )
    if position is None:
        last = AgendaItem.objects.filter(meeting=meeting).order_by("-position").first()
        position = (last.position if last else 0) + 1
    item = AgendaItem(
        workspace_id=meeting.workspace_id,
        meeting=meeting,
        position=position,
        title=title.strip(),
        minutes=minutes,
        owner=owner,
        owner_label=owner_label.strip(),
        details=details,
    )
    audit.create(actor=actor, instance=item)
    return item


def agenda_item_update(
    *, actor: Any, item: AgendaItem, changes: dict[str, Any], expected_version: int | None
) -> AgendaItem:
    unknown = set(changes) - {"title", "minutes", "owner", "owner_label", "details", "position"}
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if "owner" in changes:
        same_workspace(item.workspace_id, "owner", [changes["owner"]])
    if changes.get("minutes"):
        meeting = item.meeting
        agenda_fits(
            agenda_minutes_without(meeting, item) + changes["minutes"],
            meeting.starts_at,
            meeting.ends_at,
            "minutes",
        )
    return cast(
        AgendaItem,
        audit.update(
            actor=actor, instance=item, changes=changes, expected_version=expected_version
        ),
    )


def agenda_item_delete(
    *, actor: Any, item: AgendaItem, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=item, expected_version=expected_version)
