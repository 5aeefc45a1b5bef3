"""REST API of the partner registry: organisations, people and the relationships between them.

Registry endpoints are for the workspace's staff, owners and viewers; partner-role
users get 404 there, as on the pages (the registry is workspace-wide, and a
partner sees only the partnerships shared with her). A partnership's members are
in ``api_members``, contact imports in ``api_imports``; this router includes both.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from convenor.lib.schemas import VERSION_HELP, Message
from convenor.partners import api_imports, api_members, selectors, services
from convenor.partners.models import (
    AuthorityLevel,
    Category,
    EducationType,
    Organisation,
    Person,
    Relationship,
    RelationshipKind,
    SizeBand,
)
from convenor.workspaces.access import object_for, workspace_for
from convenor.workspaces.models import Access, Membership

router = Router(tags=["partners"])
router.add_router("", api_members.router)
router.add_router("", api_imports.router)

# --- Organisations -------------------------------------------------------------------


class OrganisationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    category: Category
    education_type: EducationType | None = Field(
        None, description="For educational institutions only."
    )
    other_label: str = Field("", max_length=100, description="Required when category is other.")
    naics_code: str = Field(
        "",
        max_length=6,
        description="The industry: a code of the NAICS list, 2 to 6 digits or a sector range "
        "such as 31-33 (employers, associations and unions); a code that does not exist is "
        "refused.",
    )
    employees: int | None = Field(
        None, ge=0, le=10_000_000, description="Employees in the region, where known."
    )
    size_band: SizeBand | None = None
    address: str = Field("", max_length=300)
    county: str = Field("", max_length=100)
    county_fips: str = Field("", max_length=5)
    website: str = Field("", max_length=200)
    notes: str = Field("", max_length=20000)


class OrganisationPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    name: str | None = Field(None, min_length=1, max_length=200)
    category: Category | None = None
    education_type: EducationType | None = None
    other_label: str | None = Field(None, max_length=100)
    naics_code: str | None = Field(None, max_length=6)
    employees: int | None = Field(None, ge=0, le=10_000_000)
    size_band: SizeBand | None = None
    address: str | None = Field(None, max_length=300)
    county: str | None = Field(None, max_length=100)
    county_fips: str | None = Field(None, max_length=5)
    website: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=20000)


class OrganisationOut(Schema):
    id: int
    name: str
    category: Category
    category_label: str
    education_type: str
    other_label: str
    naics_code: str
    naics_title: str
    employees: int | None
    size_band: str
    address: str
    county: str
    county_fips: str
    website: str
    notes: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


def _blank_enums(fields: dict[str, Any], *names: str) -> dict[str, Any]:
    for name in names:
        if name in fields and fields[name] is None:
            fields[name] = ""
    return fields


@router.get(
    "/workspaces/{slug}/organisations",
    response=list[OrganisationOut],
    summary="Organisations of the workspace's registry (not for partner-role users)",
)
@paginate
def organisation_list(
    request: HttpRequest, slug: str, q: str = "", category: Category | None = None
):
    membership = workspace_for(request.user, slug)
    return selectors.organisations_in(membership.workspace, query=q, category=category or "")


@router.post(
    "/workspaces/{slug}/organisations",
    response={201: OrganisationOut},
    summary="Add an organisation (staff, owner)",
)
def organisation_create(request: HttpRequest, slug: str, payload: OrganisationIn):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    fields = _blank_enums(payload.dict(), "education_type", "size_band")
    organisation = services.organisation_create(
        actor=request.user, workspace=membership.workspace, **fields
    )
    return Status(201, organisation)


@router.get(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation"
)
def organisation_detail(request: HttpRequest, organisation_id: int):
    return object_for(request.user, Organisation, pk=organisation_id)


@router.patch(
    "/organisations/{organisation_id}",
    response=OrganisationOut,
    summary="Change an organisation (staff, owner); send the version you read",
)
def organisation_update(request: HttpRequest, organisation_id: int, payload: OrganisationPatch):
    organisation = object_for(request.user, Organisation, need=Access.EDIT, pk=organisation_id)
    changes = _blank_enums(payload.dict(exclude_unset=True), "education_type", "size_band")
    version = changes.pop("version")
    return services.organisation_update(
        actor=request.user, organisation=organisation, changes=changes, expected_version=version
    )


@router.delete(
    "/organisations/{organisation_id}",
    response=Message,
    summary="Delete an organisation (staff, owner); its memberships go with it",
)
def organisation_delete(request: HttpRequest, organisation_id: int, version: int):
    organisation = object_for(request.user, Organisation, need=Access.EDIT, pk=organisation_id)
    services.organisation_delete(
        actor=request.user, organisation=organisation, expected_version=version
    )
    return {"detail": f"Organisation {organisation_id} deleted."}


# --- People ----------------------------------------------------------------------------


class PersonIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    title: str = Field("", max_length=200)
    organisation_id: int | None = None
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    authority_level: AuthorityLevel | None = None
    is_doer: bool = False
    is_naysayer: bool = False
    is_politico: bool = False
    is_data_resource: bool = False
    is_subject_expert: bool = False
    is_retired_leader: bool = False
    is_decision_maker: bool = False
    has_ear_of_decision_maker: bool = False
    is_employer_champion: bool = False
    is_top_government_leader: bool = False
    notes: str = Field("", max_length=20000)


class PersonPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    name: str | None = Field(None, min_length=1, max_length=200)
    title: str | None = Field(None, max_length=200)
    organisation_id: int | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    authority_level: AuthorityLevel | None = None
    is_doer: bool | None = None
    is_naysayer: bool | None = None
    is_politico: bool | None = None
    is_data_resource: bool | None = None
    is_subject_expert: bool | None = None
    is_retired_leader: bool | None = None
    is_decision_maker: bool | None = None
    has_ear_of_decision_maker: bool | None = None
    is_employer_champion: bool | None = None
    is_top_government_leader: bool | None = None
    notes: str | None = Field(None, max_length=20000)


class PersonOut(Schema):
    id: int
    name: str
    title: str
    organisation_id: int | None
    organisation_name: str
    email: str
    phone: str
    authority_level: str
    is_doer: bool
    is_naysayer: bool
    is_politico: bool
    is_data_resource: bool
    is_subject_expert: bool
    is_retired_leader: bool
    is_decision_maker: bool
    has_ear_of_decision_maker: bool
    is_employer_champion: bool
    is_top_government_leader: bool
    notes: str
    account: str | None = Field(
        description="the e-mail of the member's sign-in linked to this person (her votes, "
        "projections and action items are this person's); null: not linked"
    )
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_organisation_name(obj: Person) -> str:
        return obj.organisation.name if obj.organisation is not None else ""

    @staticmethod
    def resolve_account(obj: Person) -> str | None:
        return obj.user.email if obj.user is not None else None


class AccountIn(Schema):
    email: str = Field(
        min_length=3, max_length=254, description="the e-mail of a member of the workspace"
    )
    version: int = Field(description=VERSION_HELP)


def _person_fields(workspace_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    if "organisation_id" in fields:
        org_id = fields.pop("organisation_id")
        fields["organisation"] = (
            Organisation.objects.filter(workspace_id=workspace_id, pk=org_id).first()
            if org_id
            else None
        )
        if org_id and fields["organisation"] is None:
            raise ValidationError({"organisation_id": f"No organisation {org_id} here."})
    return _blank_enums(fields, "authority_level")


@router.get(
    "/workspaces/{slug}/people",
    response=list[PersonOut],
    summary="People of the workspace's registry, with contact details (not for partners)",
)
@paginate
def person_list(request: HttpRequest, slug: str, q: str = "", category: Category | None = None):
    membership = workspace_for(request.user, slug)
    return selectors.people_in(membership.workspace, query=q, category=category or "")


@router.post(
    "/workspaces/{slug}/people", response={201: PersonOut}, summary="Add a person (staff, owner)"
)
def person_create(request: HttpRequest, slug: str, payload: PersonIn):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    fields = _person_fields(membership.workspace_id, payload.dict())
    person = services.person_create(actor=request.user, workspace=membership.workspace, **fields)
    return Status(201, person)


@router.get("/people/{person_id}", response=PersonOut, summary="One person")
def person_detail(request: HttpRequest, person_id: int):
    return object_for(
        request.user, Person.objects.select_related("organisation", "user"), pk=person_id
    )


@router.put(
    "/people/{person_id}/account",
    response=PersonOut,
    summary="Link a member's sign-in to this person (staff, owner); send the version you read",
)
def person_account_link(request: HttpRequest, person_id: int, payload: AccountIn):
    person = object_for(request.user, Person, need=Access.EDIT, pk=person_id)
    member = (
        Membership.objects.filter(
            workspace_id=person.workspace_id, user__email__iexact=payload.email.strip()
        )
        .select_related("user")
        .first()
    )
    if member is None:
        raise ValidationError(
            {"email": f"{payload.email} is not a member of this workspace; invite them first."}
        )
    services.person_link_account(
        actor=request.user, person=person, user=member.user, expected_version=payload.version
    )
    return Person.objects.select_related("organisation", "user").get(pk=person.pk)


@router.delete(
    "/people/{person_id}/account",
    response=PersonOut,
    summary="Unlink the sign-in from this person (staff, owner); send the version you read",
)
def person_account_unlink(request: HttpRequest, person_id: int, version: int):
    person = object_for(request.user, Person, need=Access.EDIT, pk=person_id)
    services.person_unlink_account(actor=request.user, person=person, expected_version=version)
    return Person.objects.select_related("organisation", "user").get(pk=person.pk)


@router.patch(
    "/people/{person_id}",
    response=PersonOut,
    summary="Change a person (staff, owner); send the version you read",
)
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch):
    person = object_for(request.user, Person, need=Access.EDIT, pk=person_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes = _person_fields(person.workspace_id, changes)
    services.person_update(
        actor=request.user, person=person, changes=changes, expected_version=version
    )
    return Person.objects.select_related("organisation", "user").get(pk=person.pk)


@router.delete("/people/{person_id}", response=Message, summary="Delete a person (staff, owner)")
def person_delete(request: HttpRequest, person_id: int, version: int):
    person = object_for(request.user, Person, need=Access.EDIT, pk=person_id)
    services.person_delete(actor=request.user, person=person, expected_version=version)
    return {"detail": f"Person {person_id} deleted."}


# --- Relationships -----------------------------------------------------------------------


class RelationshipIn(Schema):
    kind: RelationshipKind
    from_person_id: int | None = None
    from_organisation_id: int | None = None
    to_person_id: int | None = None
    to_organisation_id: int | None = None
    note: str = Field("", max_length=300)


class RelationshipPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    kind: RelationshipKind | None = None
    from_person_id: int | None = Field(
        None, description="A new source; give it or from_organisation_id, not both."
    )
    from_organisation_id: int | None = None
    to_person_id: int | None = Field(
        None, description="A new target; give it or to_organisation_id, not both."
    )
    to_organisation_id: int | None = None
    note: str | None = Field(None, max_length=300)


class RelationshipOut(Schema):
    id: int
    kind: RelationshipKind
    from_person_id: int | None
    from_organisation_id: int | None
    to_person_id: int | None
    to_organisation_id: int | None
    description: str
    note: str
    version: int

    @staticmethod
    def resolve_description(obj: Relationship) -> str:
        return str(obj)


def _end(workspace_id: int, person_id: int | None, organisation_id: int | None, side: str):
    if bool(person_id) == bool(organisation_id):
        message = f"Give exactly one of {side}_person_id and {side}_organisation_id."
        raise ValidationError({f"{side}_person_id": message, f"{side}_organisation_id": message})
    model, pk = (Person, person_id) if person_id else (Organisation, organisation_id)
    obj = model.objects.filter(workspace_id=workspace_id, pk=pk or 0).first()
    if obj is None:
        field = f"{side}_{'person' if person_id else 'organisation'}_id"
        raise ValidationError({field: f"No {model._meta.verbose_name} {pk} in this workspace."})
    return obj


def _api_fields(exc: ValidationError, source: Any, target: Any) -> ValidationError:
    """The service names the ends ``source`` and ``target``; the API's fields are their ids."""
    if not hasattr(exc, "error_dict"):
        return exc
    names = {
        "source": f"from_{'person' if isinstance(source, Person) else 'organisation'}_id",
        "target": f"to_{'person' if isinstance(target, Person) else 'organisation'}_id",
    }
    return ValidationError(
        {names.get(field, field): errors for field, errors in exc.error_dict.items()}
    )


@router.get(
    "/workspaces/{slug}/relationships",
    response=list[RelationshipOut],
    summary="Relationships between people and organisations of the registry",
)
@paginate
def relationship_list(request: HttpRequest, slug: str):
    membership = workspace_for(request.user, slug)
    return (
        Relationship.objects.filter(workspace=membership.workspace)
        .select_related("from_person", "from_organisation", "to_person", "to_organisation")
        .order_by("pk")
    )


@router.post(
    "/workspaces/{slug}/relationships",
    response={201: RelationshipOut},
    summary="Record a relationship (staff, owner)",
)
def relationship_create(request: HttpRequest, slug: str, payload: RelationshipIn):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    ws = membership.workspace_id
    source = _end(ws, payload.from_person_id, payload.from_organisation_id, "from")
    target = _end(ws, payload.to_person_id, payload.to_organisation_id, "to")
    try:
        tie = services.relationship_create(
            actor=request.user,
            workspace=membership.workspace,
            kind=payload.kind,
            source=source,
            target=target,
            note=payload.note,
        )
    except ValidationError as exc:
        raise _api_fields(exc, source, target) from None
    return Status(201, tie)


@router.get(
    "/relationships/{relationship_id}", response=RelationshipOut, summary="One relationship"
)
def relationship_detail(request: HttpRequest, relationship_id: int):
    return object_for(request.user, Relationship, pk=relationship_id)


@router.patch(
    "/relationships/{relationship_id}",
    response=RelationshipOut,
    summary="Change a relationship's kind, ends or note (staff, owner); send the version you read",
)
def relationship_update(request: HttpRequest, relationship_id: int, payload: RelationshipPatch):
    tie = object_for(
        request.user,
        Relationship.objects.select_related(
            "from_person", "from_organisation", "to_person", "to_organisation"
        ),
        need=Access.EDIT,
        pk=relationship_id,
    )
    given = payload.dict(exclude_unset=True)
    version = given.pop("version")
    changes: dict[str, Any] = {k: given[k] for k in ("kind", "note") if given.get(k) is not None}
    for side, name in (("from", "source"), ("to", "target")):
        ids = (given.get(f"{side}_person_id"), given.get(f"{side}_organisation_id"))
        if any(ids):  # a new end; leaving both out (or null) keeps the current one
            changes[name] = _end(tie.workspace_id, *ids, side)
    try:
        saved = services.relationship_update(
            actor=request.user, relationship=tie, changes=changes, expected_version=version
        )
    except ValidationError as exc:
        raise _api_fields(
            exc, changes.get("source", tie.source), changes.get("target", tie.target)
        ) from None
    return Relationship.objects.select_related(
        "from_person", "from_organisation", "to_person", "to_organisation"
    ).get(pk=saved.pk)


@router.delete(
    "/relationships/{relationship_id}",
    response=Message,
    summary="Remove a relationship (staff, owner)",
)
def relationship_delete(request: HttpRequest, relationship_id: int, version: int):
    tie = object_for(request.user, Relationship, need=Access.EDIT, pk=relationship_id)
    services.relationship_delete(actor=request.user, relationship=tie, expected_version=version)
    return {"detail": f"Relationship {relationship_id} removed."}
