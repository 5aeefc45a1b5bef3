"""API for meetings, agenda items, attendance, decisions and action items."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from convenor.lib.findings import by_severity
from convenor.lib.schemas import VERSION_HELP, FindingOut, Message
from convenor.meetings import selectors, services
from convenor.meetings.first_meeting import first_meeting_draft
from convenor.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Decision,
    EventType,
    Expectation,
    Meeting,
)
from convenor.partners.models import Person
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import object_for, partnership_for, workspace_for
from convenor.workspaces.models import Access

router = Router(tags=["meetings"])

VERSION = Field(description=VERSION_HELP)


# --- schemas -------------------------------------------------------------------------


class MixOut(Schema):
    employers: int
    associations: int = Field(description="Industry and trade associations: the industry side")
    public: int
    other: int = Field(description="Neither side: labor, community organisations, others")
    basis: str = Field(description="attended, or invited while attendance is not recorded")
    employer_led: bool


class AgendaItemIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    minutes: int = Field(ge=1, le=600)
    owner_id: int | None = Field(None, description="A person of the partners registry")
    owner_label: str = Field("", max_length=100)
    details: str = Field("", max_length=4000)


class AgendaItemPatch(Schema):
    version: int = VERSION
    title: str | None = Field(None, min_length=1, max_length=200)
    minutes: int | None = Field(None, ge=1, le=600)
    owner_id: int | None = None
    owner_label: str | None = Field(None, max_length=100)
    details: str | None = Field(None, max_length=4000)
    position: int | None = Field(None, ge=1, le=1000)


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    minutes: int
    owner_id: int | None
    owner_label: str
    lead: str
    details: str
    version: int


class AttendanceOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(alias="person.name")
    invited: bool
    attended: bool | None
    invitation_sent_at: dt.datetime | None
    version: int
    attendance_version: int = Field(
        description="The version of the meeting's whole invitee and attendance list: "
        "send it with PUT /meetings/{meeting_id}/attendance."
    )

    @staticmethod
    def resolve_attendance_version(obj: Attendance) -> int:
        return obj.meeting.attendance_version


class AttendanceRecordIn(Schema):
    version: int = Field(
        description="The meeting's attendance_version you read; a stale one gets 409."
    )
    attended_person_ids: list[int] = Field(
        default_factory=list, description="Who came; the other invitees are marked absent."
    )
    walk_in_ids: list[int] = Field(
        default_factory=list, description="People who came without an invitation."
    )


class AttendancePatch(Schema):
    version: int = VERSION
    invited: bool | None = None
    attended: bool | None = None


class MeetingIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    event_type: EventType = EventType.PARTNERSHIP_MEETING
    expectation: Expectation | None = None
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str = Field("", max_length=300)
    objective: str = Field(
        min_length=1,
        max_length=5000,
        description="Required: never meet for the sake of meeting.",
    )
    is_kickoff: bool = False
    invitee_ids: list[int] = Field(default_factory=list)
    agenda: list[AgendaItemIn] = Field(default_factory=list)
    use_first_meeting_template: bool = Field(
        False, description="Add the toolkit's sample first-meeting agenda, prefilled."
    )


class MeetingPatch(Schema):
    version: int = VERSION
    title: str | None = Field(None, min_length=1, max_length=200)
    event_type: EventType | None = None
    expectation: Expectation | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    location: str | None = Field(None, max_length=300)
    objective: str | None = Field(None, min_length=1, max_length=5000)
    notes: str | None = Field(None, max_length=50_000, description="The minutes")
    is_kickoff: bool | None = None
    invitee_ids: list[int] | None = None


class MeetingOut(Schema):
    id: int
    partnership_id: int
    title: str
    event_type: EventType
    expectation: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    objective: str
    notes: str
    is_kickoff: bool
    invitations_sent_at: dt.datetime | None
    version: int = Field(description="Send it with PATCH; it also grows when the invitees change.")
    attendance_version: int = Field(
        description="The version of the invitee and attendance list: send it with "
        "PUT /meetings/{meeting_id}/attendance."
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    agenda_minutes: int
    attendance: list[AttendanceOut]
    employer_mix: MixOut
    findings: list[FindingOut]


class ChallengeHeardOut(Schema):
    code: str
    label: str
    employers: int = Field(description="Distinct employers that raised it (outreach's count)")
    touches: int


class AgendaDraftOut(Schema):
    title: str
    minutes: int
    owner_label: str
    details: str


class FirstMeetingOut(Schema):
    title: str
    objective: str
    event_type: str
    expectation: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    agenda: list[AgendaDraftOut]
    agenda_minutes: int
    challenges: list[ChallengeHeardOut]
    why_industry: str


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
        "come first. Empty without the intermediaries app."
    )
    version: int
    created_at: dt.datetime

    @staticmethod
    def resolve_issue_ids(obj: Decision) -> list[int]:
        return [o.pk for o in obj.issues.all()] if hasattr(obj, "issues") else []

    @staticmethod
    def resolve_goal_ids(obj: Decision) -> list[int]:
        return [o.pk for o in obj.goals.all()] if hasattr(obj, "goals") else []

    @staticmethod
    def resolve_action_item_ids(obj: Decision) -> list[int]:
        return [o.pk for o in obj.action_items.all()]

    @staticmethod
    def resolve_interests(obj: Decision) -> list[dict[str, Any]]:
        if not hasattr(obj, "interests"):  # one decision read without them: read them now
            selectors.with_interests([obj])
        return [_interest_out(i) for i in obj.interests]


class ActionItemIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    owner_id: int | None = None
    due_on: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN
    meeting_id: int | None = None
    decision_id: int | None = None


class ActionItemPatch(Schema):
    version: int = VERSION
    title: str | None = Field(None, min_length=1, max_length=300)
    owner_id: int | None = None
    due_on: dt.date | None = None
    status: ActionStatus | None = Field(
        None, description="Partners may change only this, on their own items."
    )
    meeting_id: int | None = None
    decision_id: int | None = None


class ActionItemOut(Schema):
    id: int
    partnership_id: int
    title: str
    owner_id: int | None
    owner_name: str | None = Field(None, alias="owner.name")
    due_on: dt.date | None
    status: ActionStatus
    meeting_id: int | None
    decision_id: int | None
    completed_on: dt.date | None
    is_overdue: bool
    version: int


class QueuedOut(Schema):
    detail: str
    queued: int


# --- helpers ---------------------------------------------------------------------------


def _meeting(request, meeting_id: int, need: Access = Access.VIEW) -> Meeting:
    return object_for(request.user, selectors.meeting_page_queryset(), need=need, pk=meeting_id)


def _people(workspace_id: int, ids: list[int], field: str) -> list[Person]:
    ids = list(dict.fromkeys(ids))
    people = list(Person.objects.filter(workspace_id=workspace_id, pk__in=ids))
    if len(people) != len(ids):
        found = {p.pk for p in people}
        missing = [i for i in ids if i not in found]
        raise ValidationError({field: f"No person {missing[0]} in this workspace's registry."})
    return people


def _person(workspace_id: int, person_id: int | None, field: str) -> Person | None:
    return _people(workspace_id, [person_id], field)[0] if person_id is not None else None


def _in_partnership(model: Any, partnership: Partnership, pk: int | None, field: str) -> Any:
    """An object of this partnership by id; one of another partnership is refused by name."""
    if pk is None:
        return None
    obj = model._default_manager.filter(workspace_id=partnership.workspace_id, pk=pk).first()
    if obj is None:
        raise ValidationError({field: f"No {field.removesuffix('_id')} {pk} here."})
    if obj.partnership_id != partnership.pk:
        raise ValidationError(
            {field: f"That {field.removesuffix('_id')} belongs to another partnership."}
        )
    return obj


def _plan_objects(partnership: Partnership, name: str, ids: list[int]) -> list[Any]:
    related = getattr(Decision, name, None)
    if related is None:
        if ids:
            raise ValidationError({f"{name[:-1]}_ids": f"No {name} exist in this installation."})
        return []
    model = related.rel.related_model
    return [_in_partnership(model, partnership, pk, f"{name[:-1]}_id") for pk in ids]


def _touch_model() -> Any:
    from convenor.outreach.models import Touch

    return Touch


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    rows = list(meeting.attendance.all())
    items = list(meeting.agenda_items.all())
    mix = selectors.mix_of(rows)
    sections = selectors.meeting_checks(meeting)
    findings = by_severity(sections["name"] + sections["agenda"] + sections["employer_led"])
    data = {f: getattr(meeting, f) for f in MeetingOut.model_fields if hasattr(meeting, f)}
    data.update(
        agenda=items,
        agenda_minutes=sum(i.minutes for i in items),
        attendance=rows,
        employer_mix={**mix.__dict__, "employer_led": mix.employer_led},
        findings=[f.as_dict() for f in findings],
    )
    return data


def _fresh_meeting(request, meeting_id: int) -> dict[str, Any]:
    return _meeting_out(_meeting(request, meeting_id))


# --- meetings ----------------------------------------------------------------------------


@router.get(
    "/partnerships/{partnership_id}/meetings",
    response=list[MeetingOut],
    summary="Meetings of a partnership, newest first",
)
@paginate
def meeting_list(request, partnership_id: int, upcoming: bool = False):
    partnership = partnership_for(request.user, partnership_id)
    qs = Meeting.objects.filter(partnership=partnership).order_by("-starts_at")
    if upcoming:
        from django.utils import timezone

        qs = qs.filter(starts_at__gt=timezone.now()).order_by("starts_at")
    return qs


@router.post(
    "/partnerships/{partnership_id}/meetings",
    response={201: MeetingDetailOut},
    summary="Schedule a meeting (staff, owner); the objective is required",
)
def meeting_create(request, partnership_id: int, payload: MeetingIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict(exclude={"agenda"})
    invitees = _people(partnership.workspace_id, data.pop("invitee_ids"), "invitee_ids")
    agenda: list[Any] = list(payload.agenda)
    if data.pop("use_first_meeting_template"):
        agenda = list(first_meeting_draft(partnership).agenda) + agenda
    owners = [
        _person(partnership.workspace_id, getattr(a, "owner_id", None), "agenda") for a in agenda
    ]
    data["expectation"] = data["expectation"] or ""
    meeting = services.meeting_create(
        actor=request.user, partnership=partnership, invitees=invitees, agenda=agenda, **data
    )
    for item, owner in zip(meeting.agenda_items.order_by("position"), owners, strict=True):
        if owner is not None:
            services.agenda_item_update(
                actor=request.user, item=item, changes={"owner": owner}, expected_version=None
            )
    return Status(201, _fresh_meeting(request, meeting.pk))


@router.get(
    "/partnerships/{partnership_id}/first-meeting-template",
    response=FirstMeetingOut,
    summary="The toolkit's sample first-meeting agenda, prefilled from the partnership's data",
)
def first_meeting_template(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    draft = first_meeting_draft(partnership)
    return {
        **{k: getattr(draft, k) for k in ("title", "objective", "starts_at", "ends_at")},
        "event_type": str(draft.event_type),
        "expectation": str(draft.expectation),
        "agenda": [a.__dict__ for a in draft.agenda],
        "agenda_minutes": draft.agenda_minutes,
        "challenges": [
            {"code": c.code, "label": c.label, "employers": c.employers, "touches": c.touches}
            for c in draft.challenges
        ],
        "why_industry": draft.why_industry,
    }


@router.get(
    "/partnerships/{partnership_id}/meeting-name-check",
    response=list[FindingOut],
    summary="Does a meeting's type and title keep the promise the name makes to its invitees?",
)
def meeting_name_check(
    request,
    partnership_id: int,
    event_type: EventType = EventType.PARTNERSHIP_MEETING,
    title: str = Query("", max_length=200),
    expectation: Expectation | None = None,
    invitee_ids: list[int] = Query([]),  # noqa: B008 - ninja's query declaration
):
    partnership = partnership_for(request.user, partnership_id)
    _people(partnership.workspace_id, invitee_ids[:500], "invitee_ids")
    people = list(selectors.people_of(partnership.workspace_id).filter(pk__in=invitee_ids[:500]))
    findings = selectors.draft_checks(event_type, title, expectation or "", people)
    return [f.as_dict() for f in by_severity(findings)]


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="One meeting, checked")
def meeting_detail(request, meeting_id: int):
    return _fresh_meeting(request, meeting_id)


@router.patch(
    "/meetings/{meeting_id}",
    response=MeetingDetailOut,
    summary="Change a meeting or its minutes (staff, owner); send the version you read",
)
def meeting_update(request, meeting_id: int, payload: MeetingPatch):
    meeting = _meeting(request, meeting_id, Access.EDIT)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "invitee_ids" in changes:
        ids = changes.pop("invitee_ids") or []
        changes["invitees"] = _people(meeting.workspace_id, ids, "invitee_ids")
    if "expectation" in changes:
        changes["expectation"] = changes["expectation"] or ""
    for name in ("title", "objective", "event_type", "starts_at", "ends_at", "is_kickoff"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: "This field cannot be empty."})
    for name in ("location", "notes"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    services.meeting_update(
        actor=request.user, meeting=meeting, changes=changes, expected_version=version
    )
    return _fresh_meeting(request, meeting_id)


@router.delete("/meetings/{meeting_id}", response=Message, summary="Delete a meeting")
def meeting_delete(request, meeting_id: int, version: int):
    meeting = _meeting(request, meeting_id, Access.EDIT)
    services.meeting_delete(actor=request.user, meeting=meeting, expected_version=version)
    return {"detail": f"Meeting {meeting_id} deleted."}


@router.post(
    "/meetings/{meeting_id}/invitations",
    response={202: QueuedOut},
    summary="E-mail the invitees the objective, agenda and an .ics (in the background)",
)
def meeting_invitations(request, meeting_id: int):
    meeting = _meeting(request, meeting_id, Access.EDIT)
    count = services.meeting_invitations_send(actor=request.user, meeting=meeting)
    return Status(202, {"detail": f"Invitations queued for {count} invitee(s).", "queued": count})


# --- agenda ------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/agenda", response=list[AgendaItemOut], summary="A meeting's agenda"
)
def agenda_list(request, meeting_id: int):
    return list(_meeting(request, meeting_id).agenda_items.all())


@router.post(
    "/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut},
    summary="Add a time-boxed agenda item; refused when the agenda would outlast the meeting",
)
def agenda_create(request, meeting_id: int, payload: AgendaItemIn):
    meeting = _meeting(request, meeting_id, Access.EDIT)
    data = payload.dict()
    data["owner"] = _person(meeting.workspace_id, data.pop("owner_id"), "owner_id")
    return Status(201, services.agenda_item_create(actor=request.user, meeting=meeting, **data))


def _agenda_item(request, agenda_item_id: int) -> AgendaItem:
    return object_for(
        request.user,
        AgendaItem.objects.select_related("meeting", "owner"),
        need=Access.EDIT,
        pk=agenda_item_id,
    )


@router.patch(
    "/agenda-items/{agenda_item_id}", response=AgendaItemOut, summary="Change an agenda item"
)
def agenda_update(request, agenda_item_id: int, payload: AgendaItemPatch):
    item = _agenda_item(request, agenda_item_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "owner_id" in changes:
        changes["owner"] = _person(item.workspace_id, changes.pop("owner_id"), "owner_id")
    for name in ("title", "minutes", "position"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: "This field cannot be empty."})
    for name in ("owner_label", "details"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    return services.agenda_item_update(
        actor=request.user, item=item, changes=changes, expected_version=version
    )


@router.delete("/agenda-items/{agenda_item_id}", response=Message, summary="Remove an item")
def agenda_delete(request, agenda_item_id: int, version: int):
    item = _agenda_item(request, agenda_item_id)
    services.agenda_item_delete(actor=request.user, item=item, expected_version=version)
    return {"detail": f"Agenda item {agenda_item_id} removed."}


# --- attendance ----------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/attendance",
    response=list[AttendanceOut],
    summary="Invitees and who attended",
)
def attendance_list(request, meeting_id: int):
    return list(_meeting(request, meeting_id).attendance.all())


@router.put(
    "/meetings/{meeting_id}/attendance",
    response=list[AttendanceOut],
    summary="Record who came: listed invitees attended, the others did not; add walk-ins. "
    "Send the attendance_version you read as version",
)
def attendance_record(request, meeting_id: int, payload: AttendanceRecordIn):
    meeting = _meeting(request, meeting_id, Access.EDIT)
    walk_ins = _people(meeting.workspace_id, payload.walk_in_ids, "walk_in_ids")
    known = {a.person_id for a in meeting.attendance.all()} | {p.pk for p in walk_ins}
    unknown = [i for i in payload.attended_person_ids if i not in known]
    if unknown:
        raise ValidationError(
            {"attended_person_ids": f"Person {unknown[0]} is not invited; add them as a walk-in."}
        )
    services.attendance_record(
        actor=request.user,
        meeting=meeting,
        attended_person_ids=payload.attended_person_ids,
        walk_ins=walk_ins,
        expected_version=payload.version,
    )
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "meeting")
        .order_by("person__name")
    )


@router.patch(
    "/attendance/{attendance_id}", response=AttendanceOut, summary="Change one attendance row"
)
def attendance_update(request, attendance_id: int, payload: AttendancePatch):
    row = object_for(
        request.user,
        Attendance.objects.select_related("meeting", "person"),
        need=Access.EDIT,
        pk=attendance_id,
    )
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if changes.get("invited", False) is None:
        raise ValidationError({"invited": "Say true or false."})
    saved = services.attendance_update(
        actor=request.user, attendance=row, changes=changes, expected_version=version
    )
    return Attendance.objects.select_related("person", "meeting").get(pk=saved.pk)


# --- decisions ------------------------------------------------------------------------------


def _decisions(qs: QuerySet[Decision]) -> QuerySet[Decision]:
    related = ["action_items"]
    related += [name for name in ("issues", "goals") if hasattr(Decision, name)]
    return qs.select_related("partnership").prefetch_related(*related)


class DecisionPagination(LimitOffsetPagination):
    """The default pagination; the page's decisions get their declared interests at once."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page[self.items_attribute] = selectors.with_interests(page[self.items_attribute])
        return page


@router.get(
    "/partnerships/{partnership_id}/decisions",
    response=list[DecisionLogOut],
    summary="The decision log, searchable and filterable, with the declared interests of "
    "those deciding",
)
@paginate(DecisionPagination)
def decision_list(
    request,
    partnership_id: int,
    q: str = Query("", max_length=200, description="Words in the text or who decided"),
    where: str = Query("", pattern="^(|meeting|touch|none)$"),
    meeting_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
):
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


def _decision_links(partnership: Partnership, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "meeting_id" in data:
        out["meeting"] = _in_partnership(Meeting, partnership, data.pop("meeting_id"), "meeting_id")
    if "touch_id" in data:
        out["touch"] = _in_partnership(
            _touch_model(), partnership, data.pop("touch_id"), "touch_id"
        )
    for name in ("issues", "goals"):
        key = f"{name[:-1]}_ids"
        if key in data:
            out[name] = _plan_objects(partnership, name, data.pop(key) or [])
    return out


@router.post(
    "/partnerships/{partnership_id}/decisions",
    response={201: DecisionLogOut},
    summary="Record a decision: where it was made, and what it changed",
)
def decision_create(request, partnership_id: int, payload: DecisionIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict()
    links = _decision_links(partnership, data)
    decision = services.decision_create(
        actor=request.user, partnership=partnership, **data, **links
    )
    return Status(201, _decisions(Decision.objects.filter(pk=decision.pk)).get())


@router.get("/decisions/{decision_id}", response=DecisionLogOut, summary="One decision")
def decision_detail(request, decision_id: int):
    return object_for(request.user, _decisions(Decision.objects.all()), pk=decision_id)


@router.patch("/decisions/{decision_id}", response=DecisionLogOut, summary="Change a decision")
def decision_update(request, decision_id: int, payload: DecisionPatch):
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
    return _decisions(Decision.objects.filter(pk=decision_id)).get()


@router.delete("/decisions/{decision_id}", response=Message, summary="Remove a decision")
def decision_delete(request, decision_id: int, version: int):
    decision = object_for(request.user, Decision, need=Access.EDIT, pk=decision_id)
    services.decision_delete(actor=request.user, decision=decision, expected_version=version)
    return {"detail": f"Decision {decision_id} removed from the log."}


# --- action items -----------------------------------------------------------------------------


@router.get(
    "/partnerships/{partnership_id}/action-items",
    response=list[ActionItemOut],
    summary="Action items of a partnership (status=open|in_progress|done|dropped, overdue)",
)
@paginate
def action_item_list(
    request,
    partnership_id: int,
    status: str = Query("", pattern="^(|open|in_progress|done|dropped)$"),
    overdue: bool = False,
):
    from django.utils import timezone

    partnership = partnership_for(request.user, partnership_id)
    if overdue:
        return selectors.overdue_action_items(partnership, today=timezone.localdate())
    return selectors.action_items_of(partnership, status=status)


def _action_links(partnership: Partnership, data: dict[str, Any]) -> None:
    if "owner_id" in data:
        data["owner"] = _person(partnership.workspace_id, data.pop("owner_id"), "owner_id")
    if "meeting_id" in data:
        data["meeting"] = _in_partnership(
            Meeting, partnership, data.pop("meeting_id"), "meeting_id"
        )
    if "decision_id" in data:
        data["decision"] = _in_partnership(
            Decision, partnership, data.pop("decision_id"), "decision_id"
        )


@router.post(
    "/partnerships/{partnership_id}/action-items",
    response={201: ActionItemOut},
    summary="Add an action item with an owner (a person, who may be an external partner)",
)
def action_item_create(request, partnership_id: int, payload: ActionItemIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict()
    _action_links(partnership, data)
    item = services.action_item_create(actor=request.user, partnership=partnership, **data)
    return Status(201, item)


@router.get("/action-items/{action_item_id}", response=ActionItemOut, summary="One action item")
def action_item_detail(request, action_item_id: int):
    return object_for(request.user, ActionItem.objects.select_related("owner"), pk=action_item_id)


@router.patch(
    "/action-items/{action_item_id}",
    response=ActionItemOut,
    summary="Change an action item; a partner may change the status of their own items",
)
def action_item_update(request, action_item_id: int, payload: ActionItemPatch):
    item = object_for(
        request.user,
        ActionItem.objects.select_related("owner", "partnership"),
        need=Access.CONTRIBUTE,
        pk=action_item_id,
    )
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if not item.membership.can_edit:
        if set(changes) - {"status"}:
            raise PermissionDenied("Partners may change only the status of their own items.")
        if changes.get("status") is None:
            raise ValidationError({"status": "Give the new status."})
        return services.action_item_set_status(
            actor=request.user,
            item=item,
            status=changes["status"],
            expected_version=version,
            can_edit=False,
        )
    _action_links(item.partnership, changes)
    for name in ("title", "status"):
        if name in changes and changes[name] is None:
            raise ValidationError({name: "This field cannot be empty."})
    return services.action_item_update(
        actor=request.user, item=item, changes=changes, expected_version=version
    )


@router.delete("/action-items/{action_item_id}", response=Message, summary="Delete an item")
def action_item_delete(request, action_item_id: int, version: int):
    item = object_for(request.user, ActionItem, need=Access.EDIT, pk=action_item_id)
    services.action_item_delete(actor=request.user, item=item, expected_version=version)
    return {"detail": f"Action item {action_item_id} deleted."}


@router.get(
    "/workspaces/{slug}/my-action-items",
    response=list[ActionItemOut],
    summary="Your own action items (via the person record linked to your account)",
)
def my_action_items(request, slug: str):
    membership = workspace_for(request.user, slug, need=Access.CONTRIBUTE, partner_ok=True)
    return list(selectors.my_action_items(membership, request.user))
