"""API of meetings: scheduling, the first-meeting template, the name check, the agenda."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Query  # ninja.Query, typed as the function it is

from convenor.lib.findings import by_severity
from convenor.lib.schemas import FindingOut, Message
from convenor.meetings import selectors, services
from convenor.meetings.api.attendance import AttendanceOut
from convenor.meetings.api.common import VERSION, meeting_for, people_in, person_in
from convenor.meetings.first_meeting import first_meeting_draft
from convenor.meetings.models import AgendaItem, EventType, Expectation, Meeting
from convenor.workspaces.access import needs, object_for, partnership_for
from convenor.workspaces.models import Access

router = Router()


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
    cancelled_at: dt.datetime | None
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


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    rows = list(meeting.attendance.all())
    items = list(meeting.agenda_items.all())
    mix = selectors.mix_of(rows, target=meeting.partnership.industry_naics)
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


def _fresh_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _meeting_out(meeting_for(request, meeting_id))


@router.get(
    "/partnerships/{partnership_id}/meetings",
    response=list[MeetingOut],
    summary="Meetings of a partnership, newest first",
)
@paginate
def meeting_list(
    request: HttpRequest, partnership_id: int, upcoming: bool = False
) -> QuerySet[Meeting]:
    partnership = partnership_for(request.user, partnership_id)
    qs = Meeting.objects.filter(partnership=partnership).order_by("-starts_at")
    if upcoming:
        qs = qs.filter(starts_at__gt=timezone.now()).order_by("starts_at")
    return qs


@router.post(
    "/partnerships/{partnership_id}/meetings",
    response={201: MeetingDetailOut},
    summary="Schedule a meeting (staff, owner); the objective is required",
)
def meeting_create(request: HttpRequest, partnership_id: int, payload: MeetingIn) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    data = payload.dict(exclude={"agenda"})
    invitees = people_in(partnership.workspace_id, data.pop("invitee_ids"), "invitee_ids")
    agenda: list[Any] = list(payload.agenda)
    if data.pop("use_first_meeting_template"):
        agenda = list(first_meeting_draft(partnership).agenda) + agenda
    owners = [
        person_in(partnership.workspace_id, getattr(a, "owner_id", None), "agenda") for a in agenda
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
def first_meeting_template(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
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
    openapi_extra=needs(Access.TEAM),
)
def meeting_name_check(
    request: HttpRequest,
    partnership_id: int,
    event_type: EventType = EventType.PARTNERSHIP_MEETING,
    title: str = Query("", max_length=200),
    expectation: Expectation | None = None,
    invitee_ids: list[int] = Query([]),  # noqa: B008 - ninja's query declaration
) -> list[dict[str, Any]]:
    # The findings name who is a CEO or an elected official, and the refusal which ids
    # exist: only for the team, who see the whole registry (a partner gets 403).
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    people = people_in(partnership.workspace_id, invitee_ids[:500], "invitee_ids")
    findings = selectors.draft_checks(
        event_type, title, expectation or "", people, target=partnership.industry_naics
    )
    return [f.as_dict() for f in by_severity(findings)]


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="One meeting, checked")
def meeting_detail(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _fresh_meeting(request, meeting_id)


@router.patch(
    "/meetings/{meeting_id}",
    response=MeetingDetailOut,
    summary="Change a meeting or its minutes (staff, owner); send the version you read",
)
def meeting_update(request: HttpRequest, meeting_id: int, payload: MeetingPatch) -> dict[str, Any]:
    meeting = meeting_for(request, meeting_id, Access.EDIT)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "invitee_ids" in changes:
        ids = changes.pop("invitee_ids") or []
        changes["invitees"] = people_in(meeting.workspace_id, ids, "invitee_ids")
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
def meeting_delete(request: HttpRequest, meeting_id: int, version: int) -> dict[str, str]:
    meeting = meeting_for(request, meeting_id, Access.EDIT)
    services.meeting_delete(actor=request.user, meeting=meeting, expected_version=version)
    return {"detail": f"Meeting {meeting_id} deleted."}


# --- agenda ------------------------------------------------------------------------------


@router.get(
    "/meetings/{meeting_id}/agenda", response=list[AgendaItemOut], summary="A meeting's agenda"
)
def agenda_list(request: HttpRequest, meeting_id: int) -> list[AgendaItem]:
    return list(meeting_for(request, meeting_id).agenda_items.all())


@router.post(
    "/meetings/{meeting_id}/agenda",
    response={201: AgendaItemOut},
    summary="Add a time-boxed agenda item; refused when the agenda would outlast the meeting",
)
def agenda_create(request: HttpRequest, meeting_id: int, payload: AgendaItemIn) -> Status[Any]:
    meeting = meeting_for(request, meeting_id, Access.EDIT)
    data = payload.dict()
    data["owner"] = person_in(meeting.workspace_id, data.pop("owner_id"), "owner_id")
    return Status(201, services.agenda_item_create(actor=request.user, meeting=meeting, **data))


def _agenda_item(request: HttpRequest, agenda_item_id: int) -> AgendaItem:
    return object_for(
        request.user,
        AgendaItem.objects.select_related("meeting", "owner"),
        need=Access.EDIT,
        pk=agenda_item_id,
    )


@router.patch(
    "/agenda-items/{agenda_item_id}", response=AgendaItemOut, summary="Change an agenda item"
)
def agenda_update(
    request: HttpRequest, agenda_item_id: int, payload: AgendaItemPatch
) -> AgendaItem:
    item = _agenda_item(request, agenda_item_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "owner_id" in changes:
        changes["owner"] = person_in(item.workspace_id, changes.pop("owner_id"), "owner_id")
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
def agenda_delete(request: HttpRequest, agenda_item_id: int, version: int) -> dict[str, str]:
    item = _agenda_item(request, agenda_item_id)
    services.agenda_item_delete(actor=request.user, item=item, expected_version=version)
    return {"detail": f"Agenda item {agenda_item_id} removed."}
