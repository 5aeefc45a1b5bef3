"""Demo outreach: four months of one-on-ones, tours and meetings with Central Ohio
manufacturers, coded by challenge, with follow-ups due for the staff user, and the
partnership's own recruitment text for employers."""

from __future__ import annotations

import datetime as dt

from convenor.front.demo import DemoContext
from convenor.outreach import services
from convenor.outreach.models import Method, Touch
from convenor.partners.models import Organisation, Person
from convenor.workspaces.models import Role

M = Method
# days ago, method, people, organisations, purpose, heard, pain, challenges, follow-up in days
TOUCHES = [
    (112, M.ONE_ON_ONE, ["Linda Park"], [], "Introduce the partnership; learn about hiring",
     "Three CNC jobs open since spring; two machinists retire next year. Would host a meeting.",
     5, ["skills_gap", "retirement"], None),
    (106, M.COMPANY_TOUR, ["Linda Park"], ["Buckeye Precision Machining"], "Machine shop tour",
     "Setups take the longest to learn; nobody teaches print reading any more.",
     4, ["skills_gap", "training_relevance"], None),
    (104, M.CALL, ["Tom Reilly"], [], "Returned our call",
     "'We tried a training program with the college ten years ago and it did not work.' "
     "Lost half of last summer's hires in the first month. Not ready to meet yet.",
     4, ["entry_level", "turnover"], 14),
    (100, M.ONE_ON_ONE, ["Maria Lopez"], [], "Hiring and onboarding",
     "Second-shift hires quit when the bus stops at 10 pm; no HR generalist to onboard them.",
     4, ["entry_level", "support_transport", "hr_capacity"], None),
    (95, M.TRADE_ASSOCIATION, ["Helen Brooks", "Andre Wilson", "Greg Hoffman"], [],
     "Ohio Manufacturers' Association chapter meeting",
     "Several members raised the retirement wave in maintenance.",
     3, ["retirement"], None),
    (91, M.ONE_ON_ONE, ["Andre Wilson"], [], "Plant floor walk-through",
     "Parents steer kids away from the shop floor; maintenance crew averages 58 years old.",
     4, ["perception", "retirement"], None),
    (85, M.UNION_MEETING, [], ["Central Ohio Machinists Union Local 55"], "Union hall meeting",
     "The local would back an apprenticeship if seniority rules are respected.",
     None, [], 21),
    (72, M.ONE_ON_ONE, ["Priya Natarajan"], [], "Food processing workforce",
     "Turnover on sanitation crews; interested in a shared onboarding curriculum.",
     3, ["turnover", "entry_level"], None),
    (64, M.PUBLIC_MEETING, ["Dana Ruiz", "Kevin Tran"], [], "County transit hearing",
     "Second-shift bus routes are under review; employers' letters would help.",
     None, ["support_transport"], None),
    (45, M.CALL, ["Sue Kramer"], [], "Introduce the partnership",
     "Small shop: cannot spare anyone for a daytime meeting.",
     3, ["hr_capacity"], 3),
    (40, M.EMAIL, ["Greg Hoffman"], [], "Send the kick-off summary", "", None, [], None),
    (20, M.ONE_ON_ONE, ["Greg Hoffman"], [], "Follow up on the kick-off",
     "Would share hiring projections for maintenance technicians.",
     4, ["retirement", "skills_gap"], 7),
    (12, M.INDUSTRY_MEETING, ["Linda Park", "Priya Natarajan", "Andre Wilson"], [],
     "Industry roundtable on entry-level retention",
     "All three lose a third of new hires in 90 days; supervisors were never taught to onboard.",
     5, ["entry_level", "turnover"], 0),
    (5, M.CALL, ["Luis Ortega"], [], "Welding program capacity",
     "Evening cohort is full; a second instructor would double it.",
     None, ["training_slots", "training_instructors"], 10),
]  # fmt: skip

EMPLOYER_TEXT = {
    "purpose": "The Central Ohio Advanced Manufacturing Partnership is a group of manufacturers "
    "who decided to solve, together, the hiring problems none of them can solve alone: "
    "maintenance technicians retiring with no one to replace them, and new production hires "
    "who leave in their first 90 days.",
    "benefits": "Machinists and maintenance technicians trained to your equipment and prints\n"
    "An onboarding program for new hires, shared across companies\n"
    "Second-shift transportation pursued with one voice\n"
    "Meetings of 90 minutes, every six weeks, each ending in a decision",
    "roles": "Tell us, one-on-one, what your hiring data shows\n"
    "Send a decision-maker to the partnership meetings\n"
    "Share hiring projections for critical jobs once a year\n"
    "Host a company tour or a work-based learning placement",
    "contact": "Sam Okafor, Central Ohio Workforce Board, 614-555-0100, "
    "sam.staff@demo.convenor.example",
}


def build(ctx: DemoContext) -> None:
    owner, staff, partnership = ctx.owner, ctx.users[Role.STAFF], ctx.partnership
    people = {p.name: p for p in Person.objects.filter(workspace=ctx.workspace)}
    orgs = {o.name: o for o in Organisation.objects.filter(workspace=ctx.workspace)}
    touches = list(Touch.objects.filter(partnership=partnership))
    if not touches:
        for days, method, names, org_names, purpose, heard, pain, codes, follow in TOUCHES:
            occurred = ctx.today - dt.timedelta(days=days)
            done = follow is not None and days - follow > 20
            touches.append(
                services.touch_create(
                    actor=staff,
                    partnership=partnership,
                    occurred_on=occurred,
                    method=method,
                    people=[people[n] for n in names if n in people],
                    organisations=[orgs[n] for n in org_names if n in orgs],
                    purpose=purpose,
                    heard=heard,
                    pain_level=pain,
                    challenges=codes,
                    follow_up_on=(
                        occurred + dt.timedelta(days=follow) if follow is not None else None
                    ),
                    follow_up_owner=staff if follow is not None else None,
                    follow_up_done=done,
                )
            )
    services.recruitment_save(
        actor=owner,
        partnership=partnership,
        category="employer",
        purpose=EMPLOYER_TEXT["purpose"],
        benefits=EMPLOYER_TEXT["benefits"],
        roles=EMPLOYER_TEXT["roles"],
        contact=EMPLOYER_TEXT["contact"],
    )
    ctx.objects["touches"] = touches
