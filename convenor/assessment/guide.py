"""The guide: the toolkit's steps, each with its status from the data and one next action.

A new convener who follows only this guide walks the partnership from nothing
to an action plan: regional needs assessment, intermediary, partners, engage
and enlist, meet and learn, direction and momentum (SPEC, "The life cycle it
follows"; toolkit Chapter 3 and "Direction, Connection, Momentum and Energy").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from convenor.assessment.facts import PartnershipFacts
from convenor.assessment.health import health_findings, status
from convenor.assessment.lifecycle import gate, next_stage, unmet
from convenor.assessment.links import link
from convenor.assessment.readiness import score, signals
from convenor.lib.findings import Finding, Severity
from convenor.lib.words import counted
from convenor.partnerships.models import Partnership, Stage

DONE, DOING, TODO = "done", "in_progress", "to_do"
STATUS_LABEL = {DONE: "Done", DOING: "In progress", TODO: "To do"}


@dataclass
class Step:
    key: str
    number: int
    title: str
    summary: str
    status: str
    evidence: list[str]
    next_action: str
    target: str  # a key of links.TARGETS
    source: str
    url: str = ""
    current: bool = False
    extra: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[self.status]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status_label"] = self.status_label
        return data


def _status(done: bool, started: bool) -> str:
    return DONE if done else (DOING if started else TODO)


def _needs_assessment(f: PartnershipFacts) -> Step:
    industry = f.industry_title or f.industry_naics
    heard = len(f.challenge_employers)
    shared = len(f.shared_challenges)
    evidence = [
        f"Target industry: {industry}" if industry else "No target industry yet.",
        f"Region: {f.region}" if f.region else "No region yet.",
        f"{counted(heard, 'challenge')} heard from employers, {shared} shared by two or more; "
        f"{counted(len(f.issues), 'issue')} recorded.",
        f"{counted(f.analyses, 'saved regional analysis', 'saved regional analyses')}, "
        f"{counted(f.cited_analyses, 'saved analysis', 'saved analyses')} "
        "cited as evidence for a challenge.",
    ]
    if not industry or not f.region:
        action, target = (
            "Choose the target industry (from a regional industry analysis) and the region, "
            "and set them on the partnership.",
            "analysis",
        )
    elif not (f.issues or heard):
        action, target = (
            "Talk to employers of the industry one-on-one and record the challenges they raise.",
            "touch-new",
        )
    elif not f.has_data_evidence:
        action, target = (
            "Verify the challenge with data: cite a saved regional or occupation analysis as "
            "evidence on the issue, so it rests on the region's figures and not one firm's word.",
            "analysis",
        )
    else:
        action, target = "Done: the industry is chosen and its challenge verified.", "issues"
    done = bool(industry and f.region and (f.issues or heard) and f.has_data_evidence)
    return Step(
        "needs_assessment",
        1,
        "Regional needs assessment",
        "Prioritise an industry from regional data, or verify with data a challenge employers "
        "raised.",
        _status(done, bool(industry or f.issues or heard)),
        evidence,
        action,
        target,
        "Chapter 3: Convening and Planning",
    )


def _intermediary(f: PartnershipFacts, computed: dict[str, Finding]) -> Step:
    s = computed["intermediary"]
    evidence = [s.reason]
    if f.convener is None and not f.candidates:
        action, target = (
            "List the candidate intermediaries (the workforce board itself, a college, a trade "
            "association ...) and score them on the rubric.",
            "candidate-new",
        )
    elif f.convener is None and f.candidates_scored < f.candidates:
        action, target = "Score every candidate on the rubric, with evidence.", "intermediary"
    elif f.convener is None:
        action, target = (
            "Choose the convener and record it (and the fiscal agent) in the convener history.",
            "convener-change",
        )
    elif s.evidence["level"] != "met":
        action, target = s.next_step, "intermediary"
    else:
        action, target = "Done: " + s.reason, "intermediary"
    return Step(
        "intermediary",
        2,
        "Intermediary",
        "Choose a willing, knowledgeable, neutral convener.",
        _status(s.evidence["level"] == "met", bool(f.candidates or f.convener)),
        evidence,
        action,
        target,
        "Step One: Identify and Employ the Right Partnership Intermediary",
    )


def _partners(f: PartnershipFacts, computed: dict[str, Finding]) -> Step:
    s = computed["stakeholders"]
    mix = f.engaged_mix  # the employer-led rule: partners.sides.Mix, as the gate reads it
    evidence = [
        s.reason,
        f"{counted(len(f.members), 'partner')} identified, "
        f"{len(f.engaged_members)} committed or active"
        + (f": {mix.describe()}." if mix.total else "."),
    ]
    done = s.evidence["level"] == "met" and mix.employer_led
    if not f.members:
        action = (
            "Identify the partners: employers first, then the public workforce system, "
            "education, economic development, labor, human services, community organisations."
        )
    elif mix.total and not mix.employer_led:
        action = (
            f"Weight the group toward employers{f.target_label}: at least as many employers "
            "and their associations as public partners at the table."
        )
    else:
        action = s.next_step if not done else "Done: the right mix is at the table."
    return Step(
        "partners",
        3,
        "Partners",
        "Identify the right mix, weighted toward employers.",
        _status(done, bool(f.members)),
        evidence,
        action,
        "mix" if f.members else "members",
        "Step Two: Identify Partners",
    )


def _engage(f: PartnershipFacts, computed: dict[str, Finding]) -> Step:
    s = computed["industry_support"]
    evidence = [s.reason]
    done = s.evidence["level"] == "met" and f.industry_one_on_ones > 0
    if f.industry_one_on_ones == 0:
        action, target = (
            "Talk to representatives of the target industry one-on-one: share the purpose, the "
            "life cycle, what the partnership can do for them, and their role.",
            "touch-new",
        )
    elif not done:
        action, target = s.next_step, "members"
    else:
        action, target = (
            "Done: employers are committed and a champion speaks for the effort.",
            ("members"),
        )
    return Step(
        "engage",
        4,
        "Engage and enlist",
        "One-on-one outreach first; explain purpose, life cycle, benefits and roles.",
        _status(done, bool(f.touches or f.engaged_members)),
        evidence,
        action,
        target,
        "Step Three: Engage and Enlist Partners and Employers",
    )


def _meet(f: PartnershipFacts) -> Step:
    held = len(f.past_meetings)
    prioritised = f.prioritised
    with_ps = sum(1 for i in prioritised if i.problem_statements)
    owned = sum(1 for a in f.actions if a.has_owner and a.due_on)
    evidence = [
        f"{counted(held, 'meeting')} held, {len(f.meetings) - held} scheduled.",
        f"{counted(len(prioritised), 'issue')} prioritised, {with_ps} with a problem statement.",
        f"Mission or vision {'written' if f.has_mission else 'not written yet'}.",
        f"{counted(f.goals, 'goal')}, {f.goals_with_benchmarks} with a benchmark; "
        f"{counted(owned, 'action step')} "
        "with owner and due date.",
    ]
    if not f.meetings:
        action, target = (
            "Schedule the first partnership meeting with a clear objective: energize the partners "
            "around the issues and prioritise them (use the first-meeting agenda).",
            "meeting-new",
        )
    elif not prioritised:
        action, target = (
            "Prioritise the issues with the partners (importance and feasibility).",
            ("prioritise"),
        )
    elif with_ps < len(prioritised):
        action, target = (
            "Write a problem statement for each prioritised issue: the problem, the impact the "
            "partnership can have, strategy categories.",
            "problem-statements",
        )
    elif not f.has_mission:
        action, target = (
            "Develop the mission statement or vision for change with the partners.",
            ("direction"),
        )
    elif not (f.goals_with_benchmarks and owned):
        action, target = (
            "Build the action plan: goals, benchmarks that show their completion, action steps "
            "with owners and due dates.",
            "plan",
        )
    else:
        action, target = "Done: the partnership has an action plan.", "plan"
    done = bool(
        held >= 1
        and prioritised
        and with_ps == len(prioritised)
        and f.has_mission
        and f.goals_with_benchmarks
        and owned
    )
    return Step(
        "meet",
        5,
        "Meet and learn",
        "First meetings prioritise issues, write problem statements, a mission, and start a "
        "logic model and action plan.",
        _status(done, bool(f.meetings or f.issues)),
        evidence,
        action,
        target,
        "Step Four: Begin Meeting as Partners and Learn More",
    )


def _momentum(f: PartnershipFacts) -> Step:
    warnings = [
        x for x in health_findings(f) if x.severity in (Severity.WARNING, Severity.CRITICAL)
    ]
    infos = [x for x in health_findings(f) if x.severity == Severity.INFO]
    implementing = f.stage in ("implementation", "sustaining")
    evidence = [x.reason for x in (warnings + infos)[:3]] or ["No health warning."]
    if warnings:
        action = warnings[0].next_step
    elif infos:
        action = infos[0].next_step
    elif not implementing:
        action = (
            "Begin to implement the steps in the plan, and make it clear to partners that this is "
            "the transition from the planning phase into the implementation phase."
        )
    else:
        action = "Keep meeting regularly with a clear objective and keep the resource map current."
    return Step(
        "momentum",
        6,
        "Direction and momentum",
        "Regular meetings with clear objectives, a name for the effort, implementation, a "
        "living resource map.",
        _status(implementing and not warnings, bool(f.past_meetings)),
        evidence,
        action,
        "health",
        "Every Initiative Needs a Way to Maintain Momentum and Energy",
    )


def guide_steps(f: PartnershipFacts) -> list[Step]:
    computed = signals(f)
    steps = [
        _needs_assessment(f),
        _intermediary(f, computed),
        _partners(f, computed),
        _engage(f, computed),
        _meet(f),
        _momentum(f),
    ]
    for step in steps:
        if step.status != DONE:
            step.current = True
            break
    return steps


def linked_steps(f: PartnershipFacts, partnership: Partnership) -> list[Step]:
    """The steps, each with the URL of the page where its next action is done."""
    steps = guide_steps(f)
    for step in steps:
        step.url = link(step.target, partnership)
    return steps


def guide_context(partnership: Partnership, f: PartnershipFacts) -> dict[str, Any]:
    """What the guide page and the partnership page's guide panel show."""
    steps = linked_steps(f, partnership)
    return {
        "steps": steps,
        "current": next((s for s in steps if s.current), None),
        "suggestion": stage_suggestion(f),
        "score": score(f),
        "health_level": status(f, health_findings(f)),
        "stage_label": Stage(partnership.stage).label,
    }


def stage_suggestion(f: PartnershipFacts) -> dict[str, Any] | None:
    """When every criterion of the next stage is met, suggest moving there."""
    target = next_stage(f.stage)
    if target is None:
        return None
    criteria = gate(f, target)
    missing = unmet(criteria)
    return {
        "to_stage": target.value,
        "label": target.label,
        "ready": not missing,
        "unmet": len(missing),
        "criteria": len(criteria),
    }
