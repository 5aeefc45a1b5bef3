"""API for readiness, life cycle, health, self-check, guide, timeline and the workspace
overview. Every response carries the same findings (``Finding.as_dict()``) as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from convenor.assessment import health as health_rules
from convenor.assessment import lifecycle, overview, readiness, selectors, services, timeline
from convenor.assessment.coverage import coverage
from convenor.assessment.facts import PartnershipFacts
from convenor.assessment.guide import linked_steps, stage_suggestion
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
from convenor.assessment.selfcheck import selfcheck_findings, selfcheck_rows
from convenor.intermediaries.selectors import intermediary_facts
from convenor.lib.schemas import FindingOut, Message
from convenor.meetings.models import Meeting
from convenor.partners.models import Organisation
from convenor.partnerships.models import Partnership, Stage
from convenor.workspaces.access import child_or_404, partnership_for, workspace_for
from convenor.workspaces.models import Access, Membership

router = Router(tags=["assessment"])
TEXT = 20_000  # free text, as the forms bound it


SHARED_HELP = "Partners at the table see it only when true; otherwise only the workspace team does."


class AnswerOut(Schema):
    status: str
    answer: str
    evidence: list[str]
    answered_by: str
    shared_with_partners: bool = Field(description=SHARED_HELP)
    version: int
    updated_at: dt.datetime


class QuestionOut(Schema):
    key: str
    text: str
    scored: bool
    signal: FindingOut
    answer: AnswerOut | None


class ReadinessScoreOut(Schema):
    value: int
    reasons: list[str]
    parts: dict[str, float]
    blocked: list[str] = Field(
        default_factory=list,
        description="Why the partnership is not ready whatever the score (a critical conflict "
        "of interest of the convener); empty when nothing blocks it.",
    )


class ReadinessOut(Schema):
    score: ReadinessScoreOut
    questions: list[QuestionOut]
    findings: list[FindingOut]


class AnswerIn(Schema):
    status: AnswerStatus
    answer: str = Field("", max_length=TEXT)
    evidence: str = Field("", max_length=TEXT, description="Links or references, one per line.")
    shared_with_partners: bool = Field(False, description=SHARED_HELP)
    version: int | None = Field(None, description="The version you read, once answered.")


class StageMoveOut(Schema):
    id: int
    from_stage: str
    to_stage: str
    moved_on: dt.date
    reason: str
    unmet: list[dict[str, Any]]
    decision_id: int | None


class PhaseOut(Schema):
    id: int
    phase: str
    noted_on: dt.date
    note: str
    meeting_id: int | None


class LifecycleOut(Schema):
    stage: str
    stage_label: str
    next_stage: str | None
    criteria: list[FindingOut]
    unmet: list[FindingOut]
    moves: list[StageMoveOut]
    phase: str
    phases: list[PhaseOut]


class MoveIn(Schema):
    to_stage: Stage
    version: int = Field(description="The partnership's version you read; a stale one gets 409.")
    reason: str = Field(
        "", max_length=TEXT, description="Required with unmet criteria or when going back."
    )
    moved_on: dt.date | None = None
    decided_by: str = Field("", max_length=300)


class PhaseIn(Schema):
    phase: Phase
    noted_on: dt.date
    note: str = Field("", max_length=TEXT)
    meeting_id: int | None = None


class TensionOut(Schema):
    id: int
    kind: str
    kind_label: str
    what: str
    raised_on: dt.date
    organisation_ids: list[int]
    organisations: list[str]
    meeting_id: int | None
    status: str
    resolution: str
    reconciled_on: dt.date | None
    days_open: int | None
    shared_with_partners: bool = Field(description=SHARED_HELP)
    version: int
    updated_at: dt.datetime


class TensionIn(Schema):
    kind: TensionKind = TensionKind.MONEY
    what: str = Field(min_length=1, max_length=TEXT)
    raised_on: dt.date
    organisation_ids: list[int] = Field(
        default_factory=list, max_length=200, description="Organisations of the workspace."
    )
    meeting_id: int | None = Field(None, description="A meeting of this partnership.")
    status: TensionStatus = TensionStatus.OPEN
    resolution: str = Field(
        "", max_length=TEXT, description="How it was reconciled; required when reconciled."
    )
    reconciled_on: dt.date | None = None
    shared_with_partners: bool = Field(False, description=SHARED_HELP)


class TensionPatch(Schema):
    version: int = Field(description="The version you read; a stale one gets 409.")
    kind: TensionKind | None = None
    what: str | None = Field(None, min_length=1, max_length=TEXT)
    raised_on: dt.date | None = None
    organisation_ids: list[int] | None = Field(None, max_length=200)
    meeting_id: int | None = None
    status: TensionStatus | None = None
    resolution: str | None = Field(None, max_length=TEXT)
    reconciled_on: dt.date | None = None
    shared_with_partners: bool | None = Field(None, description=SHARED_HELP)


class HealthOut(Schema):
    level: str
    metrics: dict[str, Any]
    findings: list[FindingOut]


class PitfallOut(Schema):
    code: str
    title: str
    question: str
    source: str
    finding: FindingOut | None


class StepOut(Schema):
    key: str
    number: int
    title: str
    summary: str
    status: str
    status_label: str
    evidence: list[str]
    next_action: str
    url: str
    source: str
    current: bool


class GuideOut(Schema):
    stage: str
    readiness: int
    health: str = Field(description="ok, info, warning or critical; 'not started' before any work.")
    steps: list[StepOut]
    next_stage: dict[str, Any] | None
    coverage: dict[str, Any] | None = Field(
        None,
        description="The target industry's employers at the table against the region's QCEW "
        "establishments and jobs in that industry (assessment.coverage); null without a "
        "target industry.",
    )


class EventOut(Schema):
    date: dt.date
    kind: str
    title: str
    detail: str
    url: str


class AllFindingsOut(Schema):
    conflicts: list[FindingOut]
    readiness: list[FindingOut]
    life_cycle: list[FindingOut]
    health: list[FindingOut]
    self_check: list[FindingOut]


class OverviewRowOut(Schema):
    id: int
    name: str
    industry: str
    region: str
    stage: str
    stage_label: str
    readiness: int
    health: str
    warnings: list[FindingOut]
    last_activity: dt.date | None
    days_since_last_meeting: int | None
    overdue_action_items: int
    convener: str


def _team(partnership: Partnership) -> bool:
    """On the workspace team: reads every answer and tension, not only the shared ones."""
    membership: Membership = partnership.membership  # type: ignore[attr-defined, unused-ignore]
    return membership.allows(Access.TEAM)


def _facts(partnership: Partnership, *, extras: bool = False) -> PartnershipFacts:
    """The facts as the reader may see them (see ``selectors.partnership_facts``)."""
    return selectors.partnership_facts([partnership], team=_team(partnership), extras=extras)[
        partnership.pk
    ]


def _answer_out(a: ReadinessAnswer) -> dict[str, Any]:
    return {
        "status": a.status,
        "answer": a.answer,
        "evidence": a.evidence_lines(),
        "answered_by": a.answered_by.display_name if a.answered_by else "",
        "shared_with_partners": a.shared_with_partners,
        "version": a.version,
        "updated_at": a.updated_at,
    }


@router.get(
    "/partnerships/{partnership_id}/readiness",
    response=ReadinessOut,
    summary="The readiness questions with staff answers (to a partner at the table, the shared "
    "ones), what the data says, and the score",
)
def readiness_detail(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id)
    facts = _facts(partnership)
    computed = readiness.signals(facts)
    answers = selectors.answers_of(partnership, team=_team(partnership))
    return {
        "score": readiness.score(facts, computed).as_dict(),
        "questions": [
            {
                "key": q.value,
                "text": q.label,
                "scored": q.value in readiness.SCORED,
                "signal": computed[q.value].as_dict(),
                "answer": _answer_out(answers[q.value]) if q.value in answers else None,
            }
            for q in Question
        ],
        "findings": [f.as_dict() for f in readiness.readiness_findings(facts)],
    }


@router.put(
    "/partnerships/{partnership_id}/readiness/{readiness_question}",
    response=AnswerOut,
    summary="Answer one readiness question with evidence (staff, owner)",
)
def readiness_answer(
    request: HttpRequest, partnership_id: int, readiness_question: str, payload: AnswerIn
) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    if readiness_question not in Question.values:
        raise Http404("Not found")
    answer = services.readiness_answer_save(
        actor=request.user,
        partnership=partnership,
        question=readiness_question,
        status=payload.status,
        answer=payload.answer,
        evidence=payload.evidence,
        shared_with_partners=payload.shared_with_partners,
        expected_version=payload.version,
    )
    return _answer_out(answer)


def _move_out(m: LifecycleMove) -> dict[str, Any]:
    return {
        "id": m.pk,
        "from_stage": m.from_stage,
        "to_stage": m.to_stage,
        "moved_on": m.moved_on,
        "reason": m.reason,
        "unmet": m.unmet,
        "decision_id": m.decision_id,
    }


def _phase_out(p: GroupPhaseNote) -> dict[str, Any]:
    return {
        "id": p.pk,
        "phase": p.phase,
        "noted_on": p.noted_on,
        "note": p.note,
        "meeting_id": p.meeting_id,
    }


@router.get(
    "/partnerships/{partnership_id}/life-cycle",
    response=LifecycleOut,
    summary="Stage, the criteria for the next stage, the moves and the group phases",
)
def lifecycle_detail(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id)
    facts = _facts(partnership, extras=True)
    target = lifecycle.next_stage(partnership.stage)
    criteria = lifecycle.gate(facts, target) if target else []
    return {
        "stage": partnership.stage,
        "stage_label": partnership.get_stage_display(),
        "next_stage": target.value if target else None,
        "criteria": [c.as_dict() for c in criteria],
        "unmet": [c.as_dict() for c in lifecycle.unmet(criteria)],
        "moves": [_move_out(m) for m in partnership.lifecycle_moves.order_by("moved_on", "id")],
        "phase": facts.phase,
        "phases": [_phase_out(p) for p in GroupPhaseNote.objects.filter(partnership=partnership)],
    }


@router.post(
    "/partnerships/{partnership_id}/life-cycle/moves",
    response={201: StageMoveOut},
    summary="Move to the next stage (or back one); unmet criteria need a reason (staff, owner)",
)
def lifecycle_move(
    request: HttpRequest, partnership_id: int, payload: MoveIn
) -> Status[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    move = services.stage_move(
        actor=request.user,
        partnership=partnership,
        to_stage=payload.to_stage,
        expected_version=payload.version,
        reason=payload.reason,
        moved_on=payload.moved_on,
        decided_by=payload.decided_by,
    )
    return Status(201, _move_out(move))


@router.post(
    "/partnerships/{partnership_id}/group-phases",
    response={201: PhaseOut},
    summary="Note the group's phase (forming, storming, norming, performing) (staff, owner)",
)
def phase_create(
    request: HttpRequest, partnership_id: int, payload: PhaseIn
) -> Status[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    meeting = None
    if payload.meeting_id is not None:
        meeting = Meeting.objects.filter(partnership=partnership, pk=payload.meeting_id).first()
        if meeting is None:
            raise ValidationError({"meeting_id": "No such meeting in this partnership."})
    note = services.phase_note_create(
        actor=request.user,
        partnership=partnership,
        phase=payload.phase,
        noted_on=payload.noted_on,
        note=payload.note,
        meeting=meeting,
    )
    return Status(201, _phase_out(note))


def _tension_out(t: Tension, today: dt.date) -> dict[str, Any]:
    organisations = sorted(t.organisations.all(), key=lambda o: o.name)
    return {
        "id": t.pk,
        "kind": t.kind,
        "kind_label": t.get_kind_display(),
        "what": t.what,
        "raised_on": t.raised_on,
        "organisation_ids": [o.pk for o in organisations],
        "organisations": [o.name for o in organisations],
        "meeting_id": t.meeting_id,
        "status": t.status,
        "resolution": t.resolution,
        "reconciled_on": t.reconciled_on,
        "days_open": (today - t.raised_on).days if t.is_open else None,
        "shared_with_partners": t.shared_with_partners,
        "version": t.version,
        "updated_at": t.updated_at,
    }


def _tension_refs(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    """Turn ``organisation_ids`` and ``meeting_id`` into objects; unknown ids are named.

    Ids are looked up without the workspace filter so the service refuses an
    organisation or meeting of another workspace or partnership by name."""
    out = dict(data)
    if "organisation_ids" in out:
        ids = list(dict.fromkeys(out.pop("organisation_ids") or []))
        found = list(Organisation.objects.filter(pk__in=ids))
        if len(found) != len(ids):
            raise ValidationError({"organisation_ids": "No such organisation."})
        if any(o.workspace_id != partnership.workspace_id for o in found):
            raise ValidationError(
                {"organisation_ids": "An organisation involved belongs to another workspace."}
            )
        out["organisations"] = found
    if "meeting_id" in out:
        meeting_id = out.pop("meeting_id")
        meeting = None
        if meeting_id is not None:
            meeting = Meeting.objects.filter(partnership=partnership, pk=meeting_id).first()
            if meeting is None:
                raise ValidationError({"meeting_id": "No such meeting in this partnership."})
        out["meeting"] = meeting
    return out


@router.get(
    "/partnerships/{partnership_id}/tensions",
    response=list[TensionOut],
    summary="Tensions among partners (money, roles, mission), open ones first; a partner at "
    "the table gets the ones the team shared with partners",
)
def tension_list(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    today = dt.date.today()
    tensions = selectors.tensions_of(partnership, team=_team(partnership))
    return [_tension_out(t, today) for t in tensions]


@router.post(
    "/partnerships/{partnership_id}/tensions",
    response={201: TensionOut},
    summary="Record a tension among partners (staff, owner)",
)
def tension_create(
    request: HttpRequest, partnership_id: int, payload: TensionIn
) -> Status[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = _tension_refs(partnership, payload.dict())
    tension = services.tension_create(actor=request.user, partnership=partnership, **data)
    return Status(201, _tension_out(tension, dt.date.today()))


@router.patch(
    "/partnerships/{partnership_id}/tensions/{tension_id}",
    response=TensionOut,
    summary="Change, reconcile, set aside or reopen a tension (staff, owner); send the version",
)
def tension_update(
    request: HttpRequest, partnership_id: int, tension_id: int, payload: TensionPatch
) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    tension = child_or_404(
        Tension.objects.filter(partnership=partnership).select_related("partnership"),
        pk=tension_id,
    )
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes = _tension_refs(partnership, changes)
    saved = services.tension_update(
        actor=request.user, tension=tension, changes=changes, expected_version=version
    )
    return _tension_out(saved, dt.date.today())


@router.delete(
    "/partnerships/{partnership_id}/tensions/{tension_id}",
    response=Message,
    summary="Remove a tension from the register (staff, owner); send the version",
)
def tension_delete(
    request: HttpRequest, partnership_id: int, tension_id: int, version: int
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    tension = child_or_404(Tension.objects.filter(partnership=partnership), pk=tension_id)
    services.tension_delete(actor=request.user, tension=tension, expected_version=version)
    return {"detail": f"Tension {tension_id} removed."}


@router.get(
    "/partnerships/{partnership_id}/health",
    response=HealthOut,
    summary="Health and momentum: figures and warnings, each with what to do next",
)
def health_detail(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id)
    facts = _facts(partnership)
    m = health_rules.metrics(facts)
    findings = health_rules.health_findings(facts, m)
    metrics = m.as_dict()
    for key in ("next_meeting_on",):
        if metrics[key]:
            metrics[key] = metrics[key].isoformat()
    for b in metrics["benchmarks"]:
        b["latest_on"] = b["latest_on"].isoformat() if b["latest_on"] else None
    return {
        "level": health_rules.status(facts, findings),
        "metrics": metrics,
        "findings": [f.as_dict() for f in findings],
    }


@router.get(
    "/partnerships/{partnership_id}/self-check",
    response=list[PitfallOut],
    summary="The intermediary's known pitfalls, with evidence where the data shows them",
)
def selfcheck_detail(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    return [
        {
            "code": r["pitfall"].code,
            "title": r["pitfall"].title,
            "question": r["pitfall"].question,
            "source": r["pitfall"].source,
            "finding": r["finding"].as_dict() if r["finding"] else None,
        }
        for r in selfcheck_rows(_facts(partnership, extras=True))
    ]


@router.get(
    "/partnerships/{partnership_id}/guide",
    response=GuideOut,
    summary="The toolkit's steps with status, evidence and the one next action",
)
def guide_detail(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id)
    facts = _facts(partnership)
    steps = linked_steps(facts, partnership)
    return {
        "stage": partnership.stage,
        "readiness": readiness.score(facts).value,
        "health": health_rules.status(facts, health_rules.health_findings(facts)),
        "steps": [s.as_dict() for s in steps],
        "next_stage": stage_suggestion(facts),
        "coverage": c.as_dict() if (c := coverage(partnership, facts)) else None,
    }


@router.get(
    "/partnerships/{partnership_id}/timeline",
    response=list[EventOut],
    summary="Stages, meetings, decisions, conveners and group phases, newest first",
)
def timeline_detail(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    return timeline.events(partnership, selectors.timeline_of(partnership))


@router.get(
    "/partnerships/{partnership_id}/findings",
    response=AllFindingsOut,
    summary="Every finding about the partnership: conflicts, readiness, life cycle, health, "
    "self-check",
)
def findings(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id)
    facts = _facts(partnership, extras=True)
    inter = intermediary_facts([partnership.pk], facts.today)[partnership.pk]
    target = lifecycle.next_stage(partnership.stage)
    return {
        "conflicts": [f.as_dict() for f in inter.conflicts],
        "readiness": [f.as_dict() for f in readiness.readiness_findings(facts)],
        "life_cycle": [
            f.as_dict() for f in lifecycle.unmet(lifecycle.gate(facts, target) if target else [])
        ],
        "health": [f.as_dict() for f in health_rules.health_findings(facts)],
        "self_check": [f.as_dict() for f in selfcheck_findings(facts)],
    }


@router.get(
    "/workspaces/{slug}/overview",
    response=list[OverviewRowOut],
    summary="Every partnership's stage, readiness, health and last activity (staff, viewers)",
)
def workspace_overview(
    request: HttpRequest, slug: str, sort: str = "name", descending: bool = False
) -> list[dict[str, Any]]:
    membership = workspace_for(request.user, slug)
    key, _ = overview.sort_key(sort, "")
    rows = overview.sorted_rows(overview.rows_for(membership), key, descending)
    return [
        {
            "id": r.partnership.pk,
            "name": r.partnership.name,
            "industry": r.partnership.industry_label,
            "region": r.partnership.region,
            "stage": r.stage.value,
            "stage_label": r.stage.label,
            "readiness": r.readiness,
            "health": r.health,
            "warnings": [w.as_dict() for w in r.warnings],
            "last_activity": r.last_activity,
            "days_since_last_meeting": r.days_since_last_meeting,
            "overdue_action_items": r.overdue,
            "convener": r.convener,
        }
        for r in rows
    ]
