"""The toolkit's sample agenda for a partnership's first meeting, filled from its data.

Source: "Step Four: Begin Meeting as Partners and Learn More" (Sample Agenda for
First Partnership Meeting). The first meetings energise partners around the
issues found in the needs assessment and the one-on-ones, and guide a process
for their prioritisation; they also start the mission, areas for more analysis
and governance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from convenor.lib.words import counted
from convenor.meetings.models import EventType, Expectation
from convenor.outreach.selectors import ChallengeCount, challenge_counts
from convenor.partnerships.models import Partnership
from convenor.regions.selectors import current_snapshot


@dataclass(frozen=True)
class AgendaDraft:
    title: str
    minutes: int
    owner_label: str = ""
    details: str = ""


@dataclass
class MeetingDraft:
    title: str
    objective: str
    event_type: str
    expectation: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    agenda: list[AgendaDraft] = field(default_factory=list)
    challenges: list[ChallengeCount] = field(default_factory=list)
    why_industry: str = ""

    @property
    def agenda_minutes(self) -> int:
        return sum(item.minutes for item in self.agenda)


def _next_weekday_morning(now: dt.datetime) -> dt.datetime:
    """Three weeks out, on a Tuesday to Thursday at 8:00 local time (before the workday)."""
    day = timezone.localdate(now) + dt.timedelta(days=21)
    while day.weekday() not in (1, 2, 3):
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))


def _heard_text(heard: list[ChallengeCount]) -> str:
    if not heard:
        return (
            "What we learned in one-on-ones: no challenges are coded in outreach yet; "
            "bring what employers said in their own words."
        )
    lines = ["What employers told us in one-on-ones (challenge: employers who raised it):"]
    for h in heard[:8]:
        lines.append(
            f"- {h.label}: {counted(h.employers, 'employer')}, {counted(h.touches, 'conversation')}"
        )
    return "\n".join(lines)


def first_meeting_draft(
    partnership: Partnership, *, now: dt.datetime | None = None
) -> MeetingDraft:
    """The sample first-meeting agenda, prefilled with the partnership's data."""
    now = now or timezone.now()
    industry = partnership.industry_label or "the target industry"
    employers_of = (
        f"{partnership.industry_title.lower()} employers"
        if partnership.industry_title
        else "the industry's employers"
    )
    heard = challenge_counts(partnership)  # outreach's one count of employers per challenge
    snapshot = current_snapshot(partnership)  # the regions app's "why this industry" record
    why = snapshot.summary() if snapshot is not None else ""
    why_text = f"Why {industry}: " + (
        why or "the regional needs assessment that prioritised this industry."
    )
    top = ", ".join(h.label.lower() for h in heard[:3])
    agenda = [
        AgendaDraft(
            "Welcome and introductions",
            10,
            "Employer champion",
            "Each partner: who they are, their organisation, and what they hope the partnership "
            "achieves. Employers first.",
        ),
        AgendaDraft(
            "Getting up to speed",
            25,
            "Convener staff",
            "\n".join(
                [
                    "The sector partnership idea: employer-led, the intermediary convenes, "
                    "public partners help design solutions.",
                    why_text,
                    "What we learned from data and one-on-ones.",
                    _heard_text(heard),
                ]
            ),
        ),
        AgendaDraft(
            "Issue identification",
            25,
            "Facilitator",
            "Which workforce issues do employers share? Confirm and add to what was heard"
            + (f" ({top})." if top else ".")
            + " For each issue: a problem statement and the impact the partnership can have.",
        ),
        AgendaDraft(
            "Prioritising issues by importance and feasibility",
            25,
            "Facilitator",
            "Rate each issue by how important it is to employers and how feasible it is for "
            "the partnership to act on; balance short-term outcomes with long-lasting change.",
        ),
        AgendaDraft(
            "Introduction to strategic planning",
            15,
            "Convener staff",
            "The logic model and action plan: a vision, goals, benchmarks and action steps. "
            "Areas for more in-depth analysis; first thoughts on governance and staffing.",
        ),
        AgendaDraft(
            "Next steps and owners",
            10,
            "Facilitator",
            "Who does what by when: record each as an action item with an owner.",
        ),
        AgendaDraft(
            "Next meeting",
            5,
            "Convener staff",
            "Date and objective of the next meeting (never meet for the sake of meeting).",
        ),
    ]
    starts_at = _next_weekday_morning(now)
    return MeetingDraft(
        title=f"{partnership.name}: first partnership meeting",
        objective=(
            f"Agree on the workforce issues {employers_of} share, prioritise them by "
            "importance and feasibility, and name owners for the next steps."
        ),
        event_type=EventType.PARTNERSHIP_MEETING,
        expectation=Expectation.DECIDE,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),  # two hours at most with employers
        agenda=agenda,
        challenges=heard,
        why_industry=why,
    )
