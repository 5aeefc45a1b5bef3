"""Writes for meetings, agendas, attendance, decisions, action items and calendar feeds.

``decision_create`` and ``action_item_create`` are called by other apps too
(planning records a prioritisation consensus as a decision; assessment records
a stage move), so their signatures are part of the spine.
"""

from __future__ import annotations

import copy
import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from convenor.accounts.models import hash_token
from convenor.audit import services as audit
from convenor.audit.models import AuditEntry
from convenor.lib.errors import Conflict, StaleVersionError
from convenor.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Decision,
    EventType,
    Meeting,
)
from convenor.partnerships.models import Partnership

FEED_PREFIX = "cal_"
OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def _same_partnership(partnership: Partnership, **objects: Any) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.partnership_id != partnership.pk:
            raise ValidationError(
                {name: f"That {name.replace('_', ' ')} belongs to another partnership."}
            )


def _all_same_partnership(partnership: Partnership, name: str, objects: Iterable[Any]) -> None:
    for obj in objects:
        if obj.partnership_id != partnership.pk:
            raise ValidationError({name: f"“{obj}” belongs to another partnership."})


def _same_workspace(workspace_id: int, name: str, people: Iterable[Any]) -> None:
    for person in people:
        if person is not None and person.workspace_id != workspace_id:
            raise ValidationError(
                {name: f"{person} belongs to another workspace; pick people from your registry."}
            )


def _duration(starts_at: dt.datetime, ends_at: dt.datetime) -> int:
    return int((ends_at - starts_at).total_seconds() // 60)


def _check_agenda_fits(total: int, starts_at: Any, ends_at: Any, field: str) -> None:
    if not (isinstance(starts_at, dt.datetime) and isinstance(ends_at, dt.datetime)):
        return
    minutes = _duration(starts_at, ends_at)
    if ends_at > starts_at and total > minutes:
        raise ValidationError(
            {
                field: f"The agenda takes {total} minutes but the meeting lasts {minutes}: "
                "shorten the agenda or lengthen the meeting."
            }
        )


def _require_objective(objective: str | None) -> None:
    if not (objective or "").strip():
        raise ValidationError(
            {"objective": "State the objective: never meet for the sake of meeting."}
        )


# --- the invitee and attendance list: one version ---------------------------------
#
# The rows of a meeting's attendance are edited together (the attendance form
# ticks them all at once, the meeting form sets the invitees), so the list has a
# version of its own, ``Meeting.attendance_version``: every write that changes a
# row adds one, and a form or API client that read an older one is refused. The
# invitees are also part of the meeting as its form edits it, so changing them
# adds one to the meeting's ``version`` too; recording who came does not (the
# minutes being written meanwhile are not made stale by it).


@dataclass(frozen=True)
class AttendanceList:
    """What a stale attendance edit is checked against: the list and its version."""

    meeting: Meeting
    version: int
    label: str = "invitee and attendance list of this meeting"


def _names(people: Iterable[Any]) -> str:
    return ", ".join(sorted(p.name for p in people)) or "nobody"


def _list_changed_by(meeting: Meeting, since: int) -> list[str]:
    """Who changed the list after version ``since``, from its audit entries."""
    entries = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting), object_id=str(meeting.pk)
        )
        .select_related("actor")
        .order_by("-id")[:200]
    )
    out = []
    for entry in entries:
        versions = (entry.changes or {}).get("attendance_version")
        if isinstance(versions, list) and len(versions) == 2 and (versions[1] or 0) > since:
            out.append(entry.actor.email if entry.actor else "the system")
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


def _list_changed(
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
        subject.version = None
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


# --- meetings --------------------------------------------------------------------


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
    _require_objective(objective)
    _same_workspace(partnership.workspace_id, "invitees", invitees)
    _check_agenda_fits(sum(a.minutes for a in agenda), starts_at, ends_at, "ends_at")
    with transaction.atomic():
        meeting = audit.create(
            actor=actor,
            instance=Meeting(
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
            ),
        )
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


def _invited(meeting_id: int) -> list[Any]:
    return [
        a.person
        for a in Attendance.objects.filter(meeting_id=meeting_id, invited=True).select_related(
            "person"
        )
    ]


def _set_invitees(*, actor: Any, meeting: Meeting, invitees: list[Any]) -> bool:
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
        row = rows.get(person_id)
        if row is None:
            changed = True
            audit.create(
                actor=actor,
                instance=Attendance(
                    workspace_id=meeting.workspace_id, meeting=meeting, person=person
                ),
            )
        elif not row.invited:
            changed = True
            audit.update(
                actor=actor, instance=row, changes={"invited": True}, expected_version=None
            )
    return changed


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
        _require_objective(changes["objective"])
    if invitees is not None:
        invitees = list(dict.fromkeys(invitees))
        _same_workspace(meeting.workspace_id, "invitees", invitees)
    starts_at = changes.get("starts_at", meeting.starts_at)
    ends_at = changes.get("ends_at", meeting.ends_at)
    if "starts_at" in changes or "ends_at" in changes:
        from convenor.meetings.selectors import agenda_total

        _check_agenda_fits(agenda_total(meeting.pk), starts_at, ends_at, "ends_at")
    with transaction.atomic():
        before = Meeting.objects.select_for_update().get(pk=meeting.pk)
        invited_before = _invited(meeting.pk) if invitees is not None else []
        try:
            saved = audit.update(
                actor=actor, instance=meeting, changes=changes, expected_version=expected_version
            )
        except StaleVersionError as exc:
            if invitees is None:
                raise
            conflicts = list(exc.conflicts)
            if {p.pk for p in invited_before} != {p.pk for p in invitees}:
                conflicts.append(
                    Conflict("invitees", "invitees", _names(invited_before), _names(invitees))
                )
            raise StaleVersionError(
                current=exc.current,
                expected_version=exc.expected_version,
                conflicts=conflicts,
                changed_by=exc.changed_by,
                label=str(exc.current._meta.verbose_name),
                lists=True,
            ) from None
        if invitees is not None and _set_invitees(actor=actor, meeting=saved, invitees=invitees):
            saved = _list_changed(
                actor=actor,
                meeting_id=saved.pk,
                invitees=True,
                changes={"invitees": [_names(invited_before), _names(invitees)]},
                note="invitees changed",
                meeting_saved=saved.version != before.version,
            )
    return saved


def meeting_delete(*, actor: Any, meeting: Meeting, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=meeting, expected_version=expected_version)


# --- agenda ----------------------------------------------------------------------


def _agenda_total_without(meeting: Meeting, item: AgendaItem | None) -> int:
    qs = AgendaItem.objects.filter(meeting=meeting)
    if item is not None:
        qs = qs.exclude(pk=item.pk)
    return sum(qs.values_list("minutes", flat=True))


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
    _same_workspace(meeting.workspace_id, "owner", [owner])
    if minutes is not None and minutes > 0:
        _check_agenda_fits(
            _agenda_total_without(meeting, None) + minutes,
            meeting.starts_at,
            meeting.ends_at,
            "minutes",
        )
    if position is None:
        last = AgendaItem.objects.filter(meeting=meeting).order_by("-position").first()
        position = (last.position if last else 0) + 1
    return audit.create(
        actor=actor,
        instance=AgendaItem(
            workspace_id=meeting.workspace_id,
            meeting=meeting,
            position=position,
            title=title.strip(),
            minutes=minutes,
            owner=owner,
            owner_label=owner_label.strip(),
            details=details,
        ),
    )


def agenda_item_update(
    *, actor: Any, item: AgendaItem, changes: dict[str, Any], expected_version: int | None
) -> AgendaItem:
    unknown = set(changes) - {"title", "minutes", "owner", "owner_label", "details", "position"}
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if "owner" in changes:
        _same_workspace(item.workspace_id, "owner", [changes["owner"]])
    if changes.get("minutes"):
        meeting = item.meeting
        _check_agenda_fits(
            _agenda_total_without(meeting, item) + changes["minutes"],
            meeting.starts_at,
            meeting.ends_at,
            "minutes",
        )
    return audit.update(
        actor=actor, instance=item, changes=changes, expected_version=expected_version
    )


def agenda_item_delete(
    *, actor: Any, item: AgendaItem, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=item, expected_version=expected_version)


# --- attendance ------------------------------------------------------------------


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
    _same_workspace(meeting.workspace_id, "walk_in", walk_ins)
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
            [Conflict("attended", "attended", _names(before), _names(yours))] if differs else [],
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
            _list_changed(
                actor=actor,
                meeting_id=meeting.pk,
                invitees=False,
                changes={"attended": [_names(before), _names(yours)]},
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
        saved = audit.update(
            actor=actor, instance=attendance, changes=changes, expected_version=expected_version
        )
        if saved.version != before.version:
            invited_changed = saved.invited != before.invited
            _list_changed(
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
    from convenor.meetings.tasks import send_meeting_invitations

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
    with transaction.atomic():
        audit.record(
            actor=actor,
            instance=meeting,
            action=AuditEntry.Action.EVENT,
            note=f"invitations queued for {len(rows)} invitee(s)",
        )
        send_meeting_invitations.enqueue(meeting_id=meeting.pk, attendance_ids=[a.pk for a in rows])
    return len(rows)


# --- decisions -------------------------------------------------------------------


def decision_create(
    *,
    actor: Any,
    partnership: Partnership,
    text: str,
    decided_on: dt.date,
    decided_by: str = "",
    meeting: Meeting | None = None,
    touch: Any = None,
    issues: Iterable[Any] = (),
    goals: Iterable[Any] = (),
) -> Decision:
    """Record a decision in the partnership's decision log.

    ``issues`` and ``goals`` (planning objects) say what the decision changed;
    they must belong to the same partnership.
    """
    issues, goals = list(issues), list(goals)
    _same_partnership(partnership, meeting=meeting, touch=touch)
    _all_same_partnership(partnership, "issues", issues)
    _all_same_partnership(partnership, "goals", goals)
    if not text.strip():
        raise ValidationError({"text": "Write what was decided."})
    m2m = {name: values for name, values in (("issues", issues), ("goals", goals)) if values}
    return audit.create(
        actor=actor,
        instance=Decision(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            text=text.strip(),
            decided_on=decided_on,
            decided_by=decided_by.strip(),
            meeting=meeting,
            touch=touch,
        ),
        m2m=m2m,
    )


def decision_update(
    *,
    actor: Any,
    decision: Decision,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Decision:
    changes = dict(changes)
    links = {name: list(changes.pop(name)) for name in ("issues", "goals") if name in changes}
    unknown = set(changes) - {"text", "decided_on", "decided_by", "meeting", "touch"}
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    partnership = decision.partnership
    _same_partnership(partnership, meeting=changes.get("meeting"), touch=changes.get("touch"))
    for name, values in links.items():
        _all_same_partnership(partnership, name, values)
    if "text" in changes:
        changes["text"] = changes["text"].strip()
        if not changes["text"]:
            raise ValidationError({"text": "Write what was decided."})
    with transaction.atomic():
        saved = audit.update(
            actor=actor, instance=decision, changes=changes, expected_version=expected_version
        )
        for name, values in links.items():
            before = {o.pk for o in getattr(saved, name).all()}
            if before != {o.pk for o in values}:
                getattr(saved, name).set(values)
                audit.record(
                    actor=actor,
                    instance=saved,
                    action=AuditEntry.Action.UPDATE,
                    changes={name: [sorted(before), sorted(o.pk for o in values)]},
                    note=f"{name} linked",
                )
    return saved


def decision_delete(*, actor: Any, decision: Decision, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=decision, expected_version=expected_version)


# --- action items ----------------------------------------------------------------


def action_item_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    owner: Any = None,
    due_on: dt.date | None = None,
    status: str = ActionStatus.OPEN,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    """Create an action item (an action-plan step when a goal links it)."""
    _same_partnership(partnership, meeting=meeting, decision=decision)
    if owner is not None and owner.workspace_id != partnership.workspace_id:
        raise ValidationError({"owner": "That person belongs to another workspace."})
    if not title.strip():
        raise ValidationError({"title": "Say what must be done."})
    return audit.create(
        actor=actor,
        instance=ActionItem(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            title=title.strip(),
            owner=owner,
            due_on=due_on,
            status=status,
            meeting=meeting,
            decision=decision,
            completed_on=timezone.localdate() if status == ActionStatus.DONE else None,
        ),
    )


def _with_completion(item: ActionItem, changes: dict[str, Any]) -> dict[str, Any]:
    status = changes.get("status")
    if status == ActionStatus.DONE and item.status != ActionStatus.DONE:
        changes.setdefault("completed_on", timezone.localdate())
    elif status is not None and status != ActionStatus.DONE:
        changes["completed_on"] = None
    return changes


def action_item_update(
    *,
    actor: Any,
    item: ActionItem,
    changes: dict[str, Any],
    expected_version: int | None,
) -> ActionItem:
    changes = dict(changes)
    unknown = set(changes) - {"title", "owner", "due_on", "status", "meeting", "decision"}
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    partnership = item.partnership
    _same_partnership(partnership, meeting=changes.get("meeting"), decision=changes.get("decision"))
    if changes.get("owner") is not None:
        _same_workspace(item.workspace_id, "owner", [changes["owner"]])
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    return audit.update(
        actor=actor,
        instance=item,
        changes=_with_completion(item, changes),
        expected_version=expected_version,
    )


def action_item_set_status(
    *,
    actor: Any,
    item: ActionItem,
    status: str,
    expected_version: int | None,
    can_edit: bool,
) -> ActionItem:
    """Change the status; partners may do so on the items they own, staff on any."""
    owner_user_id = item.owner.user_id if item.owner_id and item.owner else None
    if not can_edit and (owner_user_id is None or owner_user_id != actor.pk):
        raise PermissionDenied("You can change the status of your own action items only.")
    if status not in ActionStatus.values:
        raise ValidationError({"status": f"Unknown status {status!r}."})
    return audit.update(
        actor=actor,
        instance=item,
        changes=_with_completion(item, {"status": status}),
        expected_version=expected_version,
    )


def action_item_delete(
    *, actor: Any, item: ActionItem, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=item, expected_version=expected_version)


# --- calendar feeds --------------------------------------------------------------


def calendar_feed_create(
    *, actor: Any, partnership: Partnership, name: str
) -> tuple[CalendarFeed, str]:
    """A new private feed URL secret; returns it raw once, only its hash is kept."""
    raw = FEED_PREFIX + secrets.token_urlsafe(32)
    feed = audit.create(
        actor=actor,
        instance=CalendarFeed(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            name=name.strip() or "Calendar",
            prefix=raw[:10],
            key_hash=hash_token(raw),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
    )
    return feed, raw


def calendar_feed_revoke(*, actor: Any, feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is not None:
        return feed
    return audit.update(
        actor=actor,
        instance=feed,
        changes={"revoked_at": timezone.now()},
        expected_version=None,
        note="calendar feed revoked",
    )


def calendar_feed_for_token(raw: str) -> CalendarFeed | None:
    """The active feed a subscription URL names, or None (wrong, malformed or revoked)."""
    if not raw.startswith(FEED_PREFIX) or len(raw) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("partnership")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if feed is not None:
        now = timezone.now()
        if feed.last_used_at is None or now - feed.last_used_at > dt.timedelta(hours=1):
            # A usage stamp, not an edit: no version bump, no audit entry per poll.
            CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed
