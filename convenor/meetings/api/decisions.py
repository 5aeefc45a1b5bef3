"""API of the decision log, with the declared interests of those deciding."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.params.functions import Query  # ninja.Query, typed as the function it is

from convenor.lib.schemas import Message
from convenor.meetings import selectors, services
from convenor.meetings.api.common import VERSION, in_partnership
from convenor.meetings.models import PLAN_LINKS, Decision, Meeting
from convenor.outreach.models import Touch
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import check, object_for, partnership_for
from convenor.workspaces.models import Access, Membership

router = Router()


class DecisionIn(Schema):
    text: str = Field(min_length=1, max_length=5000)
    decided_on: dt.date
    decided_by: str = Field("", max_length=300)
    meeting_id: int | None = None
    touch_id: int | None = Field(None, description="A one-on-one (outreach touch)")
    issue_ids: list[int] = Field(default_factory=list)
    goal_ids: list[int] = Field(default_factory=list)


class DecisionPatch(Schema):
    version: int = VERSION
    text: str | None = Field(None, min_length=1, max_length=5000)
    decided_on: dt.date | None = None
    decided_by: str | None = Field(None, max_length=300)
    meeting_id: int | None = None
    touch_id: int | None = None
    issue_ids: list[int] | None = None
    goal_ids: list[int] | None = None


class DecisionInterestOut(Schema):
    """A declared interest (conflict of interest) of somebody who took part in a decision."""

    interest_id: int | None = Field(
        description="The declared interest (GET /partnerships/{partnership_id}/interests)."
    )
    person: str = Field(description="Who declared it: the registry person, or the name given.")
    person_id: int | None = Field(
        description="The person of the partners registry, if the declaration names one."
    )
    organisation: str = Field(description="The organisation the interest is in ('' if none).")
    organisation_id: int | None
    kind: str = Field(
        description="The kind as stored (the intermediaries app's interest kinds, e.g. board)."
    )
    kind_label: str = Field(description="The kind of interest, in words.")
    description: str = Field(description="What the interest is, as declared.")
    declared_on: dt.date
    ended_on: dt.date | None = Field(
        description="No longer held from this date (always after the decision, or it is left out)."
    )
    because: str = Field(
        description="Why the person counts among those deciding: attended the meeting, invited "
        "to the meeting (attendance not recorded), in the conversation, or named among who decided."
    )
    declared_after_decision: bool = Field(
        description="Declared after the decision's date (it may well have been held before)."
    )
    organisation_named_in_decision: bool = Field(
        description="The decision's text names the organisation the interest is in."
    )


def _interest_out(i: selectors.InterestAtDecision) -> dict[str, Any]:
    return {
        "interest_id": i.interest_id,
        "person": i.who,
        "person_id": i.person_id,
        "organisation": i.organisation,
        "organisation_id": i.organisation_id,
        "kind": i.kind_code,
        "kind_label": i.kind,
        "description": i.description,
        "declared_on": i.declared_on,
        "ended_on": i.ended_on,
        "because": i.because,
        "declared_after_decision": i.declared_later,
        "organisation_named_in_decision": i.names_organisation,
    }


class DecisionLogOut(Schema):
    """A decision of the log. (Not "DecisionOut": the planning app's schema has that name.)"""

    id: int
    partnership_id: int
    decided_on: dt.date
    text: str
    decided_by: str
    meeting_id: int | None
    touch_id: int | None
    issue_ids: list[int]
    goal_ids: list[int]
    action_item_ids: list[int]
    interests: list[DecisionInterestOut] = Field(
        description="Declared interests (conflicts of interest) of the people deciding, held on "
        "the decision's date: those who attended the meeting where it was made (its invitees "
        "while attendance is not recorded), the people of the one-on-one where it was made, and "
        "anybody whose declaration names them among who decided. Organisations the text names "
        "come first."
    )
    version: int
    created_at: dt.datetime

    @staticmethod
    def resolve_issue_ids(obj: Decision) -> list[int]:
        return [o.pk for o in obj.issues.all()]

    @staticmethod
    def resolve_goal_ids(obj: Decision) -> list[int]:
        return [o.pk for o in obj.goals.all()]

    @staticmethod
    def resolve_action_item_ids(obj: Decision) -> list[int]:
        return [o.pk for o in obj.action_items.all()]

    @staticmethod
    def resolve_interests(obj: Decision) -> list[dict[str, Any]]:
        # Attached by every operation (selectors.with_interests), as the reader may see them.
        return [_interest_out(i) for i in obj.interests]  # type: ignore[attr-defined]


def _decisions(qs: QuerySet[Decision]) -> QuerySet[Decision]:
    return qs.select_related("partnership").prefetch_related("action_items", *PLAN_LINKS)


def _read(request: HttpRequest, decision_id: int) -> Decision:
    """One decision as the API gives it, with the declared interests the reader may see."""
    decision = object_for(request.user, _decisions(Decision.objects.all()), pk=decision_id)
    membership: Membership = decision.membership  # type: ignore[attr-defined]  # object_for's
    return selectors.with_interests([decision], membership=membership)[0]


class DecisionPagination(LimitOffsetPagination):
    """The default pagination; the page's decisions get their declared interests at once."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        decisions = list(page[self.items_attribute])
        if decisions:  # of the one partnership the operation checked
            reader = check(
                request.user,
                workspace_id=decisions[0].workspace_id,
                partnership_id=decisions[0].partnership_id,
            )
            decisions = selectors.with_interests(decisions, membership=reader)
        page[self.items_attribute] = decisions
        return page


@router.get(
    "/partnerships/{partnership_id}/decisions",
    response=list[DecisionLogOut],
    summary="The decision log, searchable and filterable, with the declared interests of "
    "those deciding",
)
@paginate(DecisionPagination)
def decision_list(
    request: HttpRequest,
    partnership_id: int,
    q: str = Query("", max_length=200, description="Words in the text or who decided"),
    where: str = Query("", pattern="^(|meeting|touch|none)$"),
    meeting_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Decision]:
    partnership = partnership_for(request.user, partnership_id)
    return _decisions(
        selectors.decisions_search(
            partnership,
            q=q,
            where=where,
            meeting_id=meeting_id,
            date_from=date_from,
            date_to=date_to,
        )
    )


def _plan_objects(partnership: Partnership, name: str, ids: list[int]) -> list[Any]:
    """The issues or goals (``name``) by id, each of this partnership."""
    model = Decision._meta.get_field(name).related_model
    return [in_partnership(model, partnership, pk, f"{name[:-1]}_id") for pk in ids]


def _decision_links(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "meeting_id" in data:
        out["meeting"] = in_partnership(Meeting, partnership, data.pop("meeting_id"), "meeting_id")
    if "touch_id" in data:
        out["touch"] = in_partnership(Touch, partnership, data.pop("touch_id"), "touch_id")
    for name in PLAN_LINKS:
        key = f"{name[:-1]}_ids"
        if key in data:
            out[name] = _plan_objects(partnership, name, data.pop(key) or [])
    return out


@router.post(
    "/partnerships/{partnership_id}/decisions",
    response={201: DecisionLogOut},
    summary="Record a decision: where it was made, and what it changed",
)
def decision_create(request: HttpRequest, partnership_id: int, payload: DecisionIn) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict()
    links = _decision_links(partnership, data)
    decision = services.decision_create(
        actor=request.user, partnership=partnership, **data, **links
    )
    return Status(201, _read(request, decision.pk))


@router.get("/decisions/{decision_id}", response=DecisionLogOut, summary="One decision")
def decision_detail(request: HttpRequest, decision_id: int) -> Decision:
    return _read(request, decision_id)


@router.patch("/decisions/{decision_id}", response=DecisionLogOut, summary="Change a decision")
def decision_update(request: HttpRequest, decision_id: int, payload: DecisionPatch) -> Decision:
    decision = object_for(
        request.user,
        Decision.objects.select_related("partnership"),
        need=Access.EDIT,
        pk=decision_id,
    )
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes.update(_decision_links(decision.partnership, changes))
    for name in ("text", "decided_on"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: "This field cannot be empty."})
    if "decided_by" in changes and changes["decided_by"] is None:
        changes["decided_by"] = ""
    services.decision_update(
        actor=request.user, decision=decision, changes=changes, expected_version=version
    )
    return _read(request, decision_id)


@router.delete("/decisions/{decision_id}", response=Message, summary="Remove a decision")
def decision_delete(request: HttpRequest, decision_id: int, version: int) -> dict[str, str]:
    decision = object_for(request.user, Decision, need=Access.EDIT, pk=decision_id)
    services.decision_delete(actor=request.user, decision=decision, expected_version=version)
    return {"detail": f"Decision {decision_id} removed from the log."}
