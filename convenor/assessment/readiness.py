"""Readiness: what the data says about each readiness question, and a score with reasons.

The four questions "you want to answer through the convening and partnership
development stage" and the Chapter 3 review questions (toolkit, Chapter 3:
Convening and Planning). Each question gets a computed *signal* (a Finding
whose evidence carries ``level``: met, partly or not_met) beside the staff's
own answer; the score combines both for the four questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from convenor.assessment.facts import PartnershipFacts
from convenor.lib.findings import Finding, Severity
from convenor.lib.words import counted

FOUR_QUESTIONS = "Chapter 3: Convening and Planning, the four questions"
REVIEW = "Chapter 3 Review Questions"
STEP_ONE = "Step One: Identify and Employ the Right Partnership Intermediary"
STEP_TWO = "Step Two: Identify Partners"

SCORED = ("challenge", "industry_support", "intermediary", "stakeholders")
REVIEW_QUESTIONS = (
    "review_intermediary",
    "review_employers",
    "review_buy_in",
    "review_shared_goal",
)
LEVEL_VALUE = {"met": 1.0, "partly": 0.5, "not_met": 0.0}
LEVEL_SEVERITY = {"met": Severity.OK, "partly": Severity.INFO, "not_met": Severity.WARNING}
ANSWER_VALUE = {"yes": 1.0, "partly": 0.5, "no": 0.0}
SHORT = {
    "challenge": "Clarity about the challenge",
    "industry_support": "Industry support and willingness",
    "intermediary": "A willing and knowledgeable intermediary",
    "stakeholders": "Obvious stakeholders involved",
    "review_intermediary": "The intermediary and its strengths",
    "review_employers": "Dialogue with employers",
    "review_buy_in": "Buy-in from stakeholders",
    "review_shared_goal": "A shared goal",
}
# Categories of partners besides employers whose buy-in review question 3 asks about.
BUY_IN_CATEGORIES = {
    "workforce_system": "workforce development",
    "education": "education and training",
    "labor": "labor",
    "economic_development": "economic development",
    "community": "community based organizations",
    "human_services": "human service agencies",
    "association": "industry and trade associations",
}


def _signal(
    question: str,
    level: str,
    reason: str,
    next_step: str,
    source: str,
    **ev: Any,
) -> Finding:
    return Finding(
        code=f"readiness.{question}",
        severity=LEVEL_SEVERITY[level],
        reason=reason,
        next_step=next_step,
        source=source,
        evidence={"level": level, **ev},
    )


def challenge_signal(f: PartnershipFacts) -> Finding:
    prioritised = f.prioritised
    with_ps = sum(1 for i in prioritised if i.problem_statements)
    shared = f.shared_challenges
    evidence = dict(
        issues=len(f.issues),
        prioritised=len(prioritised),
        with_problem_statement=with_ps,
        shared_challenges=len(shared),
        analyses=f.analyses,
        cited_analyses=f.cited_analyses,
    )
    data = (
        f"{counted(len(shared), 'challenge')} raised by two employers or more, "
        f"{counted(f.cited_analyses, 'saved analysis', 'saved analyses')} cited as evidence"
    )
    reason = (
        f"{counted(len(f.issues), 'issue')} recorded, {len(prioritised)} prioritised, "
        f"{with_ps} with a problem statement; {data}."
    )
    if prioritised and with_ps == len(prioritised) and f.has_data_evidence:
        return _signal(
            "challenge",
            "met",
            reason,
            "Keep the problem statements current as partners learn more.",
            FOUR_QUESTIONS,
            **evidence,
        )
    if f.issues or f.challenge_employers:
        if not f.has_data_evidence:
            step = (
                "Verify the challenge with data: cite a saved regional or occupation analysis "
                "as evidence on the issue (a challenge common across employers, verified via "
                "data analysis and information collection)."
            )
        elif not prioritised:
            step = "Have the partners prioritise the issues by importance and feasibility."
        else:
            step = (
                "Write a problem statement for each prioritised issue: the problem, the impact "
                "the partnership can have, the strategies."
            )
        return _signal("challenge", "partly", reason, step, FOUR_QUESTIONS, **evidence)
    return _signal(
        "challenge",
        "not_met",
        reason,
        "The industry has its analysis; now identify the shared challenge: record the challenges "
        "employers raise in one-on-one conversations."
        if f.analyses
        else "Start with a regional needs assessment: prioritise an industry from regional data, "
        "or record the challenges employers raise in one-on-one conversations.",
        FOUR_QUESTIONS,
        **evidence,
    )


def industry_support_signal(f: PartnershipFacts) -> Finding:
    """Employers of the target industry committed, a champion among them, and at least one
    of them met one-on-one ("the most important method"); employers of other industries
    are partners, not the industry's support."""
    committed, champions, met = f.committed_employers, f.champions, f.industry_one_on_ones
    of_industry = f.target_label
    evidence = dict(
        committed_employers=committed,
        champions=champions,
        met_one_on_one=met,
        employers_elsewhere=f.employers_elsewhere,
        employer_one_on_ones=f.employer_one_on_ones,
        employers_touched=f.employers_touched,
    )
    reason = (
        f"{counted(committed, 'employer')}{of_industry} committed or active, "
        f"{counted(champions, 'champion')}, {met} met one-on-one "
        f"({counted(f.employer_one_on_ones, 'one-on-one')} with employers, "
        f"{counted(f.employers_touched, 'employer')} heard)."
    )
    if f.employers_elsewhere:
        reason += (
            f" {counted(f.employers_elsewhere, 'employer')} of other industries (or with no "
            "industry recorded) at the table do not count."
        )
    if committed >= 3 and champions >= 1 and met >= 1:
        return _signal(
            "industry_support",
            "met",
            reason,
            "Keep the champions speaking on the partnership's behalf.",
            FOUR_QUESTIONS,
            **evidence,
        )
    if committed or champions or met or f.employer_one_on_ones:
        if not met:
            step = (
                "Talk to representatives of the target industry one-on-one: it is the most "
                "important method to engage employers, before counting on their support."
            )
        elif not champions:
            step = (
                "Find an employer champion: an employer that sees the worth and potential of the "
                "partnership and speaks on its behalf."
            )
        else:
            step = (
                "Enlist more employers: a small advisory group, heavily weighted toward employers."
            )
        return _signal("industry_support", "partly", reason, step, STEP_TWO, **evidence)
    return _signal(
        "industry_support",
        "not_met",
        reason,
        "Talk to representatives of the target industry one-on-one: it is the most important "
        "method to engage employers.",
        "Step Three: Engage and Enlist Partners and Employers",
        **evidence,
    )


CONFLICT_WORDS = {
    "conflict.single_employer": "a single employer",
    "conflict.single_training_provider": "a single training provider",
}


def conflict_blocks(f: PartnershipFacts) -> bool:
    """The convener has a critical conflict of interest: it blocks readiness."""
    return bool(f.convener and f.convener.conflict_codes)


def intermediary_signal(f: PartnershipFacts) -> Finding:
    c = f.convener
    evidence = dict(
        convener=c.name if c else "",
        candidates=f.candidates,
        candidates_scored=f.candidates_scored,
        score=c.score if c else None,
    )
    if c is None:
        if f.candidates:
            return _signal(
                "intermediary",
                "partly",
                f"No convener recorded; {counted(f.candidates, 'candidate')}, "
                f"{f.candidates_scored} scored on the rubric.",
                "Score the candidates, choose the convener and record it in the convener history.",
                STEP_ONE,
                **evidence,
            )
        return _signal(
            "intermediary",
            "not_met",
            "No intermediary candidate or convener recorded.",
            "If an intermediary has not yet been identified, it should be considered an "
            "immediate next step: list the candidates and score them.",
            STEP_ONE,
            **evidence,
        )
    if c.conflict_codes:
        what = " and ".join(CONFLICT_WORDS.get(code, code) for code in c.conflict_codes)
        blocked = _signal(
            "intermediary",
            "not_met",
            f"{c.name} convenes but is {what}: a critical conflict of interest that may "
            "directly impact the decisions of the partnership. Readiness is blocked until it "
            "is resolved.",
            "Choose a neutral convener (an employer organisation such as a chamber or trade "
            "association, a workforce board, a community college) and record the change in "
            "the convener history; intermediaries are not typically a single employer or a "
            "single training provider.",
            STEP_ONE,
            blocked=True,
            **evidence,
        )
        # Critical, not a plain "not met": no other answer lifts it (see ``score``).
        return replace(blocked, severity=Severity.CRITICAL)
    problems = []
    if c.willing is False:
        problems.append("it is recorded as not willing")
    if c.score is not None and c.score < 3:
        problems.append(f"its weighted score is {c.score:.1f} of 5")
    reason = f"{c.name} convenes" + (f" since {c.since:%Y-%m-%d}" if c.since else "")
    if problems:
        return _signal(
            "intermediary",
            "partly",
            f"{reason}, but {'; '.join(problems)}.",
            "Review the choice of convener with the partners; the initial intermediary is not "
            "necessarily the long-term one.",
            STEP_ONE,
            **evidence,
        )
    score = f" (weighted score {c.score:.1f} of 5)" if c.score is not None else ""
    return _signal(
        "intermediary",
        "met",
        f"{reason}{score}.",
        "Check the rubric again when the partnership's needs change.",
        STEP_ONE,
        **evidence,
    )


# Partner-mix findings (partners app) that bear on "obvious stakeholders involved".
STAKEHOLDER_MIX = {
    "mix.no_employers",
    "mix.categories_missing",
    "mix.advisory_not_employer_led",
    "mix.labor_absent",
}


def stakeholders_signal(f: PartnershipFacts) -> Finding:
    engaged = f.categories(engaged_only=True)
    identified = f.categories(engaged_only=False)
    others = engaged - {"employer", "workforce_system", "education"}
    evidence: dict[str, Any] = dict(
        engaged_categories=sorted(engaged), identified_categories=sorted(identified)
    )
    missing = [
        label
        for key, label in (
            ("employer", "employers"),
            ("workforce_system", "the public workforce system"),
            ("education", "educational institutions"),
        )
        if key not in engaged
    ]
    reason = (
        f"{counted(len(engaged), 'partner category', 'partner categories')} committed or active, "
        f"{len(identified)} identified."
    )
    if not missing and others:
        level, step = (
            "met",
            "Ask again who can bring knowledge of the region's available labor force.",
        )
    else:
        level = "partly" if len(identified) >= 2 else "not_met"
        step = (
            f"Enlist {', '.join(missing)}."
            if missing
            else "Add a partner beyond employers, workforce system and education: economic "
            "development, labor, human services, community- or faith-based organisations."
        )
    mix = [x for x in f.mix if x.code in STAKEHOLDER_MIX]
    evidence["mix_findings"] = [x.code for x in f.mix]
    if mix:
        reason += f" Partner mix: {mix[0].reason}"
        step = mix[0].next_step
        level = "partly" if level == "met" else level
    return _signal("stakeholders", level, reason, step, STEP_TWO, **evidence)


def review_intermediary_signal(f: PartnershipFacts) -> Finding:
    c = f.convener
    if c is None:
        return _signal(
            "review_intermediary",
            "not_met",
            "No convener recorded yet.",
            "Identify and recruit a willing, knowledgeable and capable intermediary.",
            REVIEW,
            strengths=[],
        )
    strengths = list(c.strengths)
    capable = c.staffing is None or c.staffing >= 3
    named = ", ".join(strengths) if strengths else "none scored 4 or 5"
    text = f"{c.name} convenes; strengths: {named}."
    level = "met" if strengths and capable and c.willing is not False else "partly"
    return _signal(
        "review_intermediary",
        level,
        text,
        "Score the convener's staffing mix and skills and name its strengths on the rubric."
        if level == "partly"
        else "Share the convener's strengths with the partners.",
        REVIEW,
        strengths=strengths,
    )


def review_employers_signal(f: PartnershipFacts) -> Finding:
    heard = len(f.challenge_employers)
    text = (
        f"{counted(f.employer_touches, 'touch', 'touches')} with "
        f"{counted(f.employers_touched, 'employer')} "
        f"({counted(f.employer_one_on_ones, 'one-on-one')}); {counted(heard, 'challenge')} heard, "
        f"{len(f.shared_challenges)} shared by two employers or more."
    )
    ev = dict(
        employer_touches=f.employer_touches,
        employers=f.employers_touched,
        challenges_heard=heard,
        shared=len(f.shared_challenges),
    )
    if f.employers_touched >= 3 and f.shared_challenges:
        return _signal(
            "review_employers", "met", text, "Share what was heard with the partners.", REVIEW, **ev
        )
    if f.employer_touches:
        return _signal(
            "review_employers",
            "partly",
            text,
            "Hold more one-on-ones and code the challenges you hear, to reveal what problems are "
            "common across an industry (as opposed to within a single firm).",
            REVIEW,
            **ev,
        )
    return _signal(
        "review_employers",
        "not_met",
        text,
        "Engage employers early: talk to representatives of the target industry one-on-one.",
        REVIEW,
        **ev,
    )


def review_buy_in_signal(f: PartnershipFacts) -> Finding:
    engaged = f.categories(engaged_only=True)
    got = [label for key, label in BUY_IN_CATEGORIES.items() if key in engaged]
    lacking = [label for key, label in BUY_IN_CATEGORIES.items() if key not in engaged]
    text = "Committed or active: " + (", ".join(got) if got else "none beyond employers") + "."
    level = "met" if len(got) >= 3 else ("partly" if got else "not_met")
    return _signal(
        "review_buy_in",
        level,
        text,
        f"Secure buy-in from {', '.join(lacking[:3])}."
        if lacking
        else "Keep them informed and at the table.",
        REVIEW,
        secured=got,
        lacking=lacking,
    )


def review_shared_goal_signal(f: PartnershipFacts) -> Finding:
    with_ps = sum(1 for i in f.prioritised if i.problem_statements)
    text = (
        f"Mission or vision {'written' if f.has_mission else 'not written'}; "
        f"{counted(f.goals, 'goal')}; "
        f"{counted(with_ps, 'prioritised issue')} with a problem statement."
    )
    ev = dict(mission=f.has_mission, goals=f.goals, problem_statements=with_ps)
    if f.has_mission and f.goals:
        return _signal(
            "review_shared_goal",
            "met",
            text,
            "Revisit the goals as the plan evolves.",
            REVIEW,
            **ev,
        )
    if f.has_mission or f.goals or with_ps:
        return _signal(
            "review_shared_goal",
            "partly",
            text,
            "Agree on goals toward the vision, with benchmarks that show their completion."
            if f.has_mission
            else "Develop a mission statement or vision for change jointly, in the first meetings.",
            REVIEW,
            **ev,
        )
    return _signal(
        "review_shared_goal",
        "not_met",
        text,
        "Joint articulation of a desired change: start with the problem statements, then a "
        "mission or vision developed with the partners.",
        REVIEW,
        **ev,
    )


SIGNALS = {
    "challenge": challenge_signal,
    "industry_support": industry_support_signal,
    "intermediary": intermediary_signal,
    "stakeholders": stakeholders_signal,
    "review_intermediary": review_intermediary_signal,
    "review_employers": review_employers_signal,
    "review_buy_in": review_buy_in_signal,
    "review_shared_goal": review_shared_goal_signal,
}


def signals(f: PartnershipFacts) -> dict[str, Finding]:
    """What the data says about each of the eight questions."""
    return {q: fn(f) for q, fn in SIGNALS.items()}


@dataclass(frozen=True)
class ReadinessScore:
    value: int  # 0-100
    reasons: list[str] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)  # question -> points of 25
    # Why the partnership is not ready whatever the score (a critical conflict of interest).
    blocked: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "reasons": self.reasons,
            "parts": self.parts,
            "blocked": self.blocked,
        }


def score(f: PartnershipFacts, computed: dict[str, Finding] | None = None) -> ReadinessScore:
    """0-100: 25 points per convening question, the data's level averaged with the staff's
    answer when there is one."""
    computed = computed or signals(f)
    total = 0.0
    reasons, parts, blocked = [], {}, []
    for q in SCORED:
        level = computed[q].evidence["level"]
        data_value = LEVEL_VALUE[level]
        answer = f.answers.get(q)
        staff = ANSWER_VALUE.get(answer.status) if answer else None
        value = data_value if staff is None else (data_value + staff) / 2
        if computed[q].evidence.get("blocked"):
            value = 0.0  # no staff answer lifts a critical conflict of interest
            blocked.append(computed[q].reason)
        points = round(25 * value, 1)
        parts[q] = points
        total += points
        said = (
            f"staff answered '{answer.status}'"
            if answer is not None and staff is not None
            else "no staff answer yet"
        )
        reasons.append(f"{SHORT[q]}: {points:g} of 25. The data: {computed[q].reason} ({said})")
    return ReadinessScore(round(total), reasons, parts, blocked)


def readiness_findings(f: PartnershipFacts) -> list[Finding]:
    """The signals that are not met, plus disagreements between staff answers and data."""
    computed = signals(f)
    out = [s for s in computed.values() if s.evidence["level"] != "met"]
    for q, s in computed.items():
        answer = f.answers.get(q)
        if answer is None:
            continue
        level = s.evidence["level"]
        if answer.status == "yes" and level == "not_met":
            out.append(
                Finding(
                    code="readiness.answer_unsupported",
                    severity=Severity.INFO,
                    reason=f"{SHORT[q]}: staff answered yes, but the data does not show it yet "
                    f"({s.reason})",
                    next_step="Record the evidence in Convenor (partners, touches, issues) or "
                    "revisit the answer.",
                    source=s.source,
                    evidence={"question": q},
                )
            )
        elif answer.status == "no" and level == "met":
            out.append(
                Finding(
                    code="readiness.answer_doubtful",
                    severity=Severity.INFO,
                    reason=f"{SHORT[q]}: staff answered no, while the data looks ready "
                    f"({s.reason})",
                    next_step="Write down what the data misses in the answer, so partners see why.",
                    source=s.source,
                    evidence={"question": q},
                )
            )
    out += outdated_answers(f, computed)
    return out


def _words(key: str) -> str:
    return key.replace("_", " ")


def _changes(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """What changed between two signals' evidence, in words: "level: partly → met",
    "engaged categories: + labor"."""
    out = []
    for key in now:
        if key not in before or before[key] == now[key]:
            continue
        old, new = before[key], now[key]
        if key != "level" and not isinstance(new, list):
            # A count that moves (touches, employers heard) is the data going on; the
            # answer is outdated when the level or who is at the table changes.
            continue
        if isinstance(old, list) and isinstance(new, list):
            added = [str(x) for x in new if x not in old]
            removed = [str(x) for x in old if x not in new]
            parts = [f"+ {', '.join(added)}"] if added else []
            parts += [f"- {', '.join(removed)}"] if removed else []
            out.append(f"{_words(key)}: {'; '.join(parts)}")
        else:
            out.append(f"{_words(key)}: {old} \u2192 {new}")
    return out


def outdated_answers(f: PartnershipFacts, computed: dict[str, Finding]) -> list[Finding]:
    """Staff answers older than a change in their evidence: what the data said beside the
    question when the answer was saved differs from what it says now."""
    out = []
    for q, s in computed.items():
        answer = f.answers.get(q)
        if answer is None or not answer.data_seen or answer.status == "unknown":
            continue
        now = {k: v for k, v in s.evidence.items() if k != "blocked"}
        changed = _changes(answer.data_seen, now)
        if not changed:
            continue
        when = f" of {answer.answered_on:%Y-%m-%d}" if answer.answered_on else ""
        out.append(
            Finding(
                code="readiness.answer_outdated",
                severity=Severity.WARNING,
                reason=f"{SHORT[q]}: the staff's answer{when} ('{answer.status}') is older than "
                f"a change in its evidence ({'; '.join(changed)}).",
                next_step="Review the answer against what the data says now, and save it again.",
                source=s.source,
                evidence={"question": q, "changed": changed},
            )
        )
    return out


def data_seen(signal: Finding) -> dict[str, Any]:
    """What an answer keeps of the signal beside it: its level and evidence."""
    return {k: v for k, v in signal.evidence.items() if k != "blocked"}
