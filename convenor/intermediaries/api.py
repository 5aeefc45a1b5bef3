"""API for intermediary selection: candidates and rubric, conflict findings, convener
history, declared interests. Same access rules and the same words as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from convenor.intermediaries import selectors, services
from convenor.intermediaries.models import (
    Candidate,
    CandidateStatus,
    ConvenerTerm,
    DeclaredInterest,
    InterestKind,
    Kind,
)
from convenor.intermediaries.rubric import CRITERIA, CRITERION_KEYS
from convenor.lib.schemas import FindingOut, Message
from convenor.partners.models import Organisation, Person
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import object_for, partnership_for
from convenor.workspaces.models import Access

router = Router(tags=["intermediaries"])
Score = int | None
TEXT = 20_000  # free text, as the forms bound it
SHARE = (
    "Shown to partner-role members when true; candidates' scores and declared interests "
    "are the convener team's by default."
)


class CriterionOut(Schema):
    key: str
    label: str
    help: str
    source: str
    optional: bool


class CandidateIn(Schema):
    organisation_id: int = Field(description="An organisation of the workspace's registry.")
    kind: Kind | None = Field(None, description="Default: suggested from its registry category.")
    status: CandidateStatus = CandidateStatus.CONSIDERING
    is_willing: bool | None = None
    notes: str = Field("", max_length=TEXT)
    understanding_score: Score = Field(None, ge=1, le=5)
    understanding_evidence: str = Field("", max_length=TEXT)
    staffing_score: Score = Field(None, ge=1, le=5)
    staffing_evidence: str = Field("", max_length=TEXT)
    employers_score: Score = Field(None, ge=1, le=5)
    employers_evidence: str = Field("", max_length=TEXT)
    systems_score: Score = Field(None, ge=1, le=5)
    systems_evidence: str = Field("", max_length=TEXT)
    fiscal_score: Score = Field(None, ge=1, le=5)
    fiscal_evidence: str = Field("", max_length=TEXT)
    neutrality_score: Score = Field(None, ge=1, le=5)
    neutrality_evidence: str = Field("", max_length=TEXT)
    shared_with_partners: bool = Field(False, description=SHARE)


class CandidatePatch(Schema):
    version: int = Field(description="The version you read; a stale one gets 409.")
    kind: Kind | None = None
    status: CandidateStatus | None = None
    is_willing: bool | None = None
    notes: str | None = Field(None, max_length=TEXT)
    understanding_score: Score = Field(None, ge=1, le=5)
    understanding_evidence: str | None = Field(None, max_length=TEXT)
    staffing_score: Score = Field(None, ge=1, le=5)
    staffing_evidence: str | None = Field(None, max_length=TEXT)
    employers_score: Score = Field(None, ge=1, le=5)
    employers_evidence: str | None = Field(None, max_length=TEXT)
    systems_score: Score = Field(None, ge=1, le=5)
    systems_evidence: str | None = Field(None, max_length=TEXT)
    fiscal_score: Score = Field(None, ge=1, le=5)
    fiscal_evidence: str | None = Field(None, max_length=TEXT)
    neutrality_score: Score = Field(None, ge=1, le=5)
    neutrality_evidence: str | None = Field(None, max_length=TEXT)
    shared_with_partners: bool | None = Field(None, description=SHARE)


class CandidateOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    kind: str
    kind_label: str
    status: str
    is_willing: bool | None
    scores: dict[str, Score]
    evidence: dict[str, str]
    weighted_score: float | None
    missing: list[str]
    strengths: list[str]
    is_convener: bool
    notes: str
    shared_with_partners: bool
    version: int


class RubricIn(Schema):
    version: int | None = Field(
        None, description="The version you read (none before a first save)."
    )
    weights: dict[str, int] = Field(
        default_factory=dict, description=f"0-5 per criterion: {', '.join(CRITERION_KEYS)}"
    )
    separate_fiscal_agent: bool = False
    fiscal_agent_note: str = Field("", max_length=TEXT)


class RubricOut(Schema):
    version: int | None
    weights: dict[str, int]
    separate_fiscal_agent: bool
    fiscal_agent_note: str
    criteria: list[CriterionOut]


class TermOut(Schema):
    id: int
    convener_id: int | None
    convener: str
    fiscal_agent_id: int | None
    fiscal_agent: str
    fiscal_agent_is_convener: bool
    started_on: dt.date
    ended_on: dt.date | None
    reason: str
    decision_id: int | None
    version: int


class ConvenerChangeIn(Schema):
    convener_id: int
    started_on: dt.date
    reason: str = Field(
        "", max_length=TEXT, description="Required when the convener replaces another."
    )
    fiscal_agent_id: int | None = None
    decided_by: str = Field("", max_length=300)


class InterestIn(Schema):
    person_id: int | None = None
    declared_by: str = Field(
        "", max_length=200, description="Who declares (filled from the person if given)."
    )
    organisation_id: int | None = Field(None, description="The organisation the interest is in.")
    kind: InterestKind
    description: str = Field(min_length=1, max_length=TEXT)
    declared_on: dt.date
    ended_on: dt.date | None = None
    shared_with_partners: bool = Field(False, description=SHARE)


class InterestPatch(Schema):
    version: int
    declared_by: str | None = Field(None, max_length=200)
    kind: InterestKind | None = None
    description: str | None = Field(None, min_length=1, max_length=TEXT)
    declared_on: dt.date | None = None
    ended_on: dt.date | None = None
    shared_with_partners: bool | None = Field(None, description=SHARE)


class InterestOut(Schema):
    id: int
    person_id: int | None
    declared_by: str
    organisation_id: int | None
    organisation: str
    kind: str
    description: str
    declared_on: dt.date
    ended_on: dt.date | None
    shared_with_partners: bool
    version: int


def _given(payload: Schema) -> dict[str, Any]:
    """The fields a PATCH names; a null share flag means no change (the column is required)."""
    changes = payload.dict(exclude_unset=True)
    if changes.get("shared_with_partners", False) is None:
        del changes["shared_with_partners"]
    return changes


def _organisation(
    partnership: Partnership, organisation_id: int | None, field: str
) -> Organisation | None:
    if organisation_id is None:
        return None
    org = Organisation.objects.filter(
        workspace_id=partnership.workspace_id, pk=organisation_id
    ).first()
    if org is None:
        raise ValidationError({field: f"No organisation {organisation_id} in this workspace."})
    return org


def _candidate_out(row: selectors.CandidateRow) -> dict[str, Any]:
    c = row.candidate
    return {
        "id": c.pk,
        "organisation_id": c.organisation_id,
        "organisation": c.organisation.name,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "status": c.status,
        "is_willing": c.is_willing,
        "scores": c.scores(),
        "evidence": c.evidence(),
        "weighted_score": row.score.value,
        "missing": row.score.missing,
        "strengths": row.strengths,
        "is_convener": row.is_convener,
        "notes": c.notes,
        "shared_with_partners": c.shared_with_partners,
        "version": c.version,
    }


def _rows(partnership: Partnership) -> selectors.IntermediaryFacts:
    """The facts as the caller may see them (``partnership.membership`` is the caller's)."""
    return selectors.facts_for(partnership, partnership.membership, dt.date.today())


@router.get(
    "/partnerships/{partnership_id}/intermediary/candidates",
    response=list[CandidateOut],
    summary="Candidate intermediaries with their rubric scores, best weighted score first "
    "(a partner sees the candidates shared with partners)",
)
def candidate_list(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    return [_candidate_out(r) for r in _rows(partnership).candidates]


@router.post(
    "/partnerships/{partnership_id}/intermediary/candidates",
    response={201: CandidateOut},
    summary="Add a candidate intermediary from the registry (staff, owner)",
)
def candidate_create(
    request: HttpRequest, partnership_id: int, payload: CandidateIn
) -> Status[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict()
    org = _organisation(partnership, data.pop("organisation_id"), "organisation_id")
    data["kind"] = data["kind"] or ""
    candidate = services.candidate_create(
        actor=request.user, partnership=partnership, organisation=org, **data
    )
    row = next(r for r in _rows(partnership).candidates if r.candidate.pk == candidate.pk)
    return Status(201, _candidate_out(row))


def _candidate(
    request: HttpRequest, partnership_id: int, candidate_id: int, need: Access
) -> Candidate:
    partnership = partnership_for(request.user, partnership_id, need)
    visible = selectors.candidates_visible(partnership, partnership.membership)
    candidate = object_for(request.user, visible, need=need, pk=candidate_id)
    candidate.partnership = partnership  # with the caller's membership attached
    return candidate


@router.get(
    "/partnerships/{partnership_id}/intermediary/candidates/{candidate_id}",
    response=CandidateOut,
    summary="One candidate intermediary",
)
def candidate_detail(
    request: HttpRequest, partnership_id: int, candidate_id: int
) -> dict[str, Any]:
    candidate = _candidate(request, partnership_id, candidate_id, Access.VIEW)
    rows = _rows(candidate.partnership).candidates
    return _candidate_out(next(r for r in rows if r.candidate.pk == candidate.pk))


@router.patch(
    "/partnerships/{partnership_id}/intermediary/candidates/{candidate_id}",
    response=CandidateOut,
    summary="Score a candidate or change its status (staff, owner); send the version you read",
)
def candidate_update(
    request: HttpRequest, partnership_id: int, candidate_id: int, payload: CandidatePatch
) -> dict[str, Any]:
    candidate = _candidate(request, partnership_id, candidate_id, Access.EDIT)
    changes = _given(payload)
    version = changes.pop("version")
    services.candidate_update(
        actor=request.user, candidate=candidate, changes=changes, expected_version=version
    )
    return candidate_detail(request, partnership_id, candidate_id)


@router.delete(
    "/partnerships/{partnership_id}/intermediary/candidates/{candidate_id}",
    response=Message,
    summary="Remove a candidate (staff, owner)",
)
def candidate_delete(
    request: HttpRequest, partnership_id: int, candidate_id: int, version: int
) -> dict[str, str]:
    candidate = _candidate(request, partnership_id, candidate_id, Access.EDIT)
    services.candidate_delete(actor=request.user, candidate=candidate, expected_version=version)
    return {"detail": f"Candidate {candidate_id} removed."}


def _rubric_out(partnership: Partnership) -> dict[str, Any]:
    rubric = selectors.rubric_of(partnership)
    return {
        "version": rubric.version if rubric.pk else None,
        "weights": rubric.weights(),
        "separate_fiscal_agent": rubric.separate_fiscal_agent,
        "fiscal_agent_note": rubric.fiscal_agent_note,
        "criteria": [c.__dict__ for c in CRITERIA],
    }


@router.get(
    "/partnerships/{partnership_id}/intermediary/rubric",
    response=RubricOut,
    summary="The rubric's criteria, weights and fiscal-agent choice",
)
def rubric_detail(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    return _rubric_out(partnership_for(request.user, partnership_id))


@router.put(
    "/partnerships/{partnership_id}/intermediary/rubric",
    response=RubricOut,
    summary="Set the weights (0-5 per criterion) and the fiscal-agent choice (staff, owner)",
)
def rubric_update(request: HttpRequest, partnership_id: int, payload: RubricIn) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    unknown = set(payload.weights) - set(CRITERION_KEYS)
    if unknown:
        raise ValidationError({"weights": f"Unknown criteria: {', '.join(sorted(unknown))}."})
    if any(not 0 <= w <= 5 for w in payload.weights.values()):
        raise ValidationError({"weights": "A weight is 0 (leave out) to 5."})
    current = selectors.rubric_of(partnership).weights()
    current.update(payload.weights)
    changes: dict[str, Any] = {f"{k}_weight": v for k, v in current.items()}
    changes["separate_fiscal_agent"] = payload.separate_fiscal_agent
    changes["fiscal_agent_note"] = payload.fiscal_agent_note
    services.rubric_save(
        actor=request.user,
        partnership=partnership,
        changes=changes,
        expected_version=payload.version,
    )
    return _rubric_out(partnership)


@router.get(
    "/partnerships/{partnership_id}/intermediary/findings",
    response=list[FindingOut],
    summary="Conflict-of-interest findings about the candidates and the convener",
)
def conflict_list(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    return [f.as_dict() for f in _rows(partnership).conflicts]


def _term_out(t: ConvenerTerm) -> dict[str, Any]:
    return {
        "id": t.pk,
        "convener_id": t.convener_id,
        "convener": t.convener_name,
        "fiscal_agent_id": t.fiscal_agent_id,
        "fiscal_agent": t.fiscal_agent_name,
        "fiscal_agent_is_convener": t.fiscal_agent_is_convener,
        "started_on": t.started_on,
        "ended_on": t.ended_on,
        "reason": t.reason,
        "decision_id": t.decision_id,
        "version": t.version,
    }


@router.get(
    "/partnerships/{partnership_id}/intermediary/history",
    response=list[TermOut],
    summary="Who convened and who was fiscal agent, from when to when, and why it changed",
)
def history(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    return [_term_out(t) for t in selectors.terms_of(partnership)]


@router.post(
    "/partnerships/{partnership_id}/intermediary/history",
    response={201: TermOut},
    summary="Record a (new) convener from a date; logged in the decision log (staff, owner)",
)
def convener_change(
    request: HttpRequest, partnership_id: int, payload: ConvenerChangeIn
) -> Status[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    convener = _organisation(partnership, payload.convener_id, "convener_id")
    fiscal = _organisation(partnership, payload.fiscal_agent_id, "fiscal_agent_id")
    term = services.convener_change(
        actor=request.user,
        partnership=partnership,
        convener=convener,
        started_on=payload.started_on,
        reason=payload.reason,
        fiscal_agent=fiscal,
        decided_by=payload.decided_by,
    )
    return Status(201, _term_out(term))


def _interest_out(i: DeclaredInterest) -> dict[str, Any]:
    return {
        "id": i.pk,
        "person_id": i.person_id,
        "declared_by": i.declared_by,
        "organisation_id": i.organisation_id,
        "organisation": i.organisation.name if i.organisation else "",
        "kind": i.kind,
        "description": i.description,
        "declared_on": i.declared_on,
        "ended_on": i.ended_on,
        "shared_with_partners": i.shared_with_partners,
        "version": i.version,
    }


@router.get(
    "/partnerships/{partnership_id}/interests",
    response=list[InterestOut],
    summary="Interests declared by staff and partners (a partner sees those shared with partners)",
)
def interest_list(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    visible = selectors.interests_visible(partnership, partnership.membership)
    return [_interest_out(i) for i in visible]


@router.post(
    "/partnerships/{partnership_id}/interests",
    response={201: InterestOut},
    summary="Record a declared interest (staff, owner)",
)
def interest_create(
    request: HttpRequest, partnership_id: int, payload: InterestIn
) -> Status[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    person = None
    if payload.person_id is not None:
        person = Person.objects.filter(
            workspace_id=partnership.workspace_id, pk=payload.person_id
        ).first()
        if person is None:
            raise ValidationError({"person_id": "No such person in this workspace."})
    interest = services.interest_create(
        actor=request.user,
        partnership=partnership,
        person=person,
        declared_by=payload.declared_by,
        organisation=_organisation(partnership, payload.organisation_id, "organisation_id"),
        kind=payload.kind,
        description=payload.description,
        declared_on=payload.declared_on,
        ended_on=payload.ended_on,
        shared_with_partners=payload.shared_with_partners,
    )
    return Status(201, _interest_out(interest))


def _interest(request: HttpRequest, partnership_id: int, interest_id: int) -> DeclaredInterest:
    return object_for(
        request.user,
        DeclaredInterest.objects.filter(partnership_id=partnership_id).select_related(
            "partnership", "organisation"
        ),
        need=Access.EDIT,
        pk=interest_id,
    )


@router.patch(
    "/partnerships/{partnership_id}/interests/{interest_id}",
    response=InterestOut,
    summary="Change a declared interest, e.g. its end (staff, owner)",
)
def interest_update(
    request: HttpRequest, partnership_id: int, interest_id: int, payload: InterestPatch
) -> dict[str, Any]:
    interest = _interest(request, partnership_id, interest_id)
    changes = _given(payload)
    version = changes.pop("version")
    services.interest_update(
        actor=request.user, interest=interest, changes=changes, expected_version=version
    )
    return _interest_out(
        get_object_or_404(DeclaredInterest.objects.select_related("organisation"), pk=interest.pk)
    )


@router.delete(
    "/partnerships/{partnership_id}/interests/{interest_id}",
    response=Message,
    summary="Remove a declared interest (staff, owner)",
)
def interest_delete(
    request: HttpRequest, partnership_id: int, interest_id: int, version: int
) -> dict[str, str]:
    interest = _interest(request, partnership_id, interest_id)
    services.interest_delete(actor=request.user, interest=interest, expected_version=version)
    return {"detail": f"Interest {interest_id} removed."}
