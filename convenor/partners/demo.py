"""Demo partners: the registry of the Central Ohio Workforce Board and who sits at the table
of its manufacturing partnership.

Twenty-odd organisations across the toolkit's categories, people with their
characteristics, a pipeline with dated history, relationships for the network,
and a small finished import (undoable). The mix is realistic, not perfect: a
naysayer not met yet, a union in the registry but not at the table, no
community- or faith-based partner any more, so the partner-mix findings have
something to say. Names of people are invented.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from convenor.front.demo import DemoContext
from convenor.partners import imports, services
from convenor.partners.models import (
    AuthorityLevel,
    Category,
    EducationType,
    MemberRole,
    Organisation,
    PartnershipMember,
    Person,
    RelationshipKind,
    Stage,
)
from convenor.workspaces.models import Role

# name, category, extra fields
ORGANISATIONS: list[tuple[str, str, dict[str, Any]]] = [
    ("Buckeye Precision Machining", Category.EMPLOYER, {"naics_code": "332710", "size_band": "50-249", "county": "Franklin", "county_fips": "39049", "website": "https://buckeye-precision.example"}),  # noqa: E501
    ("Scioto Valley Plastics", Category.EMPLOYER, {"naics_code": "326199", "size_band": "250-999", "county": "Pickaway", "county_fips": "39129"}),  # noqa: E501
    ("Columbus Fabrication Works", Category.EMPLOYER, {"naics_code": "332312", "size_band": "50-249", "county": "Franklin", "county_fips": "39049"}),  # noqa: E501
    ("Delaware Castings", Category.EMPLOYER, {"naics_code": "331523", "size_band": "250-999", "county": "Delaware", "county_fips": "39041"}),  # noqa: E501
    ("Licking Valley Foods", Category.EMPLOYER, {"naics_code": "311999", "size_band": "1000+", "county": "Licking", "county_fips": "39089"}),  # noqa: E501
    ("Union County Automotive Components", Category.EMPLOYER, {"naics_code": "336390", "size_band": "1000+", "county": "Union", "county_fips": "39159"}),  # noqa: E501
    ("Fairfield Metal Stamping", Category.EMPLOYER, {"naics_code": "332119", "size_band": "10-49", "county": "Fairfield", "county_fips": "39045"}),  # noqa: E501
    ("Ohio Manufacturers' Association (Central Ohio chapter)", Category.ASSOCIATION, {}),
    ("Central Ohio Economic Development Partnership", Category.ECONOMIC_DEVELOPMENT, {}),
    ("OhioMeansJobs Columbus-Franklin County", Category.WORKFORCE_SYSTEM, {"county": "Franklin"}),
    ("Central Ohio Workforce Board", Category.WORKFORCE_SYSTEM, {}),
    ("Columbus State Community College", Category.EDUCATION, {"education_type": EducationType.COLLEGE}),  # noqa: E501
    ("Delaware Area Career Center", Category.EDUCATION, {"education_type": EducationType.K12}),
    ("Central Ohio Welding Institute", Category.EDUCATION, {"education_type": EducationType.PRIVATE_TRAINING}),  # noqa: E501
    ("Central Ohio Machinists Union Local 55", Category.LABOR, {}),
    ("Franklin County Job and Family Services", Category.HUMAN_SERVICES, {}),
    ("Opportunities for Ohioans with Disabilities", Category.HUMAN_SERVICES, {}),
    ("Southside Community Ministries", Category.COMMUNITY, {}),
    ("Franklin County Board of Commissioners", Category.ELECTED, {}),
    ("Central Ohio Transit (bus service)", Category.OTHER, {"other_label": "transportation agency"}),  # noqa: E501
]  # fmt: skip

CEO, HR, MGR = AuthorityLevel.CEO, AuthorityLevel.HR_DIRECTOR, AuthorityLevel.FRONT_LINE_MANAGER
# name, title, organisation (or None), authority, traits, e-mail local part
PEOPLE: list[tuple[str, str, str | None, str, tuple[str, ...]]] = [
    ("Linda Park", "CEO", "Buckeye Precision Machining", CEO, ("is_decision_maker", "is_employer_champion", "is_doer")),  # noqa: E501
    ("Tom Reilly", "President", "Scioto Valley Plastics", CEO, ("is_decision_maker", "is_naysayer")),  # noqa: E501
    ("Maria Lopez", "HR Director", "Columbus Fabrication Works", HR, ("has_ear_of_decision_maker",)),  # noqa: E501
    ("Andre Wilson", "Plant Manager", "Delaware Castings", MGR, ("is_doer",)),
    ("Priya Natarajan", "VP Operations", "Licking Valley Foods", HR, ("has_ear_of_decision_maker", "is_employer_champion")),  # noqa: E501
    ("Greg Hoffman", "HR Manager", "Union County Automotive Components", HR, ()),
    ("Sue Kramer", "Owner", "Fairfield Metal Stamping", CEO, ("is_decision_maker",)),
    ("Helen Brooks", "Director", "Ohio Manufacturers' Association (Central Ohio chapter)", "", ("is_politico", "is_doer")),  # noqa: E501
    ("Marcus Bell", "VP Business Retention", "Central Ohio Economic Development Partnership", "", ("is_politico",)),  # noqa: E501
    ("Raj Patel", "Business Services Lead", "OhioMeansJobs Columbus-Franklin County", "", ("is_doer",)),  # noqa: E501
    ("Erin Walsh", "Labor Market Analyst", "Central Ohio Workforce Board", "", ("is_data_resource",)),  # noqa: E501
    ("Grace Chen", "Dean of Workforce", "Columbus State Community College", "", ("is_subject_expert", "has_ear_of_decision_maker")),  # noqa: E501
    ("Karen Osei", "Adult Education Director", "Delaware Area Career Center", "", ()),
    ("Luis Ortega", "Lead Instructor", "Central Ohio Welding Institute", "", ("is_subject_expert",)),  # noqa: E501
    ("Frank Dobbs", "Business Representative", "Central Ohio Machinists Union Local 55", "", ("is_politico",)),  # noqa: E501
    ("Angela Price", "Deputy Director", "Franklin County Job and Family Services", "", ()),
    ("James Whitaker", "Pastor", "Southside Community Ministries", "", ("is_politico",)),
    ("Dana Ruiz", "County Commissioner", "Franklin County Board of Commissioners", "", ("is_politico", "is_decision_maker")),  # noqa: E501
    ("Kevin Tran", "Service Planner", "Central Ohio Transit (bus service)", "", ()),
    ("Bill Novak", "Retired plant manager", None, "", ("is_retired_leader", "is_subject_expert")),
]  # fmt: skip

# person, role, [(days ago, stage), ...] — the pipeline history, oldest first
MEMBERS: list[tuple[str, str, list[tuple[int, str]]]] = [
    ("Linda Park", MemberRole.CHAMPION, [(118, Stage.IDENTIFIED), (112, Stage.CONTACTED), (104, Stage.MET), (90, Stage.COMMITTED), (56, Stage.ACTIVE)]),  # noqa: E501
    ("Maria Lopez", MemberRole.ADVISORY, [(115, Stage.IDENTIFIED), (100, Stage.MET), (80, Stage.COMMITTED), (56, Stage.ACTIVE)]),  # noqa: E501
    ("Andre Wilson", MemberRole.ADVISORY, [(110, Stage.IDENTIFIED), (95, Stage.CONTACTED), (91, Stage.MET), (60, Stage.COMMITTED), (56, Stage.ACTIVE)]),  # noqa: E501
    ("Priya Natarajan", MemberRole.ADVISORY, [(100, Stage.IDENTIFIED), (70, Stage.MET), (56, Stage.ACTIVE)]),  # noqa: E501
    # Committed after the second meeting: with him the industry side (employers and their
    # association) is as large as the public side, as an employer-led partnership's is.
    ("Greg Hoffman", MemberRole.EMPLOYER_PARTNER, [(60, Stage.IDENTIFIED), (40, Stage.CONTACTED), (20, Stage.MET), (12, Stage.COMMITTED)]),  # noqa: E501
    ("Sue Kramer", MemberRole.EMPLOYER_PARTNER, [(45, Stage.IDENTIFIED), (30, Stage.CONTACTED)]),
    ("Tom Reilly", MemberRole.EMPLOYER_PARTNER, [(104, Stage.IDENTIFIED)]),
    ("Helen Brooks", MemberRole.SUPPORTER, [(118, Stage.IDENTIFIED), (110, Stage.MET), (90, Stage.ACTIVE)]),  # noqa: E501
    ("Marcus Bell", MemberRole.PUBLIC_PARTNER, [(90, Stage.IDENTIFIED), (75, Stage.MET), (56, Stage.COMMITTED)]),  # noqa: E501
    ("Raj Patel", MemberRole.PUBLIC_PARTNER, [(118, Stage.IDENTIFIED), (116, Stage.MET), (90, Stage.ACTIVE)]),  # noqa: E501
    ("Erin Walsh", MemberRole.SUPPORTER, [(118, Stage.ACTIVE)]),
    ("Grace Chen", MemberRole.ADVISORY, [(117, Stage.IDENTIFIED), (108, Stage.MET), (85, Stage.ACTIVE)]),  # noqa: E501
    ("Karen Osei", MemberRole.SERVICE_PROVIDER, [(80, Stage.IDENTIFIED), (62, Stage.MET), (50, Stage.COMMITTED)]),  # noqa: E501
    ("Luis Ortega", MemberRole.SERVICE_PROVIDER, [(40, Stage.IDENTIFIED)]),
    ("Angela Price", MemberRole.SERVICE_PROVIDER, [(70, Stage.IDENTIFIED), (58, Stage.MET), (40, Stage.COMMITTED)]),  # noqa: E501
    ("James Whitaker", MemberRole.SERVICE_PROVIDER, [(100, Stage.IDENTIFIED), (85, Stage.CONTACTED), (20, Stage.LAPSED)]),  # noqa: E501
    ("Dana Ruiz", MemberRole.SUPPORTER, [(60, Stage.IDENTIFIED), (35, Stage.CONTACTED)]),
    ("Bill Novak", MemberRole.ADVISORY, [(95, Stage.IDENTIFIED), (88, Stage.MET), (70, Stage.ACTIVE)]),  # noqa: E501
]  # fmt: skip

# source, kind, target (people by name, organisations by name)
TIES: list[tuple[str, str, str]] = [
    ("Linda Park", RelationshipKind.BOARD_MEMBER, "Columbus State Community College"),
    ("Linda Park", RelationshipKind.ASSOCIATION_MEMBER, "Ohio Manufacturers' Association (Central Ohio chapter)"),  # noqa: E501
    ("Buckeye Precision Machining", RelationshipKind.ASSOCIATION_MEMBER, "Ohio Manufacturers' Association (Central Ohio chapter)"),  # noqa: E501
    ("Scioto Valley Plastics", RelationshipKind.ASSOCIATION_MEMBER, "Ohio Manufacturers' Association (Central Ohio chapter)"),  # noqa: E501
    ("Delaware Castings", RelationshipKind.ASSOCIATION_MEMBER, "Ohio Manufacturers' Association (Central Ohio chapter)"),  # noqa: E501
    ("Priya Natarajan", RelationshipKind.BOARD_MEMBER, "Columbus State Community College"),
    ("Helen Brooks", RelationshipKind.KNOWS, "Tom Reilly"),
    ("Helen Brooks", RelationshipKind.KNOWS, "Dana Ruiz"),
    ("Grace Chen", RelationshipKind.KNOWS, "Raj Patel"),
    ("Bill Novak", RelationshipKind.KNOWS, "Andre Wilson"),
    ("Bill Novak", RelationshipKind.BOARD_MEMBER, "Delaware Area Career Center"),
    ("Frank Dobbs", RelationshipKind.KNOWS, "Andre Wilson"),
    ("Raj Patel", RelationshipKind.BOARD_MEMBER, "Southside Community Ministries"),
    ("Angela Price", RelationshipKind.KNOWS, "Raj Patel"),
    ("Kevin Tran", RelationshipKind.KNOWS, "Angela Price"),
    ("Marcus Bell", RelationshipKind.KNOWS, "Linda Park"),
    ("Columbus State Community College", RelationshipKind.FUNDED_BY, "Central Ohio Workforce Board"),  # noqa: E501
    ("Central Ohio Welding Institute", RelationshipKind.FUNDED_BY, "Central Ohio Workforce Board"),
]  # fmt: skip

IMPORT_CSV = (
    "First Name,Last Name,Company,Job Title,E-mail Address,Business Phone\r\n"
    "Nora,Feld,Madison County Tool & Die,Owner,nora@madison-tool.example,740-555-0142\r\n"
    "Omar,Haddad,Pickaway Powder Coating,Operations Manager,omar@pickaway-pc.example,\r\n"
    "Linda,Park,Buckeye Precision Machining,CEO,linda@demo.convenor.example,\r\n"
)


def _email(name: str) -> str:
    return f"{name.split()[0].lower()}@demo.convenor.example"


def build(ctx: DemoContext) -> None:
    owner, ws, partnership = ctx.owner, ctx.workspace, ctx.partnership
    orgs: dict[str, Organisation] = {}
    for name, category, extra in ORGANISATIONS:
        found = Organisation.objects.filter(workspace=ws, name=name).first()
        orgs[name] = found or services.organisation_create(
            actor=owner, workspace=ws, name=name, category=category, **extra
        )
    people: dict[str, Person] = {}
    partner_user = ctx.users[Role.PARTNER]
    for name, title, org_name, authority, traits in PEOPLE:
        known = Person.objects.filter(workspace=ws, name=name).first()
        people[name] = known or services.person_create(
            actor=owner,
            workspace=ws,
            name=name,
            title=title,
            organisation=orgs[org_name] if org_name else None,
            email=_email(name),
            phone=f"614-555-01{len(people):02d}",
            authority_level=authority,
            **dict.fromkeys(traits, True),
        )
    # The partner-role demo user is Maria Lopez of the registry: linked as a convener links
    # a sign-in on the person's page, so she votes and sees her action items as Maria.
    mine = people.get(partner_user.name)
    if mine is not None and mine.user_id is None:
        services.person_link_account(actor=owner, person=mine, user=partner_user)
    members = []
    for name, role, history in MEMBERS:
        person = people[name]
        existing = PartnershipMember.objects.filter(partnership=partnership, person=person).first()
        if existing:
            members.append(existing)
            continue
        (first_days, first_stage), *moves = history
        member = services.member_add(
            actor=owner,
            partnership=partnership,
            person=person,
            role=role,
            stage=first_stage,
            on=ctx.today - dt.timedelta(days=first_days),
        )
        for days, stage in moves:
            member = services.member_move(
                actor=owner,
                member=member,
                stage=stage,
                expected_version=member.version,
                on=ctx.today - dt.timedelta(days=days),
            )
        members.append(member)
    everyone: dict[str, Person | Organisation] = {**orgs, **people}
    for source, kind, target in TIES:
        with contextlib.suppress(ValidationError):  # already recorded
            services.relationship_create(
                actor=owner,
                workspace=ws,
                kind=kind,
                source=everyone[source],
                target=everyone[target],
            )
    batch = imports.import_upload(
        actor=owner,
        workspace=ws,
        upload=SimpleUploadedFile("outlook-contacts.csv", IMPORT_CSV.encode()),
    )
    imports.import_plan(batch)
    imports.import_apply(batch, owner)

    at_table = [m.person for m in members if m.stage in (Stage.COMMITTED, Stage.ACTIVE)]
    ctx.objects["people"] = at_table
    ctx.objects["all_people"] = list(people.values())
    ctx.objects["organisations"] = list(orgs.values())
    ctx.objects["members"] = members
