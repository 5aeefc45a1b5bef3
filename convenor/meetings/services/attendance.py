"""Writes for a meeting's invitee and attendance list, and its invitations.

The rows of a meeting's attendance are edited together (the attendance form
ticks them all at once, the meeting form sets the invitees), so the list has a
version of its own, ``Meeting.attendance_version``: every write that changes a
row adds one, and a form or API client that read an older one is refused. The
invitees are also part of the meeting as its form edits it, so changing them
adds one to the meeting's ``version`` too; recording who came does not (the
minutes being written meanwhile are not made stale by it).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.lib.errors import Conflict, StaleVersionError
from convenor.lib.words import counted, person_name
from convenor.meetings.models import Attendance, Meeting, Response
from convenor.meetings.services.checks import names, same_workspace
from convenor.meetings.tasks import send_meeting_invitations
from convenor.partners.models import Person


@dataclass(frozen=True)
class AttendanceList:
    """What a stale attendance edit is checked against: the list and its version."""

    meeting: Meeting
    version: int
    label: str = "invitee and attendance list of this meeting"


def _list_changed_by(meeting: Meeting, since: int) -> list[str]:
    """Who changed the list after version ``since``, from its audit entries."""
    entries = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting), object_id=str(meeting.pk)
        )
        .select_related("actor")
        .prefetch_related("actor__people")
        .order_by("-id")[:200]
    )
    out = []
    for entry in entries:
        versions = (entry.changes or {}).get("attendance_version")
        if isinstance(versions, list) and len(versions) == 2 and (versions[1] or 0) > since:
            # By name, as every other stale-edit message (words, not internals).
            out.append(
                person_name(entry.actor, meeting.workspace_id) if entry.actor else "the system"
            )
    return out


def _check_list(meeting: Meeting, expected_version: int | None, conflicts: list[Any]) -> None:
    """Refuse a write based on an older version of the list (``meeting`` is locked)."""
    if expected_version is None or meeting.attendance_version == expected_version:
        return
    current = AttendanceList(meeting, meeting.attendance_version)
    raise StaleVersionError(
        current=current,
        expected_version=expected_version,
        conflicts=conflicts,
        changed_by=_list_changed_by(meeting, expected_version),
        label=current.label,
        lists=True,
    )


def list_changed(
    *,
    actor: Any,
    meeting_id: int,
    invitees: bool,
    changes: dict[str, list[Any]],
    note: str,
    meeting_saved: bool = False,
) -> Meeting:
    """Add one to the list's version (and the meeting's, when the invitees changed and
    the meeting was not saved already in the same write), with an audit entry that says
    what changed."""
    bump: dict[str, Any] = {
        "attendance_version": F("attendance_version") + 1,
        "updated_at": timezone.now(),
    }
    if invitees and not meeting_saved:
        bump["version"] = F("version") + 1
    Meeting.objects.filter(pk=meeting_id).update(**bump)
    fresh = Meeting.objects.get(pk=meeting_id)
    subject = fresh
    if not invitees:
        # Not a new version of the meeting itself: keep the entry out of the
        # meeting's "changed by" list.
        subject = copy.copy(fresh)
        subject.version = None  # type: ignore[assignment]  # the entry then carries no version
    audit.record(
        actor=actor,
        instance=subject,
        action=AuditEntry.Action.UPDATE,
        changes={
            **changes,
            "attendance_version": [fresh.attendance_version - 1, fresh.attendance_version],
        },
        note=note,
    )
    return fresh


def invited(meeting_id: int) -> list[Person]:
    return [
        a.person
        for a in Attendance.objects.filter(meeting_id=meeting_id, invited=True).select_related(
            "person"
        )
    ]


def set_invitees(*, actor: Any, meeting: Meeting, invitees: list[Person]) -> bool:
    """Make ``invitees`` the invited rows; returns whether anything changed."""
    wanted = {p.pk: p for p in invitees}
    rows = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    changed = False
    for person_id, row in rows.items():
        if person_id not in wanted and row.invited:
            changed = True
            if row.attended:
                # They came: keep them in the attendance, no longer as an invitee.
                audit.update(
                    actor=actor, instance=row, changes={"invited": False}, expected_version=None
                )
            else:
                audit.delete(actor=actor, instance=row)
    for person_id, person in wanted.items():
        existing = rows.get(person_id)
        if existing is None:
            changed = True
            audit.create(
                actor=actor,
                instance=Attendance(
                    workspace_id=meeting.workspace_id, meeting=meeting, person=person
                ),
            )
        elif not existing.invited:
            changed = True
            audit.update(
                actor=actor, instance=existing, changes={"invited": True}, expected_version=None
            )
    return changed


def attendance_record(
    *,
    actor: Any,
    meeting: Meeting,
    attended_person_ids: Iterable[int],
    walk_ins: Iterable[Any] = (),
    expected_version: int | None = None,
) -> list[Attendance]:
    """Record who came: the invitees listed attended, the others did not; add walk-ins.

    ``expected_version`` is the list's version (``Meeting.attendance_version``) the
    form or API client read; an older one is refused with ``StaleVersionError``.
    ``None`` is for internal writes (demo data).
    """
    walk_ins = [p for p in walk_ins if p is not None]
    same_workspace(meeting.workspace_id, "walk_in", walk_ins)
    came = set(attended_person_ids) | {p.pk for p in walk_ins}
    with transaction.atomic():
        current = Meeting.objects.select_for_update().get(pk=meeting.pk)
        rows = {
            a.person_id: a
            for a in Attendance.objects.filter(meeting=meeting).select_related("person")
        }
        walk_ins = [p for p in dict.fromkeys(walk_ins) if p.pk not in rows]
        before = [a.person for a in rows.values() if a.attended]
        yours = [a.person for a in rows.values() if a.person_id in came] + walk_ins
        differs = {p.pk for p in before} != {p.pk for p in yours}
        _check_list(
            current,
            expected_version,
            [Conflict("attended", "attended", names(before), names(yours))] if differs else [],
        )
        changed = False
        for person_id, row in rows.items():
            value = person_id in came
            if row.attended is not value:
                changed = True
                audit.update(
                    actor=actor, instance=row, changes={"attended": value}, expected_version=None
                )
        for person in walk_ins:
            changed = True
            audit.create(
                actor=actor,
                instance=Attendance(
                    workspace_id=meeting.workspace_id,
                    meeting=meeting,
                    person=person,
                    invited=False,
                    attended=True,
                ),
            )
        if changed:
            list_changed(
                actor=actor,
                meeting_id=meeting.pk,
                invitees=False,
                changes={"attended": [names(before), names(yours)]},
                note="attendance recorded",
            )
    return list(Attendance.objects.filter(meeting=meeting).select_related("person"))


def attendance_update(
    *,
    actor: Any,
    attendance: Attendance,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Attendance:
    """Change one row at its version; the list's version (and the meeting's, for
    ``invited``) grows with it."""
    unknown = set(changes) - {"invited", "attended"}
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=attendance.meeting_id).first()
        before = Attendance.objects.select_related("person").get(pk=attendance.pk)
        saved = cast(
            Attendance,
            audit.update(
                actor=actor,
                instance=attendance,
                changes=changes,
                expected_version=expected_version,
            ),
        )
        if saved.version != before.version:
            invited_changed = saved.invited != before.invited
            list_changed(
                actor=actor,
                meeting_id=saved.meeting_id,
                invitees=invited_changed,
                changes={
                    name: [getattr(before, name), getattr(saved, name)]
                    for name in ("invited", "attended")
                    if getattr(saved, name) != getattr(before, name)
                },
                note=f"attendance of {before.person.name} changed",
            )
    return saved


# --- invitations -----------------------------------------------------------------


def meeting_invitations_send(*, actor: Any, meeting: Meeting) -> int:
    """Queue the invitation e-mails (objective, agenda, .ics) to every invitee with an address.

    Returns how many e-mails were queued. The ``convenor worker`` process sends them.
    """
    rows = list(
        Attendance.objects.filter(meeting=meeting, invited=True)
        .exclude(person__email="")
        .select_related("person")
    )
    if not rows:
        raise ValidationError(
            "No invitee has an e-mail address: add invitees, or their addresses in the "
            "partners registry."
        )
    if meeting.ends_at <= timezone.now():
        raise ValidationError("This meeting is over; invitations are for meetings to come.")
    if meeting.is_cancelled:
        raise ValidationError("This meeting is cancelled; invitations are for meetings to come.")
    with transaction.atomic():
        audit.record(
            actor=actor,
            instance=meeting,
            action=AuditEntry.Action.EVENT,
            note=f"invitations queued for {counted(len(rows), 'invitee')}",
        )
        send_meeting_invitations.enqueue(meeting_id=meeting.pk, attendance_ids=[a.pk for a in rows])
    return len(rows)


# --- answers to the invitation (RSVP) -------------------------------------------------


def attendance_respond(*, attendance: Attendance, response: str, via: str) -> bool:
    """Record an invitee's answer (``Response``), once per choice: the same answer again
    changes nothing and returns False. Answers close when the meeting starts.

    ``via`` says where the answer came from, for the audit trail (the invitation's
    signed link has no signed-in actor).
    """
    if response not in Response.values:
        raise ValidationError(f"{response!r} is not an answer (use accepted or declined).")
    with transaction.atomic():
        row = (
            Attendance.objects.select_for_update()
            .select_related("meeting", "person")
            .get(pk=attendance.pk)
        )
        meeting = row.meeting
        if meeting.is_cancelled:
            raise ValidationError(f"{meeting.title} is cancelled: there is nothing to answer.")
        if meeting.starts_at <= timezone.now():
            started = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d at %H:%M")
            raise ValidationError(
                f"{meeting.title} started on {started}: answers can no longer be changed."
            )
        if row.response == response:
            return False
        audit.update(
            actor=None,
            instance=row,
            changes={"response": response, "responded_at": timezone.now()},
            expected_version=None,
            note=f"{row.person.name} answered “{Response(response).label}” {via}",
        )
    return True
