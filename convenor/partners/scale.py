"""A seeded, large workspace to measure the partner pages at scale.

``build_scale_workspace`` writes, with ``bulk_create`` and a fixed random seed,
a workspace of 5,000 people, 2,000 organisations and 50,000 touches (by
default) spread over a few partnerships, with memberships, pipeline history,
relationships and coded challenges. The same seed gives the same workspace.
It bypasses the audit trail on purpose: it is test and benchmark data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from convenor.lib.challenges import Challenge
from convenor.lib.db import analyze
from convenor.outreach.models import Method, Touch
from convenor.outreach.services import sync_touches
from convenor.partners.models import (
    AuthorityLevel,
    Category,
    MemberRole,
    Organisation,
    PartnershipMember,
    Person,
    Relationship,
    RelationshipKind,
    SizeBand,
    Stage,
    StageMove,
)
from convenor.partnerships.models import Partnership
from convenor.partnerships.services import partnership_create
from convenor.workspaces.models import Workspace
from convenor.workspaces.services import workspace_create

FIRST = [
    "Ada",
    "Ben",
    "Cara",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kai",
    "Lena",
    "Mo",
    "Nia",
    "Omar",
    "Pia",
    "Quin",
    "Ray",
    "Sofia",
    "Tom",
]
LAST = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fox",
    "Garcia",
    "Hill",
    "Ito",
    "Jones",
    "Khan",
    "Lopez",
    "Moore",
    "Nair",
    "Ortiz",
    "Patel",
    "Quinn",
    "Reyes",
    "Smith",
    "Tran",
    "Usman",
    "Vega",
    "Wu",
    "Young",
    "Zhang",
]
WORDS = [
    "Buckeye",
    "Scioto",
    "Olentangy",
    "Franklin",
    "Delaware",
    "Union",
    "Madison",
    "Licking",
    "Fairfield",
    "Pickaway",
    "Precision",
    "Advanced",
    "Allied",
    "Central",
    "Heartland",
    "Summit",
    "River",
    "Valley",
    "Capital",
    "Midwest",
]
KINDS = "Machining Plastics Foods Logistics Metals Health Systems Components Fabrication Tooling"
CATEGORY_WEIGHTS = [
    (Category.EMPLOYER, 70),
    (Category.ASSOCIATION, 4),
    (Category.ECONOMIC_DEVELOPMENT, 3),
    (Category.WORKFORCE_SYSTEM, 3),
    (Category.EDUCATION, 7),
    (Category.LABOR, 3),
    (Category.HUMAN_SERVICES, 3),
    (Category.COMMUNITY, 4),
    (Category.ELECTED, 2),
    (Category.OTHER, 1),
]


@dataclass
class ScaleWorkspace:
    workspace: Workspace
    partnerships: list[Partnership]
    busiest_person: Person  # the person with the most touches


def build_scale_workspace(
    *,
    owner,
    name: str = "Scale Test Workforce Board",
    people: int = 5000,
    organisations: int = 2000,
    touches: int = 50000,
    members: int = 300,
    relationships: int = 3000,
    partnerships: int = 3,
    seed: int = 1,
) -> ScaleWorkspace:
    rng = random.Random(seed)  # noqa: S311 - seeded test data, not secrets
    today = timezone.localdate()
    with transaction.atomic():
        workspace = workspace_create(actor=owner, name=name)
        ships = [
            partnership_create(
                actor=owner,
                workspace=workspace,
                name=f"Sector Partnership {i + 1}",
                industry_naics="31-33",
                industry_title="Manufacturing",
            )
            for i in range(partnerships)
        ]
        categories = [c for c, _ in CATEGORY_WEIGHTS]
        weights = [w for _, w in CATEGORY_WEIGHTS]
        kinds = KINDS.split()
        orgs = []
        for i in range(organisations):
            category = rng.choices(categories, weights)[0]
            orgs.append(
                Organisation(
                    workspace=workspace,
                    name=f"{rng.choice(WORDS)} {rng.choice(kinds)} {i + 1}",
                    category=category,
                    other_label="transit agency" if category == Category.OTHER else "",
                    naics_code="3327" if category == Category.EMPLOYER else "",
                    size_band=rng.choice(SizeBand.values),
                    county=rng.choice(WORDS[:10]),
                )
            )
        Organisation.objects.bulk_create(orgs, batch_size=1000)
        orgs = list(Organisation.objects.filter(workspace=workspace).order_by("pk"))
        persons = []
        for i in range(people):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            persons.append(
                Person(
                    workspace=workspace,
                    name=f"{first} {last} {i + 1}",
                    title=rng.choice(["CEO", "HR director", "Plant manager", "Dean", "Director"]),
                    organisation=rng.choice(orgs),
                    email=f"{first.lower()}.{last.lower()}.{i + 1}@example.org",
                    phone=f"614-555-{i % 10000:04d}",
                    authority_level=rng.choice([*AuthorityLevel.values, ""]),
                    is_decision_maker=rng.random() < 0.15,
                    is_naysayer=rng.random() < 0.03,
                    is_employer_champion=rng.random() < 0.05,
                    is_data_resource=rng.random() < 0.02,
                )
            )
        Person.objects.bulk_create(persons, batch_size=1000)
        persons = list(
            Person.objects.filter(workspace=workspace).select_related("organisation").order_by("pk")
        )
        _memberships(rng, workspace, ships, persons, members, today)
        _relationships(rng, workspace, persons, orgs, relationships)
        busiest = _touches(rng, workspace, ships, persons, orgs, touches, today)
        # PostgreSQL plans against stale statistics until autovacuum analyses the new rows.
        analyze(
            Organisation,
            Person,
            PartnershipMember,
            StageMove,
            Relationship,
            Touch,
            Touch.people.through,
            Touch.organisations.through,
        )
    return ScaleWorkspace(workspace, ships, busiest)


def _memberships(rng, workspace, ships, persons, members, today) -> None:
    rows, moves = [], []
    for ship in ships:
        for person in rng.sample(persons, min(members, len(persons))):
            stage = rng.choice(Stage.values)
            rows.append(
                PartnershipMember(
                    workspace=workspace,
                    partnership=ship,
                    person=person,
                    organisation=person.organisation,
                    role=rng.choice(MemberRole.values),
                    stage=stage,
                    stage_changed_at=timezone.now(),
                    stage_changed_on=today,
                )
            )
    PartnershipMember.objects.bulk_create(rows, batch_size=1000)
    for member in PartnershipMember.objects.filter(workspace=workspace).only(
        "pk", "partnership_id", "stage"
    ):
        start = today - dt.timedelta(days=rng.randint(30, 300))
        moves.append(
            StageMove(
                workspace=workspace,
                partnership_id=member.partnership_id,
                member=member,
                from_stage="",
                to_stage=Stage.IDENTIFIED,
                moved_on=start,
            )
        )
        if member.stage != Stage.IDENTIFIED:
            moves.append(
                StageMove(
                    workspace=workspace,
                    partnership_id=member.partnership_id,
                    member=member,
                    from_stage=Stage.IDENTIFIED,
                    to_stage=member.stage,
                    moved_on=today,
                )
            )
    StageMove.objects.bulk_create(moves, batch_size=1000)


def _relationships(rng, workspace, persons, orgs, count) -> None:
    ties, seen = [], set()
    kinds = [RelationshipKind.BOARD_MEMBER, RelationshipKind.KNOWS, RelationshipKind.KNOWS]
    for _ in range(count):
        kind = rng.choice(kinds)
        source = rng.choice(persons)
        if kind == RelationshipKind.KNOWS:
            target = rng.choice(persons)
            key = (kind, source.pk, "p", target.pk)
            tie = Relationship(workspace=workspace, kind=kind, from_person=source, to_person=target)
        else:
            target = rng.choice(orgs)
            key = (kind, source.pk, "o", target.pk)
            tie = Relationship(
                workspace=workspace, kind=kind, from_person=source, to_organisation=target
            )
        if (source.pk == target.pk and kind == RelationshipKind.KNOWS) or key in seen:
            continue
        seen.add(key)
        ties.append(tie)
    Relationship.objects.bulk_create(ties, batch_size=1000)


def _touches(rng, workspace, ships, persons, orgs, count, today) -> Person:
    busiest = persons[0]
    methods = Method.values
    codes = Challenge.values
    touches = []
    for i in range(count):
        occurred = today - dt.timedelta(days=rng.randint(0, 720))
        follow_up = occurred + dt.timedelta(days=14) if rng.random() < 0.2 else None
        touches.append(
            Touch(
                workspace=workspace,
                partnership=ships[0] if rng.random() < 0.7 else rng.choice(ships),
                occurred_on=occurred,
                method=rng.choice(methods),
                purpose=f"Conversation {i + 1}",
                pain_level=rng.randint(1, 5) if rng.random() < 0.8 else None,
                challenges=rng.sample(codes, rng.randint(0, 3)),
                follow_up_on=follow_up,
                follow_up_done=bool(follow_up and follow_up < today and rng.random() < 0.7),
            )
        )
    Touch.objects.bulk_create(touches, batch_size=2000)
    touches = list(
        Touch.objects.filter(workspace=workspace).only("pk", "partnership_id", "challenges")
    )
    through = Touch.people.through
    org_through = Touch.organisations.through
    links, org_links = [], []
    for i, touch in enumerate(touches):
        chosen = {p.pk for p in rng.sample(persons, rng.randint(1, 3))}
        if i % 25 == 0:
            chosen.add(busiest.pk)  # one person touched 2,000 times in 50,000
        links += [through(touch_id=touch.pk, person_id=pk) for pk in chosen]
        if rng.random() < 0.1:
            org_links.append(org_through(touch_id=touch.pk, organisation_id=rng.choice(orgs).pk))
    through.objects.bulk_create(links, batch_size=5000)
    org_through.objects.bulk_create(org_links, batch_size=5000)
    # The challenge index below joins these fresh tables: PostgreSQL must know their size
    # first, or it plans them as empty (nested loops over 100,000 links: minutes per chunk).
    analyze(Organisation, Person, Touch, through, org_through)
    sync_touches([t.pk for t in touches])
    return busiest
