"""Demo employer demand: hiring projections from four employers; one occupation is hidden
for having two employers, one because one employer holds most of its openings."""

from __future__ import annotations

from convenor.front.demo import DemoContext
from convenor.planning.demand import services
from convenor.planning.demo.setting import Cast
from convenor.workspaces.models import Role


def build(ctx: DemoContext, cast: Cast) -> None:
    staff, p = ctx.users[Role.STAFF], ctx.partnership
    employers, maria = cast.employers, cast.maria
    rows = [
        (employers[0], "CNC operator", "51-9161", 6, 15, "blueprint reading, NIMS Level I"),
        (employers[1], "CNC operator", "51-9161", 4, 10, "blueprint reading"),
        (employers[2], "CNC operator", "51-9161", 3, 8, "blueprint reading, precision measurement"),
        (employers[3], "CNC operator", "51-9161", 5, 12, "NIMS Level I"),
        (employers[0], "Machinist", "51-4041", 2, 6, "NIMS Level II, GD&T"),
        (employers[1], "Machinist", "51-4041", 1, 4, "setup and programming"),
        (employers[3], "Machinist", "51-4041", 2, 5, "setup and programming"),
        (employers[0], "Industrial maintenance technician", "49-9041", 2, 5, "PLC troubleshooting"),
        (
            employers[3],
            "Industrial maintenance technician",
            "49-9041",
            3,
            7,
            "PLC troubleshooting, welding",
        ),
        (employers[1], "Quality inspector", "51-9061", 1, 3, "CMM operation"),
        (employers[2], "Quality inspector", "51-9061", 2, 4, "precision measurement"),
        (employers[3], "Quality inspector", "51-9061", 1, 2, "ISO 9001"),
        # Three employers, but one holds most of the openings: hidden by the dominance rule.
        (employers[0], "Welder", "51-4121", 9, 14, "AWS D1.1"),
        (employers[1], "Welder", "51-4121", 1, 2, "MIG welding"),
        (employers[2], "Welder", "51-4121", 1, 2, "MIG welding"),
    ]
    partner_user = ctx.users[Role.PARTNER]
    for org, title, soc, n12, n36, skills in rows:
        services.projection_create(
            actor=partner_user if org.pk == maria.organisation_id else staff,
            partnership=p,
            organisation=org,
            occupation_title=title,
            soc_code=soc,
            openings_12m=n12,
            openings_36m=n36,
            skills=skills,
        )
