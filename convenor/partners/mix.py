"""Partner mix analysis: is the right mix of partners at the table?

``partner_mix`` is a pure function over plain ``MixMember`` rows, so the
partnership page, the API and reports show the same findings, and each rule is
tested on its own. The rules follow the toolkit's "Step Two: Identify Partners"
and "Characteristics of Members".

Once the partnership has a target industry, the rules about employers count the
employers in it (``sides.in_target_industry``: "engage as many employers as
possible within the target industry"); the others still count as partners, and
``employers_outside_industry`` names them. Labor is asked for where unions play a
role: a union of the target industry or of the region in the registry, or a union
meeting logged (``unions_here``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from convenor.lib.findings import Finding, Severity
from convenor.lib.words import counted
from convenor.partners.models import AuthorityLevel, Category, MemberRole, Stage
from convenor.partners.sides import in_target_industry
from convenor.partnerships.naics import naics_label, naics_title, within

STEP_TWO = "Step Two: Identify Partners"
CHARACTERISTICS = "Characteristics of Members"

# Categories the "categories missing" rule looks for. Labor and elected officials
# have rules of their own; "other" depends on the industry.
CORE_CATEGORIES = [
    Category.EMPLOYER,
    Category.ASSOCIATION,
    Category.ECONOMIC_DEVELOPMENT,
    Category.WORKFORCE_SYSTEM,
    Category.EDUCATION,
    Category.HUMAN_SERVICES,
    Category.COMMUNITY,
]

# Stages in which a member counts as engaged (met, committed, active).
ENGAGED = {Stage.MET, Stage.COMMITTED, Stage.ACTIVE}


@dataclass(frozen=True)
class MixMember:
    """What the rules need to know about one member of a partnership."""

    name: str
    category: str = ""  # the organisation's category ("" when unknown)
    role: str = MemberRole.SUPPORTER
    stage: str = Stage.IDENTIFIED
    is_decision_maker: bool = False
    has_ear_of_decision_maker: bool = False
    authority_level: str = ""
    is_naysayer: bool = False
    is_employer_champion: bool = False
    is_data_resource: bool = False
    touched: bool = False  # met face to face (one-on-one, company tour) in this partnership
    naics: str = ""  # the organisation's industry ("" when not recorded)
    last_briefed: dt.date | None = None  # an elected official's last briefing (outreach)

    @property
    def present(self) -> bool:
        return self.stage != Stage.LAPSED

    @property
    def is_employer(self) -> bool:
        return self.category == Category.EMPLOYER

    def voices(self, target: str) -> bool:
        """An employer of the target industry (any employer while none is chosen)."""
        return self.is_employer and in_target_industry(self.category, self.naics, target)

    @property
    def decides(self) -> bool:
        return (
            self.is_decision_maker
            or self.has_ear_of_decision_maker
            or self.authority_level == AuthorityLevel.CEO
        )


def _names(
    members: Iterable[MixMember], limit: int = 5, label: Callable[[MixMember], str] | None = None
) -> str:
    names = [label(m) if label else m.name for m in members]
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return ", ".join(names)


def _industry(target: str) -> str:
    return f"the target industry ({naics_label(target)})"


def categories_missing(members: list[MixMember], *, target: str = "") -> list[Finding]:
    present = {m.category for m in members if m.present}
    missing = [c for c in CORE_CATEGORIES if c not in present]
    findings = []
    voices = [m for m in members if m.present and m.voices(target)]
    if not voices:
        others = [m for m in members if m.present and m.is_employer]
        findings.append(
            Finding(
                code="mix.no_employers",
                severity=Severity.CRITICAL,
                reason=(
                    f"None of the {len(others)} employers among the partners is in "
                    f"{_industry(target)}: the partnership is built around its employers' needs."
                    if others
                    else "No employer is among the partners: the partnership is built around "
                    "employers' needs."
                ),
                next_step="Identify employers in the target industry, starting with industry "
                "leaders such as presidents and CEOs, and reach out one-on-one.",
                source=STEP_TWO,
                evidence={"employers": len(others), "target": target},
            )
        )
    if Category.EMPLOYER in missing:
        missing.remove(Category.EMPLOYER)
    if missing:
        labels = [Category(c).label for c in missing]
        findings.append(
            Finding(
                code="mix.categories_missing",
                severity=Severity.WARNING,
                reason=f"No partner yet from {len(labels)} of the toolkit's categories: "
                f"{', '.join(labels)}.",
                next_step="Ask who else can bring knowledge of the industry or of the region's "
                "labor force, and identify one organisation in each missing category.",
                source=STEP_TWO,
                evidence={"missing": [str(c) for c in missing]},
            )
        )
    return findings


def employers_outside_industry(members: list[MixMember], *, target: str = "") -> list[Finding]:
    """Employers at the table that do not speak for the target industry: of another
    industry, or with no industry recorded."""
    if not target:
        return []
    employers = [m for m in members if m.present and m.is_employer]
    outside = [m for m in employers if not m.voices(target)]
    if not outside:
        return []
    unrecorded = [m for m in outside if not m.naics]
    elsewhere = [m for m in outside if m.naics]
    parts = []
    if elsewhere:
        parts.append(
            f"{len(elsewhere)} of another industry ("
            + _names(elsewhere, label=lambda m: f"{m.name}, {naics_title(m.naics) or m.naics}")
            + ")"
        )
    if unrecorded:
        parts.append(f"{len(unrecorded)} with no industry recorded ({_names(unrecorded)})")
    in_industry = len(employers) - len(outside)
    return [
        Finding(
            code="mix.employers_outside_industry",
            severity=Severity.WARNING if in_industry < len(outside) else Severity.INFO,
            reason=f"{len(outside)} of the {len(employers)} employers are not in "
            f"{_industry(target)}: {'; '.join(parts)}. They count as partners, not as the "
            "industry's voice.",
            next_step="Record the industry of each employer (its NAICS code), and engage as many "
            "employers as possible within the target industry.",
            source=STEP_TWO,
            evidence={
                "in_industry": in_industry,
                "other_industry": [m.name for m in elsewhere],
                "no_industry": [m.name for m in unrecorded],
            },
        )
    ]


def advisory_employer_share(members: list[MixMember], *, target: str = "") -> list[Finding]:
    advisory = [m for m in members if m.present and m.role == MemberRole.ADVISORY]
    if not advisory:
        return []
    employers = sum(1 for m in advisory if m.voices(target))
    share = employers / len(advisory)
    if share >= 0.5:
        return []
    return [
        Finding(
            code="mix.advisory_not_employer_led",
            severity=Severity.WARNING,
            reason=f"Employers{' of the target industry' if target else ''} are {employers} of "
            f"the {len(advisory)} members of the advisory group ({share:.0%}), less than half.",
            next_step="Weight the advisory group heavily toward employers: recruit employers "
            "before adding more service providers.",
            source=STEP_TWO,
            evidence={"employers": employers, "advisory": len(advisory), "share": round(share, 3)},
        )
    ]


def no_employer_decision_maker(members: list[MixMember], *, target: str = "") -> list[Finding]:
    employers = [m for m in members if m.present and m.voices(target)]
    if not employers or any(m.decides for m in employers):
        return []
    return [
        Finding(
            code="mix.no_employer_decision_maker",
            severity=Severity.WARNING,
            reason=f"None of the {len(employers)} employer members is a decision-maker or has "
            "the ear of one.",
            next_step="Invite a CEO or president, or someone who has the ear of one: without "
            "authority the partnership's plans cannot be put into action.",
            source=CHARACTERISTICS,
            evidence={"employers": len(employers)},
        )
    ]


def naysayers_not_engaged(members: list[MixMember]) -> list[Finding]:
    waiting = [m for m in members if m.is_naysayer and m.stage not in ENGAGED and not m.touched]
    if not waiting:
        return []
    return [
        Finding(
            code="mix.naysayers_not_engaged",
            severity=Severity.WARNING,
            reason=f"{counted(len(waiting), 'naysayer')} identified but not engaged yet: "
            f"{_names(waiting)}.",
            next_step="Meet them one-on-one early: naysayers rally others against the "
            "partnership if they are not brought on board.",
            source=CHARACTERISTICS,
            evidence={"naysayers": [m.name for m in waiting]},
        )
    ]


def no_employer_champion(members: list[MixMember], *, target: str = "") -> list[Finding]:
    champions = [
        m
        for m in members
        if m.present
        and m.voices(target)
        and (m.role == MemberRole.CHAMPION or m.is_employer_champion)
    ]
    if champions:
        return []
    return [
        Finding(
            code="mix.no_employer_champion",
            severity=Severity.WARNING,
            reason="No employer champion: no employer "
            + ("of the target industry " if target else "")
            + "at the table speaks for the partnership.",
            next_step="Find an employer who sees the worth of the partnership and ask them to "
            "speak on its behalf to their peers.",
            source=STEP_TWO,
        )
    ]


@dataclass(frozen=True)
class UnionFact:
    """A labor organisation of the registry: its industry and county, where recorded."""

    name: str
    naics: str = ""
    county_fips: str = ""


def unions_here(
    unions: Iterable[UnionFact], *, target: str, area_codes: Sequence[str]
) -> list[str]:
    """The unions that play a role in this partnership: of the target industry (its
    industry and the target's, one under the other), or of the region (its county is one
    of the region's counties, or in one of its states)."""
    counties = {c for c in area_codes if c[2:] != "000"}
    states = {c[:2] for c in area_codes if c[2:] == "000" and c != "US000"}
    found = []
    for u in unions:
        industry = bool(target and u.naics and (within(u.naics, target) or within(target, u.naics)))
        area = bool(u.county_fips and (u.county_fips in counties or u.county_fips[:2] in states))
        if industry or area:
            found.append(u.name)
    return found


def labor_absent(
    members: list[MixMember], *, unions_present: bool, unions: Sequence[str] = ()
) -> list[Finding]:
    """``unions_present``: a union of the target industry or region is in the registry
    (``unions`` names them) or a union meeting was logged (``unions_here``)."""
    if any(m.present and m.category == Category.LABOR for m in members):
        return []
    if unions_present:
        where = (
            f"{', '.join(unions[:3])} in your registry"
            + (f" and {len(unions) - 3} more" if len(unions) > 3 else "")
            if unions
            else "a union meeting was logged"
        )
        return [
            Finding(
                code="mix.labor_absent",
                severity=Severity.WARNING,
                reason="Organized labor is absent although unions play a role in the target "
                f"industry or the region ({where}).",
                next_step="Add a labor representative as a partner: unions influence training, "
                "recruitment, retention and contracts.",
                source=STEP_TWO,
                evidence={"unions_present": True, "unions": list(unions)},
            )
        ]
    return [
        Finding(
            code="mix.labor_absent",
            severity=Severity.INFO,
            reason="No organized labor among the partners; no union of the target industry or "
            "the region is known.",
            next_step="If unions play a role in your region or target industry, record them "
            "(with their industry and county) and add a labor representative as a partner.",
            source=STEP_TWO,
            evidence={"unions_present": False},
        )
    ]


def no_data_resource(members: list[MixMember]) -> list[Finding]:
    if any(m.present and m.is_data_resource for m in members):
        return []
    return [
        Finding(
            code="mix.no_data_resource",
            severity=Severity.INFO,
            reason="No data or analysis resource among the partners.",
            next_step="Bring on board someone who can provide and make meaning of data, such "
            "as a research organisation, a labor-market analyst or a retired industry leader.",
            source=CHARACTERISTICS,
        )
    ]


# "Kept informed": a briefing (a touch whose purpose says briefing, or an update sent to
# them) within this many days.
BRIEFING_DAYS = 90


def no_elected_official(members: list[MixMember], *, today: dt.date | None = None) -> list[Finding]:
    """Elected officials kept fully informed: each had a briefing in the last 90 days
    (``MixMember.last_briefed``); the finding names the last briefing and who is overdue."""
    today = today or dt.date.today()
    officials = [m for m in members if m.present and m.category == Category.ELECTED]
    if not officials:
        return [
            Finding(
                code="mix.no_elected_official",
                severity=Severity.INFO,
                reason="No local or state elected official is among the partners to keep informed.",
                next_step="Engage an elected official as a partner, or at least keep one fully "
                "informed with regular briefings: both help the initiative succeed.",
                source=STEP_TWO,
            )
        ]
    since = today - dt.timedelta(days=BRIEFING_DAYS)
    overdue = [m for m in officials if m.last_briefed is None or m.last_briefed < since]
    if not overdue:
        return []
    briefed = [m for m in officials if m.last_briefed is not None]
    last = max(briefed, key=lambda m: m.last_briefed or dt.date.min) if briefed else None
    said = (
        f"Last briefing: {last.name} on {last.last_briefed:%Y-%m-%d}."
        if last is not None and last.last_briefed is not None
        else "No briefing recorded yet."
    )
    return [
        Finding(
            code="mix.elected_not_briefed",
            severity=Severity.INFO,
            reason=f"{len(overdue)} of {counted(len(officials), 'elected official')} had no "
            f"briefing in the last {BRIEFING_DAYS} days: {_names(overdue)}. {said}",
            next_step="Brief them: log a touch whose purpose is a briefing, or send them an "
            "update. Keeping elected officials fully informed helps the initiative succeed.",
            source=STEP_TWO,
            evidence={
                "overdue": [m.name for m in overdue],
                "last_briefing": last.last_briefed.isoformat()
                if last is not None and last.last_briefed is not None
                else None,
                "last_briefed": last.name if last is not None else None,
            },
        )
    ]


def partner_mix(
    members: list[MixMember],
    *,
    unions_present: bool = False,
    unions: Sequence[str] = (),
    target: str = "",
    today: dt.date | None = None,
) -> list[Finding]:
    """Every partner-mix finding for a partnership's members (lapsed members do not count);
    ``target``: the target industry's NAICS code, ``unions``: see ``labor_absent``."""
    return [
        *categories_missing(members, target=target),
        *employers_outside_industry(members, target=target),
        *advisory_employer_share(members, target=target),
        *no_employer_decision_maker(members, target=target),
        *naysayers_not_engaged(members),
        *no_employer_champion(members, target=target),
        *labor_absent(members, unions_present=unions_present, unions=unions),
        *no_data_resource(members),
        *no_elected_official(members, today=today),
    ]
