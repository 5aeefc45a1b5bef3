"""Health and momentum of a partnership: figures, warnings with what to do, charts.

"Every initiative faces the challenge of maintaining the energy that may have
jumpstarted the effort ... momentum may even wane immediately following the
first meeting." Each warning's next step comes from the steps the toolkit
lists right after: meet regularly with a clear objective, name the effort,
begin to implement, keep the resource map current; and from Step Four's
pitfalls ("Planning takes time", "No one has time to waste").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from convenor.assessment.facts import BenchmarkFact, PartnershipFacts
from convenor.lib.charts import SCHEMA, styled
from convenor.lib.findings import Finding, Severity, by_severity
from convenor.lib.palette import ACCENT, EMPLOYER, MUTED, RULE, WARN, side_scale
from convenor.lib.words import counted
from convenor.partners.sides import Mix

MOMENTUM = "Every Initiative Needs a Way to Maintain Momentum and Energy"
PLANNING_TAKES_TIME = "Step Four pitfalls: Planning takes time"
NO_TIME_TO_WASTE = "Step Four pitfalls: No one has time to waste"
STEP_TWO = "Step Two: Identify Partners"
STEP_THREE = "Step Three: Engage and Enlist Partners and Employers"
STEP_FOUR = "Step Four: Begin Meeting as Partners and Learn More"
TENSIONS = "Step Four pitfalls: Recognize and reconcile common sources of tension"
RECONCILE_TENSIONS = (
    "Recognize and reconcile as much as possible common sources of tension \u2013 i.e. money, "
    "unclear roles and responsibilities, and divergent missions across individual partners."
)

MEET_REGULARLY = (
    "Begin meeting regularly, but always have a clear objective for each meeting (never meet "
    "for the sake of meeting)."
)
MEETING_GAP_WARN = 60  # days without a meeting before a warning
MEETING_GAP_CRITICAL = 120
TOUCH_GAP_WARN = 60
KICKOFF_DROP = 0.3  # a drop of 30% of attendance after the kick-off
LONG_MEETING_HOURS = 2.0
TENSION_AGE_WARN = 60  # days an open tension may stay open before a warning
TENSIONS_OPEN_WARN = 3  # more open tensions than this at once warns
OFF_TRACK_TOLERANCE = 0.15  # share of the way to the target
ACTIVE_STAGES = ("convening", "planning", "implementation", "sustaining")
MEETING_STAGES = ("planning", "implementation", "sustaining")


@dataclass(frozen=True)
class BenchmarkStatus:
    indicator: str
    expected_share: float  # share of the way from baseline to target expected by now
    actual_share: float | None  # share achieved at the latest result
    latest_on: dt.date | None
    off_track: bool


@dataclass
class HealthMetrics:
    days_since_last_meeting: int | None = None
    next_meeting_on: dt.date | None = None
    meetings_held: int = 0
    meetings_without_objective: int = 0
    long_meetings: int = 0
    attendance: list[dict[str, Any]] = field(default_factory=list)
    employer_share_recent: float | None = None
    # The last three meetings' attendance by side of the table (the employer-led rule).
    recent_mix: Mix | None = None
    active_champions: int = 0
    open_actions: int = 0
    overdue_actions: int = 0
    touches_by_month: list[dict[str, Any]] = field(default_factory=list)
    days_since_last_touch: int | None = None
    kickoff_attended: int | None = None
    after_kickoff_average: float | None = None
    # Share of the kick-off's attendance lost since (0.5: half); negative when it rose.
    kickoff_drop: float | None = None
    benchmarks: list[BenchmarkStatus] = field(default_factory=list)
    days_in_stage: int | None = None
    open_tensions: int = 0
    oldest_open_tension_days: int | None = None

    @property
    def benchmarks_off_track(self) -> int:
        return sum(1 for b in self.benchmarks if b.off_track)

    @property
    def kickoff_change(self) -> str:
        """Attendance since the kick-off in words: "fell 50%", "rose 50%", "unchanged"."""
        if self.kickoff_drop is None:
            return ""
        if self.kickoff_drop > 0:
            return f"fell {self.kickoff_drop:.0%}"
        if self.kickoff_drop < 0:
            return f"rose {-self.kickoff_drop:.0%}"
        return "unchanged"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["benchmarks_off_track"] = self.benchmarks_off_track
        data["kickoff_change"] = self.kickoff_change
        return data


def benchmark_status(b: BenchmarkFact, today: dt.date) -> BenchmarkStatus | None:
    """Where a benchmark stands against a straight line from its baseline to its target."""
    span = (b.target_on - b.baseline_on).days
    distance = b.target_value - b.baseline_value
    if span <= 0 or distance == 0:
        return None
    latest = b.results[-1] if b.results else None
    at = latest[0] if latest else today
    expected = min(max((at - b.baseline_on).days / span, 0.0), 1.0)
    if latest is None:
        elapsed = min(max((today - b.baseline_on).days / span, 0.0), 1.0)
        return BenchmarkStatus(b.indicator, round(elapsed, 2), None, None, elapsed > 0.5)
    actual = (latest[1] - b.baseline_value) / distance
    return BenchmarkStatus(
        b.indicator,
        round(expected, 2),
        round(actual, 2),
        latest[0],
        actual < expected - OFF_TRACK_TOLERANCE,
    )


def metrics(f: PartnershipFacts) -> HealthMetrics:
    m = HealthMetrics()
    past = f.past_meetings
    upcoming = sorted((x for x in f.meetings if x.starts_at > f.now), key=lambda x: x.starts_at)
    m.meetings_held = len(past)
    if past:
        m.days_since_last_meeting = (f.today - past[-1].starts_at.date()).days
    if upcoming:
        m.next_meeting_on = upcoming[0].starts_at.date()
    m.meetings_without_objective = sum(1 for x in f.meetings if not x.has_objective)
    m.long_meetings = sum(1 for x in past if x.hours > LONG_MEETING_HOURS)
    recorded = [x for x in past if x.attended]
    m.attendance = [
        {
            "date": x.starts_at.date().isoformat(),
            "title": x.title,
            "attended": x.attended,
            "employers": x.employers_attended,
            "others": x.attended - x.employers_attended,
            "employer_share": round(x.employers_attended / x.attended, 2),
            "kickoff": x.is_kickoff,
        }
        for x in recorded
    ]
    last3 = recorded[-3:]
    if last3:
        total = sum(x.attended for x in last3)
        m.employer_share_recent = round(sum(x.employers_attended for x in last3) / total, 2)
        mixes = [x.mix for x in last3]
        m.recent_mix = Mix(
            employers=sum(x.employers for x in mixes),
            associations=sum(x.associations for x in mixes),
            public=sum(x.public for x in mixes),
            other=sum(x.other for x in mixes),
            outside=sum(x.outside for x in mixes),
        )
    m.active_champions = f.active_champions
    open_actions = [a for a in f.actions if a.status in ("open", "in_progress")]
    m.open_actions = len(open_actions)
    m.overdue_actions = sum(1 for a in open_actions if a.due_on and a.due_on < f.today)
    months = _last_months(f.today, 12)
    m.touches_by_month = [
        {"month": month.isoformat(), "touches": f.touches_by_month.get(month, 0)}
        for month in months
    ]
    if f.last_touch_on:
        m.days_since_last_touch = (f.today - f.last_touch_on).days
    kickoffs = [x for x in recorded if x.is_kickoff]
    if kickoffs:
        kick = kickoffs[0]
        after = [x for x in recorded if x.starts_at > kick.starts_at]
        m.kickoff_attended = kick.attended
        if after:
            m.after_kickoff_average = round(sum(x.attended for x in after) / len(after), 1)
            m.kickoff_drop = round(1 - m.after_kickoff_average / kick.attended, 2)
    m.benchmarks = [s for b in f.benchmarks if (s := benchmark_status(b, f.today))]
    if f.stage_since:
        m.days_in_stage = (f.today - f.stage_since).days
    m.open_tensions = len(f.open_tensions)
    if f.open_tensions:
        m.oldest_open_tension_days = max((f.today - t.raised_on).days for t in f.open_tensions)
    return m


def _last_months(today: dt.date, n: int) -> list[dt.date]:
    months, year, month = [], today.year, today.month
    for _ in range(n):
        months.append(dt.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


def health_findings(f: PartnershipFacts, m: HealthMetrics | None = None) -> list[Finding]:
    """Warnings about momentum, each with what to do next."""
    m = m or metrics(f)
    out: list[Finding] = []
    meets = f.stage in MEETING_STAGES
    if meets and m.meetings_held == 0:
        out.append(
            Finding(
                "health.no_meeting",
                Severity.WARNING,
                "No partnership meeting has been held yet.",
                "Schedule the first meeting with a clear objective: energize the partners around "
                "the set of issues and guide their prioritization.",
                STEP_FOUR,
            )
        )
    elif (
        m.days_since_last_meeting is not None
        and m.days_since_last_meeting > MEETING_GAP_WARN
        and (meets or f.stage == "convening")
    ):
        severity = (
            Severity.CRITICAL
            if m.days_since_last_meeting > MEETING_GAP_CRITICAL
            else Severity.WARNING
        )
        nxt = f" The next one is on {m.next_meeting_on:%Y-%m-%d}." if m.next_meeting_on else ""
        out.append(
            Finding(
                "health.meeting_gap",
                severity,
                f"{m.days_since_last_meeting} days since the last meeting.{nxt}",
                MEET_REGULARLY,
                MOMENTUM,
                {"days": m.days_since_last_meeting},
            )
        )
    if m.meetings_without_objective:
        out.append(
            Finding(
                "health.no_objective",
                Severity.WARNING,
                f"{counted(m.meetings_without_objective, 'meeting')} without a stated objective.",
                "Never meet for the sake of meeting: write what each meeting must decide or "
                "produce.",
                MOMENTUM,
                {"meetings": m.meetings_without_objective},
            )
        )
    if m.long_meetings:
        out.append(
            Finding(
                "health.long_meetings",
                Severity.INFO,
                f"{counted(m.long_meetings, 'meeting')} ran longer than "
                f"{LONG_MEETING_HOURS:g} hours.",
                "All partners, and especially employers, have competing workloads: keep meetings "
                "short and focused on solutions.",
                NO_TIME_TO_WASTE,
                {"meetings": m.long_meetings},
            )
        )
    if m.recent_mix is not None and not m.recent_mix.employer_led:
        # The employer-led rule of partners.sides: labor and community partners, whom the
        # mix findings ask for, do not count against the employers.
        out.append(
            Finding(
                "health.employer_share",
                Severity.WARNING,
                f"Employers were outnumbered over the last meetings: {m.recent_mix.describe()} "
                f"attended ({m.employer_share_recent:.0%} of attendance were employers).",
                "Employers are the most important partners: ask the champions to bring peers, and "
                "be cautious with the time asked of employer members.",
                STEP_TWO,
                {"share": m.employer_share_recent, "mix": m.recent_mix.describe()},
            )
        )
    if f.stage in ACTIVE_STAGES and m.active_champions == 0:
        out.append(
            Finding(
                "health.no_champion",
                Severity.WARNING,
                "No active employer champion.",
                "If the intermediary and/or a set of Employer Champions do not continue to "
                "provide leadership and outreach, momentum may wane: enlist a champion.",
                MOMENTUM,
            )
        )
    if m.overdue_actions:
        out.append(
            Finding(
                "health.overdue_actions",
                Severity.WARNING,
                f"{counted(m.overdue_actions, 'action item')} overdue of {m.open_actions} open.",
                "Follow up with each owner, or re-plan the step with a realistic date.",
                MOMENTUM,
                {"overdue": m.overdue_actions},
            )
        )
    if (
        f.stage in ("convening", "planning")
        and f.touches
        and m.days_since_last_touch is not None
        and m.days_since_last_touch > TOUCH_GAP_WARN
    ):
        out.append(
            Finding(
                "health.outreach_stalled",
                Severity.WARNING,
                f"{m.days_since_last_touch} days since the last outreach touch.",
                "Keep engaging partners one-on-one: leadership and outreach keep the energy up.",
                STEP_THREE,
                {"days": m.days_since_last_touch},
            )
        )
    if m.kickoff_drop is not None and m.kickoff_drop >= KICKOFF_DROP:
        out.append(
            Finding(
                "health.kickoff_drop",
                Severity.WARNING,
                f"Attendance fell {m.kickoff_drop:.0%} after the kick-off "
                f"({m.kickoff_attended} at the kick-off, {m.after_kickoff_average:g} on average "
                "since).",
                "Momentum may wane immediately following the first meeting: follow up with each "
                "partner on what the effort does for their organisation, and give every meeting a "
                "clear objective.",
                MOMENTUM,
                {"drop": m.kickoff_drop},
            )
        )
    off = [b for b in m.benchmarks if b.off_track]
    if off:
        out.append(
            Finding(
                "health.benchmarks_off_track",
                Severity.WARNING,
                f"{counted(len(off), 'benchmark')} off track: "
                f"{', '.join(b.indicator for b in off)}.",
                "Review the action steps behind them with the partners; the plan can (and should) "
                "evolve based on new input.",
                MOMENTUM,
                {"indicators": [b.indicator for b in off]},
            )
        )
    kicked_off = any(x.is_kickoff for x in f.past_meetings) or m.meetings_held >= 2
    if kicked_off and not f.name_revisited:
        out.append(
            Finding(
                "health.name_the_effort",
                Severity.INFO,
                "The effort's name has not been revisited with the partners since the kick-off.",
                "Name your effort: get input from partners on what this group is really all "
                "about; it creates buy-in and ownership.",
                MOMENTUM,
            )
        )
    if f.stage == "planning" and m.days_in_stage is not None:
        done = any(a.status in ("in_progress", "done") for a in f.actions)
        if m.days_in_stage > 365:
            out.append(
                Finding(
                    "health.planning_too_long",
                    Severity.WARNING,
                    f"In planning for {m.days_in_stage} days.",
                    "Planning may take three months to a year; begin to implement the steps in "
                    "the plan now and make the transition to implementation clear to partners.",
                    PLANNING_TAKES_TIME,
                    {"days": m.days_in_stage},
                )
            )
        elif f.goals_with_actions and not done and m.days_in_stage > 90:
            out.append(
                Finding(
                    "health.start_implementing",
                    Severity.INFO,
                    "The plan has action steps, none started yet.",
                    "Begin to implement the steps in your initiative's plan immediately, "
                    "understanding that the plan can always evolve.",
                    MOMENTUM,
                )
            )
    if f.stage in MEETING_STAGES:
        if f.resource_map_entries == 0:
            out.append(
                Finding(
                    "health.no_resource_map",
                    Severity.INFO,
                    "No resource map yet.",
                    "Identify programs, resources, and policies that affect the industry's "
                    "workforce challenges: a resource map or program scan.",
                    MOMENTUM,
                )
            )
        elif f.resource_map_updated_on and (f.today - f.resource_map_updated_on).days > 180:
            days = (f.today - f.resource_map_updated_on).days
            out.append(
                Finding(
                    "health.resource_map_stale",
                    Severity.INFO,
                    f"The resource map was last reviewed {days} days ago.",
                    "Keep the resource map current: it should evolve as new programs or "
                    "resources are discovered.",
                    MOMENTUM,
                    {"days": days},
                )
            )
    out += tension_findings(f)
    return by_severity(out)


def tension_findings(f: PartnershipFacts) -> list[Finding]:
    """Open tensions left unreconciled too long, or too many at once."""
    if not f.open_tensions:
        return []
    old = [t for t in f.open_tensions if (f.today - t.raised_on).days > TENSION_AGE_WARN]
    many = len(f.open_tensions) > TENSIONS_OPEN_WARN
    if not old and not many:
        return []
    parts = []
    if old:
        kinds = sorted({KIND_WORDS.get(t.kind, t.kind) for t in old})
        oldest = max((f.today - t.raised_on).days for t in old)
        parts.append(
            f"{counted(len(old), 'tension')} open for more than {TENSION_AGE_WARN} days "
            f"({', '.join(kinds)}; the oldest raised {oldest} days ago)"
        )
    if many:
        parts.append(f"{len(f.open_tensions)} tensions open at once")
    return [
        Finding(
            "health.open_tensions",
            Severity.WARNING,
            "; ".join(parts) + ".",
            f"{RECONCILE_TENSIONS} Put the oldest on the next meeting's agenda, or talk it "
            "through one-on-one with the partners involved, and record how it was reconciled.",
            TENSIONS,
            {
                "open": len(f.open_tensions),
                "older_than_limit": len(old),
                "limit_days": TENSION_AGE_WARN,
                "limit_open": TENSIONS_OPEN_WARN,
            },
        )
    ]


KIND_WORDS = {
    "money": "money",
    "roles": "unclear roles",
    "mission": "divergent missions",
    "other": "other",
}


NOT_STARTED = "not started"


def started(f: PartnershipFacts) -> bool:
    """Has the partnership's engagement begun? A partner identified, a touch, a meeting,
    a decision or an action item: before any of these there is no momentum to measure,
    and "ok" would read as if all were well."""
    return bool(f.members or f.touches or f.meetings or f.decisions or f.actions)


def level(findings: list[Finding]) -> str:
    """One word for the overview: ok, info, warning or critical (the worst finding)."""
    worst = by_severity(findings)
    return worst[0].severity.value if worst else "ok"


def status(f: PartnershipFacts, findings: list[Finding]) -> str:
    """``level``, or "not started" for a partnership with nothing done yet."""
    return level(findings) if started(f) else NOT_STARTED


# --- Charts (Vega-Lite specs) ------------------------------------------------------
# Each carries the app's chart style (lib.charts.styled) and its colours from lib.palette.


def attendance_chart(m: HealthMetrics) -> dict[str, Any]:
    """People who attended each meeting, employers stacked under the other partners.

    One bar per meeting, named by its date on the axis (the title is in the tooltip):
    the whole meeting title as an axis label pushed the bars out of the card.
    """
    values = []
    for row in m.attendance:
        for group, people in (("Employers", row["employers"]), ("Other partners", row["others"])):
            values.append(
                {
                    "meeting": row["title"],
                    "date": str(row["date"]),
                    "group": group,
                    "people": people,
                    "order": 0 if group == "Employers" else 1,
                }
            )
    return styled(
        {
            "$schema": SCHEMA,
            "description": "Attendance per meeting, employers and other partners",
            "data": {"values": values},
            "width": "container",
            "height": 200,
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "x": {
                    "field": "date",
                    "type": "ordinal",
                    "title": "Meeting",
                    "sort": None,
                    "axis": {"labelAngle": -45, "labelOverlap": True},
                },
                "y": {
                    "field": "people",
                    "type": "quantitative",
                    "stack": "zero",
                    "title": "Attended",
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
                "color": {
                    "field": "group",
                    "type": "nominal",
                    "title": None,
                    "scale": side_scale(sorted({v["group"] for v in values})),
                },
                "order": {"field": "order"},
                "tooltip": [
                    {"field": "meeting", "title": "Meeting"},
                    {"field": "date", "title": "Date"},
                    {"field": "group", "title": "Who"},
                    {"field": "people", "type": "quantitative", "title": "People"},
                ],
            },
        }
    )


def employer_share_chart(m: HealthMetrics) -> dict[str, Any]:
    values = [
        {"date": str(r["date"]), "share": r["employer_share"], "title": r["title"]}
        for r in m.attendance
    ]
    return styled(
        {
            "$schema": SCHEMA,
            "description": "Employer share of attendance per meeting",
            "width": "container",
            "height": 180,
            "layer": [
                {
                    "data": {"values": values},
                    "mark": {"type": "line", "point": True, "color": EMPLOYER},
                    "encoding": {
                        "x": {
                            "field": "date",
                            "type": "ordinal",
                            "title": "Meeting",
                            "sort": None,
                            "axis": {"labelAngle": -45, "labelOverlap": True},
                        },
                        "y": {
                            "field": "share",
                            "type": "quantitative",
                            "title": "Employer share",
                            "axis": {"format": "%"},
                            "scale": {"domain": [0, 1]},
                        },
                        "tooltip": [
                            {"field": "title", "title": "Meeting"},
                            {"field": "date", "title": "Date"},
                            {"field": "share", "title": "Employer share", "format": ".0%"},
                        ],
                    },
                },
                {
                    "data": {"values": [{"half": 0.5}]},
                    "mark": {"type": "rule", "strokeDash": [4, 4], "color": WARN},
                    "encoding": {"y": {"field": "half", "type": "quantitative"}},
                },
            ],
        }
    )


def touches_chart(m: HealthMetrics) -> dict[str, Any]:
    return styled(
        {
            "$schema": SCHEMA,
            "description": "Outreach touches per month, last 12 months",
            "data": {"values": m.touches_by_month},
            "width": "container",
            "height": 180,
            "mark": {"type": "bar", "color": ACCENT},
            "encoding": {
                "x": {
                    "field": "month",
                    "type": "temporal",
                    "timeUnit": "yearmonth",
                    "title": "Month",
                    "axis": {"format": "%b %Y", "labelOverlap": True},
                },
                "y": {
                    "field": "touches",
                    "type": "quantitative",
                    "title": "Touches",
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
                "tooltip": [
                    {"field": "month", "type": "temporal", "title": "Month", "format": "%B %Y"},
                    {"field": "touches", "title": "Touches"},
                ],
            },
        }
    )


def benchmarks_chart(m: HealthMetrics) -> dict[str, Any]:
    values = []
    for b in m.benchmarks:
        values.append(
            {"benchmark": b.indicator, "what": "Expected by now", "share": b.expected_share}
        )
        if b.actual_share is not None:
            values.append({"benchmark": b.indicator, "what": "Achieved", "share": b.actual_share})
    present = [w for w in ("Expected by now", "Achieved") if any(v["what"] == w for v in values)]
    return styled(
        {
            "$schema": SCHEMA,
            "description": "Share of the way from baseline to target: expected by now and achieved",
            "data": {"values": values},
            "width": "container",
            "height": 40 + 40 * max(1, len(m.benchmarks)),
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "benchmark", "type": "nominal", "title": None},
                "yOffset": {"field": "what", "sort": ["Expected by now", "Achieved"]},
                "x": {
                    "field": "share",
                    "type": "quantitative",
                    "title": "Share of the way to the target",
                    "axis": {"format": "%"},
                },
                "color": {
                    "field": "what",
                    "type": "nominal",
                    "title": None,
                    "scale": {
                        "domain": present,
                        "range": [
                            {"Expected by now": RULE, "Achieved": ACCENT}[w] for w in present
                        ],
                    },
                },
                "tooltip": [
                    {"field": "benchmark", "title": "Benchmark"},
                    {"field": "what", "title": "Bar"},
                    {"field": "share", "title": "Share of the way", "format": ".0%"},
                ],
            },
        }
    )


ACTION_STATUSES = {
    "Overdue": WARN,
    "Open": "#8a5a00",
    "In progress": ACCENT,
    "Done": "#1f7a3a",
    "Dropped": MUTED,
}


def actions_chart(f: PartnershipFacts) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for a in f.actions:
        label = {
            "open": "Open",
            "in_progress": "In progress",
            "done": "Done",
            "dropped": "Dropped",
        }.get(a.status, a.status)
        if a.status in ("open", "in_progress") and a.due_on and a.due_on < f.today:
            label = "Overdue"
        counts[label] = counts.get(label, 0) + 1
    domain = [s for s in ACTION_STATUSES if s in counts]
    return styled(
        {
            "$schema": SCHEMA,
            "description": "Action items by status",
            "data": {"values": [{"status": k, "items": v} for k, v in counts.items()]},
            "width": "container",
            "height": {"step": 26},
            "mark": {"type": "bar"},
            "encoding": {
                "x": {
                    "field": "items",
                    "type": "quantitative",
                    "title": "Action items",
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
                "y": {"field": "status", "type": "nominal", "title": None, "sort": domain},
                "color": {
                    "field": "status",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": domain, "range": [ACTION_STATUSES[s] for s in domain]},
                },
                "tooltip": [
                    {"field": "status", "title": "Status"},
                    {"field": "items", "title": "Action items"},
                ],
            },
        }
    )
