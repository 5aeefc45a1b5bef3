"""Life-cycle gates: what the data must show before a partnership enters the next stage.

Each criterion is a Finding: severity OK when met, WARNING when not. The
criteria follow the toolkit's Chapter 3 (the four steps, Step Four's first
meetings) and "Every Initiative Needs a Way to Maintain Momentum and Energy".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from convenor.assessment.facts import PartnershipFacts
from convenor.assessment.readiness import conflict_blocks
from convenor.lib.findings import Finding, Severity
from convenor.lib.words import counted
from convenor.partnerships.models import STAGE_HELP, Stage

CH3 = "Chapter 3: Convening and Planning"
STEP_ONE = "Step One: Identify and Employ the Right Partnership Intermediary"
STEP_TWO = "Step Two: Identify Partners"
STEP_THREE = "Step Three: Engage and Enlist Partners and Employers"
STEP_FOUR = "Step Four: Begin Meeting as Partners and Learn More"
MOMENTUM = "Every Initiative Needs a Way to Maintain Momentum and Energy"
ORDER = list(Stage)
REGULAR_MEETING_DAYS = 90


def next_stage(stage: str) -> Stage | None:
    i = ORDER.index(Stage(stage))
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def previous_stage(stage: str) -> Stage | None:
    i = ORDER.index(Stage(stage))
    return ORDER[i - 1] if i > 0 else None


def _criterion(code: str, met: bool, label: str, shows: str, todo: str, source: str) -> Finding:
    """``label`` names the criterion, ``shows`` what the data shows, ``todo`` the fix."""
    return Finding(
        code=f"gate.{code}",
        severity=Severity.OK if met else Severity.WARNING,
        reason=f"{label}: {shows}",
        next_step="Met." if met else todo,
        source=source,
        evidence={"met": met, "criterion": label},
    )


def _to_convening(f: PartnershipFacts) -> list[Finding]:
    challenges = len(f.issues) + len(f.challenge_employers)
    evidence = []
    if f.cited_analyses:
        evidence.append(
            f"{counted(f.cited_analyses, 'saved analysis', 'saved analyses')} cited as evidence"
        )
    elif f.analyses:
        evidence.append(
            f"{counted(f.analyses, 'saved regional analysis', 'saved regional analyses')}, "
            "none cited for a challenge"
        )
    if f.shared_challenges:
        evidence.append(
            f"{counted(len(f.shared_challenges), 'challenge')} raised by two employers or more"
        )
    return [
        _criterion(
            "industry_chosen",
            bool(f.industry_naics or f.industry_title),
            "A target industry",
            f.industry_title or f.industry_naics or "not chosen",
            "Prioritise an industry from a regional industry analysis and set it on the "
            "partnership.",
            CH3,
        ),
        _criterion(
            "region_set",
            bool(f.region.strip()),
            "The region",
            f.region or "not set",
            "Define the geographic region the partnership serves.",
            CH3,
        ),
        _criterion(
            "challenge_identified",
            challenges > 0,
            "A challenge identified",
            f"{counted(len(f.issues), 'issue')}, "
            f"{counted(len(f.challenge_employers), 'challenge')} heard from employers",
            "Record the challenges employers raise, coded by the typology, or the issues the "
            "analysis shows.",
            CH3,
        ),
        _criterion(
            "data_evidence",
            f.has_data_evidence,
            "The challenge verified",
            "; ".join(evidence) or "no saved analysis cited for a challenge",
            "Verify the challenge via data analysis and information collection: cite a saved "
            "regional or occupation analysis as evidence on the issue or challenge.",
            CH3,
        ),
    ]


def _to_planning(f: PartnershipFacts) -> list[Finding]:
    mix = f.engaged_mix
    of_industry = f.target_label
    elsewhere = (
        f"; {f.employers_elsewhere} of other industries not counted"
        if f.employers_elsewhere
        else ""
    )
    convener = f.convener.name if f.convener else "no convener recorded"
    if conflict_blocks(f):
        convener += ", with a critical conflict of interest (see Readiness)"
    return [
        _criterion(
            "intermediary",
            f.convener is not None and not conflict_blocks(f),
            "An intermediary",
            convener,
            "Identify and employ the right partnership intermediary, neutral (not a single "
            "employer or a single training provider); record it in the convener history.",
            STEP_ONE,
        ),
        _criterion(
            "committed_employers",
            f.committed_employers >= 3,
            f"Employers{of_industry} at the table",
            f"{f.committed_employers} committed or active (at least 3 expected){elsewhere}",
            "Recruit a small group of stakeholders, heavily weighted toward employers, as an "
            "advisory group.",
            STEP_TWO,
        ),
        _criterion(
            "employer_weight",
            mix.employer_led,
            "Employer-led",
            f"committed: {mix.describe()}" if mix.total else "no committed partner",
            "Employers are the most important partners: at least as many employers (with their "
            "associations) as public partners at the table.",
            STEP_TWO,
        ),
        _criterion(
            "champion",
            f.champions >= 1,
            f"An employer champion{of_industry}",
            f"{counted(f.champions, 'champion')}",
            "Find an employer that sees the worth of the partnership and speaks on its behalf.",
            STEP_TWO,
        ),
        _criterion(
            "one_on_ones",
            f.industry_one_on_ones >= 1,
            f"One-on-one conversations with employers{of_industry}",
            f"{counted(f.industry_one_on_ones, 'employer')}{of_industry} at the table met "
            "one-on-one "
            f"({counted(f.employer_one_on_ones, 'one-on-one')} with any employer)",
            "The most important method will be talking to representatives of the target "
            "industry one-on-one.",
            STEP_THREE,
        ),
        _criterion(
            "potential_issues",
            bool(f.issues),
            "A set of potential issues",
            f"{counted(len(f.issues), 'issue')} recorded",
            "By the time the first meeting is scheduled, a set of potential issues should have "
            "been identified: record them.",
            STEP_FOUR,
        ),
    ]


def _to_implementation(f: PartnershipFacts) -> list[Finding]:
    held = len(f.past_meetings)
    prioritised = f.prioritised
    without_ps = [i.title for i in prioritised if not i.problem_statements]
    owned = sum(1 for a in f.actions if a.has_owner and a.due_on)
    return [
        _criterion(
            "meetings_held",
            held >= 2,
            "First and second meetings held",
            f"{counted(held, 'meeting')} held",
            "Hold the first and second partnership meetings with a clear objective each.",
            STEP_FOUR,
        ),
        _criterion(
            "prioritised",
            bool(prioritised),
            "Issues prioritised",
            f"{len(prioritised)} prioritised",
            "Guide the partners through prioritising the issues.",
            STEP_FOUR,
        ),
        _criterion(
            "problem_statements",
            bool(prioritised) and not without_ps,
            "A problem statement per prioritised issue",
            "missing for " + ", ".join(without_ps)
            if without_ps
            else ("all written" if prioritised else "no prioritised issue"),
            "For each issue, the partners articulate a problem statement, the impact the "
            "partnership can have, and strategy categories.",
            STEP_FOUR,
        ),
        _criterion(
            "mission",
            f.has_mission,
            "A mission or vision",
            "written" if f.has_mission else "not written",
            "Develop a mission statement or vision for change jointly in the first meetings.",
            STEP_FOUR,
        ),
        _criterion(
            "action_plan",
            f.goals_with_benchmarks >= 1 and owned >= 1,
            "An action plan",
            f"{counted(f.goals, 'goal')}, {f.goals_with_benchmarks} with a benchmark; "
            f"{counted(owned, 'action step')} with owner and due date",
            "Set goals, benchmarks that show their completion, and action steps with owners "
            "and due dates.",
            STEP_FOUR,
        ),
    ]


def _to_sustaining(f: PartnershipFacts) -> list[Finding]:
    done = sum(1 for a in f.actions if a.status == "done")
    results = sum(len(b.results) for b in f.benchmarks)
    recent = [
        m
        for m in f.past_meetings
        if (f.now - m.starts_at) <= dt.timedelta(days=REGULAR_MEETING_DAYS)
    ]
    return [
        _criterion(
            "implementing",
            done >= 1,
            "Steps of the plan implemented",
            f"{counted(done, 'action step')} done",
            "Begin to implement the steps in the plan immediately.",
            MOMENTUM,
        ),
        _criterion(
            "benchmark_results",
            results >= 1,
            "Progress measured",
            f"{counted(results, 'benchmark result')} recorded",
            "Record results of the benchmarks so progress is a chart, not a feeling.",
            STEP_FOUR,
        ),
        _criterion(
            "meeting_regularly",
            bool(recent),
            "Meeting regularly",
            f"{counted(len(recent), 'meeting')} in the last {REGULAR_MEETING_DAYS} days",
            "Begin meeting regularly, but always have a clear objective for each meeting.",
            MOMENTUM,
        ),
        _criterion(
            "resource_map",
            f.resource_map_entries > 0,
            "A resource map",
            f"{counted(f.resource_map_entries, 'entry', 'entries')} (programs, resources or "
            "policies)",
            "Identify programs, resources, and policies that affect the industry's "
            "workforce challenges (a resource map or program scan).",
            MOMENTUM,
        ),
    ]


GATES: dict[Stage, Callable[[PartnershipFacts], list[Finding]]] = {
    Stage.CONVENING: _to_convening,
    Stage.PLANNING: _to_planning,
    Stage.IMPLEMENTATION: _to_implementation,
    Stage.SUSTAINING: _to_sustaining,
}


def gate(f: PartnershipFacts, to_stage: str | None = None) -> list[Finding]:
    """The criteria for entering ``to_stage`` (default: the next stage)."""
    target = Stage(to_stage) if to_stage else next_stage(f.stage)
    if target is None or target not in GATES:
        return []
    return GATES[target](f)


def unmet(criteria: list[Finding]) -> list[Finding]:
    return [c for c in criteria if not c.evidence.get("met")]


def stage_overview(f: PartnershipFacts) -> list[dict[str, object]]:
    """Every stage with its help text, whether it is current or past, and its gate."""
    current = ORDER.index(Stage(f.stage))
    rows = []
    for i, stage in enumerate(ORDER):
        criteria = GATES[stage](f) if stage in GATES else []
        rows.append(
            {
                "value": stage.value,
                "label": stage.label,
                "help": STAGE_HELP[stage],
                "current": i == current,
                "past": i < current,
                "criteria": criteria,
                "met": sum(1 for c in criteria if c.evidence.get("met")),
            }
        )
    return rows
