"""Planning API: issues, prioritisation rounds and ballots, problem statements and
root causes, solutions, past efforts, direction and governance, the logic model,
the action plan, the resource map and employer demand.

Every route is under ``/partnerships/{partnership_id}/`` and reaches data through
the access helpers: an outsider gets 404, a viewer cannot write, a partner-role
member votes, enters their own employer's hiring projections and reads the plan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from ninja import Field, Router, Schema, Status

from convenor.lib.challenges import Challenge
from convenor.lib.schemas import VERSION_HELP, FindingOut, Message
from convenor.meetings.models import ActionStatus, Decision, Meeting
from convenor.partners.models import Organisation, Person
from convenor.partnerships.models import Partnership
from convenor.planning import selectors, services
from convenor.planning.demand import api as demand_api
from convenor.planning.direction import api as direction_api
from convenor.planning.findings import plan_findings
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    EffortKind,
    EvidenceKind,
    Goal,
    Issue,
    IssueEvidence,
    IssueStatus,
    PastEffort,
    PrioritisationRound,
    ProblemStatement,
    Resource,
    RoundStatus,
    Solution,
    SolutionStatus,
    StrategyCategory,
    WhyStep,
)
from convenor.planning.resources import api as resources_api
from convenor.regions.models import AnalysisSnapshot
from convenor.workspaces.access import child_or_404, partnership_for
from convenor.workspaces.models import Access

router = Router(tags=["planning"])
router.add_router("", direction_api.router)
router.add_router("", resources_api.router)
router.add_router("", demand_api.router)


def _optional(qs: QuerySet, pk: int | None, field: str) -> Any:
    """An optional related object of the same partnership or workspace, by id."""
    if pk is None:
        return None
    try:
        return qs.get(pk=pk)
    except ObjectDoesNotExist:
        raise ValidationError(
            {field: f"No such {field.replace('_id', '').replace('_', ' ')}: {pk}."}
        ) from None


def _many(qs: QuerySet, ids: list[int], field: str) -> list[Any]:
    found = {o.pk: o for o in qs.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({field: f"Unknown id {missing[0]} for {field}."})
    return [found[i] for i in dict.fromkeys(ids)]


# --- Issues ------------------------------------------------------------------------------


class EvidenceIn(Schema):
    kind: EvidenceKind = EvidenceKind.DATA
    analysis_id: int | None = Field(
        None, description="A saved labour-market analysis of this partnership (regions)."
    )
    title: str = Field("", max_length=300, description="Filled from the analysis when empty.")
    url: str = Field("", max_length=500, description="An http(s) address, or empty.")
    note: str = Field("", max_length=5000)


class EvidenceOut(Schema):
    id: int
    kind: EvidenceKind
    analysis_id: int | None
    title: str
    url: str
    note: str


class IssueIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    challenge: Challenge = Field(description="A code of the typology of employer challenges.")
    description: str = Field("", max_length=20000)
    status: IssueStatus = IssueStatus.OPEN
    touch_ids: list[int] = Field(
        default_factory=list, description="Touches (outreach log) where employers raised it."
    )


class IssuePatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=200)
    challenge: Challenge | None = None
    description: str | None = Field(None, max_length=20000)
    status: IssueStatus | None = None
    touch_ids: list[int] | None = None


class IssueOut(Schema):
    id: int
    title: str
    challenge: Challenge
    description: str
    status: IssueStatus
    touch_ids: list[int]
    employer_count: int = Field(description="Distinct employers among the people of its touches.")
    evidence: list[EvidenceOut]
    decision_ids: list[int]
    version: int


def _issue_out(issue: Issue, employer_count: int) -> dict[str, Any]:
    return {
        "id": issue.pk,
        "title": issue.title,
        "challenge": issue.challenge,
        "description": issue.description,
        "status": issue.status,
        "touch_ids": [t.pk for t in issue.touches.all()],
        "employer_count": employer_count,
        "evidence": list(issue.evidence.all()),
        "decision_ids": [d.pk for d in issue.decisions.all()],
        "version": issue.version,
    }


def _touches(partnership: Partnership, ids: list[int]) -> list[Any]:
    from convenor.outreach.models import Touch

    return _many(Touch.objects.filter(partnership=partnership), ids, "touch_ids")


@router.get(
    "/partnerships/{partnership_id}/issues",
    response=list[IssueOut],
    summary="Issues of a partnership",
)
def issue_list(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    issues = list(
        Issue.objects.filter(partnership=partnership).prefetch_related(
            "touches", "evidence", "decisions"
        )
    )
    counts = selectors.employer_counts(list(issues))
    return [_issue_out(i, counts.get(i.pk, 0)) for i in issues]


@router.post(
    "/partnerships/{partnership_id}/issues",
    response={201: IssueOut},
    summary="Record an issue (staff, owner)",
)
def issue_create(request, partnership_id: int, payload: IssueIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict()
    touches = _touches(partnership, data.pop("touch_ids"))
    issue = services.issue_create(
        actor=request.user, partnership=partnership, touches=touches, **data
    )
    return Status(201, _issue_out(issue, selectors.employer_counts([issue]).get(issue.pk, 0)))


def _issue(partnership: Partnership, issue_id: int) -> Issue:
    return child_or_404(
        Issue.objects.filter(partnership=partnership).prefetch_related(
            "touches", "evidence", "decisions"
        ),
        pk=issue_id,
    )


@router.get(
    "/partnerships/{partnership_id}/issues/{issue_id}", response=IssueOut, summary="One issue"
)
def issue_detail(request, partnership_id: int, issue_id: int):
    partnership = partnership_for(request.user, partnership_id)
    issue = _issue(partnership, issue_id)
    return _issue_out(issue, selectors.employer_counts([issue]).get(issue.pk, 0))


@router.patch(
    "/partnerships/{partnership_id}/issues/{issue_id}",
    response=IssueOut,
    summary="Change an issue (staff, owner); send the version you read",
)
def issue_update(request, partnership_id: int, issue_id: int, payload: IssuePatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "touch_ids" in changes:
        changes["touches"] = _touches(partnership, changes.pop("touch_ids") or [])
    services.issue_update(
        actor=request.user, issue=issue, changes=changes, expected_version=version
    )
    issue = _issue(partnership, issue_id)
    return _issue_out(issue, selectors.employer_counts([issue]).get(issue.pk, 0))


@router.delete(
    "/partnerships/{partnership_id}/issues/{issue_id}", response=Message, summary="Delete an issue"
)
def issue_delete(request, partnership_id: int, issue_id: int, version: int):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    services.issue_delete(actor=request.user, issue=issue, expected_version=version)
    return {"detail": f"Issue {issue_id} deleted."}


@router.post(
    "/partnerships/{partnership_id}/issues/{issue_id}/evidence",
    response={201: EvidenceOut},
    summary="Add evidence to an issue: data, a saved analysis, a report",
)
def evidence_add(request, partnership_id: int, issue_id: int, payload: EvidenceIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    data = payload.dict()
    data["analysis"] = _optional(
        AnalysisSnapshot.objects.filter(partnership=partnership),
        data.pop("analysis_id"),
        "analysis_id",
    )
    return Status(201, services.issue_evidence_add(actor=request.user, issue=issue, **data))


@router.delete(
    "/partnerships/{partnership_id}/issues/{issue_id}/evidence/{evidence_id}",
    response=Message,
    summary="Remove evidence",
)
def evidence_delete(
    request, partnership_id: int, issue_id: int, evidence_id: int, version: int | None = None
):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    evidence = child_or_404(
        IssueEvidence.objects.filter(partnership=partnership, issue_id=issue_id), pk=evidence_id
    )
    services.issue_evidence_delete(actor=request.user, evidence=evidence, expected_version=version)
    return {"detail": f"Evidence {evidence_id} removed."}


# --- Past and existing efforts -----------------------------------------------------------


class EffortIn(Schema):
    kind: EffortKind
    who: str = Field(min_length=1, max_length=300)
    organisation_id: int | None = None
    when: str = Field(min_length=1, max_length=100)
    what_happened: str = Field(min_length=1, max_length=20000)
    why_not_work: str = Field("", max_length=20000, description="Required for 'tried_before'.")
    how_to_scale: str = Field("", max_length=20000)
    resource_id: int | None = Field(None, description="The program on the resource map.")


class EffortPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    kind: EffortKind | None = None
    who: str | None = Field(None, min_length=1, max_length=300)
    organisation_id: int | None = None
    when: str | None = Field(None, min_length=1, max_length=100)
    what_happened: str | None = Field(None, min_length=1, max_length=20000)
    why_not_work: str | None = Field(None, max_length=20000)
    how_to_scale: str | None = Field(None, max_length=20000)
    resource_id: int | None = None


class EffortOut(Schema):
    id: int
    issue_id: int
    kind: EffortKind
    who: str
    organisation_id: int | None
    when: str
    what_happened: str
    why_not_work: str
    how_to_scale: str
    resource_id: int | None
    version: int


def _effort_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "organisation_id" in data:
        data["organisation"] = _optional(
            Organisation.objects.filter(workspace_id=partnership.workspace_id),
            data.pop("organisation_id"),
            "organisation_id",
        )
    if "resource_id" in data:
        data["resource"] = _optional(
            Resource.objects.filter(partnership=partnership), data.pop("resource_id"), "resource_id"
        )
    return data


@router.get(
    "/partnerships/{partnership_id}/issues/{issue_id}/past-efforts",
    response=list[EffortOut],
    summary="Past and existing efforts on an issue",
)
def effort_list(request, partnership_id: int, issue_id: int):
    partnership = partnership_for(request.user, partnership_id)
    issue = _issue(partnership, issue_id)
    return list(issue.past_efforts.all())


@router.post(
    "/partnerships/{partnership_id}/issues/{issue_id}/past-efforts",
    response={201: EffortOut},
    summary="Record “we tried that before” or “someone already does that”",
)
def effort_create(request, partnership_id: int, issue_id: int, payload: EffortIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    fields = _effort_fields(partnership, payload.dict())
    return Status(201, services.past_effort_create(actor=request.user, issue=issue, **fields))


@router.patch(
    "/partnerships/{partnership_id}/past-efforts/{effort_id}",
    response=EffortOut,
    summary="Change a past or existing effort",
)
def effort_update(request, partnership_id: int, effort_id: int, payload: EffortPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    effort = child_or_404(
        PastEffort.objects.filter(partnership=partnership).select_related("issue__partnership"),
        pk=effort_id,
    )
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes = _effort_fields(partnership, changes)
    return services.past_effort_update(
        actor=request.user, effort=effort, changes=changes, expected_version=version
    )


@router.delete(
    "/partnerships/{partnership_id}/past-efforts/{effort_id}",
    response=Message,
    summary="Delete a past effort",
)
def effort_delete(request, partnership_id: int, effort_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    effort = child_or_404(PastEffort.objects.filter(partnership=partnership), pk=effort_id)
    services.past_effort_delete(actor=request.user, effort=effort, expected_version=version)
    return {"detail": f"Past effort {effort_id} deleted."}


# --- Prioritisation ---------------------------------------------------------------------------


class RoundIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    issue_ids: list[int] | None = Field(
        None, description="The issues on the ballot; every open issue when omitted."
    )
    method: str = Field("", max_length=300)
    meeting_id: int | None = None


class RoundOut(Schema):
    id: int
    title: str
    method: str
    meeting_id: int | None
    opened_on: dt.date
    status: RoundStatus
    closed_at: dt.datetime | None
    issue_ids: list[int]
    chosen_issue_ids: list[int]
    consensus: str
    decision_id: int | None
    version: int


class ScoreOut(Schema):
    issue_id: int
    issue: str
    importance: float | None = Field(description="Mean importance rating, 1-5.")
    feasibility: float | None = Field(description="Mean feasibility rating, 1-5.")
    score: float | None = Field(description="Mean importance times mean feasibility, 1-25.")
    voters: int
    rank: int | None


class ParticipationOut(Schema):
    voters: int
    employer_voters: int
    paper_ballots: int
    at_the_table: int
    employers_at_the_table: int
    rate: float | None


class ResultsOut(Schema):
    overall: list[ScoreOut]
    employers: list[ScoreOut]


class MyRatingOut(Schema):
    issue_id: int
    importance: int
    feasibility: int


class RoundDetailOut(RoundOut):
    participation: ParticipationOut
    results: ResultsOut | None = Field(
        description="Rankings overall and employers only; while the round is open, staff only."
    )
    my_ratings: list[MyRatingOut] = Field(description="Your own ratings in this round.")


class RatingIn(Schema):
    issue_id: int
    importance: int = Field(ge=1, le=5)
    feasibility: int = Field(ge=1, le=5)


class BallotIn(Schema):
    ratings: list[RatingIn] = Field(description="One rating for every issue on the ballot.")
    person_id: int | None = Field(
        None,
        description="Staff entering a paper ballot: whose it is. Partners leave it empty and "
        "vote as themselves.",
    )


class ConsensusIn(Schema):
    issue_ids: list[int] = Field(description="The issues the partners agreed to take on.")
    consensus: str = Field("", max_length=20000)
    decided_on: dt.date | None = None
    meeting_id: int | None = None


class DecisionOut(Schema):
    id: int
    decided_on: dt.date
    text: str
    decided_by: str
    meeting_id: int | None


def _round_out(rnd: PrioritisationRound) -> dict[str, Any]:
    return {
        "id": rnd.pk,
        "title": rnd.title,
        "method": rnd.method,
        "meeting_id": rnd.meeting_id,
        "opened_on": rnd.opened_on,
        "status": rnd.status,
        "closed_at": rnd.closed_at,
        "issue_ids": sorted(i.pk for i in rnd.issues.all()),
        "chosen_issue_ids": sorted(i.pk for i in rnd.chosen_issues.all()),
        "consensus": rnd.consensus,
        "decision_id": rnd.decision_id,
        "version": rnd.version,
    }


def _round(partnership: Partnership, round_id: int) -> PrioritisationRound:
    return child_or_404(
        PrioritisationRound.objects.filter(partnership=partnership).prefetch_related(
            "issues", "chosen_issues"
        ),
        pk=round_id,
    )


@router.get(
    "/partnerships/{partnership_id}/rounds",
    response=list[RoundOut],
    summary="Prioritisation rounds",
)
def round_list(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    rounds = PrioritisationRound.objects.filter(partnership=partnership).prefetch_related(
        "issues", "chosen_issues"
    )
    return [_round_out(r) for r in rounds]


@router.post(
    "/partnerships/{partnership_id}/rounds",
    response={201: RoundOut},
    summary="Open a prioritisation round (staff, owner)",
)
def round_open(request, partnership_id: int, payload: RoundIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issues = None
    if payload.issue_ids is not None:
        issues = _many(
            Issue.objects.filter(partnership=partnership), payload.issue_ids, "issue_ids"
        )
    meeting = _optional(
        Meeting.objects.filter(partnership=partnership), payload.meeting_id, "meeting_id"
    )
    rnd = services.round_open(
        actor=request.user,
        partnership=partnership,
        title=payload.title,
        issues=issues,
        method=payload.method,
        meeting=meeting,
    )
    return Status(201, _round_out(rnd))


@router.get(
    "/partnerships/{partnership_id}/rounds/{round_id}",
    response=RoundDetailOut,
    summary="A round with participation, results and your own ratings",
)
def round_detail(request, partnership_id: int, round_id: int):
    partnership = partnership_for(request.user, partnership_id)
    rnd = _round(partnership, round_id)
    results = selectors.round_results(rnd)
    person = selectors.own_person(request.user, partnership.workspace_id)
    show = not rnd.is_open or partnership.membership.can_edit
    return {
        **_round_out(rnd),
        "participation": results.participation,
        "results": {
            "overall": [r.as_dict() for r in results.overall],
            "employers": [r.as_dict() for r in results.employers],
        }
        if show
        else None,
        "my_ratings": [
            {"issue_id": k, "importance": r.importance, "feasibility": r.feasibility}
            for k, r in selectors.my_ratings(rnd, person).items()
        ],
    }


@router.post(
    "/partnerships/{partnership_id}/rounds/{round_id}/ballot",
    response=list[MyRatingOut],
    summary="Cast a ballot: rate every issue 1-5 for importance and feasibility",
    description="A partner votes as the person record linked to their sign-in; voting again "
    "while the round is open replaces their ratings. Staff send `person_id` to enter a ballot "
    "taken on paper. A closed round refuses the ballot (422) and keeps what was recorded.",
)
def ballot_cast(request, partnership_id: int, round_id: int, payload: BallotIn):
    need = Access.EDIT if payload.person_id is not None else Access.CONTRIBUTE
    partnership = partnership_for(request.user, partnership_id, need)
    rnd = _round(partnership, round_id)
    if payload.person_id is not None:
        person = _optional(
            Person.objects.filter(workspace_id=partnership.workspace_id).select_related(
                "organisation"
            ),
            payload.person_id,
            "person_id",
        )
    else:
        person = selectors.own_person(request.user, partnership.workspace_id)
        if person is None:
            raise ValidationError(
                "Your sign-in is not linked to a person record of this workspace; ask the "
                "convener's staff to link it, or to enter your ballot as a paper ballot."
            )
    saved = services.ballot_cast(
        actor=request.user,
        round=rnd,
        person=person,
        ratings={r.issue_id: (r.importance, r.feasibility) for r in payload.ratings},
        on_paper=payload.person_id is not None,
    )
    return [
        {"issue_id": r.issue_id, "importance": r.importance, "feasibility": r.feasibility}
        for r in saved
    ]


@router.post(
    "/partnerships/{partnership_id}/rounds/{round_id}/close",
    response=RoundOut,
    summary="Close a round: no more ratings (staff, owner)",
)
def round_close(request, partnership_id: int, round_id: int):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    rnd = _round(partnership, round_id)
    services.round_close(actor=request.user, round=rnd)
    return _round_out(_round(partnership, round_id))


@router.post(
    "/partnerships/{partnership_id}/rounds/{round_id}/consensus",
    response={201: DecisionOut},
    summary="Record the consensus of a closed round in the decision log",
)
def round_consensus(request, partnership_id: int, round_id: int, payload: ConsensusIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    rnd = _round(partnership, round_id)
    chosen = _many(Issue.objects.filter(partnership=partnership), payload.issue_ids, "issue_ids")
    meeting = _optional(
        Meeting.objects.filter(partnership=partnership), payload.meeting_id, "meeting_id"
    )
    decision = services.round_record_consensus(
        actor=request.user,
        round=rnd,
        chosen_issues=chosen,
        consensus=payload.consensus,
        decided_on=payload.decided_on,
        meeting=meeting,
    )
    return Status(201, decision)


class CompareCellOut(Schema):
    round_id: int
    rank: int | None
    score: float | None
    on_ballot: bool


class CompareRowOut(Schema):
    issue_id: int
    issue: str
    rounds: list[CompareCellOut]


@router.get(
    "/partnerships/{partnership_id}/rounds-compared",
    response=list[CompareRowOut],
    summary="Each issue's rank and score in every round, oldest first",
)
def rounds_compare(request, partnership_id: int, employers_only: bool = False):
    partnership = partnership_for(request.user, partnership_id)
    comparison = selectors.rounds_compare(partnership, employers_only=employers_only)
    return [
        {
            "issue_id": issue.pk,
            "issue": issue.title,
            "rounds": [
                {
                    "round_id": r.pk,
                    "rank": c.rank if c else None,
                    "score": c.score if c else None,
                    "on_ballot": c is not None,
                }
                for r, c in zip(comparison.rounds, cells, strict=True)
            ],
        }
        for issue, cells in comparison.rows
    ]


# --- Problem statements, why? steps, solutions ------------------------------------------------


class ProblemIn(Schema):
    problem: str = Field(min_length=1, max_length=20000)
    impact: str = Field("", max_length=20000)
    strategy_categories: list[StrategyCategory] = Field(default_factory=list)
    strategies: str = Field("", max_length=20000)


class ProblemPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    problem: str | None = Field(None, min_length=1, max_length=20000)
    impact: str | None = Field(None, max_length=20000)
    strategy_categories: list[StrategyCategory] | None = None
    strategies: str | None = Field(None, max_length=20000)


class WhyOut(Schema):
    id: int
    parent_id: int | None = Field(
        description="The step whose “why?” this answers; null: the problem."
    )
    because: str
    depth: int
    version: int


class SolutionOut(Schema):
    id: int
    title: str
    description: str
    status: SolutionStatus
    problem_statement_id: int | None
    root_cause_id: int | None
    resource_id: int | None
    version: int


class ProblemOut(Schema):
    id: int
    issue_id: int
    problem: str
    impact: str
    strategy_categories: list[str]
    strategies: str
    version: int


class ProblemDetailOut(ProblemOut):
    why_steps: list[WhyOut]
    solutions: list[SolutionOut]
    goal_ids: list[int]


def _problem(partnership: Partnership, problem_id: int) -> ProblemStatement:
    return child_or_404(ProblemStatement.objects.filter(partnership=partnership), pk=problem_id)


def _problem_detail(ps: ProblemStatement) -> dict[str, Any]:
    return {
        **ProblemOut.from_orm(ps).dict(),
        "why_steps": [
            {
                "id": n.step.pk,
                "parent_id": n.step.parent_id,
                "because": n.step.because,
                "depth": n.depth,
                "version": n.step.version,
            }
            for n in selectors.why_flat(list(ps.why_steps.all()))
        ],
        "solutions": list(ps.solutions.all()),
        "goal_ids": [g.pk for g in ps.goals.all()],
    }


@router.get(
    "/partnerships/{partnership_id}/problem-statements",
    response=list[ProblemOut],
    summary="Problem statements of a partnership",
)
def problem_list(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return list(ProblemStatement.objects.filter(partnership=partnership))


@router.post(
    "/partnerships/{partnership_id}/issues/{issue_id}/problem-statements",
    response={201: ProblemOut},
    summary="Write a problem statement for an issue",
)
def problem_create(request, partnership_id: int, issue_id: int, payload: ProblemIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    return Status(
        201, services.problem_statement_create(actor=request.user, issue=issue, **payload.dict())
    )


@router.get(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}",
    response=ProblemDetailOut,
    summary="A problem statement with its root-cause chain and solutions",
)
def problem_detail(request, partnership_id: int, problem_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return _problem_detail(_problem(partnership, problem_id))


@router.patch(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}",
    response=ProblemOut,
    summary="Change a problem statement",
)
def problem_update(request, partnership_id: int, problem_id: int, payload: ProblemPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = _problem(partnership, problem_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.problem_statement_update(
        actor=request.user, problem_statement=ps, changes=changes, expected_version=version
    )


@router.delete(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}",
    response=Message,
    summary="Delete a problem statement",
)
def problem_delete(request, partnership_id: int, problem_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.problem_statement_delete(
        actor=request.user,
        problem_statement=_problem(partnership, problem_id),
        expected_version=version,
    )
    return {"detail": f"Problem statement {problem_id} deleted."}


class WhyIn(Schema):
    because: str = Field(min_length=1, max_length=5000)
    parent_id: int | None = Field(None, description="The step whose “why?” this answers.")


class WhyPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    because: str | None = Field(None, min_length=1, max_length=5000)
    parent_id: int | None = None


@router.post(
    "/partnerships/{partnership_id}/problem-statements/{problem_id}/why-steps",
    response={201: WhyOut},
    summary="Ask “why?”: add a step to the root-cause chain",
)
def why_add(request, partnership_id: int, problem_id: int, payload: WhyIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = _problem(partnership, problem_id)
    parent = _optional(ps.why_steps.all(), payload.parent_id, "parent_id")
    step = services.why_step_add(
        actor=request.user, problem_statement=ps, because=payload.because, parent=parent
    )
    return Status(
        201,
        {
            "id": step.pk,
            "parent_id": step.parent_id,
            "because": step.because,
            "depth": _depth(step),
            "version": step.version,
        },
    )


def _depth(step: WhyStep) -> int:
    return next(
        (
            n.depth
            for n in selectors.why_flat(list(step.problem_statement.why_steps.all()))
            if n.step.pk == step.pk
        ),
        0,
    )


@router.patch(
    "/partnerships/{partnership_id}/why-steps/{why_id}",
    response=WhyOut,
    summary="Change a “why?” step; a parent that would close a loop is refused",
)
def why_update(request, partnership_id: int, why_id: int, payload: WhyPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(
        WhyStep.objects.filter(partnership=partnership).select_related("problem_statement"),
        pk=why_id,
    )
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "parent_id" in changes:
        changes["parent"] = _optional(
            WhyStep.objects.filter(problem_statement_id=step.problem_statement_id),
            changes.pop("parent_id"),
            "parent_id",
        )
    saved = services.why_step_update(
        actor=request.user, step=step, changes=changes, expected_version=version
    )
    return {
        "id": saved.pk,
        "parent_id": saved.parent_id,
        "because": saved.because,
        "depth": _depth(saved),
        "version": saved.version,
    }


@router.delete(
    "/partnerships/{partnership_id}/why-steps/{why_id}",
    response=Message,
    summary="Delete a “why?” step",
)
def why_delete(request, partnership_id: int, why_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(WhyStep.objects.filter(partnership=partnership), pk=why_id)
    services.why_step_delete(actor=request.user, step=step, expected_version=version)
    return {"detail": f"Step {why_id} deleted; the steps under it moved up."}


class SolutionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20000)
    status: SolutionStatus = SolutionStatus.PROPOSED
    problem_statement_id: int | None = None
    root_cause_id: int | None = None
    resource_id: int | None = None


class SolutionPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    status: SolutionStatus | None = None
    problem_statement_id: int | None = None
    root_cause_id: int | None = None
    resource_id: int | None = None


def _solution_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    for key, qs in (
        ("problem_statement_id", ProblemStatement.objects.filter(partnership=partnership)),
        ("root_cause_id", WhyStep.objects.filter(partnership=partnership)),
        ("resource_id", Resource.objects.filter(partnership=partnership)),
    ):
        if key in data:
            data[key.removesuffix("_id")] = _optional(qs, data.pop(key), key)
    return data


@router.get(
    "/partnerships/{partnership_id}/solutions", response=list[SolutionOut], summary="Solutions"
)
def solution_list(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return list(Solution.objects.filter(partnership=partnership))


@router.post(
    "/partnerships/{partnership_id}/solutions",
    response={201: SolutionOut},
    summary="Propose a solution; choosing one needs its problem statement and a “why?”",
)
def solution_create(request, partnership_id: int, payload: SolutionIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    fields = _solution_fields(partnership, payload.dict())
    return Status(
        201, services.solution_create(actor=request.user, partnership=partnership, **fields)
    )


@router.patch(
    "/partnerships/{partnership_id}/solutions/{solution_id}",
    response=SolutionOut,
    summary="Change a solution, e.g. mark it chosen",
)
def solution_update(request, partnership_id: int, solution_id: int, payload: SolutionPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes = _solution_fields(partnership, changes)
    return services.solution_update(
        actor=request.user, solution=solution, changes=changes, expected_version=version
    )


@router.delete(
    "/partnerships/{partnership_id}/solutions/{solution_id}",
    response=Message,
    summary="Delete a solution",
)
def solution_delete(request, partnership_id: int, solution_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    services.solution_delete(actor=request.user, solution=solution, expected_version=version)
    return {"detail": f"Solution {solution_id} deleted."}


# --- Action plan ------------------------------------------------------------------------------


class ResultOut(Schema):
    id: int
    period_end: dt.date
    value: Decimal
    note: str


class ProgressOut(Schema):
    latest_value: Decimal | None
    latest_period_end: dt.date | None
    share: float | None = Field(description="Share of the way from baseline to target.")
    expected: float | None = Field(description="Share expected by then on a straight line.")
    on_track: bool | None


class BenchmarkIn(Schema):
    indicator: str = Field(min_length=1, max_length=300)
    unit: str = Field("", max_length=50)
    baseline_value: Decimal
    baseline_on: dt.date
    target_value: Decimal
    target_on: dt.date


class BenchmarkPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    indicator: str | None = Field(None, min_length=1, max_length=300)
    unit: str | None = Field(None, max_length=50)
    baseline_value: Decimal | None = None
    baseline_on: dt.date | None = None
    target_value: Decimal | None = None
    target_on: dt.date | None = None


class BenchmarkOut(Schema):
    id: int
    goal_id: int
    indicator: str
    unit: str
    baseline_value: Decimal
    baseline_on: dt.date
    target_value: Decimal
    target_on: dt.date
    results: list[ResultOut]
    progress: ProgressOut
    action_step_ids: list[int]
    version: int


class StepOut(Schema):
    id: int
    title: str
    owner_id: int | None
    due_on: dt.date | None
    status: ActionStatus
    decision_id: int | None
    completed_on: dt.date | None
    version: int


class GoalIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20000)
    problem_statement_id: int | None = None


class GoalPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=20000)
    problem_statement_id: int | None = None


class GoalOut(Schema):
    id: int
    title: str
    description: str
    problem_statement_id: int | None
    issue_id: int | None
    benchmarks: list[BenchmarkOut]
    action_steps: list[StepOut]
    decision_ids: list[int]
    version: int


def _benchmark_out(b: Benchmark) -> dict[str, Any]:
    results = list(b.results.all())
    p = selectors.benchmark_progress(b, results)
    return {
        "id": b.pk,
        "goal_id": b.goal_id,
        "indicator": b.indicator,
        "unit": b.unit,
        "baseline_value": b.baseline_value,
        "baseline_on": b.baseline_on,
        "target_value": b.target_value,
        "target_on": b.target_on,
        "results": results,
        "progress": {
            "latest_value": p.latest.value if p.latest else None,
            "latest_period_end": p.latest.period_end if p.latest else None,
            "share": p.share,
            "expected": p.expected,
            "on_track": p.on_track,
        },
        "action_step_ids": [s.pk for s in b.action_items.all()],
        "version": b.version,
    }


def _goal_out(g: Goal) -> dict[str, Any]:
    ps = g.problem_statement
    return {
        "id": g.pk,
        "title": g.title,
        "description": g.description,
        "problem_statement_id": g.problem_statement_id,
        "issue_id": ps.issue_id if ps else None,
        "benchmarks": [_benchmark_out(b) for b in g.benchmarks.all()],
        "action_steps": list(g.action_items.all()),
        "decision_ids": [d.pk for d in g.decisions.all()],
        "version": g.version,
    }


def _goal(partnership: Partnership, goal_id: int) -> Goal:
    return child_or_404(selectors.goals_of(partnership), pk=goal_id)


def _goal_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "problem_statement_id" in data:
        data["problem_statement"] = _optional(
            ProblemStatement.objects.filter(partnership=partnership),
            data.pop("problem_statement_id"),
            "problem_statement_id",
        )
    return data


@router.get(
    "/partnerships/{partnership_id}/goals", response=list[GoalOut], summary="The action plan: goals"
)
def goal_list(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return [_goal_out(g) for g in selectors.goals_of(partnership)]


@router.post("/partnerships/{partnership_id}/goals", response={201: GoalOut}, summary="Set a goal")
def goal_create(request, partnership_id: int, payload: GoalIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = services.goal_create(
        actor=request.user, partnership=partnership, **_goal_fields(partnership, payload.dict())
    )
    return Status(201, _goal_out(_goal(partnership, goal.pk)))


@router.get("/partnerships/{partnership_id}/goals/{goal_id}", response=GoalOut, summary="One goal")
def goal_detail(request, partnership_id: int, goal_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return _goal_out(_goal(partnership, goal_id))


@router.patch(
    "/partnerships/{partnership_id}/goals/{goal_id}", response=GoalOut, summary="Change a goal"
)
def goal_update(request, partnership_id: int, goal_id: int, payload: GoalPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.goal_update(
        actor=request.user,
        goal=goal,
        changes=_goal_fields(partnership, changes),
        expected_version=version,
    )
    return _goal_out(_goal(partnership, goal_id))


@router.delete(
    "/partnerships/{partnership_id}/goals/{goal_id}", response=Message, summary="Delete a goal"
)
def goal_delete(request, partnership_id: int, goal_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.goal_delete(
        actor=request.user, goal=_goal(partnership, goal_id), expected_version=version
    )
    return {"detail": f"Goal {goal_id} deleted."}


def _benchmark(partnership: Partnership, benchmark_id: int) -> Benchmark:
    return child_or_404(
        Benchmark.objects.filter(partnership=partnership).prefetch_related(
            "results", "action_items"
        ),
        pk=benchmark_id,
    )


@router.post(
    "/partnerships/{partnership_id}/goals/{goal_id}/benchmarks",
    response={201: BenchmarkOut},
    summary="Add a benchmark: indicator, unit, baseline and target",
)
def benchmark_create(request, partnership_id: int, goal_id: int, payload: BenchmarkIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    b = services.benchmark_create(actor=request.user, goal=goal, **payload.dict())
    return Status(201, _benchmark_out(_benchmark(partnership, b.pk)))


@router.get(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=BenchmarkOut,
    summary="A benchmark with its results and progress",
)
def benchmark_detail(request, partnership_id: int, benchmark_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return _benchmark_out(_benchmark(partnership, benchmark_id))


@router.patch(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=BenchmarkOut,
    summary="Change a benchmark; a span that would leave recorded results outside is refused",
)
def benchmark_update(request, partnership_id: int, benchmark_id: int, payload: BenchmarkPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    b = _benchmark(partnership, benchmark_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    services.benchmark_update(
        actor=request.user, benchmark=b, changes=changes, expected_version=version
    )
    return _benchmark_out(_benchmark(partnership, benchmark_id))


@router.delete(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}",
    response=Message,
    summary="Delete a benchmark",
)
def benchmark_delete(request, partnership_id: int, benchmark_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.benchmark_delete(
        actor=request.user,
        benchmark=_benchmark(partnership, benchmark_id),
        expected_version=version,
    )
    return {"detail": f"Benchmark {benchmark_id} deleted."}


class ResultIn(Schema):
    period_end: dt.date = Field(
        description="Within the benchmark's span (baseline to target date)."
    )
    value: Decimal
    note: str = Field("", max_length=300)


@router.post(
    "/partnerships/{partnership_id}/benchmarks/{benchmark_id}/results",
    response={201: ResultOut},
    summary="Record the result of a period; a period outside the benchmark's span is refused",
)
def result_record(request, partnership_id: int, benchmark_id: int, payload: ResultIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    b = _benchmark(partnership, benchmark_id)
    return Status(
        201, services.benchmark_result_record(actor=request.user, benchmark=b, **payload.dict())
    )


@router.delete(
    "/partnerships/{partnership_id}/benchmark-results/{result_id}",
    response=Message,
    summary="Remove a result",
)
def result_delete(request, partnership_id: int, result_id: int, version: int | None = None):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    result = child_or_404(
        BenchmarkResult.objects.filter(benchmark__partnership=partnership), pk=result_id
    )
    services.benchmark_result_delete(actor=request.user, result=result, expected_version=version)
    return {"detail": f"Result {result_id} removed."}


class StepIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    owner_id: int | None = Field(None, description="A person of the workspace.")
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    decision_id: int | None = Field(None, description="The decision that created the step.")
    new_decision: str = Field(
        "", max_length=20000, description="Or: record that decision now (text), dated today."
    )
    benchmark_ids: list[int] = Field(
        default_factory=list, description="Benchmarks of the goal it moves."
    )


class StepPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    title: str | None = Field(None, min_length=1, max_length=300)
    owner_id: int | None = None
    due_on: dt.date | None = None
    status: ActionStatus | None = None
    decision_id: int | None = None
    benchmark_ids: list[int] | None = None


def _step_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "owner_id" in data:
        data["owner"] = _optional(
            Person.objects.filter(workspace_id=partnership.workspace_id),
            data.pop("owner_id"),
            "owner_id",
        )
    if "decision_id" in data:
        data["decision"] = _optional(
            Decision.objects.filter(partnership=partnership), data.pop("decision_id"), "decision_id"
        )
    return data


@router.post(
    "/partnerships/{partnership_id}/goals/{goal_id}/action-steps",
    response={201: StepOut},
    summary="Add an action step to a goal, linked to the decision that created it",
)
def step_create(request, partnership_id: int, goal_id: int, payload: StepIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = _goal(partnership, goal_id)
    data = _step_fields(partnership, payload.dict())
    benchmarks = _many(goal.benchmarks.all(), data.pop("benchmark_ids"), "benchmark_ids")
    return Status(
        201,
        services.action_step_create(actor=request.user, goal=goal, benchmarks=benchmarks, **data),
    )


@router.patch(
    "/partnerships/{partnership_id}/action-steps/{step_id}",
    response=StepOut,
    summary="Change an action step: owner, due date, status, decision, benchmarks",
)
def step_update(request, partnership_id: int, step_id: int, payload: StepPatch):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    try:
        item, goal = selectors.step_goal(partnership, step_id)
    except ObjectDoesNotExist:
        raise Http404("Not found") from None
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    benchmark_ids = changes.pop("benchmark_ids", None)
    benchmarks = (
        None
        if benchmark_ids is None
        else _many(goal.benchmarks.all(), benchmark_ids, "benchmark_ids")
    )
    return services.action_step_update(
        actor=request.user,
        goal=goal,
        item=item,
        changes=_step_fields(partnership, changes),
        expected_version=version,
        benchmarks=benchmarks,
    )


# --- The chain --------------------------------------------------------------------------------


class ChainProblemOut(Schema):
    id: int
    problem: str
    why_steps: list[WhyOut]
    solution_ids: list[int]
    goal_ids: list[int]


class ChainIssueOut(Schema):
    id: int
    title: str
    status: IssueStatus
    employer_count: int
    problem_statements: list[ChainProblemOut]


class ChainOut(Schema):
    issues: list[ChainIssueOut]
    goals: list[GoalOut] = Field(description="All goals with benchmarks and action steps.")


@router.get(
    "/partnerships/{partnership_id}/plan-chain",
    response=ChainOut,
    summary="The chain issue → problem statement → goal → benchmark → action step → decision",
)
def plan_chain(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    chain = selectors.plan_chain(partnership)
    return {
        "issues": [
            {
                "id": ci.issue.pk,
                "title": ci.issue.title,
                "status": ci.issue.status,
                "employer_count": ci.employer_count,
                "problem_statements": [
                    {
                        "id": cp.statement.pk,
                        "problem": cp.statement.problem,
                        "why_steps": [
                            {
                                "id": n.step.pk,
                                "parent_id": n.step.parent_id,
                                "because": n.step.because,
                                "depth": n.depth,
                                "version": n.step.version,
                            }
                            for n in selectors.why_flat(list(cp.statement.why_steps.all()))
                        ],
                        "solution_ids": [s.pk for s in cp.solutions],
                        "goal_ids": [g.pk for g in cp.goals],
                    }
                    for cp in ci.problems
                ],
            }
            for ci in chain.issues
        ],
        "goals": [_goal_out(g) for g in selectors.goals_of(partnership)],
    }


class TraceOut(Schema):
    decision: DecisionOut
    action_step_ids: list[int]
    benchmark_ids: list[int]
    goal_ids: list[int]
    problem_statement_ids: list[int]
    issue_ids: list[int]
    round_ids: list[int]


@router.get(
    "/partnerships/{partnership_id}/decisions/{decision_id}/trace",
    response=TraceOut,
    summary="Up the chain from a decision: steps, benchmarks, goals, problems, issues",
)
def decision_trace(request, partnership_id: int, decision_id: int):
    partnership = partnership_for(request.user, partnership_id)
    decision = child_or_404(Decision.objects.filter(partnership=partnership), pk=decision_id)
    t = selectors.decision_trace(decision)
    return {
        "decision": decision,
        "action_step_ids": [s.pk for s in t.action_items],
        "benchmark_ids": [b.pk for b in t.benchmarks],
        "goal_ids": [g.pk for g in t.goals],
        "problem_statement_ids": [p.pk for p in t.problem_statements],
        "issue_ids": [i.pk for i in t.issues],
        "round_ids": [r.pk for r in t.rounds],
    }


@router.get(
    "/partnerships/{partnership_id}/plan-findings",
    response=list[FindingOut],
    summary="What to look at in the plan, with the toolkit passage behind each finding",
)
def findings(request, partnership_id: int):
    from django.utils import timezone

    partnership = partnership_for(request.user, partnership_id)
    return [
        f.as_dict()
        for f in plan_findings(
            selectors.plan_chain(partnership),
            solutions=list(Solution.objects.filter(partnership=partnership)),
            efforts=list(
                PastEffort.objects.filter(partnership=partnership).select_related("issue")
            ),
            resources=list(Resource.objects.filter(partnership=partnership)),
            today=timezone.localdate(),
        )
    ]
