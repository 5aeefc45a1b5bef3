"""Issues and priorities API: issues with their evidence and past efforts, prioritisation
rounds, ballots (a partner votes as herself; staff enter paper ballots), the consensus
and the comparison of rounds."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Status

from convenor.lib.schemas import Message
from convenor.meetings.models import Decision, Meeting
from convenor.outreach.models import Touch
from convenor.partners.models import Organisation, Person
from convenor.partnerships.models import Partnership
from convenor.planning.endpoints import SubjectRouter, many, optional, patch
from convenor.planning.issues import selectors, services
from convenor.planning.issues.schemas import (
    BallotIn,
    CompareRowOut,
    ConsensusIn,
    DecisionOut,
    EffortIn,
    EffortOut,
    EffortPatch,
    EvidenceIn,
    EvidenceOut,
    IssueIn,
    IssueOut,
    IssuePatch,
    MyRatingOut,
    RoundDetailOut,
    RoundIn,
    RoundOut,
)
from convenor.planning.models import (
    Issue,
    IssueEvidence,
    PastEffort,
    PrioritisationRound,
    Rating,
    Resource,
)
from convenor.planning.pages import membership
from convenor.planning.people import own_person
from convenor.regions.models import AnalysisSnapshot
from convenor.workspaces.access import child_or_404, needs, partnership_for
from convenor.workspaces.models import Access

router = SubjectRouter()

# --- Issues and their evidence -----------------------------------------------------------


def _issue_out(issue: Issue, employer_count: int | None = None) -> dict[str, Any]:
    if employer_count is None:
        employer_count = selectors.employer_counts([issue]).get(issue.pk, 0)
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


def _issues(partnership: Partnership) -> QuerySet[Issue]:
    return Issue.objects.filter(partnership=partnership).prefetch_related(
        "touches", "evidence", "decisions"
    )


def _issue(partnership: Partnership, issue_id: int) -> Issue:
    issue: Issue = child_or_404(_issues(partnership), pk=issue_id)
    return issue


def _touches(partnership: Partnership, ids: list[int]) -> list[Touch]:
    return many(Touch.objects.filter(partnership=partnership), ids, "touch_ids")


@router.get(
    "/partnerships/{partnership_id}/issues",
    response=list[IssueOut],
    summary="Issues of a partnership",
)
def issue_list(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    issues = list(_issues(partnership_for(request.user, partnership_id)))
    counts = selectors.employer_counts(issues)
    return [_issue_out(i, counts.get(i.pk, 0)) for i in issues]


@router.post(
    "/partnerships/{partnership_id}/issues",
    response={201: IssueOut},
    summary="Record an issue (staff, owner)",
)
def issue_create(request: HttpRequest, partnership_id: int, payload: IssueIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict()
    touches = _touches(partnership, data.pop("touch_ids"))
    issue = services.issue_create(
        actor=request.user, partnership=partnership, touches=touches, **data
    )
    return Status(201, _issue_out(issue))


@router.get(
    "/partnerships/{partnership_id}/issues/{issue_id}", response=IssueOut, summary="One issue"
)
def issue_detail(request: HttpRequest, partnership_id: int, issue_id: int) -> dict[str, Any]:
    return _issue_out(_issue(partnership_for(request.user, partnership_id), issue_id))


@router.patch(
    "/partnerships/{partnership_id}/issues/{issue_id}",
    response=IssueOut,
    summary="Change an issue (staff, owner); send the version you read",
)
def issue_update(
    request: HttpRequest, partnership_id: int, issue_id: int, payload: IssuePatch
) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    changes, version = patch(payload)
    if "touch_ids" in changes:
        changes["touches"] = _touches(partnership, changes.pop("touch_ids") or [])
    services.issue_update(
        actor=request.user, issue=issue, changes=changes, expected_version=version
    )
    return _issue_out(_issue(partnership, issue_id))


@router.delete(
    "/partnerships/{partnership_id}/issues/{issue_id}", response=Message, summary="Delete an issue"
)
def issue_delete(
    request: HttpRequest, partnership_id: int, issue_id: int, version: int
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    services.issue_delete(actor=request.user, issue=issue, expected_version=version)
    return {"detail": f"Issue {issue_id} deleted."}


@router.post(
    "/partnerships/{partnership_id}/issues/{issue_id}/evidence",
    response={201: EvidenceOut},
    summary="Add evidence to an issue: data, a saved analysis, a report",
)
def evidence_add(
    request: HttpRequest, partnership_id: int, issue_id: int, payload: EvidenceIn
) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    data = payload.dict()
    data["analysis"] = optional(
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
    request: HttpRequest,
    partnership_id: int,
    issue_id: int,
    evidence_id: int,
    version: int | None = None,
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    evidence = child_or_404(
        IssueEvidence.objects.filter(partnership=partnership, issue_id=issue_id), pk=evidence_id
    )
    services.issue_evidence_delete(actor=request.user, evidence=evidence, expected_version=version)
    return {"detail": f"Evidence {evidence_id} removed."}


# --- Past and existing efforts ------------------------------------------------------------


def _effort_fields(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    if "organisation_id" in data:
        data["organisation"] = optional(
            Organisation.objects.filter(workspace_id=partnership.workspace_id),
            data.pop("organisation_id"),
            "organisation_id",
        )
    if "resource_id" in data:
        data["resource"] = optional(
            Resource.objects.filter(partnership=partnership), data.pop("resource_id"), "resource_id"
        )
    return data


@router.get(
    "/partnerships/{partnership_id}/issues/{issue_id}/past-efforts",
    response=list[EffortOut],
    summary="Past and existing efforts on an issue",
)
def effort_list(request: HttpRequest, partnership_id: int, issue_id: int) -> list[PastEffort]:
    issue = _issue(partnership_for(request.user, partnership_id), issue_id)
    return list(issue.past_efforts.all())


@router.post(
    "/partnerships/{partnership_id}/issues/{issue_id}/past-efforts",
    response={201: EffortOut},
    summary="Record “we tried that before” or “someone already does that”",
)
def effort_create(
    request: HttpRequest, partnership_id: int, issue_id: int, payload: EffortIn
) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = _issue(partnership, issue_id)
    fields = _effort_fields(partnership, payload.dict())
    return Status(201, services.past_effort_create(actor=request.user, issue=issue, **fields))


@router.patch(
    "/partnerships/{partnership_id}/past-efforts/{effort_id}",
    response=EffortOut,
    summary="Change a past or existing effort",
)
def effort_update(
    request: HttpRequest, partnership_id: int, effort_id: int, payload: EffortPatch
) -> PastEffort:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    effort = child_or_404(
        PastEffort.objects.filter(partnership=partnership).select_related("issue__partnership"),
        pk=effort_id,
    )
    changes, version = patch(payload)
    return services.past_effort_update(
        actor=request.user,
        effort=effort,
        changes=_effort_fields(partnership, changes),
        expected_version=version,
    )


@router.delete(
    "/partnerships/{partnership_id}/past-efforts/{effort_id}",
    response=Message,
    summary="Delete a past effort",
)
def effort_delete(
    request: HttpRequest, partnership_id: int, effort_id: int, version: int | None = None
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    effort = child_or_404(PastEffort.objects.filter(partnership=partnership), pk=effort_id)
    services.past_effort_delete(actor=request.user, effort=effort, expected_version=version)
    return {"detail": f"Past effort {effort_id} deleted."}


# --- Prioritisation rounds and ballots ----------------------------------------------------


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


def _rounds(partnership: Partnership) -> QuerySet[PrioritisationRound]:
    return PrioritisationRound.objects.filter(partnership=partnership).prefetch_related(
        "issues", "chosen_issues"
    )


def _round(partnership: Partnership, round_id: int) -> PrioritisationRound:
    rnd: PrioritisationRound = child_or_404(_rounds(partnership), pk=round_id)
    return rnd


def _my_rating(rating: Rating) -> dict[str, int]:
    return {
        "issue_id": rating.issue_id,
        "importance": rating.importance,
        "feasibility": rating.feasibility,
    }


@router.get(
    "/partnerships/{partnership_id}/rounds",
    response=list[RoundOut],
    summary="Prioritisation rounds",
)
def round_list(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    return [_round_out(r) for r in _rounds(partnership_for(request.user, partnership_id))]


@router.post(
    "/partnerships/{partnership_id}/rounds",
    response={201: RoundOut},
    summary="Open a prioritisation round (staff, owner)",
)
def round_open(request: HttpRequest, partnership_id: int, payload: RoundIn) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issues = None
    if payload.issue_ids is not None:
        issues = many(Issue.objects.filter(partnership=partnership), payload.issue_ids, "issue_ids")
    meeting = optional(
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
def round_detail(request: HttpRequest, partnership_id: int, round_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id)
    rnd = _round(partnership, round_id)
    results = selectors.round_results(rnd)
    person = own_person(request.user, partnership.workspace_id)
    return {
        **_round_out(rnd),
        "participation": results.participation,
        "results": {
            "overall": [r.as_dict() for r in results.overall],
            "employers": [r.as_dict() for r in results.employers],
        }
        if selectors.results_shown(rnd, membership(partnership))
        else None,
        "my_ratings": [_my_rating(r) for r in selectors.my_ratings(rnd, person).values()],
    }


@router.post(
    "/partnerships/{partnership_id}/rounds/{round_id}/ballot",
    response=list[MyRatingOut],
    summary="Cast a ballot: rate every issue 1-5 for importance and feasibility",
    description="A partner votes as the person record linked to their sign-in; voting again "
    "while the round is open replaces their ratings. Staff send `person_id` to enter a ballot "
    "taken on paper. A closed round refuses the ballot (422) and keeps what was recorded.",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def ballot_cast(
    request: HttpRequest, partnership_id: int, round_id: int, payload: BallotIn
) -> list[dict[str, int]]:
    on_paper = payload.person_id is not None
    partnership = partnership_for(
        request.user, partnership_id, Access.EDIT if on_paper else Access.CONTRIBUTE
    )
    rnd = _round(partnership, round_id)
    if on_paper:
        person = optional(
            Person.objects.filter(workspace_id=partnership.workspace_id).select_related(
                "organisation"
            ),
            payload.person_id,
            "person_id",
        )
    else:
        person = own_person(request.user, partnership.workspace_id)
        if person is None:
            raise ValidationError(services.NO_PERSON_RECORD)
    saved = services.ballot_cast(
        actor=request.user,
        round=rnd,
        person=person,
        ratings={r.issue_id: (r.importance, r.feasibility) for r in payload.ratings},
        on_paper=on_paper,
    )
    return [_my_rating(r) for r in saved]


@router.post(
    "/partnerships/{partnership_id}/rounds/{round_id}/close",
    response=RoundOut,
    summary="Close a round: no more ratings (staff, owner)",
)
def round_close(request: HttpRequest, partnership_id: int, round_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    services.round_close(actor=request.user, round=_round(partnership, round_id))
    return _round_out(_round(partnership, round_id))


@router.post(
    "/partnerships/{partnership_id}/rounds/{round_id}/consensus",
    response={201: DecisionOut},
    summary="Record the consensus of a closed round in the decision log",
)
def round_consensus(
    request: HttpRequest, partnership_id: int, round_id: int, payload: ConsensusIn
) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    rnd = _round(partnership, round_id)
    chosen = many(Issue.objects.filter(partnership=partnership), payload.issue_ids, "issue_ids")
    meeting = optional(
        Meeting.objects.filter(partnership=partnership), payload.meeting_id, "meeting_id"
    )
    decision: Decision = services.round_record_consensus(
        actor=request.user,
        round=rnd,
        chosen_issues=chosen,
        consensus=payload.consensus,
        decided_on=payload.decided_on,
        meeting=meeting,
    )
    return Status(201, decision)


@router.get(
    "/partnerships/{partnership_id}/rounds-compared",
    response=list[CompareRowOut],
    summary="Each issue's rank and score in every round, oldest first",
)
def rounds_compare(
    request: HttpRequest, partnership_id: int, employers_only: bool = False
) -> list[dict[str, Any]]:
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
