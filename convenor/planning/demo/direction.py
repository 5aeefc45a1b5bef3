"""Demo direction: where the mission was adopted, the coordinator, staffing and
communication, the organisational chart and the logic model."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from convenor.front.demo import DemoContext
from convenor.lib.challenges import Challenge
from convenor.partners.models import Category, PartnershipMember, Person
from convenor.planning.demo.setting import Cast
from convenor.planning.direction import services
from convenor.planning.models import (
    Benchmark,
    CoordinatorFrom,
    Goal,
    Issue,
    LogicColumn,
    LogicModelEntry,
)
from convenor.workspaces.models import Role


def co_chairs(ctx: DemoContext, employer_people: list[Person]) -> list[Person]:
    """Two employer people at the table (committed or active), champions first and never
    a naysayer: a co-chair speaks for the partnership."""
    engaged = {
        m.person_id: m
        for m in PartnershipMember.objects.filter(
            partnership=ctx.partnership,
            stage__in=("committed", "active"),
            person__organisation__category=Category.EMPLOYER,
            person__is_naysayer=False,
        ).select_related("person")
    }
    ordered = [p for p in employer_people if p.pk in engaged]
    ordered += [m.person for m in engaged.values() if m.person and m.person not in ordered]
    ordered.sort(key=lambda p: not p.is_employer_champion)
    return ordered[:2]


def build(ctx: DemoContext, cast: Cast) -> None:
    staff, p = ctx.users[Role.STAFF], ctx.partnership
    kickoff, kickoff_day = cast.kickoff, cast.kickoff_day
    grace, raj, maria, employer_people = cast.grace, cast.raj, cast.maria, cast.employer_people
    coordinator = raj
    services.direction_save(
        actor=staff,
        partnership=p,
        changes={
            "mission_adopted_at": kickoff,
            "mission_adopted_on": kickoff_day,
            "areas_for_analysis": "Wages and benefits of CNC operators against neighbouring "
            "regions.\nCommuting patterns of second-shift workers.\n"
            "Age profile of maintenance technicians at partner plants.",
            "coordinator": coordinator,
            "coordinator_from": CoordinatorFrom.PARTNER,
            "coordinator_hours": Decimal("16"),
            "staffing_notes": "The workforce board's business services lead coordinates two days a "
            "week; the college lends a program manager for the training work group.",
            "internal_communication": "A one-page update by e-mail after every meeting; action "
            "items reviewed at the start of each meeting; a shared folder for documents.",
            "external_messaging": "Employer co-chairs speak for the partnership; a case statement "
            "and a one-page flyer for employers not yet at the table; news via the manufacturers' "
            "association newsletter.",
        },
        expected_version=None,
    )
    first, *second = co_chairs(ctx, employer_people)
    chair = services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Employer co-chair",
        person=first,
        duties="Chairs meetings and speaks for the partnership.",
    )
    for person in second:
        services.governance_role_create(
            actor=staff,
            partnership=p,
            title="Employer co-chair",
            person=person,
            reports_to=None,
        )
    coord_role = services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Partnership coordinator",
        person=coordinator,
        reports_to=chair,
        duties="Agendas, minutes, follow-up on action items, the resource map.",
    )
    services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Training pipeline work group",
        person=grace,
        reports_to=coord_role,
    )
    services.governance_role_create(
        actor=staff,
        partnership=p,
        title="Retention and onboarding work group",
        person=maria,
        reports_to=coord_role,
    )

    # Logic model
    entries: dict[str, LogicModelEntry] = {}
    for column, texts in (
        (
            LogicColumn.INPUTS,
            [
                "Employer time and machines",
                "College instructors",
                "WIOA training funds",
                "Coordinator (16 h/week)",
            ],
        ),
        (
            LogicColumn.ACTIVITIES,
            [
                "Evening CNC certificate",
                "Work-based learning at partner plants",
                "Supervisor coaching workshop",
                "Onboarding buddies",
            ],
        ),
        (
            LogicColumn.OUTPUTS,
            [
                "60 certificate completers a year",
                "40 supervisors coached",
                "10 employers hosting practice",
            ],
        ),
        (LogicColumn.SHORT, ["Completers hired by partner employers", "Fewer early quits"]),
        (LogicColumn.MEDIUM, ["CNC openings filled within 30 days", "90-day turnover halved"]),
        (LogicColumn.LONG, ["A regional pipeline into machining careers"]),
        (
            LogicColumn.IMPACT,
            ["Competitive Central Ohio manufacturers and family-supporting careers for residents"],
        ),
    ):
        for text in texts:
            entries[text] = services.logic_entry_create(
                actor=staff, partnership=p, column=column, text=text
            )
    # The links read left to right. "Onboarding buddies" is planned but not yet tied to an
    # output or a measure: the page flags it, as it would for a real plan in progress.
    issues = {i.challenge: i for i in Issue.objects.filter(partnership=p)}
    addresses = {
        "Evening CNC certificate": issues.get(Challenge.SKILLS_GAP),
        "Work-based learning at partner plants": issues.get(Challenge.SKILLS_GAP),
        "Supervisor coaching workshop": issues.get(Challenge.ENTRY_LEVEL),
        "Onboarding buddies": issues.get(Challenge.ENTRY_LEVEL),
    }
    leads = {
        "Employer time and machines": ["Work-based learning at partner plants"],
        "College instructors": ["Evening CNC certificate"],
        "WIOA training funds": ["Evening CNC certificate"],
        "Coordinator (16 h/week)": ["Supervisor coaching workshop", "Onboarding buddies"],
        "Evening CNC certificate": ["60 certificate completers a year"],
        "Work-based learning at partner plants": ["10 employers hosting practice"],
        "Supervisor coaching workshop": ["40 supervisors coached"],
        "60 certificate completers a year": ["Completers hired by partner employers"],
        "10 employers hosting practice": ["Completers hired by partner employers"],
        "40 supervisors coached": ["Fewer early quits"],
        "Completers hired by partner employers": ["CNC openings filled within 30 days"],
        "Fewer early quits": ["90-day turnover halved"],
        "CNC openings filled within 30 days": ["A regional pipeline into machining careers"],
        "90-day turnover halved": ["A regional pipeline into machining careers"],
        "A regional pipeline into machining careers": [
            "Competitive Central Ohio manufacturers and family-supporting careers for residents"
        ],
    }
    for text, entry in entries.items():
        changes: dict[str, Any] = {}
        if text in leads:
            changes["leads_to"] = [entries[t] for t in leads[text]]
        if addresses.get(text) is not None:
            changes["issue"] = addresses[text]
        if changes:
            services.logic_entry_update(
                actor=staff, entry=entry, changes=changes, expected_version=None
            )


def measures(ctx: DemoContext, goals: list[Goal], benchmarks: list[Benchmark]) -> None:
    """The action plan's goals and benchmarks that measure the logic model's activities
    (the plan is written after the logic model)."""
    staff, p = ctx.users[Role.STAFF], ctx.partnership
    g1, g2 = goals[0], goals[1]
    b1, b2, b3 = benchmarks[0], benchmarks[1], benchmarks[2]
    measured = {
        "Evening CNC certificate": ([g1], [b1]),
        "Work-based learning at partner plants": ([g1], [b2]),
        "Supervisor coaching workshop": ([g2], [b3]),
    }
    for entry in LogicModelEntry.objects.filter(partnership=p, text__in=measured):
        goals_of, benchmarks_of = measured[entry.text]
        services.logic_entry_update(
            actor=staff,
            entry=entry,
            changes={"goals": goals_of, "benchmarks": benchmarks_of},
            expected_version=None,
        )
