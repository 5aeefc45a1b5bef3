"""REST API of the outreach log: touches, challenges heard, due follow-ups.

Touches record what individual employers said: they are the convener team's
working view (``Access.TEAM``), so partner-role users get 403 on them; they may
read the challenge counts (employers per challenge, no names).
"""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from convenor.lib.challenges import Challenge
from convenor.lib.schemas import FindingOut, Message
from convenor.outreach import selectors, services
from convenor.outreach.models import Method, PointOfContact, Touch
from convenor.partners.models import Organisation, Person
from convenor.workspaces.access import needs, object_for, partnership_for, workspace_for
from convenor.workspaces.models import Access

router = Router(tags=["outreach"])


class TouchIn(Schema):
    occurred_on: dt.date
    method: Method
    person_ids: list[int] = Field(default_factory=list)
    organisation_ids: list[int] = Field(default_factory=list)
    purpose: str = Field("", max_length=300)
    by_organisation_id: int | None = Field(
        None, description="The partner organisation that made the contact."
    )
    heard: str = Field("", max_length=20000)
    pain_level: int | None = Field(None, ge=1, le=5)
    challenges: list[Challenge] = Field(default_factory=list)
    follow_up_on: dt.date | None = None
    follow_up_owner_id: int | None = Field(
        None, description="A user of the workspace; you when a follow-up date is given alone."
    )
    advance_pipeline: bool = Field(
        False,
        description="Move the members reached forward: one-on-one or tour -> met one-on-one; "
        "other methods -> contacted.",
    )


class TouchPatch(Schema):
    version: int = Field(description="The version you read; a stale one gets 409.")
    occurred_on: dt.date | None = None
    method: Method | None = None
    person_ids: list[int] | None = None
    organisation_ids: list[int] | None = None
    purpose: str | None = Field(None, max_length=300)
    by_organisation_id: int | None = None
    heard: str | None = Field(None, max_length=20000)
    pain_level: int | None = Field(None, ge=1, le=5)
    challenges: list[Challenge] | None = None
    follow_up_on: dt.date | None = None
    follow_up_owner_id: int | None = None
    follow_up_done: bool | None = None


class TouchOut(Schema):
    id: int
    partnership_id: int
    occurred_on: dt.date
    method: Method
    person_ids: list[int]
    organisation_ids: list[int]
    purpose: str
    by_organisation_id: int | None
    heard: str
    pain_level: int | None
    challenges: list[str]
    follow_up_on: dt.date | None
    follow_up_owner: str
    follow_up_done: bool
    version: int

    @staticmethod
    def resolve_person_ids(obj: Touch) -> list[int]:
        return sorted(p.pk for p in obj.people.all())

    @staticmethod
    def resolve_organisation_ids(obj: Touch) -> list[int]:
        return sorted(o.pk for o in obj.organisations.all())

    @staticmethod
    def resolve_follow_up_owner(obj: Touch) -> str:
        return obj.follow_up_owner.email if obj.follow_up_owner is not None else ""


class ChallengeCountOut(Schema):
    challenge: str
    label: str
    employers: int
    touches: int
    average_pain: float | None


def _links(workspace_id: int, fields: dict) -> dict:
    if "person_ids" in fields:
        ids = fields.pop("person_ids") or []
        people = list(Person.objects.filter(workspace_id=workspace_id, pk__in=ids))
        if len(people) != len(set(ids)):
            raise ValidationError({"person_ids": "Some people are not in this workspace."})
        fields["people"] = people
    if "organisation_ids" in fields:
        ids = fields.pop("organisation_ids") or []
        orgs = list(Organisation.objects.filter(workspace_id=workspace_id, pk__in=ids))
        if len(orgs) != len(set(ids)):
            raise ValidationError({"organisation_ids": "Some organisations are not here."})
        fields["organisations"] = orgs
    if "by_organisation_id" in fields:
        by_id = fields.pop("by_organisation_id")
        by = None
        if by_id:
            by = Organisation.objects.filter(workspace_id=workspace_id, pk=by_id).first()
            if by is None:
                raise ValidationError(
                    {"by_organisation_id": "Not an organisation of this workspace."}
                )
        fields["by_organisation"] = by
    if "follow_up_owner_id" in fields:
        owner_id = fields.pop("follow_up_owner_id")
        owner = None
        if owner_id:
            owner = (
                get_user_model()
                .objects.filter(pk=owner_id, memberships__workspace_id=workspace_id)
                .first()
            )
            if owner is None:
                raise ValidationError({"follow_up_owner_id": "Not a user of this workspace."})
        fields["follow_up_owner"] = owner
    if "challenges" in fields and fields["challenges"] is not None:
        fields["challenges"] = [str(c) for c in fields["challenges"]]
    return fields


def _touch(request: HttpRequest, touch_id: int, need: Access) -> Touch:
    return object_for(
        request.user,
        Touch.objects.select_related("follow_up_owner", "partnership").prefetch_related(
            "people", "organisations"
        ),
        need=need,
        pk=touch_id,
    )


@router.get(
    "/partnerships/{partnership_id}/touches",
    response=list[TouchOut],
    summary="The outreach log of a partnership, newest first (not for partners)",
    openapi_extra=needs(Access.TEAM),
)
@paginate
def touch_list(
    request,
    partnership_id: int,
    method: Method | None = None,
    challenge: Challenge | None = None,
):
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    return selectors.touches_of(partnership, method=method or "", challenge=challenge or "")


@router.post(
    "/partnerships/{partnership_id}/touches",
    response={201: TouchOut},
    summary="Log a touch (staff, owner)",
)
def touch_create(request, partnership_id: int, payload: TouchIn):
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    fields = _links(partnership.workspace_id, payload.dict())
    touch = services.touch_create(actor=request.user, partnership=partnership, **fields)
    return Status(201, touch)


@router.get(
    "/touches/{touch_id}",
    response=TouchOut,
    summary="One touch (not for partners)",
    openapi_extra=needs(Access.TEAM),
)
def touch_detail(request: HttpRequest, touch_id: int) -> Touch:
    return _touch(request, touch_id, Access.TEAM)


@router.patch(
    "/touches/{touch_id}",
    response=TouchOut,
    summary="Change a touch (staff, owner); send the version you read",
)
def touch_update(request, touch_id: int, payload: TouchPatch):
    touch = _touch(request, touch_id, Access.EDIT)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes = _links(touch.workspace_id, changes)
    services.touch_update(
        actor=request.user, touch=touch, changes=changes, expected_version=version
    )
    return _touch(request, touch_id, Access.EDIT)


@router.delete("/touches/{touch_id}", response=Message, summary="Delete a touch (staff, owner)")
def touch_delete(request, touch_id: int, version: int):
    touch = _touch(request, touch_id, Access.EDIT)
    services.touch_delete(actor=request.user, touch=touch, expected_version=version)
    return {"detail": f"Touch {touch_id} deleted."}


@router.get(
    "/partnerships/{partnership_id}/challenges-heard",
    response=list[ChallengeCountOut],
    summary="Per challenge heard in outreach: distinct employers that raised it, touches, pain",
)
def challenges_heard(request, partnership_id: int):
    partnership = partnership_for(request.user, partnership_id)
    return [
        {
            "challenge": c.code,
            "label": c.label,
            "employers": c.employers,
            "touches": c.touches,
            "average_pain": c.average_pain,
        }
        for c in selectors.challenge_counts(partnership)
    ]


@router.get(
    "/workspaces/{slug}/follow-ups",
    response=list[TouchOut],
    summary="Your open follow-ups that are late or due within two weeks (staff, owner)",
    openapi_extra=needs(Access.EDIT),
)
def my_follow_ups(request, slug: str, days: int = 14):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    return list(
        selectors.due_follow_ups(
            membership.workspace, request.user, horizon_days=max(0, min(days, 365))
        ).prefetch_related("organisations")
    )


# --- one voice to employers -----------------------------------------------------------------


class PointOfContactIn(Schema):
    person_id: int | None = Field(
        description="A person at one of the partner organisations; null removes the point of "
        "contact."
    )
    notes: str = Field("", max_length=300)
    version: int = Field(
        description="The version of the point of contact you read (0 when there was none); "
        "a stale one gets 409 with the differences."
    )


class PointOfContactOut(Schema):
    employer_id: int
    person_id: int | None
    person_name: str
    organisation: str
    notes: str
    version: int = Field(description="0 when there is no point of contact.")


def _employer(request: HttpRequest, organisation_id: int, need: Access) -> Organisation:
    organisation = object_for(request.user, Organisation, need=need, pk=organisation_id)
    if not organisation.is_employer:
        raise ValidationError({"organisation_id": f"{organisation} is not an employer."})
    return organisation


def _contact_out(employer: Organisation) -> dict[str, Any]:
    contact = (
        PointOfContact.objects.filter(employer=employer)
        .select_related("person", "person__organisation")
        .first()
    )
    return {
        "employer_id": employer.pk,
        "person_id": contact.person_id if contact else None,
        "person_name": contact.person.name if contact else "",
        "organisation": str(contact.person.organisation or "") if contact else "",
        "notes": contact.notes if contact else "",
        "version": contact.version if contact else 0,
    }


@router.get(
    "/organisations/{organisation_id}/point-of-contact",
    response=PointOfContactOut,
    summary="Who coordinates asks to this employer (a person at a partner organisation)",
    openapi_extra=needs(Access.TEAM),
)
def point_of_contact(request: HttpRequest, organisation_id: int) -> dict[str, Any]:
    return _contact_out(_employer(request, organisation_id, Access.TEAM))


@router.put(
    "/organisations/{organisation_id}/point-of-contact",
    response=PointOfContactOut,
    summary="Name (or remove, with person_id null) the employer's point of contact",
)
def point_of_contact_set(
    request: HttpRequest, organisation_id: int, payload: PointOfContactIn
) -> dict[str, Any]:
    employer = _employer(request, organisation_id, Access.EDIT)
    person = None
    if payload.person_id is not None:
        person = Person.objects.filter(
            workspace_id=employer.workspace_id, pk=payload.person_id
        ).first()
        if person is None:
            raise ValidationError({"person_id": "Not a person of this workspace."})
    services.point_of_contact_set(
        actor=request.user,
        employer=employer,
        person=person,
        notes=payload.notes,
        expected_version=payload.version,
    )
    return _contact_out(employer)


@router.get(
    "/organisations/{organisation_id}/touches",
    response=list[TouchOut],
    summary="Every touch that reached this organisation, by every partner organisation, newest "
    "first",
    openapi_extra=needs(Access.TEAM),
)
@paginate
def organisation_touches(request: HttpRequest, organisation_id: int) -> Any:
    organisation = object_for(request.user, Organisation, need=Access.TEAM, pk=organisation_id)
    return selectors.touches_of_employer(organisation)


@router.get(
    "/partnerships/{partnership_id}/coordination",
    response=list[FindingOut],
    summary="Uncoordinated asks: two partner organisations contacted the same employer within "
    "30 days with different purposes",
    openapi_extra=needs(Access.TEAM),
)
def coordination(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    return [f.as_dict() for f in selectors.coordination(partnership)]
