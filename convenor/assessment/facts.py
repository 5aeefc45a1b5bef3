"""Plain facts about a partnership, gathered once by ``selectors.partnership_facts``.

The rules (readiness, life-cycle gates, health, self-check, guide) are pure
functions of these dataclasses, so tests build them by hand and the pages, the
API and the workspace overview all compute the same words from the same facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from convenor.lib.findings import Finding
from convenor.partners.sides import Mix, Seat, in_target_industry

ENGAGED = ("committed", "active")  # pipeline stages of a partner at the table
EMPLOYER = "employer"


@dataclass(frozen=True)
class MemberFact:
    category: str  # partners Category of the organisation (or the person's organisation)
    stage: str  # pipeline stage
    role: str = ""
    organisation_id: int | None = None
    person_id: int | None = None
    is_champion: bool = False
    is_decision_maker: bool = False
    education_type: str = ""
    name: str = ""
    authority_level: str = ""
    is_naysayer: bool = False
    is_data_resource: bool = False
    has_ear: bool = False
    touched: bool = False  # a touch of this partnership reached the person
    naics: str = ""  # the organisation's industry ("" when not recorded)
    employees: int | None = None  # the organisation's employees in the region, where known
    one_on_one: bool = False  # met one-on-one in this partnership (the person or the org)
    # Met face to face (one-on-one, company tour) in this partnership: the partner mix's
    # "engaged" for a naysayer (partners.mix.MixMember.touched, as the partners page reads).
    met: bool = False

    @property
    def engaged(self) -> bool:
        return self.stage in ENGAGED

    @property
    def seat(self) -> Seat:
        return Seat(self.category, self.naics)

    @property
    def is_employer(self) -> bool:
        return self.category == EMPLOYER


@dataclass(frozen=True)
class MeetingFact:
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str = ""
    has_objective: bool = True
    is_kickoff: bool = False
    invited: int = 0
    attended: int = 0
    employers_attended: int = 0  # employers of the target industry
    associations_attended: int = 0
    public_attended: int = 0
    outside_attended: int = 0  # employers and associations of other industries

    @property
    def mix(self) -> Mix:
        """Who attended, by side of the table (the employer-led rule)."""
        return Mix(
            employers=self.employers_attended,
            associations=self.associations_attended,
            public=self.public_attended,
            other=self.attended
            - self.employers_attended
            - self.associations_attended
            - self.public_attended
            - self.outside_attended,
            outside=self.outside_attended,
        )

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


@dataclass(frozen=True)
class ActionFact:
    status: str
    due_on: dt.date | None = None
    has_owner: bool = False


@dataclass(frozen=True)
class IssueFact:
    title: str
    challenge: str = ""
    status: str = "open"
    problem_statements: int = 0
    employers: int = 0  # distinct employers who raised it (planning's count, as its pages show)


@dataclass(frozen=True)
class BenchmarkFact:
    indicator: str
    baseline_value: float
    baseline_on: dt.date
    target_value: float
    target_on: dt.date
    results: tuple[tuple[dt.date, float], ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class DeciderFact:
    """One of the people who made a decision: at its meeting or in its conversation."""

    category: str = ""  # partners Category of the person's organisation ("" without one)
    naics: str = ""
    organisation_id: int | None = None
    team: bool = False  # the person signs in as an owner or staff member of the workspace


@dataclass(frozen=True)
class DecisionFact:
    decided_on: dt.date
    text: str = ""
    decided_by: str = ""
    # Who made it: the people at its meeting (who attended, or before attendance is
    # recorded who was invited) or in its one-on-one conversation. Empty when it was
    # recorded with neither: the convener team recorded it alone.
    deciders: tuple[DeciderFact, ...] = ()


@dataclass(frozen=True)
class SiblingFact:
    """Another partnership of the same workspace (for the competing-initiative check)."""

    id: int
    name: str
    industry_naics: str = ""
    industry_title: str = ""
    region: str = ""
    ended: bool = False


@dataclass(frozen=True)
class ConvenerFact:
    name: str = ""
    organisation_id: int | None = None
    kind: str = ""
    since: dt.date | None = None
    score: float | None = None
    staffing: int | None = None
    willing: bool | None = None
    strengths: tuple[str, ...] = ()
    conflict_codes: tuple[str, ...] = ()  # critical conflict findings about the convener


@dataclass(frozen=True)
class AnswerFact:
    status: str = "unknown"
    answer: str = ""
    evidence: tuple[str, ...] = ()
    answered_on: dt.date | None = None
    # What the data said beside the question when the answer was saved (the signal's
    # level and evidence); empty for answers saved before it was kept.
    data_seen: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class TensionFact:
    """An open tension among partners (money, roles, mission, other)."""

    kind: str
    raised_on: dt.date
    what: str = ""


@dataclass
class PartnershipFacts:
    id: int
    name: str
    stage: str
    today: dt.date
    now: dt.datetime
    workspace_name: str = ""
    industry_naics: str = ""
    industry_title: str = ""
    region: str = ""
    has_mission: bool = False
    started_on: dt.date | None = None
    created_on: dt.date | None = None
    updated_on: dt.date | None = None  # the partnership record itself
    stage_since: dt.date | None = None
    name_revisited: bool = False  # renamed after creation, or a decision about the name
    members: list[MemberFact] = field(default_factory=list)
    mix: list[Finding] = field(default_factory=list)  # the partners app's mix findings
    unions_present: bool = False  # unions play a role (partners.selectors.unions_of)
    unions: tuple[str, ...] = ()
    meetings: list[MeetingFact] = field(default_factory=list)
    actions: list[ActionFact] = field(default_factory=list)
    issues: list[IssueFact] = field(default_factory=list)
    goals: int = 0
    goals_with_benchmarks: int = 0
    goals_with_actions: int = 0
    benchmarks: list[BenchmarkFact] = field(default_factory=list)
    decisions: list[DecisionFact] = field(default_factory=list)
    touches: int = 0
    last_touch_on: dt.date | None = None
    touches_by_month: dict[dt.date, int] = field(default_factory=dict)
    employer_touches: int = 0
    employer_one_on_ones: int = 0
    employers_touched: int = 0
    last_employer_touch_on: dt.date | None = None
    challenge_employers: dict[str, int] = field(default_factory=dict)  # code -> distinct employers
    analyses: int = 0  # saved regional analyses ("why this industry")
    # Saved analyses (regional or occupation) cited as evidence for an issue or a challenge
    # heard: the only data evidence that verifies a challenge (issue 14 §5).
    cited_analyses: int = 0
    resource_map_entries: int = 0  # programs, resources and policies on the resource map
    resource_map_updated_on: dt.date | None = None
    convener: ConvenerFact | None = None
    candidates: int = 0
    candidates_scored: int = 0
    answers: dict[str, AnswerFact] = field(default_factory=dict)
    phase: str = ""
    open_tensions: list[TensionFact] = field(default_factory=list)
    phase_since: dt.date | None = None
    workspace_staff: int = 0
    workspace_running: int = 0  # partnerships of the workspace not ended
    siblings: list[SiblingFact] = field(default_factory=list)

    # --- derived figures used by several rules ---------------------------------

    @property
    def engaged_members(self) -> list[MemberFact]:
        return [m for m in self.members if m.engaged]

    def voices(self, m: MemberFact) -> bool:
        """An employer of the target industry (``partners.sides``: the one rule)."""
        return m.is_employer and in_target_industry(m.category, m.naics, self.industry_naics)

    @property
    def target_label(self) -> str:
        """ " of the target industry" once one is chosen (for sentences about employers)."""
        return " of the target industry" if self.industry_naics else ""

    def _employers(self, members: list[MemberFact]) -> dict[object, MemberFact]:
        """Target-industry employers among ``members``, one per organisation."""
        return {m.organisation_id or ("p", m.person_id): m for m in members if self.voices(m)}

    @property
    def committed_employers(self) -> int:
        """Employers of the target industry committed or active."""
        return len(self._employers(self.engaged_members))

    @property
    def employers_elsewhere(self) -> int:
        """Employers committed or active that are not in the target industry."""
        return len(
            {
                m.organisation_id or ("p", m.person_id)
                for m in self.engaged_members
                if m.is_employer and not self.voices(m)
            }
        )

    @property
    def industry_one_on_ones(self) -> int:
        """Employers of the target industry at the table met one-on-one (not lapsed)."""
        return len(
            {
                m.organisation_id or ("p", m.person_id)
                for m in self.members
                if m.stage != "lapsed" and m.one_on_one and self.voices(m)
            }
        )

    def _is_champion(self, m: MemberFact) -> bool:
        return self.voices(m) and (m.is_champion or m.role == "champion")

    @property
    def champions(self) -> int:
        """Employer champions of the target industry at the table (not lapsed)."""
        return len(
            {
                m.person_id or ("o", m.organisation_id)
                for m in self.members
                if m.stage != "lapsed" and self._is_champion(m)
            }
        )

    @property
    def active_champions(self) -> int:
        return len(
            {
                m.person_id or ("o", m.organisation_id)
                for m in self.engaged_members
                if self._is_champion(m)
            }
        )

    @property
    def engaged_mix(self) -> Mix:
        """The committed and active partners by side of the table."""
        return Mix.of(
            (m.seat for m in self.engaged_members), basis="committed", target=self.industry_naics
        )

    def categories(self, *, engaged_only: bool) -> set[str]:
        members = (
            self.engaged_members
            if engaged_only
            else [m for m in self.members if m.stage != "lapsed"]
        )
        return {m.category for m in members if m.category}

    @property
    def past_meetings(self) -> list[MeetingFact]:
        return sorted(
            (m for m in self.meetings if m.starts_at <= self.now), key=lambda m: m.starts_at
        )

    @property
    def prioritised(self) -> list[IssueFact]:
        return [i for i in self.issues if i.status == "prioritised"]

    @property
    def shared_challenges(self) -> dict[str, int]:
        """Challenges raised by two employers or more: shared across the industry, not one firm."""
        return {code: n for code, n in self.challenge_employers.items() if n >= 2}

    @property
    def has_data_evidence(self) -> bool:
        """A challenge is verified "via data analysis" only by a saved analysis cited for it.

        Free text (a source's title, a challenge heard from several employers) is
        information collection, shown beside it, but never counts as the data.
        """
        return self.cited_analyses > 0

    @property
    def last_activity(self) -> dt.date | None:
        dates = [d for d in (self.last_touch_on, self.updated_on) if d]
        dates += [m.starts_at.date() for m in self.past_meetings[-1:]]
        dates += [max(d.decided_on for d in self.decisions)] if self.decisions else []
        return max(dates) if dates else None
