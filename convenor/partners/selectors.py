"""Reads for the partner registry, memberships, the pipeline board, mix and network.

Related rows are decided here (``select_related``/``prefetch_related``), so the
pages run a bounded number of queries however large the registry grows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet
from django.urls import reverse

from convenor.analysis.errors import InputError
from convenor.analysis.reference import parse_areas
from convenor.lib.prepared import Prepared
from convenor.lib.request_memo import per_request
from convenor.outreach.models import FACE_TO_FACE, Method, Touch
from convenor.outreach.selectors import briefings
from convenor.partners.importer import Existing, name_key
from convenor.partners.mix import MixMember, UnionFact, unions_here
from convenor.partners.models import (
    AT_THE_TABLE,
    Category,
    ImportBatch,
    Organisation,
    PartnershipMember,
    Person,
    Relationship,
    RelationshipKind,
    Stage,
    StageMove,
)
from convenor.partners.network import Edge, Node
from convenor.partnerships.models import Partnership
from convenor.regions.models import AnalysisSnapshot
from convenor.workspaces.models import Membership, Role, Workspace

NETWORK_NODE_LIMIT = 300
NETWORK_TIE_LIMIT = 3000


# --- Registry ------------------------------------------------------------------


def organisations_in(
    workspace: Workspace, *, query: str = "", category: str = ""
) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(workspace=workspace)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(county__icontains=query))
    if category:
        qs = qs.filter(category=category)
    people = Person.objects.filter(organisation=OuterRef("pk")).order_by().values("organisation")
    members = (
        PartnershipMember.objects.filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
    )
    return qs.annotate(
        people_count=_count(people),
        partnership_count=_count(members.values("organisation"), distinct_field="partnership"),
    ).order_by("name", "pk")


def _count(subquery: QuerySet, distinct_field: str = "pk"):
    """A correlated COUNT subquery (cheaper than joining two reverse relations)."""
    from django.db.models import IntegerField, Subquery
    from django.db.models.functions import Coalesce

    counted = subquery.annotate(n=Count(distinct_field, distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def people_in(
    workspace: Workspace, *, query: str = "", category: str = "", trait: str = ""
) -> QuerySet[Person]:
    qs = Person.objects.filter(workspace=workspace).select_related("organisation", "user")
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(email__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(title__icontains=query)
        )
    if category:
        qs = qs.filter(organisation__category=category)
    if trait:
        qs = qs.filter(**{trait: True})
    return qs.order_by("name", "pk")


def memberships_of_person(person: Person) -> QuerySet[PartnershipMember]:
    return person.memberships.select_related("partnership").order_by("partnership__name")


def memberships_of_organisation(organisation: Organisation) -> QuerySet[PartnershipMember]:
    return (
        PartnershipMember.objects.filter(
            Q(organisation=organisation) | Q(person__organisation=organisation)
        )
        .select_related("partnership", "person")
        .order_by("partnership__name", "person__name")
    )


def ties_of(obj: Person | Organisation, *, slug: str) -> list[dict]:
    """Relationships of a person or organisation, phrased from its side."""
    side = "person" if isinstance(obj, Person) else "organisation"
    qs = (
        Relationship.objects.filter(
            Q(**{f"from_{side}": obj}) | Q(**{f"to_{side}": obj}), workspace_id=obj.workspace_id
        )
        .select_related("from_person", "from_organisation", "to_person", "to_organisation")
        .order_by("kind", "pk")
    )
    backward = {
        RelationshipKind.WORKS_FOR: "employs",
        RelationshipKind.BOARD_MEMBER: "has on its board",
        RelationshipKind.ASSOCIATION_MEMBER: "has as a member",
        RelationshipKind.KNOWS: "knows",
        RelationshipKind.FUNDED_BY: "funds",
    }
    ties = []
    for tie in qs:
        outgoing = getattr(tie, f"from_{side}_id") == obj.pk
        other = tie.target if outgoing else tie.source
        ties.append(
            {
                "relationship": tie,
                "phrase": tie.get_kind_display()
                if outgoing
                else backward[RelationshipKind(tie.kind)],
                "other": other,
                "other_url": _url(other, slug),
            }
        )
    return ties


def _url(obj: Person | Organisation | None, slug: str) -> str:
    if obj is None:
        return ""
    if isinstance(obj, Person):
        return reverse("partners:person", kwargs={"slug": slug, "person_id": obj.pk})
    return reverse("partners:organisation", kwargs={"slug": slug, "organisation_id": obj.pk})


def existing_keys(workspace: Workspace) -> Existing:
    """What the import's de-duplication compares against."""
    existing = Existing()
    people = Person.objects.filter(workspace=workspace).values_list(
        "name", "email", "organisation__name"
    )
    for name, email, organisation in people.iterator(chunk_size=5000):
        who = f"{name} ({organisation})" if organisation else name
        if email:
            existing.emails.setdefault(email.casefold(), who)
        existing.names_at.setdefault((name_key(name), name_key(organisation or "")), who)
    for name in Organisation.objects.filter(workspace=workspace).values_list("name", flat=True):
        existing.organisations.setdefault(name_key(name), name)
    return existing


def imports_in(workspace: Workspace) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(workspace=workspace).select_related("created_by")


def staff_users(workspace: Workspace):
    """Members who run the partnership: follow-up owners, contacts."""
    return (
        Membership.objects.filter(workspace=workspace, role__in=[Role.OWNER, Role.STAFF])
        .select_related("user")
        .order_by("user__name", "user__email")
    )


# --- Memberships ---------------------------------------------------------------------


def members_of(partnership: Partnership, *, stage: str = "") -> QuerySet[PartnershipMember]:
    qs = PartnershipMember.objects.filter(partnership=partnership).select_related(
        "organisation", "person", "person__organisation"
    )
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("organisation__name", "person__name", "pk")


def members_visible(
    partnership: Partnership, membership: Membership
) -> QuerySet[PartnershipMember]:
    """What the viewer may see of the members: a partner sees who is at the table."""
    qs = members_of(partnership)
    if not membership.on_team:
        qs = qs.filter(stage__in=AT_THE_TABLE)
    return qs


def member_visible(member: PartnershipMember, membership: Membership) -> bool:
    """The rule of ``members_visible`` for one member already fetched."""
    return membership.on_team or member.stage in AT_THE_TABLE


def member_history(member: PartnershipMember) -> QuerySet[StageMove]:
    return member.moves.select_related("moved_by").order_by("-moved_on", "-id")


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int
    members: list[PartnershipMember] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.count - len(self.members)


def board(partnership: Partnership, *, per_column: int = 25) -> list[BoardColumn]:
    """The pipeline: a column per stage with its count and its first ``per_column`` cards."""
    counts = dict(
        PartnershipMember.objects.filter(partnership=partnership)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
    )
    columns = []
    for stage in Stage:
        column = BoardColumn(stage.value, stage.label, counts.get(stage.value, 0))
        if column.count:
            column.members = list(
                members_of(partnership, stage=stage.value).order_by(
                    "-stage_changed_at", "organisation__name", "person__name", "pk"
                )[:per_column]
            )
        columns.append(column)
    return columns


def stage_counts(partnership: Partnership) -> dict[str, int]:
    counts = dict.fromkeys(Stage.values, 0)
    counts.update(dict(_STAGE_COUNTS(partnership.pk)))
    return counts


# Asked on every view of a partnership: built once per process (lib.prepared).
_STAGE_COUNTS = Prepared(
    lambda pid: (
        PartnershipMember.objects.filter(partnership_id=pid)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("pk"))
    )
)


# --- Mix -------------------------------------------------------------------------------


def mix_members(partnership: Partnership) -> list[MixMember]:
    rows = list(members_of(partnership))
    naysayers = [m.person_id for m in rows if m.person is not None and m.person.is_naysayer]
    # Met face to face in this partnership's outreach; read from the few naysayers' touches,
    # not from the partnership's many touches.
    touched = {
        person_id
        for person_id, partnership_id, method in Touch.people.through.objects.filter(
            person_id__in=naysayers
        ).values_list("person_id", "touch__partnership_id", "touch__method")
        if partnership_id == partnership.pk and method in FACE_TO_FACE
    }
    briefed = briefings([partnership.pk])
    members = []
    for m in rows:
        person = m.person
        organisation = m.member_organisation
        members.append(
            MixMember(
                name=m.display_name,
                category=m.category,
                naics=organisation.naics_code if organisation else "",
                role=m.role,
                stage=m.stage,
                is_decision_maker=bool(person and person.is_decision_maker),
                has_ear_of_decision_maker=bool(person and person.has_ear_of_decision_maker),
                authority_level=person.authority_level if person else "",
                is_naysayer=bool(person and person.is_naysayer),
                is_employer_champion=bool(person and person.is_employer_champion),
                is_data_resource=bool(person and person.is_data_resource),
                touched=m.person_id in touched,
                last_briefed=briefed.last(
                    partnership.pk, m.person_id, organisation.pk if organisation else None
                ),
            )
        )
    return members


@dataclass(frozen=True)
class Unions:
    """Whether unions play a role in a partnership, and which ones of the registry."""

    present: bool = False
    names: tuple[str, ...] = ()


@per_request
def region_codes(partnerships: list[Partnership]) -> dict[int, list[str]]:
    """The area codes of each partnership's region: those of its current "why this
    industry" analysis (one query)."""
    out: dict[int, list[str]] = {p.pk: [] for p in partnerships}
    for pid, codes in (
        AnalysisSnapshot.objects.filter(partnership_id__in=list(out))
        .order_by("partnership_id", "-created_at", "-id")
        .values_list("partnership_id", "area_codes")
    ):
        if out[pid]:
            continue  # an older analysis
        try:
            out[pid] = parse_areas(codes)
        except InputError:
            out[pid] = []
    return out


@per_request
def unions_of(partnerships: list[Partnership]) -> dict[int, Unions]:
    """Unions play a role here: a labor organisation of the registry whose industry is the
    target industry's or whose county is in the region, or a union meeting logged in the
    partnership's outreach. A fixed number of queries for any number of partnerships."""
    if not partnerships:
        return {}
    registry: dict[int, list[UnionFact]] = {}
    for workspace_id, name, naics, fips in Organisation.objects.filter(
        workspace_id__in={p.workspace_id for p in partnerships}, category=Category.LABOR
    ).values_list("workspace_id", "name", "naics_code", "county_fips"):
        registry.setdefault(workspace_id, []).append(UnionFact(name, naics, fips))
    meetings = set(
        Touch.objects.filter(
            partnership_id__in=[p.pk for p in partnerships], method=Method.UNION_MEETING
        ).values_list("partnership_id", flat=True)
    )
    areas = region_codes(partnerships)
    out = {}
    for p in partnerships:
        names = unions_here(
            registry.get(p.workspace_id, []), target=p.industry_naics, area_codes=areas[p.pk]
        )
        out[p.pk] = Unions(bool(names) or p.pk in meetings, tuple(names))
    return out


def unions_present(partnership: Partnership) -> bool:
    """Unions play a role in this partnership (``unions_of``)."""
    return unions_of([partnership])[partnership.pk].present


# --- Network -----------------------------------------------------------------------------


class _Collector:
    def __init__(self, slug: str, limit: int) -> None:
        self.slug = slug
        self.limit = limit
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []

    def person(self, person: Person) -> str | None:
        key = f"p{person.pk}"
        if key not in self.nodes:
            if len(self.nodes) >= self.limit:
                return None
            org = person.organisation
            detail = ", ".join(x for x in (person.title, org.name if org else "") if x)
            self.nodes[key] = Node(
                key,
                person.name,
                "person",
                org.category if org else "",
                detail,
                reverse("partners:person", kwargs={"slug": self.slug, "person_id": person.pk}),
            )
            if org is not None:
                org_key = self.organisation(org)
                if org_key:
                    self.edges.append(Edge(key, org_key, RelationshipKind.WORKS_FOR))
        return key

    def organisation(self, org: Organisation) -> str | None:
        key = f"o{org.pk}"
        if key not in self.nodes:
            if len(self.nodes) >= self.limit:
                return None
            self.nodes[key] = Node(
                key,
                org.name,
                "organisation",
                org.category,
                org.category_label,
                reverse(
                    "partners:organisation",
                    kwargs={"slug": self.slug, "organisation_id": org.pk},
                ),
            )
        return key

    def end(self, obj: Person | Organisation | None) -> str | None:
        if obj is None:
            return None
        return self.person(obj) if isinstance(obj, Person) else self.organisation(obj)

    def tie(self, tie: Relationship) -> None:
        source, target = self.end(tie.source), self.end(tie.target)
        if source and target:
            self.edges.append(Edge(source, target, tie.kind))


_TIE_RELATED = (
    "from_person__organisation",
    "from_organisation",
    "to_person__organisation",
    "to_organisation",
)


def partnership_network(
    partnership: Partnership, *, limit: int = NETWORK_NODE_LIMIT
) -> tuple[list[Node], list[Edge]]:
    """The members, their organisations' people, and everyone one tie away from them."""
    collector = _Collector(partnership.workspace.slug, limit)
    members = list(members_of(partnership).exclude(stage=Stage.LAPSED))
    for m in members:
        if m.person:
            collector.person(m.person)
        if m.organisation:
            collector.organisation(m.organisation)
    org_ids = {m.organisation_id for m in members if m.organisation_id} | {
        m.person.organisation_id for m in members if m.person and m.person.organisation_id
    }
    colleagues = (
        Person.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation")
        .order_by("organisation_id", "name")[:limit]
    )
    for person in colleagues:
        collector.person(person)
    person_ids = [int(k[1:]) for k in collector.nodes if k.startswith("p")]
    organisation_ids = [int(k[1:]) for k in collector.nodes if k.startswith("o")]
    ties = (
        Relationship.objects.filter(workspace_id=partnership.workspace_id)
        .filter(
            Q(from_person_id__in=person_ids)
            | Q(to_person_id__in=person_ids)
            | Q(from_organisation_id__in=organisation_ids)
            | Q(to_organisation_id__in=organisation_ids)
        )
        .select_related(*_TIE_RELATED)
        .order_by("pk")[:NETWORK_TIE_LIMIT]
    )
    for tie in ties:
        collector.tie(tie)
    return list(collector.nodes.values()), collector.edges


def workspace_network(
    workspace: Workspace, *, limit: int = NETWORK_NODE_LIMIT
) -> tuple[list[Node], list[Edge]]:
    """Every recorded relationship of the registry, with the organisations people work for."""
    collector = _Collector(workspace.slug, limit)
    ties = (
        Relationship.objects.filter(workspace=workspace)
        .select_related(*_TIE_RELATED)
        .order_by("pk")[:NETWORK_TIE_LIMIT]
    )
    for tie in ties:
        collector.tie(tie)
    return list(collector.nodes.values()), collector.edges
