"""Demo resource map: programs, funding streams and policies across the WIOA titles,
Perkins, TANF, apprenticeship and employer funds, and one later change (a new version)."""

from __future__ import annotations

import datetime as dt

from convenor.front.demo import DemoContext
from convenor.planning.demo.setting import Cast
from convenor.planning.models import FundingSource, Issue, Resource, ResourceKind
from convenor.planning.resources import services
from convenor.workspaces.models import Role


def build(ctx: DemoContext, cast: Cast, issues: list[Issue]) -> dict[str, Resource]:
    """The map's entries by a short key (``"cnc"``, ``"ojt"``, ...) for the later demos."""
    staff, p, today = ctx.users[Role.STAFF], ctx.partnership, ctx.today
    employers, college, omj, others = cast.employers, cast.college, cast.omj, cast.others
    cnc, turnover, retirement, perception, transport = issues
    made: dict[str, Resource] = {}
    rows = [
        (
            "ita",
            "WIOA individual training accounts",
            ResourceKind.FUNDING,
            omj,
            [FundingSource.WIOA_I],
            "Adults and dislocated workers; priority for low-income residents",
            "about 120 accounts a year",
            [cnc, retirement],
            40,
        ),
        (
            "ojt",
            "On-the-job training contracts",
            ResourceKind.PROGRAM,
            omj,
            [FundingSource.WIOA_I],
            "New hires eligible for WIOA; employer receives up to 50% of wages during training",
            "20 contracts a year",
            [turnover],
            40,
        ),
        (
            "able",
            "Aspire adult education and literacy (ABLE)",
            ResourceKind.PROGRAM,
            college,
            [FundingSource.WIOA_II, FundingSource.ADULT_EDUCATION],
            "Adults without a high school credential or needing English or math skills",
            "open enrolment",
            [cnc, turnover],
            200,
        ),
        (
            "cnc",
            "CNC machining certificate",
            ResourceKind.PROGRAM,
            college,
            [FundingSource.PERKINS, FundingSource.STATE],
            "High school graduates and adults",
            "24 seats a year",
            [cnc],
            15,
        ),
        (
            "cte",
            "High school precision machining program",
            ResourceKind.PROGRAM,
            others["Delaware Area Career Center"],
            [FundingSource.PERKINS],
            "Juniors and seniors of member districts",
            "36 students",
            [cnc, perception],
            400,
        ),
        (
            "apprenticeship",
            "Industrial maintenance registered apprenticeship",
            ResourceKind.PROGRAM,
            employers[3],
            [FundingSource.APPRENTICESHIP, FundingSource.EMPLOYER],
            "Employees of sponsoring employers",
            "6 apprentices",
            [retirement],
            None,
        ),
        (
            "vr",
            "Vocational rehabilitation job placement",
            ResourceKind.PROGRAM,
            others["Opportunities for Ohioans with Disabilities"],
            [FundingSource.WIOA_IV, FundingSource.VOCATIONAL_REHABILITATION],
            "People with disabilities seeking employment",
            "",
            [turnover],
            None,
        ),
        (
            "tanf",
            "TANF-funded work supports (transport, childcare)",
            ResourceKind.FUNDING,
            others["Franklin County Job and Family Services"],
            [FundingSource.TANF],
            "Families receiving or eligible for cash assistance",
            "",
            [transport, turnover],
            500,
        ),
        (
            "tuition",
            "Employer tuition reimbursement",
            ResourceKind.POLICY,
            employers[0],
            [FundingSource.EMPLOYER],
            "Employees after 90 days",
            "",
            [cnc],
            None,
        ),
    ]
    for key, name, kind, owner, funding, eligibility, capacity, bears_on, reviewed_days in rows:
        made[key] = services.resource_create(
            actor=staff,
            partnership=p,
            name=name,
            kind=kind,
            owner_organisation=owner,
            funding_sources=funding,
            eligibility=eligibility,
            capacity=capacity,
            issues=bears_on,
            last_reviewed_on=today - dt.timedelta(days=reviewed_days)
            if reviewed_days is not None
            else None,
        )
    # The map evolves: a capacity changed after the college added an evening section.
    services.resource_update(
        actor=staff,
        resource=made["cnc"],
        changes={
            "capacity": "24 day seats and 16 evening seats a year",
            "last_reviewed_on": today - dt.timedelta(days=10),
        },
        expected_version=None,
    )
    # People a year and occupations, for the map's comparison with employers' pooled
    # openings: the certificate covers the machinists employers need; tuition reimbursement
    # (two employees a year) is far below it, and the map says so.
    for key, people, socs in (("cnc", 40, ["51-4041"]), ("tuition", 2, ["51-4041"])):
        services.resource_update(
            actor=staff,
            resource=made[key],
            changes={"capacity_per_year": people, "soc_codes": socs},
            expected_version=None,
        )
    return made
