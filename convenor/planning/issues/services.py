"""Writes of issues, their evidence and past efforts, and prioritisation.

A ballot is all-or-nothing and refused once its round has closed; the consensus of a
closed round goes into the decision log and marks the chosen issues prioritised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from convenor.audit import services as audit
from convenor.meetings import services as meetings_services
from convenor.meetings.models import Decision, Meeting
from convenor.partners.models import Category, Person
from convenor.partnerships.models import Partnership
from convenor.planning.models import (
    RATING_MAX,
    RATING_MIN,
    EffortKind,
    EvidenceKind,
    Issue,
    IssueEvidence,
    IssueStatus,
    PastEffort,
    PrioritisationRound,
    Rating,
    RoundStatus,
)
from convenor.planning.writes import check_fields, created, same_partnership, updated

# --- Issues ---------------------------------------------------------------------------

ISSUE_FIELDS = ("title", "challenge", "description", "status")


def issue_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    challenge: str,
    description: str = "",
    status: str = IssueStatus.OPEN,
    touches: Iterable[Any] = (),
) -> Issue:
    touches = list(touches)
    for touch in touches:
        same_partnership(partnership, touches=touch)
    return created(
        Issue(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            title=title.strip(),
            challenge=challenge,
            description=description,
            status=status,
        ),
        actor=actor,
        m2m={"touches": touches},
    )


def issue_update(
    *, actor: Any, issue: Issue, changes: Mapping[str, Any], expected_version: int | None
) -> Issue:
    check_fields(changes, (*ISSUE_FIELDS, "touches"))
    for touch in changes.get("touches", []):
        same_partnership(issue.partnership, touches=touch)
    return updated(issue, actor=actor, changes=changes, expected_version=expected_version)


def issue_delete(*, actor: Any, issue: Issue, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=issue, expected_version=expected_version)


def issue_evidence_add(
    *,
    actor: Any,
    issue: Issue,
    title: str = "",
    kind: str = EvidenceKind.DATA,
    url: str = "",
    note: str = "",
    analysis: Any = None,
) -> IssueEvidence:
    """Add a source to an issue; a saved analysis must be one of the same partnership."""
    if analysis is not None:
        if analysis.partnership_id != issue.partnership_id:
            raise ValidationError({"analysis": "That analysis belongs to another partnership."})
        kind = EvidenceKind.ANALYSIS
        title = title.strip() or str(analysis)
    if not title.strip():
        raise ValidationError({"title": "Name the source, or pick a saved analysis."})
    return created(
        IssueEvidence(
            workspace_id=issue.workspace_id,
            partnership_id=issue.partnership_id,
            issue=issue,
            kind=kind,
            title=title.strip()[:300],
            url=url.strip(),
            note=note,
            analysis=analysis,
        ),
        actor=actor,
    )


def issue_evidence_delete(
    *, actor: Any, evidence: IssueEvidence, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=evidence, expected_version=expected_version)


# --- Past and existing efforts -------------------------------------------------------

EFFORT_FIELDS = (
    "kind",
    "who",
    "organisation",
    "when",
    "what_happened",
    "why_not_work",
    "how_to_scale",
    "resource",
)


def past_effort_create(*, actor: Any, issue: Issue, **fields: Any) -> PastEffort:
    check_fields(fields, EFFORT_FIELDS)
    same_partnership(
        issue.partnership,
        organisation=fields.get("organisation"),
        resource=fields.get("resource"),
    )
    fields.setdefault("kind", EffortKind.TRIED_BEFORE)
    return created(
        PastEffort(
            workspace_id=issue.workspace_id,
            partnership_id=issue.partnership_id,
            issue=issue,
            **fields,
        ),
        actor=actor,
    )


def past_effort_update(
    *, actor: Any, effort: PastEffort, changes: Mapping[str, Any], expected_version: int | None
) -> PastEffort:
    check_fields(changes, EFFORT_FIELDS)
    same_partnership(
        effort.issue.partnership,
        organisation=changes.get("organisation"),
        resource=changes.get("resource"),
    )
    return updated(effort, actor=actor, changes=changes, expected_version=expected_version)


def past_effort_delete(
    *, actor: Any, effort: PastEffort, expected_version: int | None = None
) -> None:
    audit.delete(actor=actor, instance=effort, expected_version=expected_version)


# --- Prioritisation ------------------------------------------------------------------


def round_open(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    issues: Iterable[Issue] | None = None,
    method: str = "",
    meeting: Meeting | None = None,
    opened_on: dt.date | None = None,
) -> PrioritisationRound:
    """Open a round; the ballot holds the given issues, or every open issue."""
    same_partnership(partnership, meeting=meeting)
    if issues is None:
        issues = Issue.objects.filter(partnership=partnership, status=IssueStatus.OPEN)
    issues = list(issues)
    for issue in issues:
        same_partnership(partnership, issues=issue)
    if not issues:
        raise ValidationError(
            {"issues": "There is no issue to rate: record the issues heard from employers first."}
        )
    fields: dict[str, Any] = {}
    if method.strip():
        fields["method"] = method.strip()
    return created(
        PrioritisationRound(
            workspace_id=partnership.workspace_id,
            partnership=partnership,
            title=title.strip(),
            meeting=meeting,
            opened_on=opened_on or timezone.localdate(),
            **fields,
        ),
        actor=actor,
        m2m={"issues": issues},
    )


WHOLE_NUMBER = re.compile(r"-?[0-9]+")

# Why a signed-in member has no ballot: pages and the API say the same.
NO_PERSON_RECORD = (
    "Your sign-in is not linked to a person record of this workspace, so there is no ballot "
    "in your name. Ask the convener's staff to link it, or to enter your ratings as a paper "
    "ballot."
)


def _rating_value(value: Any, *, what: str, issue: Issue) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None or not RATING_MIN <= number <= RATING_MAX:
        shown = "nothing" if value in (None, "") else repr(value)
        raise ValidationError(
            f"{what} of “{issue.title}” must be a whole number from {RATING_MIN} to "
            f"{RATING_MAX} (you sent {shown})."
        )
    return number


def ballot_cast(
    *,
    actor: Any,
    round: PrioritisationRound,
    person: Person,
    ratings: Mapping[int, tuple[Any, Any]],
    on_paper: bool = False,
) -> list[Rating]:
    """Record one partner's ratings of every issue on the ballot, or nothing.

    ``ratings`` maps issue id to (importance, feasibility). Voting again while the
    round is open replaces that partner's earlier ratings. A closed round refuses
    the ballot and keeps what was recorded.
    """
    if person.workspace_id != round.workspace_id:
        raise ValidationError("That person belongs to another workspace.")
    with transaction.atomic():
        current = PrioritisationRound.objects.select_for_update().get(pk=round.pk)
        if current.status != RoundStatus.OPEN:
            closed = timezone.localtime(current.closed_at).strftime("%Y-%m-%d %H:%M")
            raise ValidationError(
                f"The round “{current.title}” closed on {closed}; ratings are no longer "
                "accepted. The ratings recorded before it closed are kept."
            )
        ballot = {i.pk: i for i in current.issues.all()}
        unknown = [pk for pk in ratings if int(pk) not in ballot]
        if unknown:
            raise ValidationError(f"Issue {unknown[0]} is not on this round's ballot.")
        missing = [i.title for pk, i in ballot.items() if pk not in {int(k) for k in ratings}]
        if missing:
            raise ValidationError(
                f"Rate every issue on the ballot; missing: {', '.join(sorted(missing))}."
            )
        clean: dict[int, tuple[int, int]] = {}
        problems: list[str] = []
        for pk, pair in ratings.items():
            issue = ballot[int(pk)]
            values = []
            for what, value in zip(("Importance", "Feasibility"), pair, strict=True):
                try:
                    values.append(_rating_value(value, what=what, issue=issue))
                except ValidationError as exc:
                    problems.extend(exc.messages)
            if len(values) == 2:
                clean[int(pk)] = (values[0], values[1])
        if problems:
            raise ValidationError(problems)
        organisation = person.organisation
        is_employer = bool(organisation and organisation.category == Category.EMPLOYER)
        existing = {r.issue_id: r for r in Rating.objects.filter(round=current, person=person)}
        saved: list[Rating] = []
        for pk, (importance, feasibility) in clean.items():
            if pk in existing:
                saved.append(
                    updated(
                        existing[pk],
                        actor=actor,
                        changes={
                            "importance": importance,
                            "feasibility": feasibility,
                            "on_paper": on_paper,
                            "organisation": organisation,
                            "is_employer": is_employer,
                            "recorded_by": actor if actor and actor.is_authenticated else None,
                        },
                        expected_version=None,
                    )
                )
            else:
                saved.append(
                    created(
                        Rating(
                            workspace_id=current.workspace_id,
                            partnership_id=current.partnership_id,
                            round=current,
                            person=person,
                            issue=ballot[pk],
                            importance=importance,
                            feasibility=feasibility,
                            organisation=organisation,
                            is_employer=is_employer,
                            on_paper=on_paper,
                            recorded_by=actor if actor and actor.is_authenticated else None,
                        ),
                        actor=actor,
                    )
                )
    return saved


def round_close(
    *,
    actor: Any,
    round: PrioritisationRound,
    expected_version: int | None = None,
    closed_at: dt.datetime | None = None,
) -> PrioritisationRound:
    """Close a round: no more ratings. ``closed_at`` records a round closed earlier (at
    the meeting) and entered afterwards."""
    with transaction.atomic():
        current = PrioritisationRound.objects.select_for_update().get(pk=round.pk)
        if current.status == RoundStatus.CLOSED:
            raise ValidationError("This round is closed already.")
        if not current.ratings.exists():
            raise ValidationError("Nobody has rated yet: a round closes after partners have voted.")
        return updated(
            current,
            actor=actor,
            changes={
                "status": RoundStatus.CLOSED,
                "closed_at": closed_at or timezone.now(),
                "closed_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
            expected_version=expected_version,
        )


def round_record_consensus(
    *,
    actor: Any,
    round: PrioritisationRound,
    chosen_issues: Iterable[Issue],
    consensus: str,
    decided_on: dt.date | None = None,
    meeting: Meeting | None = None,
    decided_by: str = "",
) -> Decision:
    """Record the partners' consensus in the decision log and mark the issues prioritised."""
    chosen = list(chosen_issues)
    round = PrioritisationRound.objects.select_related("partnership").get(pk=round.pk)
    if round.status != RoundStatus.CLOSED:
        raise ValidationError("Close the round before recording the consensus.")
    if round.decision_id:
        raise ValidationError("The consensus of this round is recorded already.")
    on_ballot = set(round.issues.values_list("pk", flat=True))
    if not chosen:
        raise ValidationError(
            {"chosen_issues": "Choose at least one issue the partners agreed on."}
        )
    if any(i.pk not in on_ballot for i in chosen):
        raise ValidationError({"chosen_issues": "Choose issues from this round's ballot."})
    partnership = round.partnership
    text = consensus.strip() or (
        "Partners prioritised: " + "; ".join(i.title for i in chosen) + f" ({round.title})."
    )
    with transaction.atomic():
        decision = meetings_services.decision_create(
            actor=actor,
            partnership=partnership,
            text=text,
            decided_on=decided_on or timezone.localdate(),
            decided_by=decided_by or "The partners, by prioritisation round",
            meeting=meeting or round.meeting,
        )
        updated(
            round,
            actor=actor,
            changes={"consensus": text, "decision": decision, "chosen_issues": chosen},
            expected_version=None,
        )
        for issue in chosen:
            updated(
                issue,
                actor=actor,
                changes={
                    "status": IssueStatus.PRIORITISED,
                    "decisions": [*issue.decisions.all(), decision],
                },
                expected_version=None,
                note=f"prioritised in {round.title}",
            )
    return decision
