"""Pure rules over meetings: the promise of a name, the agenda, who leads, the cadence.

Every function here takes plain values and returns ``list[Finding]``, so the
meeting form, the meeting page, the partnership page and the API show the same
words. Nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from convenor.lib.findings import Finding, Severity
from convenor.lib.words import agrees, counted
from convenor.meetings.models import EventType, Expectation
from convenor.partners.models import Category
from convenor.partners.sides import Mix

WHATS_IN_A_NAME = "Convening Employers: What's in a Name?"
STEP_FOUR = "Step Four: Begin Meeting as Partners and Learn More"
MOMENTUM = "Every Initiative Needs a Way to Maintain Momentum and Energy"
DIRECTION = "Every Partnership Needs Direction and Connection"

TWO_HOURS = 120

# What each name tends to impart. The first five are the toolkit's words
# ("Convening Employers: What's in a Name?"); the last two are the partnership's
# own working meetings (Step Four, and the action plan's work between meetings).
EVENT_TYPE_MEANINGS: dict[EventType, str] = {
    EventType.CONFERENCE: "An event organized by an association, individual, publication or "
    "private company for networking, education or to discuss a business topic with a range of "
    "speakers.",
    EventType.FOCUS_GROUP: "Qualitative research: a group of people are asked about their "
    "attitude towards a product, service, concept, advertisement, idea, or packaging, in an "
    "interactive group setting.",
    EventType.FORUM: "A medium for open discussion or voicing of ideas; a public meeting or "
    "presentation involving a discussion usually among experts and often including audience "
    "participation.",
    EventType.ROUNDTABLE: "A table with no head and no sides: no one has a privileged position "
    "and all are treated as equals.",
    EventType.SUMMIT: "To non-public sector participants, a meeting with top leaders of "
    "government (governors, mayors, cabinet officials) with considerable media exposure, "
    "expectations, and results that lead directly to action.",
    EventType.PARTNERSHIP_MEETING: "A formal meeting of the sector partnership's employers and "
    "stakeholders: a learning experience and a decision-making session, short and focused on "
    "solutions.",
    EventType.WORK_GROUP: "A small group of partners working on one issue or action step of "
    "the plan between partnership meetings.",
}

EVENT_TYPE_SOURCES: dict[EventType, str] = {
    **{t: WHATS_IN_A_NAME for t in EventType},
    EventType.PARTNERSHIP_MEETING: STEP_FOUR,
    EventType.WORK_GROUP: MOMENTUM,
}

# The name each expectation keeps its promise with.
EXPECTATION_FITS: dict[Expectation, EventType] = {
    Expectation.NETWORK_LEARN: EventType.CONFERENCE,
    Expectation.GATHER_VIEWS: EventType.FOCUS_GROUP,
    Expectation.OPEN_DISCUSSION: EventType.FORUM,
    Expectation.PEER_DISCUSSION: EventType.ROUNDTABLE,
    Expectation.LEADERS_ACTION: EventType.SUMMIT,
    Expectation.DECIDE: EventType.PARTNERSHIP_MEETING,
    Expectation.WORK_ON_TASK: EventType.WORK_GROUP,
}

_TITLE_WORDS: dict[EventType, re.Pattern[str]] = {
    EventType.SUMMIT: re.compile(r"\bsummits?\b", re.I),
    EventType.FOCUS_GROUP: re.compile(r"\bfocus[\s-]?groups?\b", re.I),
    EventType.CONFERENCE: re.compile(r"\bconferences?\b", re.I),
    EventType.FORUM: re.compile(r"\bforums?\b", re.I),
    EventType.ROUNDTABLE: re.compile(r"\bround[\s-]?tables?\b", re.I),
    EventType.WORK_GROUP: re.compile(r"\b(work[\s-]?groups?|working groups?)\b", re.I),
}

CEO = "ceo"


@dataclass(frozen=True)
class Invitee:
    """What the name checks need to know about one invitee."""

    name: str = ""
    is_employer: bool = False
    authority_level: str = ""  # partners.AuthorityLevel value, "" when unknown
    is_top_government_leader: bool = False
    is_elected_official: bool = False

    @property
    def is_government_leader(self) -> bool:
        """What a summit promises: a top government leader (governor, mayor, agency head),
        the person's own trait. Any elected official is not that promise."""
        return self.is_top_government_leader

    @classmethod
    def from_person(cls, person: Any) -> Invitee:
        organisation = getattr(person, "organisation", None)
        category = getattr(organisation, "category", "") if organisation else ""
        return cls(
            name=person.name,
            is_employer=category == Category.EMPLOYER,
            authority_level=person.authority_level or "",
            is_top_government_leader=bool(person.is_top_government_leader),
            is_elected_official=category == Category.ELECTED,
        )


def types_named_in(title: str) -> list[EventType]:
    """The event types a title's words name, e.g. "Advanced Manufacturing Summit" -> summit."""
    return [t for t, pattern in _TITLE_WORDS.items() if pattern.search(title or "")]


def _label(event_type: EventType | str) -> str:
    return EventType(event_type).label.lower()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _ceo_count(invitees: Sequence[Invitee]) -> tuple[int, int]:
    known = [i for i in invitees if i.authority_level]
    return sum(1 for i in known if i.authority_level == CEO), len(known)


def _mostly_ceos(invitees: Sequence[Invitee]) -> bool:
    ceos, known = _ceo_count(invitees)
    return ceos > 0 and ceos * 2 >= known


def suggest_event_type(
    invitees: Sequence[Invitee], expectation: str
) -> tuple[EventType, str] | None:
    """The name that keeps the promise, from the invitees' authority and the expectation set.

    Returns the type and a sentence saying why, or None when nothing fits better.
    """
    ceos, known = _ceo_count(invitees)
    leaders = any(i.is_government_leader for i in invitees)
    if expectation:
        fit = EXPECTATION_FITS[Expectation(expectation)]
        if fit == EventType.SUMMIT and not leaders:
            return None  # no name keeps that promise without the leaders; see the warning
        if fit == EventType.FOCUS_GROUP and _mostly_ceos(invitees):
            return (
                EventType.ROUNDTABLE,
                f"{ceos} of the {known} invitees whose level is known are CEOs: asked for their "
                "views, they expect to sit as equals, not as a research panel.",
            )
        return fit, f"The expectation set is to {Expectation(expectation).label.lower()}."
    if _mostly_ceos(invitees):
        return (
            EventType.ROUNDTABLE,
            f"{ceos} of the {known} invitees whose level is known are CEOs, who expect a table "
            "with no head where all are treated as equals.",
        )
    return None


def meeting_name_findings(
    event_type: str, title: str, invitees: Iterable[Invitee], expectation: str = ""
) -> list[Finding]:
    """Does the name (type and title) keep the promise it makes to the invitees?"""
    invitees = list(invitees)
    event_type = EventType(event_type)
    in_title = types_named_in(title)
    named = {event_type, *in_title}
    findings: list[Finding] = []
    leaders = [i for i in invitees if i.is_government_leader]
    ceos, known = _ceo_count(invitees)

    if EventType.SUMMIT in named and not leaders:
        where = "typed" if event_type == EventType.SUMMIT else "titled"
        findings.append(
            Finding(
                code="name.summit_without_leaders",
                severity=Severity.WARNING,
                reason=f"This meeting is {where} a summit, but no top government leader "
                "(governor, mayor, agency head: the person's 'top government leader' trait) is "
                "invited; an elected official alone is not that promise. Employers may expect "
                "top government leaders, media exposure and results that lead directly to "
                "action, and feel misled.",
                next_step="Invite a top government leader and plan the media coverage, or call "
                "it what it is (a roundtable, a forum or a partnership meeting).",
                source=WHATS_IN_A_NAME,
                evidence={"invitees": len(invitees), "government_leaders": 0},
            )
        )
    if EventType.FOCUS_GROUP in named and _mostly_ceos(invitees):
        findings.append(
            Finding(
                code="name.ceos_in_focus_group",
                severity=Severity.WARNING,
                reason=f"{ceos} of the {known} invitees whose level is known are CEOs, yet a "
                "focus group is qualitative research that asks people their attitude towards a "
                "product or idea. Business leaders expect to act as partners, not as a panel.",
                next_step="Call it a roundtable (no head, all treated as equals) or a partnership "
                "meeting, or invite the managers a focus group is for.",
                source=WHATS_IN_A_NAME,
                evidence={"ceos": ceos, "known_levels": known},
            )
        )
    if expectation == Expectation.LEADERS_ACTION and not leaders:
        findings.append(
            Finding(
                code="name.expectation_without_leaders",
                severity=Severity.WARNING,
                reason="The invitation promises top government leaders and results that lead to "
                "action, but none is invited.",
                next_step="Invite them before the invitation goes out, or set a more modest "
                "expectation.",
                source=WHATS_IN_A_NAME,
            )
        )
    mismatched = [t for t in in_title if t != event_type]
    if mismatched:
        findings.append(
            Finding(
                code="name.title_type_mismatch",
                severity=Severity.INFO,
                reason=f"The title says {', '.join(_label(t) for t in mismatched)} but the "
                f"meeting is typed as a {_label(event_type)}; invitees read the title.",
                next_step="Make the title and the type make the same promise.",
                source=WHATS_IN_A_NAME,
            )
        )
    suggestion = suggest_event_type(invitees, expectation)
    if suggestion and suggestion[0] not in named:
        fit, why = suggestion
        findings.append(
            Finding(
                code="name.suggestion",
                severity=Severity.INFO,
                reason=f"{why} A {_label(fit)} fits: {_lower_first(EVENT_TYPE_MEANINGS[fit])}",
                next_step=f"Consider calling it a {_label(fit)}.",
                source=EVENT_TYPE_SOURCES[fit],
                evidence={"suggested": fit.value},
            )
        )
    if not expectation and invitees:
        findings.append(
            Finding(
                code="name.no_expectation",
                severity=Severity.INFO,
                reason="No expectation is set. The level of authority you invite and the "
                "expectation you set decide whether employers come back.",
                next_step="Say what invitees will do or get there, then check the name fits it.",
                source=WHATS_IN_A_NAME,
            )
        )
    return findings


def agenda_findings(
    *,
    item_minutes: Sequence[int],
    unowned_items: int,
    meeting_minutes: int,
    employers_invited: int,
) -> list[Finding]:
    """A time-boxed agenda that fits the meeting and respects employers' time."""
    total = sum(item_minutes)
    findings: list[Finding] = []
    if not item_minutes:
        findings.append(
            Finding(
                code="agenda.empty",
                severity=Severity.INFO,
                reason="This meeting has no agenda yet.",
                next_step="Add time-boxed items with an owner each; make the meeting a "
                "learning experience and a decision-making session.",
                source=STEP_FOUR,
            )
        )
    if total > meeting_minutes:
        findings.append(
            Finding(
                code="agenda.longer_than_meeting",
                severity=Severity.CRITICAL,
                reason=f"The agenda takes {total} minutes but the meeting lasts {meeting_minutes}.",
                next_step="Shorten or drop items, or lengthen the meeting.",
                source=STEP_FOUR,
                evidence={"agenda_minutes": total, "meeting_minutes": meeting_minutes},
            )
        )
    longest = max(total, meeting_minutes)
    if employers_invited and longest > TWO_HOURS:
        findings.append(
            Finding(
                code="agenda.over_two_hours_with_employers",
                severity=Severity.WARNING,
                reason=f"{counted(employers_invited, 'employer')} "
                f"{agrees(employers_invited, 'is', 'are')} invited to a meeting of {longest} "
                "minutes. No one has time to waste, especially employers with competing "
                "workloads.",
                next_step="Keep it to two hours or less, focused on solutions; move detail "
                "work to a work group.",
                source=STEP_FOUR,
                evidence={"minutes": longest, "employers_invited": employers_invited},
            )
        )
    if unowned_items:
        findings.append(
            Finding(
                code="agenda.unowned_items",
                severity=Severity.INFO,
                reason=f"{counted(unowned_items, 'agenda item')} "
                f"{agrees(unowned_items, 'has', 'have')} no one leading them.",
                next_step="Name who leads each item; employer partners leading items keeps the "
                "meeting employer-led.",
                source=DIRECTION,
            )
        )
    return findings


def employer_led_findings(mix: Mix) -> list[Finding]:
    """Are employers (business leaders, with their associations) at least as many as the
    public partners? (``convenor.partners.sides``: the one employer-led rule.)"""
    who = {"attended": "attended", "accepted": "accepted"}.get(mix.basis, "are invited")
    evidence = {
        "employers": mix.employers,
        "associations": mix.associations,
        "public": mix.public,
        "other": mix.other,
        "basis": mix.basis,
    }
    if mix.total == 0:
        return [
            Finding(
                code="employer_led.nobody",
                severity=Severity.INFO,
                reason="Nobody is invited and no attendance is recorded yet.",
                next_step="Invite partners from the registry, employers first.",
                source=DIRECTION,
            )
        ]
    if mix.employers == 0:
        return [
            Finding(
                code="employer_led.no_employers",
                severity=Severity.CRITICAL,
                reason=f"No employer {who}: {mix.describe()}. Employers chart the course of "
                "a sector partnership.",
                next_step="Ask the employer champions to come, or move the meeting to when they "
                "can.",
                source=DIRECTION,
                evidence=evidence,
            )
        ]
    if not mix.employer_led:
        return [
            Finding(
                code="employer_led.outnumbered",
                severity=Severity.WARNING,
                reason=f"Employers are outnumbered by public partners: {mix.describe()} ({who}).",
                next_step="Invite more business leaders, or fewer service providers; public "
                "partners listen and help design solutions to employers' needs.",
                source=DIRECTION,
                evidence=evidence,
            )
        ]
    return [
        Finding(
            code="employer_led.ok",
            severity=Severity.OK,
            reason=f"Employer-led: {mix.describe()} ({who}).",
            next_step="Keep employers at the head of the agenda.",
            source=DIRECTION,
            evidence=evidence,
        )
    ]


def employer_trend_findings(mixes: Sequence[Mix]) -> list[Finding]:
    """The trend over held meetings, oldest first (only meetings with attendance recorded)."""
    recent = [m for m in mixes if m.total][-3:]
    findings: list[Finding] = []
    outnumbered = sum(1 for m in recent if not m.employer_led)
    if len(recent) >= 2 and outnumbered >= 2:
        findings.append(
            Finding(
                code="employer_led.trend_outnumbered",
                severity=Severity.WARNING,
                reason=f"Employers were outnumbered at {outnumbered} of the last {len(recent)} "
                "meetings.",
                next_step="Talk with the employer champions about why employers stay away: "
                "is each meeting worth their time, with a clear objective?",
                source=MOMENTUM,
            )
        )
    shares = [s for m in recent if (s := m.employer_share) is not None]
    if len(shares) == 3 and shares[0] > shares[1] > shares[2]:
        findings.append(
            Finding(
                code="employer_led.trend_falling",
                severity=Severity.WARNING,
                reason="The employers' share fell at each of the last three meetings ("
                + " → ".join(f"{s:.0%}" for s in shares)
                + "); momentum may be waning.",
                next_step="Follow up one-on-one with employers who stopped coming.",
                source=MOMENTUM,
            )
        )
    return findings


def cadence_findings(
    *,
    days_since_last: int | None,
    has_next: bool,
    held_without_objective: int,
    held_without_decisions: int,
    overdue_action_items: int,
) -> list[Finding]:
    """Is the partnership meeting regularly, with objectives and decisions?"""
    findings: list[Finding] = []
    if days_since_last is not None and not has_next:
        findings.append(
            Finding(
                code="cadence.no_next_meeting",
                severity=Severity.WARNING,
                reason=f"The last meeting was {counted(days_since_last, 'day')} ago and none is "
                "scheduled. Momentum may wane right after the first meetings.",
                next_step="Schedule the next meeting with a clear objective.",
                source=MOMENTUM,
                evidence={"days_since_last": days_since_last},
            )
        )
    elif days_since_last is not None and days_since_last > 60:
        findings.append(
            Finding(
                code="cadence.long_gap",
                severity=Severity.INFO,
                reason=f"{days_since_last} days have passed since the last meeting.",
                next_step="Meet regularly; keep partners informed between meetings.",
                source=MOMENTUM,
            )
        )
    if held_without_objective:
        findings.append(
            Finding(
                code="cadence.without_objective",
                severity=Severity.WARNING,
                reason=f"{counted(held_without_objective, 'meeting')} "
                f"{agrees(held_without_objective, 'was', 'were')} held without an objective.",
                next_step="Never meet for the sake of meeting: state what each meeting must "
                "decide or produce.",
                source=MOMENTUM,
            )
        )
    if held_without_decisions:
        findings.append(
            Finding(
                code="cadence.without_decisions",
                severity=Severity.INFO,
                reason=f"{counted(held_without_decisions, 'held meeting')} "
                f"{agrees(held_without_decisions, 'has', 'have')} no decision recorded.",
                next_step="Record what was decided, or make the next one a decision-making "
                "session.",
                source=STEP_FOUR,
            )
        )
    if overdue_action_items:
        findings.append(
            Finding(
                code="cadence.overdue_action_items",
                severity=Severity.WARNING,
                reason=f"{counted(overdue_action_items, 'action item')} "
                f"{agrees(overdue_action_items, 'is', 'are')} past their due date.",
                next_step="Ask the owners for an update before the next meeting.",
                source=MOMENTUM,
            )
        )
    return findings
