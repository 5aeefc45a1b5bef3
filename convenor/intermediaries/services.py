"""Writes for intermediary selection: candidates, rubric, declared interests, convener history."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction

from convenor.audit import services as audit
from convenor.intermediaries.findings import suggested_kind
from convenor.intermediaries.models import (
    Candidate,
    CandidateStatus,
    ConvenerTerm,
    DeclaredInterest,
    Rubric,
)
from convenor.intermediaries.rubric import CRITERIA
from convenor.meetings.services import decision_create
from convenor.partnerships.models import Partnership

CANDIDATE_FIELDS = (
    "kind",
    "status",
    "is_willing",
    "notes",
    "shared_with_partners",
    *(f"{c.key}_score" for c in CRITERIA),
    *(f"{c.key}_evidence" for c in CRITERIA),
)
RUBRIC_FIELDS = (
    *(f"{c.key}_weight" for c in CRITERIA),
    "separate_fiscal_agent",
    "fiscal_agent_note",
)
INTEREST_FIELDS = (
    "person",
    "declared_by",
    "organisation",
    "kind",
    "description",
    "declared_on",
    "ended_on",
    "shared_with_partners",
)
TERM_FIELDS = ("fiscal_agent", "started_on", "ended_on", "reason")


def _same_workspace(partnership: Partnership, **objects: Any) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.workspace_id != partnership.workspace_id:
            raise ValidationError({name: "That record belongs to another workspace."})


def _check_fields(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")


def candidate_create(
    *, actor: Any, partnership: Partnership, organisation: Any, **fields: Any
) -> Candidate:
    """Add an organisation of the registry as a candidate; its type defaults from its category."""
    _check_fields(fields, CANDIDATE_FIELDS)
    _same_workspace(partnership, organisation=organisation)
    if Candidate.objects.filter(partnership=partnership, organisation=organisation).exists():
        raise ValidationError({"organisation": f"{organisation} is a candidate already."})
    if not fields.get("kind"):
        fields["kind"] = suggested_kind(
            organisation.category, organisation.education_type, organisation.name
        )
    saved = audit.create(
        actor=actor,
        instance=Candidate(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            organisation=organisation,
            **fields,
        ),
    )
    return cast(Candidate, saved)


def candidate_update(
    *, actor: Any, candidate: Candidate, changes: dict[str, Any], expected_version: int | None
) -> Candidate:
    _check_fields(changes, CANDIDATE_FIELDS)
    saved = audit.update(
        actor=actor, instance=candidate, changes=changes, expected_version=expected_version
    )
    return cast(Candidate, saved)


def candidate_delete(*, actor: Any, candidate: Candidate, expected_version: int | None) -> None:
    audit.delete(actor=actor, instance=candidate, expected_version=expected_version)


def rubric_save(
    *, actor: Any, partnership: Partnership, changes: dict[str, Any], expected_version: int | None
) -> Rubric:
    """Create the partnership's rubric on first save, update it (version-checked) after."""
    _check_fields(changes, RUBRIC_FIELDS)
    if sum(int(changes.get(f"{c.key}_weight", 1) or 0) for c in CRITERIA) == 0:
        raise ValidationError("Give at least one criterion a weight above zero.")
    rubric = Rubric.objects.filter(partnership=partnership).first()
    if rubric is None:
        saved = audit.create(
            actor=actor,
            instance=Rubric(
                workspace_id=partnership.workspace_id, partnership=partnership, **changes
            ),
        )
        return cast(Rubric, saved)
    saved = audit.update(
        actor=actor, instance=rubric, changes=changes, expected_version=expected_version
    )
    return cast(Rubric, saved)


def interest_create(*, actor: Any, partnership: Partnership, **fields: Any) -> DeclaredInterest:
    _check_fields(fields, INTEREST_FIELDS)
    _same_workspace(
        partnership, person=fields.get("person"), organisation=fields.get("organisation")
    )
    if not (fields.get("declared_by") or "").strip() and fields.get("person") is not None:
        fields["declared_by"] = fields["person"].name
    saved = audit.create(
        actor=actor,
        instance=DeclaredInterest(
            workspace_id=partnership.workspace_id, partnership=partnership, **fields
        ),
    )
    return cast(DeclaredInterest, saved)


def interest_update(
    *,
    actor: Any,
    interest: DeclaredInterest,
    changes: dict[str, Any],
    expected_version: int | None,
) -> DeclaredInterest:
    _check_fields(changes, INTEREST_FIELDS)
    _same_workspace(
        interest.partnership, person=changes.get("person"), organisation=changes.get("organisation")
    )
    saved = audit.update(
        actor=actor, instance=interest, changes=changes, expected_version=expected_version
    )
    return cast(DeclaredInterest, saved)


def interest_delete(
    *, actor: Any, interest: DeclaredInterest, expected_version: int | None
) -> None:
    audit.delete(actor=actor, instance=interest, expected_version=expected_version)


def convener_change(
    *,
    actor: Any,
    partnership: Partnership,
    convener: Any,
    started_on: dt.date,
    reason: str,
    fiscal_agent: Any = None,
    decided_by: str = "",
) -> ConvenerTerm:
    """Record who convenes from ``started_on``: end the running term, start the new one,
    mark the candidate selected, and log the change in the decision log."""
    _same_workspace(partnership, convener=convener, fiscal_agent=fiscal_agent)
    reason = reason.strip()
    with transaction.atomic():
        terms = list(
            ConvenerTerm.objects.select_for_update()
            .filter(partnership=partnership)
            .order_by("started_on", "id")
        )
        running = [t for t in terms if t.ended_on is None or t.ended_on > started_on]
        if any(t.started_on >= started_on for t in running):
            raise ValidationError(
                {
                    "started_on": "Another convener's term starts on or after that date; "
                    "edit the history instead."
                }
            )
        previous = running[-1] if running else None
        if previous is not None and previous.convener_id == convener.pk:
            raise ValidationError({"convener": f"{convener} convenes already."})
        if previous is not None and not reason:
            raise ValidationError(
                {
                    "reason": "Say why the convener changes: the initial intermediary is not "
                    "necessarily the long-term one, and the next one will want to know why."
                }
            )
        for term in running:
            audit.update(
                actor=actor,
                instance=term,
                changes={"ended_on": started_on},
                expected_version=None,
                note=f"Convener changed to {convener}",
            )
        fiscal = (
            f" {fiscal_agent} is fiscal agent."
            if fiscal_agent is not None and fiscal_agent.pk != convener.pk
            else (" It is also the fiscal agent." if fiscal_agent is not None else "")
        )
        text = (
            f"{convener} convenes the partnership from {started_on:%Y-%m-%d}"
            + (f", taking over from {previous.convener_name}" if previous else "")
            + "."
            + fiscal
            + (f" Why: {reason}" if reason else "")
        )
        decision = decision_create(
            actor=actor,
            partnership=partnership,
            text=text,
            decided_on=started_on,
            decided_by=decided_by or getattr(actor, "display_name", "") or str(actor or ""),
        )
        term = ConvenerTerm(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            convener=convener,
            convener_name=str(convener)[:200],
            fiscal_agent=fiscal_agent,
            fiscal_agent_name=str(fiscal_agent)[:200] if fiscal_agent else "",
            started_on=started_on,
            reason=reason,
            decision=decision,
        )
        audit.create(actor=actor, instance=term)
        if previous is not None and previous.convener_id is not None:
            # The former convener stays on the list, no longer the selected one.
            former = Candidate.objects.filter(
                partnership=partnership,
                organisation_id=previous.convener_id,
                status=CandidateStatus.SELECTED,
            ).first()
            if former is not None:
                audit.update(
                    actor=actor,
                    instance=former,
                    changes={"status": CandidateStatus.SHORTLISTED},
                    expected_version=None,
                    note=f"Convened until {started_on:%Y-%m-%d}",
                )
        candidate = Candidate.objects.filter(partnership=partnership, organisation=convener).first()
        if candidate is not None and candidate.status != CandidateStatus.SELECTED:
            audit.update(
                actor=actor,
                instance=candidate,
                changes={"status": CandidateStatus.SELECTED},
                expected_version=None,
                note="Became the convener",
            )
    return term


def term_update(
    *, actor: Any, term: ConvenerTerm, changes: dict[str, Any], expected_version: int | None
) -> ConvenerTerm:
    """Correct a term of the history (dates, fiscal agent, why)."""
    _check_fields(changes, TERM_FIELDS)
    changes = dict(changes)
    if "fiscal_agent" in changes:
        agent = changes["fiscal_agent"]
        _same_workspace(term.partnership, fiscal_agent=agent)
        changes["fiscal_agent_name"] = str(agent)[:200] if agent else ""
    saved = audit.update(
        actor=actor, instance=term, changes=changes, expected_version=expected_version
    )
    return cast(ConvenerTerm, saved)
