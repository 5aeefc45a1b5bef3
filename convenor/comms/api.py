"""API of communications: updates (create, preview, send, list with each recipient's
status), input links, and the pulse answers with their trend."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from convenor.comms import selectors, services
from convenor.comms.mail import markdown_html
from convenor.comms.models import InputLink, Update
from convenor.lib.words import counted
from convenor.meetings.models import Meeting
from convenor.partners.models import Person
from convenor.planning.models import PrioritisationRound
from convenor.workspaces.access import child_or_404, needs, object_for, partnership_for
from convenor.workspaces.models import Access

router = Router(tags=["comms"])


class UpdateIn(Schema):
    subject: str = Field(max_length=200)
    body: str = Field(max_length=20000, description="Markdown; sent as HTML and as text.")
    categories: list[str] = Field(
        default_factory=list, description="Partner categories; empty: every category."
    )
    stages: list[str] = Field(default_factory=list, description="Pipeline stages; empty: any.")
    roles: list[str] = Field(default_factory=list, description="Member roles; empty: any.")


class RecipientOut(Schema):
    person_id: int
    person_name: str = Field(alias="person.name")
    email: str
    status: str
    sent_at: dt.datetime | None
    touch_id: int | None


class UpdateOut(Schema):
    id: int
    partnership_id: int
    subject: str
    body: str
    categories: list[str]
    stages: list[str]
    roles: list[str]
    status: str
    queued_at: dt.datetime | None
    sent_at: dt.datetime | None
    version: int
    created_at: dt.datetime


class UpdateDetailOut(UpdateOut):
    recipients: list[RecipientOut]


class AudienceOut(Schema):
    send: list[str]
    unsubscribed: list[str]
    no_email: list[str]
    no_person: list[str]
    refusal: str = Field(description="Why it cannot be sent, with the counts; empty if it can.")


class PreviewOut(Schema):
    subject: str
    html: str
    text: str
    audience: AudienceOut


class SentOut(Schema):
    detail: str
    queued: int
    not_reached: int


class InputLinkIn(Schema):
    person_id: int
    purpose: InputLink.Purpose
    round_id: int | None = None
    meeting_id: int | None = None
    send: bool = Field(default=False, description="E-mail the link to the person.")


class InputLinkOut(Schema):
    id: int
    person_id: int
    purpose: str
    round_id: int | None
    meeting_id: int | None
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    sent_at: dt.datetime | None
    uses: int
    url: str = Field(description="The signed link; it works without signing in.")

    @staticmethod
    def resolve_url(obj: InputLink) -> str:
        return services.input_link_url(obj)


class PulseAnswerOut(Schema):
    meeting_id: int
    person_id: int
    person_name: str = Field(alias="person.name")
    is_employer: bool
    score: int
    comment: str
    updated_at: dt.datetime


class PulsePointOut(Schema):
    meeting_id: int
    title: str
    date: str
    answers: int
    average: float
    employers: int
    employer_average: float | None


class PulseOut(Schema):
    question: str
    trend: list[PulsePointOut]
    answers: list[PulseAnswerOut]


def _update(request: HttpRequest, update_id: int, need: Access) -> Update:
    return object_for(request.user, selectors.update_detail_queryset(), need=need, pk=update_id)


@router.get(
    "/partnerships/{partnership_id}/updates",
    response=list[UpdateOut],
    summary="Updates to the partnership's partners, newest first",
    openapi_extra=needs(Access.TEAM),
)
def update_list(request: HttpRequest, partnership_id: int) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    return selectors.updates_of(partnership)


@router.post(
    "/partnerships/{partnership_id}/updates",
    response={201: UpdateDetailOut},
    summary="Compose an update (a draft): subject, Markdown body, recipients by category, "
    "stage and role",
)
def update_create(request: HttpRequest, partnership_id: int, payload: UpdateIn) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    update = services.update_create(actor=request.user, partnership=partnership, **payload.dict())
    return Status(201, _update(request, update.pk, Access.EDIT))


@router.get(
    "/updates/{update_id}",
    response=UpdateDetailOut,
    summary="One update, with each recipient's status once sent",
    openapi_extra=needs(Access.TEAM),
)
def update_detail(request: HttpRequest, update_id: int) -> Update:
    return _update(request, update_id, Access.TEAM)


@router.get(
    "/updates/{update_id}/preview",
    response=PreviewOut,
    summary="The update as recipients get it (HTML and text) and whom it reaches",
    openapi_extra=needs(Access.TEAM),
)
def update_preview(request: HttpRequest, update_id: int) -> dict[str, Any]:
    update = _update(request, update_id, Access.TEAM)
    plan = selectors.audience(update)
    return {
        "subject": update.subject,
        "html": markdown_html(update.body),
        "text": update.body,
        "audience": {
            "send": [p.name for p in plan.send],
            "unsubscribed": [p.name for p in plan.unsubscribed],
            "no_email": [p.name for p in plan.no_email],
            "no_person": plan.no_person,
            "refusal": plan.refusal(),
        },
    }


@router.post(
    "/updates/{update_id}/send",
    response={202: SentOut},
    summary="Send the update (in the background); refused with the counts when it reaches no one",
)
def update_send(request: HttpRequest, update_id: int) -> Status[Any]:
    update = _update(request, update_id, Access.EDIT)
    plan = services.update_send(actor=request.user, update=update)
    not_reached = len(plan.unsubscribed) + len(plan.no_email) + len(plan.no_person)
    return Status(
        202,
        {
            "detail": f"Update queued to {counted(len(plan.send), 'recipient')}.",
            "queued": len(plan.send),
            "not_reached": not_reached,
        },
    )


@router.get(
    "/partnerships/{partnership_id}/input-links",
    response=list[InputLinkOut],
    summary="Signed links for input without an account",
    openapi_extra=needs(Access.EDIT),
)
def link_list(request: HttpRequest, partnership_id: int) -> Any:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    return selectors.links_of(partnership)[:500]


@router.post(
    "/partnerships/{partnership_id}/input-links",
    response={201: InputLinkOut},
    summary="Create a signed, expiring link for one person's input (a ballot, hiring "
    "projections, the pulse question)",
)
def link_create(request: HttpRequest, partnership_id: int, payload: InputLinkIn) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    person = child_or_404(
        Person.objects.filter(workspace_id=partnership.workspace_id), pk=payload.person_id
    )
    rnd = (
        child_or_404(
            PrioritisationRound.objects.filter(partnership=partnership), pk=payload.round_id
        )
        if payload.round_id
        else None
    )
    meeting = (
        child_or_404(Meeting.objects.filter(partnership=partnership), pk=payload.meeting_id)
        if payload.meeting_id
        else None
    )
    link = services.input_link_create(
        actor=request.user,
        partnership=partnership,
        person=person,
        purpose=payload.purpose,
        round=rnd,
        meeting=meeting,
        send=payload.send,
    )
    return Status(201, link)


@router.post(
    "/input-links/{input_link_id}/revoke",
    response=InputLinkOut,
    summary="Withdraw a link: it stops working at once",
)
def link_revoke(request: HttpRequest, input_link_id: int) -> InputLink:
    link = object_for(request.user, InputLink, need=Access.EDIT, pk=input_link_id)
    return services.input_link_revoke(actor=request.user, link=link)


@router.get(
    "/partnerships/{partnership_id}/pulse",
    response=PulseOut,
    summary="Answers to “does this effort support your organisation's needs?” and their "
    "trend by meeting",
    openapi_extra=needs(Access.TEAM),
)
def pulse(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    return {
        "question": InputLink.Purpose.PULSE.label,
        "trend": selectors.pulse_trend(partnership),
        "answers": list(selectors.pulse_answers(partnership)),
    }
