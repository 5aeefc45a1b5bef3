"""REST API of the partner registry, memberships, relationships, mix findings and imports.

Registry endpoints (organisations, people, relationships, imports) are for the
workspace's staff, owners and viewers; partner-role users get 404 there, as on
the pages. A partner sees a shared partnership's members at the table.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from convenor.lib.schemas import VERSION_HELP, FindingOut, Message
from convenor.partners import imports, network, selectors, services
from convenor.partners.member_views import mix_findings
from convenor.partners.models import (
    AT_THE_TABLE,
    AuthorityLevel,
    Category,
    EducationType,
    ImportBatch,
    MemberRole,
    Organisation,
    PartnershipMember,
    Person,
    Relationship,
    RelationshipKind,
    SizeBand,
    Stage,
)
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import object_for, workspace_for
from convenor.workspaces.models import Access, Role

router = Router(tags=["partners"])

# --- Organisations -------------------------------------------------------------------


class OrganisationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    category: Category
    education_type: EducationType | None = Field(
        None, description="For educational institutions only."
    )
    other_label: str = Field("", max_length=100, description="Required when category is other.")
    naics_code: str = Field("", max_length=6, description="Employers only; 2 to 6 digits.")
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
def organisation_list(request, slug: str, q: str = "", category: Category | None = None):
    membership = workspace_for(request.user, slug)
    return selectors.organisations_in(membership.workspace, query=q, category=category or "")


@router.post(
    "/workspaces/{slug}/organisations",
    response={201: OrganisationOut},
    summary="Add an organisation (staff, owner)",
)
def organisation_create(request, slug: str, payload: OrganisationIn):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    fields = _blank_enums(payload.dict(), "education_type", "size_band")
    organisation = services.organisation_create(
        actor=request.user, workspace=membership.workspace, **fields
    )
    return Status(201, organisation)


@router.get(
    "/organisations/{organisation_id}", response=OrganisationOut, summary="One organisation"
)
def organisation_detail(request, organisation_id: int):
    return object_for(request.user, Organisation, pk=organisation_id)


@router.patch(
    "/organisations/{organisation_id}",
    response=OrganisationOut,
    summary="Change an organisation (staff, owner); send the version you read",
)
def organisation_update(request, organisation_id: int, payload: OrganisationPatch):
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
def organisation_delete(request, organisation_id: int, version: int):
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
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_organisation_name(obj: Person) -> str:
        return obj.organisation.name if obj.organisation_id else ""


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
def person_list(request, slug: str, q: str = "", category: Category | None = None):
    membership = workspace_for(request.user, slug)
    return selectors.people_in(membership.workspace, query=q, category=category or "")


@router.post(
    "/workspaces/{slug}/people", response={201: PersonOut}, summary="Add a person (staff, owner)"
)
def person_create(request, slug: str, payload: PersonIn):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    fields = _person_fields(membership.workspace_id, payload.dict())
    person = services.person_create(actor=request.user, workspace=membership.workspace, **fields)
    return Status(201, person)


@router.get("/people/{person_id}", response=PersonOut, summary="One person")
def person_detail(request, person_id: int):
    return object_for(request.user, Person.objects.select_related("organisation"), pk=person_id)


@router.patch(
    "/people/{person_id}",
    response=PersonOut,
    summary="Change a person (staff, owner); send the version you read",
)
def person_update(request, person_id: int, payload: PersonPatch):
    person = object_for(request.user, Person, need=Access.EDIT, pk=person_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    changes = _person_fields(person.workspace_id, changes)
    services.person_update(
        actor=request.user, person=person, changes=changes, expected_version=version
    )
    return Person.objects.select_related("organisation").get(pk=person.pk)


@router.delete("/people/{person_id}", response=Message, summary="Delete a person (staff, owner)")
def person_delete(request, person_id: int, version: int):
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
    obj = model.objects.filter(workspace_id=workspace_id, pk=pk).first()
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
def relationship_list(request, slug: str):
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
def relationship_create(request, slug: str, payload: RelationshipIn):
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
def relationship_detail(request, relationship_id: int):
    return object_for(request.user, Relationship, pk=relationship_id)


@router.patch(
    "/relationships/{relationship_id}",
    response=RelationshipOut,
    summary="Change a relationship's kind, ends or note (staff, owner); send the version you read",
)
def relationship_update(request, relationship_id: int, payload: RelationshipPatch):
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
def relationship_delete(request, relationship_id: int, version: int):
    tie = object_for(request.user, Relationship, need=Access.EDIT, pk=relationship_id)
    services.relationship_delete(actor=request.user, relationship=tie, expected_version=version)
    return {"detail": f"Relationship {relationship_id} removed."}


# --- Memberships and the pipeline ------------------------------------------------------


class MemberIn(Schema):
    organisation_id: int | None = None
    person_id: int | None = None
    role: MemberRole | None = Field(None, description="Suggested from the category when empty.")
    stage: Stage = Stage.IDENTIFIED
    stage_since: dt.date | None = Field(
        None, description="Date of the first stage; today when empty."
    )
    notes: str = Field("", max_length=20000)


class MemberPatch(Schema):
    version: int = Field(description=VERSION_HELP)
    role: MemberRole | None = None
    notes: str | None = Field(None, max_length=20000)
    stage: Stage | None = Field(None, description="A new stage is a dated move in the history.")
    moved_on: dt.date | None = Field(None, description="Date of the move; today when empty.")
    move_note: str = Field("", max_length=300)


class MemberOut(Schema):
    id: int
    partnership_id: int
    organisation_id: int | None
    organisation_name: str
    person_id: int | None
    person_name: str
    category: str
    role: MemberRole
    stage: Stage
    stage_changed_on: dt.date | None
    notes: str
    version: int


class MoveOut(Schema):
    from_stage: str
    to_stage: Stage
    moved_on: dt.date
    moved_by: str
    note: str


def _member_out(member: PartnershipMember, *, for_partner: bool = False) -> dict[str, Any]:
    org = member.member_organisation
    return {
        "id": member.pk,
        "partnership_id": member.partnership_id,
        "organisation_id": member.organisation_id,
        "organisation_name": org.name if org else "",
        "person_id": member.person_id,
        "person_name": member.person.name if member.person_id else "",
        "category": member.category,
        "role": member.role,
        "stage": member.stage,
        "stage_changed_on": member.stage_changed_on,
        "notes": "" if for_partner else member.notes,
        "version": member.version,
    }


def _member(request, member_id: int, need: Access) -> PartnershipMember:
    member = object_for(
        request.user,
        PartnershipMember.objects.select_related("organisation", "person", "person__organisation"),
        need=need,
        pk=member_id,
    )
    if member.membership.role == Role.PARTNER and member.stage not in AT_THE_TABLE:
        raise Http404("Not found")
    return member


@router.get(
    "/partnerships/{partnership_id}/members",
    response=list[MemberOut],
    summary="Members of a partnership (a partner sees the committed and active ones)",
)
@paginate
def member_list(request, partnership_id: int, stage: Stage | None = None):
    partnership = object_for(request.user, Partnership, pk=partnership_id)
    qs = selectors.members_visible(partnership, partnership.membership)
    if stage:
        qs = qs.filter(stage=stage)
    partner = partnership.membership.role == Role.PARTNER
    return [_member_out(m, for_partner=partner) for m in qs]


@router.post(
    "/partnerships/{partnership_id}/members",
    response={201: MemberOut},
    summary="Put an organisation and/or person at the table (staff, owner)",
)
def member_create(request, partnership_id: int, payload: MemberIn):
    partnership = object_for(request.user, Partnership, need=Access.EDIT, pk=partnership_id)
    ws = partnership.workspace_id
    organisation = person = None
    if payload.organisation_id:
        organisation = Organisation.objects.filter(
            workspace_id=ws, pk=payload.organisation_id
        ).first()
        if organisation is None:
            raise ValidationError({"organisation_id": "No such organisation in this workspace."})
    if payload.person_id:
        person = (
            Person.objects.filter(workspace_id=ws, pk=payload.person_id)
            .select_related("organisation")
            .first()
        )
        if person is None:
            raise ValidationError({"person_id": "No such person in this workspace."})
    if organisation is None and person is None:
        raise ValidationError("Give an organisation_id, a person_id, or both.")
    member = services.member_add(
        actor=request.user,
        partnership=partnership,
        organisation=organisation,
        person=person,
        role=payload.role or "",
        stage=payload.stage,
        notes=payload.notes,
        on=payload.stage_since,
    )
    return Status(201, _member_out(member))


@router.get(
    "/partnership-members/{member_id}", response=MemberOut, summary="One member of a partnership"
)
def member_detail(request, member_id: int):
    member = _member(request, member_id, Access.VIEW)
    return _member_out(member, for_partner=member.membership.role == Role.PARTNER)


@router.patch(
    "/partnership-members/{member_id}",
    response=MemberOut,
    summary="Change a member's role or notes, or move them in the pipeline (staff, owner)",
)
def member_update(request, member_id: int, payload: MemberPatch):
    member = _member(request, member_id, Access.EDIT)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    stage = changes.pop("stage", None)
    moved_on = changes.pop("moved_on", None)
    note = changes.pop("move_note", "")
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        member = services.member_update(
            actor=request.user, member=member, changes=changes, expected_version=version
        )
        version = member.version
    if stage:
        member = services.member_move(
            actor=request.user,
            member=member,
            stage=stage,
            expected_version=version,
            on=moved_on,
            note=note,
        )
    member = PartnershipMember.objects.select_related(
        "organisation", "person", "person__organisation"
    ).get(pk=member.pk)
    return _member_out(member)


@router.delete(
    "/partnership-members/{member_id}",
    response=Message,
    summary="Remove a member from the partnership (staff, owner)",
)
def member_delete(request, member_id: int, version: int):
    member = _member(request, member_id, Access.EDIT)
    services.member_remove(actor=request.user, member=member, expected_version=version)
    return {"detail": f"Member {member_id} removed from the partnership."}


@router.get(
    "/partnership-members/{member_id}/moves",
    response=list[MoveOut],
    summary="The dated pipeline history of a member, newest first",
)
def member_moves(request, member_id: int):
    member = _member(request, member_id, Access.VIEW)
    if member.membership.role == Role.PARTNER:
        raise PermissionDenied("The pipeline history is the convener's working view.")
    return [
        {
            "from_stage": m.from_stage,
            "to_stage": m.to_stage,
            "moved_on": m.moved_on,
            "moved_by": m.moved_by.email if m.moved_by else "",
            "note": m.note,
        }
        for m in selectors.member_history(member)
    ]


# --- Findings and network ---------------------------------------------------------------


def _staff_partnership(request, partnership_id: int) -> Partnership:
    partnership = object_for(
        request.user, Partnership.objects.select_related("workspace"), pk=partnership_id
    )
    if partnership.membership.role == Role.PARTNER:
        raise PermissionDenied("This is the convener's working view.")
    return partnership


@router.get(
    "/partnerships/{partnership_id}/partner-mix",
    response=list[FindingOut],
    summary="Partner mix findings: severity, reason, next step (Step Two: Identify Partners)",
)
def partner_mix_findings(request, partnership_id: int):
    partnership = _staff_partnership(request, partnership_id)
    return [f.as_dict() for f in mix_findings(partnership)]


class ConnectorOut(Schema):
    key: str
    name: str
    kind: str
    category: str
    degree: int
    betweenness: float
    categories: list[str]
    sentence: str


class BridgeOut(Schema):
    categories: list[str]
    through: list[str]


class NetworkOut(Schema):
    nodes: int
    ties: int
    estimated: bool
    connectors: list[ConnectorOut]
    bridges: list[BridgeOut]


@router.get(
    "/partnerships/{partnership_id}/network",
    response=NetworkOut,
    summary="Network metrics of a partnership: top connectors and category bridges",
)
def partnership_network(request, partnership_id: int):
    partnership = _staff_partnership(request, partnership_id)
    nodes, edges = selectors.partnership_network(partnership)
    graph = network.build_graph(nodes, edges)
    analysis = network.analyse(graph)
    return {
        "nodes": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "estimated": analysis.estimated,
        "connectors": [
            {
                "key": c.node.key,
                "name": c.node.label,
                "kind": c.node.kind,
                "category": c.node.category,
                "degree": c.metrics.degree,
                "betweenness": round(c.metrics.betweenness, 4),
                "categories": c.metrics.categories,
                "sentence": c.sentence,
            }
            for c in analysis.connectors
        ],
        "bridges": [
            {"categories": list(b.categories), "through": [n.label for n in b.nodes]}
            for b in analysis.bridges
        ],
    }


# --- Imports -----------------------------------------------------------------------------


class ImportOut(Schema):
    id: int
    status: str
    status_label: str
    target: str
    filename: str
    size: int
    encoding: str
    mode: str
    default_category: str
    header: list[str]
    mapping: dict[str, str]
    counts: dict[str, int]
    problems: list[dict[str, Any]]
    error: str
    created_at: dt.datetime
    imported_at: dt.datetime | None
    undone_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_status_label(obj: ImportBatch) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_problems(obj: ImportBatch) -> list[dict[str, Any]]:
        return obj.report[:500]


class ImportRunIn(Schema):
    version: int | None = Field(None, description=VERSION_HELP)
    mapping: dict[str, str] | None = Field(
        None,
        description="{column index: field}; leave out to keep the suggested mapping.",
    )
    mode: ImportBatch.Mode | None = None
    default_category: Category | None = None


def _batch(request, import_id: int, need: Access) -> ImportBatch:
    return object_for(
        request.user, ImportBatch.objects.select_related("workspace"), need=need, pk=import_id
    )


@router.get(
    "/workspaces/{slug}/imports",
    response=list[ImportOut],
    summary="Imports of the workspace, newest first (staff, owner)",
)
@paginate
def import_list(request, slug: str):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    return selectors.imports_in(membership.workspace)


@router.post(
    "/workspaces/{slug}/imports",
    response={201: ImportOut},
    summary="Upload a CSV or XLSX file of people or organisations (staff, owner); "
    "the answer is the preview: suggested mapping, counts, rejected rows",
)
def import_create(
    request,
    slug: str,
    file: File[UploadedFile] = None,
    target: Form[ImportBatch.Target] = ImportBatch.Target.PEOPLE,
    encoding: Form[str] = "auto",
    default_category: Form[Category] = Category.EMPLOYER,
    mode: Form[ImportBatch.Mode] = ImportBatch.Mode.VALID_ONLY,
):
    membership = workspace_for(request.user, slug, need=Access.EDIT)
    if file is None:
        raise ValidationError({"file": "Attach the CSV or XLSX file as 'file'."})
    batch = imports.import_upload(
        actor=request.user,
        workspace=membership.workspace,
        upload=file,
        target=target,
        encoding=encoding,
        default_category=default_category,
        mode=mode,
    )
    batch.refresh_from_db()
    return Status(201, batch)


@router.get("/imports/{import_id}", response=ImportOut, summary="Status and report of an import")
def import_detail(request, import_id: int):
    return _batch(request, import_id, Access.EDIT)


@router.post(
    "/imports/{import_id}/run",
    response=ImportOut,
    summary="Import the previewed file, optionally with another mapping or mode (staff, owner)",
)
def import_run(request, import_id: int, payload: ImportRunIn):
    batch = _batch(request, import_id, Access.EDIT)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    if changes:
        batch = imports.import_configure(
            actor=request.user,
            batch=batch,
            mapping=changes.get("mapping"),
            mode=changes.get("mode"),
            default_category=changes.get("default_category"),
            expected_version=version,
        )
    batch = imports.import_start(actor=request.user, batch=batch)
    return batch


@router.post(
    "/imports/{import_id}/undo",
    response=ImportOut,
    summary="Undo an import: remove what it created, except what was edited or used since",
)
def import_undo(request, import_id: int):
    batch = _batch(request, import_id, Access.EDIT)
    return imports.import_undo(actor=request.user, batch=batch)
