"""Writes for readiness answers, life-cycle moves, group phases and tensions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from convenor.assessment.lifecycle import gate, next_stage, previous_stage, unmet
from convenor.assessment.models import (
    AnswerStatus,
    GroupPhaseNote,
    LifecycleMove,
    Phase,
    Question,
    ReadinessAnswer,
    Tension,
    TensionKind,
    TensionStatus,
)
from convenor.assessment.readiness import data_seen, signals
from convenor.assessment.selectors import partnership_facts
from convenor.audit import services as audit
from convenor.lib.words import counted
from convenor.meetings.services import decision_create
from convenor.partnerships.models import Partnership, Stage
from convenor.partnerships.services import partnership_update


def readiness_answer_save(
    *,
    actor: Any,
    partnership: Partnership,
    question: str,
    status: str,
    answer: str = "",
    evidence: str = "",
    shared_with_partners: bool = False,
    expected_version: int | None = None,
) -> ReadinessAnswer:
    """Create or update the staff's answer to one readiness question; partners at the
    table see it only when ``shared_with_partners``."""
    if question not in Question.values:
        raise ValidationError({"question": f"Unknown question {question!r}."})
    if status not in AnswerStatus.values:
        raise ValidationError({"status": f"Answer with one of: {', '.join(AnswerStatus.values)}."})
    facts = partnership_facts([partnership], team=True, extras=False)[partnership.pk]
    fields: dict[str, Any] = {
        "status": status,
        "answer": answer.strip(),
        "evidence": evidence.strip(),
        "shared_with_partners": bool(shared_with_partners),
        # The answer is given beside what the data says now; kept to flag it when that changes.
        "data_seen": data_seen(signals(facts)[question]),
    }
    existing = ReadinessAnswer.objects.filter(partnership=partnership, question=question).first()
    if existing is None:
        saved = audit.create(
            actor=actor,
            instance=ReadinessAnswer(
                workspace_id=partnership.workspace_id,
                partnership=partnership,
                question=question,
                answered_by=actor if getattr(actor, "is_authenticated", False) else None,
                **fields,
            ),
        )
        assert isinstance(saved, ReadinessAnswer)
        return saved
    if getattr(actor, "is_authenticated", False):
        fields["answered_by"] = actor
    saved = audit.update(
        actor=actor, instance=existing, changes=fields, expected_version=expected_version
    )
    assert isinstance(saved, ReadinessAnswer)
    return saved


def stage_move(
    *,
    actor: Any,
    partnership: Partnership,
    to_stage: str,
    expected_version: int | None,
    reason: str = "",
    moved_on: dt.date | None = None,
    decided_by: str = "",
) -> LifecycleMove:
    """Move the partnership to the next (or back to the previous) life-cycle stage.

    Moving on with unmet gate criteria, or moving back, needs a reason; the move
    is recorded as a decision in the decision log, with what was unmet and why.
    """
    if to_stage not in Stage.values:
        raise ValidationError({"to_stage": f"Unknown stage {to_stage!r}."})
    reason = reason.strip()
    moved_on = moved_on or timezone.localdate()
    with transaction.atomic():
        current = Partnership.objects.select_for_update().get(pk=partnership.pk)
        from_stage = Stage(current.stage)
        target = Stage(to_stage)
        forward = target == next_stage(from_stage)
        backward = target == previous_stage(from_stage)
        if not (forward or backward):
            raise ValidationError(
                {
                    "to_stage": f"From {from_stage.label} the partnership can move to "
                    + " or ".join(
                        s.label for s in (next_stage(from_stage), previous_stage(from_stage)) if s
                    )
                    + "."
                }
            )
        missing = (
            unmet(gate(partnership_facts([current], team=True)[current.pk], target))
            if forward
            else []
        )
        if backward and not reason:
            raise ValidationError({"reason": "Say why the partnership goes back a stage."})
        if missing and not reason:
            raise ValidationError(
                {
                    "reason": f"{counted(len(missing), 'criterion', 'criteria')} for "
                    f"{target.label} {'is' if len(missing) == 1 else 'are'} unmet: "
                    + "; ".join(m.reason for m in missing)
                    + ". Move anyway only with a reason, which is recorded."
                }
            )
        partnership_update(
            actor=actor,
            partnership=current,
            changes={"stage": target.value},
            expected_version=expected_version,
        )
        text = f"The partnership moves from {from_stage.label} to {target.label}."
        if missing:
            text += " Unmet: " + "; ".join(m.reason for m in missing) + "."
        if reason:
            text += f" Why: {reason}"
        decision = decision_create(
            actor=actor,
            partnership=current,
            text=text,
            decided_on=moved_on,
            decided_by=decided_by or getattr(actor, "display_name", "") or "",
        )
        saved = audit.create(
            actor=actor,
            instance=LifecycleMove(
                workspace_id=current.workspace_id,
                partnership=current,
                from_stage=from_stage.value,
                to_stage=target.value,
                moved_on=moved_on,
                reason=reason,
                unmet=[{"code": m.code, "reason": m.reason} for m in missing],
                decision=decision,
                moved_by=actor if getattr(actor, "is_authenticated", False) else None,
            ),
        )
        assert isinstance(saved, LifecycleMove)
        return saved


def phase_note_create(
    *,
    actor: Any,
    partnership: Partnership,
    phase: str,
    noted_on: dt.date,
    note: str = "",
    meeting: Any = None,
) -> GroupPhaseNote:
    if phase not in Phase.values:
        raise ValidationError({"phase": f"Use one of: {', '.join(Phase.values)}."})
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise ValidationError({"meeting": "That meeting belongs to another partnership."})
    saved = audit.create(
        actor=actor,
        instance=GroupPhaseNote(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            phase=phase,
            noted_on=noted_on,
            note=note.strip(),
            meeting=meeting,
            noted_by=actor if getattr(actor, "is_authenticated", False) else None,
        ),
    )
    assert isinstance(saved, GroupPhaseNote)
    return saved


def phase_note_delete(
    *, actor: Any, note: GroupPhaseNote, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=note, expected_version=expected_version)


# --- Tensions ------------------------------------------------------------------------

TENSION_FIELDS = (
    "kind",
    "what",
    "raised_on",
    "organisations",
    "meeting",
    "status",
    "resolution",
    "reconciled_on",
    "shared_with_partners",
)


def _tension_checked(partnership: Partnership, values: dict[str, Any]) -> dict[str, Any]:
    """Validate a tension's values as a whole; errors name the field."""
    errors: dict[str, str] = {}
    values["what"] = (values.get("what") or "").strip()
    values["resolution"] = (values.get("resolution") or "").strip()
    if values.get("kind") not in TensionKind.values:
        errors["kind"] = f"Use one of: {', '.join(TensionKind.values)}."
    if values.get("status") not in TensionStatus.values:
        errors["status"] = f"Use one of: {', '.join(TensionStatus.values)}."
    if not values["what"]:
        errors["what"] = "Say what the tension is."
    if not isinstance(values.get("shared_with_partners"), bool):
        errors["shared_with_partners"] = "Say whether partners see it: true or false."
    if not isinstance(values.get("raised_on"), dt.date):
        errors["raised_on"] = "Give the date the tension was raised."
    organisations = list(values.get("organisations") or [])
    if any(o.workspace_id != partnership.workspace_id for o in organisations):
        errors["organisations"] = "An organisation involved belongs to another workspace."
    values["organisations"] = organisations
    meeting = values.get("meeting")
    if meeting is not None and meeting.partnership_id != partnership.pk:
        errors["meeting"] = "That meeting belongs to another partnership."
    if values.get("status") == TensionStatus.RECONCILED:
        if not values["resolution"]:
            errors["resolution"] = "Say how the tension was reconciled."
        if values.get("reconciled_on") is None:
            values["reconciled_on"] = timezone.localdate()
    elif values.get("status") == TensionStatus.OPEN:
        values["reconciled_on"] = None
    raised_on, reconciled_on = values.get("raised_on"), values.get("reconciled_on")
    if (
        isinstance(raised_on, dt.date)
        and isinstance(reconciled_on, dt.date)
        and reconciled_on < raised_on
    ):
        errors["reconciled_on"] = "The tension cannot be reconciled before it was raised."
    if errors:
        raise ValidationError(errors)
    return values


def tension_create(
    *,
    actor: Any,
    partnership: Partnership,
    what: str,
    raised_on: dt.date,
    kind: str = TensionKind.MONEY,
    organisations: Any = (),
    meeting: Any = None,
    status: str = TensionStatus.OPEN,
    resolution: str = "",
    reconciled_on: dt.date | None = None,
    shared_with_partners: bool = False,
) -> Tension:
    """Record a tension among partners (money, roles, mission, other); partners at the
    table see it only when ``shared_with_partners``."""
    values = _tension_checked(
        partnership,
        {
            "kind": kind,
            "what": what,
            "raised_on": raised_on,
            "organisations": organisations,
            "meeting": meeting,
            "status": status,
            "resolution": resolution,
            "reconciled_on": reconciled_on,
            "shared_with_partners": shared_with_partners,
        },
    )
    organisations = values.pop("organisations")
    saved = audit.create(
        actor=actor,
        instance=Tension(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            raised_by=actor if getattr(actor, "is_authenticated", False) else None,
            **values,
        ),
        m2m={"organisations": organisations},
    )
    assert isinstance(saved, Tension)
    return saved


def tension_update(
    *,
    actor: Any,
    tension: Tension,
    changes: dict[str, Any],
    expected_version: int | None,
) -> Tension:
    """Change a tension (reconcile it, set it aside, reopen it) if still at the version seen."""
    unknown = set(changes) - set(TENSION_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in sorted(unknown)})
    values = {
        name: (
            list(tension.organisations.all()) if name == "organisations" else getattr(tension, name)
        )
        for name in TENSION_FIELDS
    }
    values.update(changes)
    values = _tension_checked(tension.partnership, values)
    changed = {name: values[name] for name in TENSION_FIELDS if name in changes}
    # Status moves carry their date with them: reconciled today, reopened without one.
    if "status" in changes:
        changed["reconciled_on"] = values["reconciled_on"]
    saved = audit.update(
        actor=actor, instance=tension, changes=changed, expected_version=expected_version
    )
    assert isinstance(saved, Tension)
    return saved


def tension_delete(*, actor: Any, tension: Tension, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=tension, expected_version=expected_version)
