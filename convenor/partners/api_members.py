"""REST API of a partnership's members: who is at the table, the pipeline, mix and network.

A partner-role member of a shared partnership sees the members at the table,
without notes; the pipeline history, the mix findings and the network are the
convener team's working views (``Access.TEAM``).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from convenor.lib.schemas import VERSION_HELP, FindingOut, Message
from convenor.partners import network, selectors, services
from convenor.partners.member_views import mix_findings
from convenor.partners.models import MemberRole, Organisation, PartnershipMember, Person, Stage
from convenor.workspaces.access import membership_of, needs, object_for, partnership_for
from convenor.workspaces.models import Access, Membership

router = Router(tags=["partners"])

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


def _member_out(member: PartnershipMember, membership: Membership) -> dict[str, Any]:
    """A member as the API gives it; a partner does not read the convener's notes."""
    org = member.member_organisation
    return {
        "id": member.pk,
        "partnership_id": member.partnership_id,
        "organisation_id": member.organisation_id,
        "organisation_name": org.name if org else "",
        "person_id": member.person_id,
        "person_name": member.person.name if member.person is not None else "",
        "category": member.category,
        "role": member.role,
        "stage": member.stage,
        "stage_changed_on": member.stage_changed_on,
        "notes": member.notes if membership.on_team else "",
        "version": member.version,
    }


def _member(request: HttpRequest, member_id: int, need: Access) -> PartnershipMember:
    member = object_for(
        request.user,
        PartnershipMember.objects.select_related("organisation", "person", "person__organisation"),
        need=need,
        pk=member_id,
    )
    if not selectors.member_visible(member, membership_of(member)):
        raise Http404("Not found")
    return member


@router.get(
    "/partnerships/{partnership_id}/members",
    response=list[MemberOut],
    summary="Members of a partnership (a partner sees the committed and active ones)",
)
@paginate
def member_list(
    request: HttpRequest, partnership_id: int, stage: Stage | None = None
) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id)
    qs = selectors.members_visible(partnership, partnership.membership)
    if stage:
        qs = qs.filter(stage=stage)
    return [_member_out(m, partnership.membership) for m in qs]


@router.post(
    "/partnerships/{partnership_id}/members",
    response={201: MemberOut},
    summary="Put an organisation and/or person at the table (staff, owner)",
)
def member_create(request: HttpRequest, partnership_id: int, payload: MemberIn) -> Status:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
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
    return Status(201, _member_out(member, partnership.membership))


@router.get(
    "/partnership-members/{member_id}", response=MemberOut, summary="One member of a partnership"
)
def member_detail(request: HttpRequest, member_id: int) -> dict[str, Any]:
    member = _member(request, member_id, Access.VIEW)
    return _member_out(member, membership_of(member))


@router.patch(
    "/partnership-members/{member_id}",
    response=MemberOut,
    summary="Change a member's role or notes, or move them in the pipeline (staff, owner)",
)
def member_update(request: HttpRequest, member_id: int, payload: MemberPatch) -> dict[str, Any]:
    member = _member(request, member_id, Access.EDIT)
    membership = membership_of(member)
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
    return _member_out(member, membership)


@router.delete(
    "/partnership-members/{member_id}",
    response=Message,
    summary="Remove a member from the partnership (staff, owner)",
)
def member_delete(request: HttpRequest, member_id: int, version: int) -> dict[str, str]:
    member = _member(request, member_id, Access.EDIT)
    services.member_remove(actor=request.user, member=member, expected_version=version)
    return {"detail": f"Member {member_id} removed from the partnership."}


@router.get(
    "/partnership-members/{member_id}/moves",
    response=list[MoveOut],
    summary="The dated pipeline history of a member, newest first (not for partners)",
    openapi_extra=needs(Access.TEAM),
)
def member_moves(request: HttpRequest, member_id: int) -> list[dict[str, Any]]:
    member = _member(request, member_id, Access.TEAM)
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


@router.get(
    "/partnerships/{partnership_id}/partner-mix",
    response=list[FindingOut],
    summary="Partner mix findings: severity, reason, next step (Step Two: Identify Partners)",
    openapi_extra=needs(Access.TEAM),
)
def partner_mix_findings(request: HttpRequest, partnership_id: int) -> list[dict[str, Any]]:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
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


class MapNodeOut(Schema):
    id: str
    label: str
    kind: str
    category: str = Field(description="The partner category's code; empty for none")
    colour: str = Field(description="The category's colour (convenor.lib.palette)")
    detail: str
    degree: int
    betweenness: float
    connector: int = Field(description="Rank among the top connectors; 0 if not one")
    bridge: bool = Field(description="Listed as a bridge between two categories")
    x: float = Field(description="Position from the server's seeded layout, stable per graph")
    y: float


class MapEdgeOut(Schema):
    source: str
    target: str
    kinds: list[str]
    label: str


class MapKeyOut(Schema):
    value: str
    label: str


class MapCategoryOut(MapKeyOut):
    colour: str


class NetworkMapOut(Schema):
    nodes: list[MapNodeOut]
    edges: list[MapEdgeOut]
    categories: list[MapCategoryOut] = Field(description="Only the categories present")
    kinds: list[MapKeyOut] = Field(description="Only the kinds of relationship present")


class NetworkOut(Schema):
    nodes: int
    ties: int
    estimated: bool
    map: NetworkMapOut
    connectors: list[ConnectorOut]
    bridges: list[BridgeOut]


@router.get(
    "/partnerships/{partnership_id}/network",
    response=NetworkOut,
    summary="Network of a partnership: top connectors, category bridges and the map's layout",
    openapi_extra=needs(Access.TEAM),
)
def partnership_network(request: HttpRequest, partnership_id: int) -> dict[str, Any]:
    partnership = partnership_for(request.user, partnership_id, Access.TEAM)
    nodes, edges = selectors.partnership_network(partnership)
    graph = network.build_graph(nodes, edges)
    analysis = network.analyse(graph)
    return {
        "nodes": graph.number_of_nodes(),
        "ties": graph.number_of_edges(),
        "estimated": analysis.estimated,
        "map": analysis.map,
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
