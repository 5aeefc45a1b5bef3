"""The intermediary's self-check: known pitfalls, with evidence where the data shows them.

Every pitfall is listed on the page; ``selfcheck_findings`` returns a finding
only for those the data points to, so the page says "nothing in the data shows
this" for the rest and asks the question anyway.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, TypedDict

from convenor.assessment.facts import DecisionFact, PartnershipFacts, SiblingFact
from convenor.lib.findings import Finding, Severity
from convenor.lib.words import counted
from convenor.partnerships.naics import within

STEP_ONE = "Step One: Identify and Employ the Right Partnership Intermediary"
DIRECTION = "Every Partnership Needs Direction and Connection"
CH3 = "Chapter 3: Convening and Planning"
STEP_TWO = "Step Two: Identify Partners"
WHO_CONVENES = "Who Convenes Industry Sector Partnerships? (Maher & Maher)"
MOMENTUM = "Every Initiative Needs a Way to Maintain Momentum and Energy"
PARTNERSHIPS_PER_STAFF = 3
LABOR_POOL_CATEGORIES = ("workforce_system", "human_services", "community")
ADAPT_DAYS = 180


@dataclass(frozen=True)
class Pitfall:
    code: str
    title: str
    question: str
    source: str


PITFALLS: tuple[Pitfall, ...] = (
    Pitfall(
        "selfcheck.charting_the_course",
        "Charting the course instead of facilitating",
        "Do employers decide the direction, or do we? An intermediary does not chart the course "
        "of the sector partnership, which is the responsibility of employers in the target "
        "industry.",
        STEP_ONE,
    ),
    Pitfall(
        "selfcheck.understaffing",
        "Understaffing",
        "Do we have the appropriate staffing mix and skills set to coordinate this partnership?",
        STEP_ONE,
    ),
    Pitfall(
        "selfcheck.assuming_needs",
        "Assuming we know the industry's needs",
        "Did employers tell us these problems, and are they common across the industry as "
        "opposed to within a single firm?",
        CH3,
    ),
    Pitfall(
        "selfcheck.competing_initiative",
        "Launching a competing initiative in the same region and sector",
        "Is someone already convening this industry in this region? Regional groups must "
        "ultimately work with business customers as one voice.",
        WHO_CONVENES,
    ),
    Pitfall(
        "selfcheck.labor_pools",
        "Ignoring organisations that serve the available labor pools",
        "Who can bring knowledge of the region's available labor force: the public workforce "
        "system, human service agencies, community- or faith-based organisations?",
        STEP_TWO,
    ),
    Pitfall(
        "selfcheck.not_adapting",
        "Not adapting as the industry changes",
        "Does the plan still evolve with new input from employers? Partnerships may evolve to "
        "address other related challenges within the same industry.",
        MOMENTUM,
    ),
)
PITFALL_BY_CODE = {p.code: p for p in PITFALLS}


def _finding(
    code: str, reason: str, next_step: str, severity: Severity = Severity.WARNING, **ev: Any
) -> Finding:
    return Finding(code, severity, reason, next_step, PITFALL_BY_CODE[code].source, ev)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9]+", " ", text.lower())).strip()


def convener_decided(f: PartnershipFacts, d: DecisionFact) -> bool:
    """Was this decision made by the convener rather than the partners? Recorded with no
    meeting and no conversation (the convener team recorded it alone), or every person
    who made it is of the convener's organisation or signs in as the workspace's team."""
    convener_org = f.convener.organisation_id if f.convener else None
    return all(
        p.team or (convener_org is not None and p.organisation_id == convener_org)
        for p in d.deciders
    )


def charting_the_course(f: PartnershipFacts) -> Finding | None:
    by_us = [d for d in f.decisions if convener_decided(f, d)]
    recorded = [m for m in f.past_meetings if m.attended]
    outnumbered = [m for m in recorded if not m.mix.employer_led]
    signs = []
    if len(f.decisions) >= 3 and len(by_us) * 2 >= len(f.decisions):
        alone = sum(1 for d in by_us if not d.deciders)
        how = (
            f" ({alone} recorded with no meeting or conversation of partners behind them)"
            if alone
            else ""
        )
        signs.append(f"{len(by_us)} of {len(f.decisions)} decisions were made by the convener{how}")
    if len(recorded) >= 2 and len(outnumbered) * 2 > len(recorded):
        signs.append(
            f"employers were outnumbered at {len(outnumbered)} of {len(recorded)} meetings"
        )
    if not signs:
        return None
    return _finding(
        "selfcheck.charting_the_course",
        "; ".join(signs).capitalize() + ".",
        "Facilitate the direction without setting its course: let the employer members decide, "
        "and record where each decision was made (the meeting or the one-on-one conversation).",
        decisions_by_convener=len(by_us),
        meetings_outnumbered=len(outnumbered),
    )


def understaffing(f: PartnershipFacts) -> Finding | None:
    signs = []
    if f.convener and f.convener.staffing is not None and f.convener.staffing <= 2:
        signs.append(f"the convener's staffing mix and skills score {f.convener.staffing} of 5")
    if f.workspace_staff and f.workspace_running / f.workspace_staff > PARTNERSHIPS_PER_STAFF:
        signs.append(
            f"{f.workspace_running} running partnerships for "
            f"{counted(f.workspace_staff, 'staff member')}"
        )
    overdue = sum(
        1
        for a in f.actions
        if a.status in ("open", "in_progress") and a.due_on and a.due_on < f.today
    )
    if overdue >= 5:
        signs.append(f"{overdue} overdue action items")
    if not signs:
        return None
    return _finding(
        "selfcheck.understaffing",
        "; ".join(signs).capitalize() + ".",
        "Staff the partnership: a part-time or full-time coordinator from the convening "
        "organisation or from partner organisations.",
        signs=len(signs),
    )


def assuming_needs(f: PartnershipFacts) -> Finding | None:
    unheard = [i.title for i in f.issues if i.employers == 0]
    single = [i.title for i in f.issues if i.employers == 1]
    if not f.issues or (not unheard and not single):
        return None
    parts = []
    if unheard:
        parts.append(
            f"{counted(len(unheard), 'issue')} never raised by an employer in outreach "
            f"({', '.join(unheard[:3])})"
        )
    if single:
        parts.append(f"{len(single)} raised by a single employer ({', '.join(single[:3])})")
    return _finding(
        "selfcheck.assuming_needs",
        "; ".join(parts).capitalize() + ".",
        "Verify with employers: talk to representatives of the industry one-on-one and code "
        "what they raise, to reveal what problems are common across an industry.",
        unheard=len(unheard),
        single_employer=len(single),
    )


def same_industry(a: str, b: str) -> bool:
    """One industry falls under the other (``partnerships.naics.within``)."""
    return within(a, b) or within(b, a)


def same_region(a: str, b: str) -> bool:
    a, b = _words(a), _words(b)
    return bool(a and b) and (a == b or a in b or b in a)


def competing(f: PartnershipFacts, s: SiblingFact) -> bool:
    industry = (
        same_industry(f.industry_naics, s.industry_naics)
        if f.industry_naics and s.industry_naics
        else bool(f.industry_title) and _words(f.industry_title) == _words(s.industry_title)
    )
    return not s.ended and industry and same_region(f.region, s.region)


def competing_initiative(f: PartnershipFacts) -> Finding | None:
    rivals = [s for s in f.siblings if competing(f, s)]
    if not rivals:
        return None
    names = ", ".join(s.name for s in rivals)
    return _finding(
        "selfcheck.competing_initiative",
        f"{names} already works on the same industry in the same region in this workspace.",
        "Join forces rather than compete: one partnership per industry and region, with one "
        "voice to employers; merge or divide the work explicitly.",
        partnerships=[s.name for s in rivals],
    )


def labor_pools(f: PartnershipFacts) -> Finding | None:
    if not f.members:
        return None
    present = f.categories(engaged_only=False)
    if any(c in present for c in LABOR_POOL_CATEGORIES):
        return None
    return _finding(
        "selfcheck.labor_pools",
        "No public workforce system, human service agency or community- or faith-based "
        "organisation among the partners.",
        "Bring in who can bring knowledge of the region's available labor force: they know the "
        "particular needs of worker populations.",
        present=sorted(present),
    )


def not_adapting(f: PartnershipFacts) -> Finding | None:
    if f.stage not in ("implementation", "sustaining"):
        return None
    horizon = f.today - dt.timedelta(days=ADAPT_DAYS)
    recent_employer = f.last_employer_touch_on and f.last_employer_touch_on >= horizon
    recent_decision = any(d.decided_on >= horizon for d in f.decisions)
    if recent_employer or recent_decision:
        return None
    return _finding(
        "selfcheck.not_adapting",
        f"No conversation with an employer and no decision in the last {ADAPT_DAYS} days.",
        "Go back to employers one-on-one: the plan can (and should) always evolve based on new "
        "input by the partnership.",
        last_employer_touch=f.last_employer_touch_on.isoformat()
        if f.last_employer_touch_on
        else None,
    )


RULES = (
    charting_the_course,
    understaffing,
    assuming_needs,
    competing_initiative,
    labor_pools,
    not_adapting,
)


def selfcheck_findings(f: PartnershipFacts) -> list[Finding]:
    return [finding for rule in RULES if (finding := rule(f))]


class PitfallRow(TypedDict):
    pitfall: Pitfall
    finding: Finding | None


def selfcheck_rows(f: PartnershipFacts) -> list[PitfallRow]:
    """Every pitfall with the finding the data gives, or None."""
    found = {x.code: x for x in selfcheck_findings(f)}
    return [{"pitfall": p, "finding": found.get(p.code)} for p in PITFALLS]
