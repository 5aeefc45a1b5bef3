"""Reads for planning, with their joins decided here so pages do no N+1 queries.

Also the computations pages, API and exports share: prioritisation results,
comparison of rounds, benchmark progress, pooled employer demand (with
its disclosure rule), the linked chain of the plan and the resource map's history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from convenor.meetings.models import ActionItem, ActionStatus, Decision
from convenor.outreach.models import Touch, TouchChallenge
from convenor.outreach.selectors import ChallengeCount, challenge_counts, employers_reached
from convenor.partners.models import Organisation, PartnershipMember, Person
from convenor.partners.models import Stage as MemberStage
from convenor.partnerships.models import Partnership
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    Issue,
    IssueStatus,
    PastEffort,
    PrioritisationRound,
    ProblemStatement,
    Rating,
    Solution,
    WhyStep,
)

# --- People --------------------------------------------------------------------------


def own_person(user: Any, workspace_id: int) -> Person | None:
    """The person record of a signed-in user in a workspace (a partner's own record)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Person.objects.filter(workspace_id=workspace_id, user=user)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


def people_of(partnership: Partnership) -> QuerySet[Person]:
    return (
        Person.objects.filter(workspace_id=partnership.workspace_id)
        .select_related("organisation")
        .order_by("name")
    )


# --- Issues ----------------------------------------------------------------------------


def issues_of(partnership: Partnership) -> QuerySet[Issue]:
    return Issue.objects.filter(partnership=partnership).annotate(
        touch_count=Count("touches", distinct=True),
        evidence_count=Count("evidence", distinct=True),
    )


def employers_raising_ids(issues: list[Issue]) -> dict[int, set[int]]:
    """The employers who raised each issue: those reached by the touches linked to it,
    and by every touch of the partnership coded with its challenge (outreach's one
    definition of "employers reached", so the issue and the challenges page agree)."""
    out: dict[int, set[int]] = {i.pk: set() for i in issues}
    linked: dict[int, list[int]] = defaultdict(list)
    for issue_id, touch_id in Issue.touches.through.objects.filter(
        issue_id__in=list(out)
    ).values_list("issue_id", "touch_id"):
        linked[touch_id].append(issue_id)
    for touch_id, orgs in employers_reached(linked).items():
        for issue_id in linked[touch_id]:
            out[issue_id] |= orgs
    coded = Q()
    for issue in issues:
        if issue.challenge:
            coded |= Q(partnership_id=issue.partnership_id, challenge=issue.challenge)
    if coded:
        pairs = (
            TouchChallenge.objects.filter(coded, organisation__isnull=False)
            .values_list("partnership_id", "challenge", "organisation_id")
            .distinct()
        )
        by_code: dict[tuple[int, str], set[int]] = defaultdict(set)
        for pid, code, org in pairs:
            by_code[(pid, code)].add(org)
        for issue in issues:
            out[issue.pk] |= by_code.get((issue.partnership_id, issue.challenge), set())
    return out


def employer_counts(issues: list[Issue]) -> dict[int, int]:
    """How many distinct employers raised each issue (``employers_raising_ids``)."""
    return {pk: len(orgs) for pk, orgs in employers_raising_ids(issues).items()}


def employers_raising(issue: Issue) -> list[Organisation]:
    return list(
        Organisation.objects.filter(pk__in=employers_raising_ids([issue])[issue.pk]).order_by(
            "name"
        )
    )


def challenges_heard(partnership: Partnership) -> dict[str, ChallengeCount]:
    """How often each challenge was coded in the partnership's touches, and by how many
    distinct employers: "shared across the industry, not one firm" as a number (the
    outreach app counts them)."""
    return {c.code: c for c in challenge_counts(partnership)}


def suggested_touches(issue: Issue) -> list[Touch]:
    """Touches of the partnership coded with the issue's challenge, not linked yet."""
    linked = set(issue.touches.values_list("pk", flat=True))
    return [
        t
        for t in Touch.objects.filter(partnership_id=issue.partnership_id).prefetch_related(
            "people__organisation"
        )
        if issue.challenge in (t.challenges or []) and t.pk not in linked
    ]


def issue_detail(partnership: Partnership, issue_id: int) -> Issue:
    return (
        Issue.objects.filter(partnership=partnership)
        .prefetch_related(
            Prefetch(
                "touches",
                queryset=Touch.objects.prefetch_related("people__organisation").order_by(
                    "-occurred_on"
                ),
            ),
            "evidence",
            Prefetch(
                "past_efforts",
                queryset=PastEffort.objects.select_related("resource", "organisation"),
            ),
            Prefetch(
                "problem_statements",
                queryset=ProblemStatement.objects.prefetch_related(
                    "why_steps",
                    Prefetch("solutions", queryset=Solution.objects.select_related("resource")),
                    Prefetch("goals", queryset=Goal.objects.prefetch_related("benchmarks")),
                ),
            ),
            "resources",
            "decisions",
        )
        .get(pk=issue_id)
    )


# --- Root-cause chains --------------------------------------------------------------------


@dataclass
class WhyNode:
    step: WhyStep
    depth: int
    children: list[WhyNode] = field(default_factory=list)


def why_tree(steps: list[WhyStep]) -> list[WhyNode]:
    """The steps as a tree: roots answer why of the problem itself."""
    by_parent: dict[int | None, list[WhyStep]] = defaultdict(list)
    for s in steps:
        by_parent[s.parent_id].append(s)

    def build(parent: int | None, depth: int, seen: frozenset[int]) -> list[WhyNode]:
        nodes = []
        for s in by_parent.get(parent, []):
            if s.pk in seen:
                continue
            nodes.append(WhyNode(s, depth, build(s.pk, depth + 1, seen | {s.pk})))
        return nodes

    return build(None, 0, frozenset())


def why_flat(steps: list[WhyStep]) -> list[WhyNode]:
    """The tree in reading order, each node with its depth (for lists and exports)."""
    out: list[WhyNode] = []

    def walk(nodes: list[WhyNode]) -> None:
        for n in nodes:
            out.append(n)
            walk(n.children)

    walk(why_tree(steps))
    return out


# --- Prioritisation -------------------------------------------------------------------------


@dataclass
class IssueScore:
    issue: Issue
    importance: float | None
    feasibility: float | None
    voters: int
    rank: int | None = None

    @property
    def score(self) -> float | None:
        if self.importance is None or self.feasibility is None:
            return None
        return round(self.importance * self.feasibility, 2)

    def as_dict(self) -> dict[str, Any]:
        return {
            "issue_id": self.issue.pk,
            "issue": self.issue.title,
            "importance": self.importance,
            "feasibility": self.feasibility,
            "score": self.score,
            "voters": self.voters,
            "rank": self.rank,
        }


@dataclass
class Voter:
    person: Person
    organisation: str
    is_employer: bool
    on_paper: bool
    voted: bool


@dataclass
class RoundResults:
    round: PrioritisationRound
    overall: list[IssueScore]
    employers: list[IssueScore]
    voters: list[Voter]

    @property
    def voted(self) -> list[Voter]:
        return [v for v in self.voters if v.voted]

    @property
    def participation(self) -> dict[str, Any]:
        voted = self.voted
        at_table = len(self.voters)
        return {
            "voters": len(voted),
            "employer_voters": sum(1 for v in voted if v.is_employer),
            "paper_ballots": sum(1 for v in voted if v.on_paper),
            "at_the_table": at_table,
            "employers_at_the_table": sum(1 for v in self.voters if v.is_employer),
            "rate": round(len(voted) / at_table, 3) if at_table else None,
        }

    @property
    def side_by_side(self) -> list[tuple[IssueScore, IssueScore | None]]:
        """Overall ranking beside the employers' ranking, row by row."""
        employers = self.employers
        return [
            (row, employers[i] if i < len(employers) else None)
            for i, row in enumerate(self.overall)
        ]


def _rank(rows: list[IssueScore]) -> list[IssueScore]:
    rows.sort(
        key=lambda r: (
            r.score is None,
            -(r.score or 0),
            -(r.importance or 0),
            r.issue.title.lower(),
        )
    )
    previous: tuple[Any, Any] | None = None
    for position, row in enumerate(rows, start=1):
        if row.score is None:
            row.rank = None
            continue
        key = (row.score, row.importance)
        row.rank = rows[position - 2].rank if previous == key else position
        previous = key
    return rows


def _scores(issues: list[Issue], ratings: list[Rating]) -> list[IssueScore]:
    by_issue: dict[int, list[Rating]] = defaultdict(list)
    for r in ratings:
        by_issue[r.issue_id].append(r)
    rows = []
    for issue in issues:
        rs = by_issue.get(issue.pk, [])
        if rs:
            rows.append(
                IssueScore(
                    issue,
                    round(sum(r.importance for r in rs) / len(rs), 2),
                    round(sum(r.feasibility for r in rs) / len(rs), 2),
                    len({r.person_id for r in rs}),
                )
            )
        else:
            rows.append(IssueScore(issue, None, None, 0))
    return _rank(rows)


def table_people(partnership: Partnership) -> list[Person]:
    """People at the partnership's table (members not lapsed): who is asked to vote."""
    members = PartnershipMember.objects.filter(
        partnership=partnership, person__isnull=False
    ).exclude(stage=MemberStage.LAPSED)
    return list(
        Person.objects.filter(pk__in=members.values("person_id"))
        .select_related("organisation")
        .order_by("name")
    )


def round_results(round: PrioritisationRound) -> RoundResults:
    issues = list(round.issues.all())
    ratings = list(
        Rating.objects.filter(round=round).select_related("person__organisation", "organisation")
    )
    overall = _scores(issues, ratings)
    employers = _scores(issues, [r for r in ratings if r.is_employer])
    voters: dict[int, Voter] = {}
    for r in ratings:
        voters.setdefault(
            r.person_id,
            Voter(
                r.person,
                str(r.organisation or ""),
                r.is_employer,
                r.on_paper,
                True,
            ),
        )
    for person in table_people(round.partnership):
        if person.pk not in voters:
            voters[person.pk] = Voter(
                person,
                str(person.organisation or ""),
                person.is_employer,
                False,
                False,
            )
    ordered = sorted(voters.values(), key=lambda v: (not v.voted, v.person.name.lower()))
    return RoundResults(round, overall, employers, ordered)


def rounds_of(partnership: Partnership) -> QuerySet[PrioritisationRound]:
    return (
        PrioritisationRound.objects.filter(partnership=partnership)
        .select_related("decision", "meeting")
        .annotate(
            voter_count=Count("ratings__person", distinct=True),
            issue_count=Count("issues", distinct=True),
        )
    )


def my_ratings(round: PrioritisationRound, person: Person | None) -> dict[int, Rating]:
    if person is None:
        return {}
    return {r.issue_id: r for r in Rating.objects.filter(round=round, person=person)}


@dataclass
class Comparison:
    rounds: list[PrioritisationRound]
    rows: list[tuple[Issue, list[IssueScore | None]]]


def rounds_compare(partnership: Partnership, *, employers_only: bool = False) -> Comparison:
    """Each issue's rank and score in every round, oldest round first."""
    rounds = list(
        PrioritisationRound.objects.filter(partnership=partnership)
        .order_by("opened_on", "id")
        .prefetch_related("issues")
    )
    ratings = Rating.objects.filter(round__in=rounds).select_related("issue")
    if employers_only:
        ratings = ratings.filter(is_employer=True)
    by_round: dict[int, list[Rating]] = defaultdict(list)
    for r in ratings:
        by_round[r.round_id].append(r)
    issues: dict[int, Issue] = {}
    results: dict[int, dict[int, IssueScore]] = {}
    for rnd in rounds:
        ballot = list(rnd.issues.all())
        for issue in ballot:
            issues.setdefault(issue.pk, issue)
        results[rnd.pk] = {s.issue.pk: s for s in _scores(ballot, by_round[rnd.pk])}
    rows = [
        (issue, [results[r.pk].get(issue.pk) for r in rounds])
        for issue in sorted(issues.values(), key=lambda i: i.title.lower())
    ]
    return Comparison(rounds, rows)


# --- Benchmarks --------------------------------------------------------------------------


@dataclass
class Progress:
    latest: BenchmarkResult | None
    share: float | None  # share of the way from baseline to target, 0..1+
    expected: float | None  # share expected by the latest result's date on a straight line
    on_track: bool | None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


def benchmark_progress(
    benchmark: Benchmark, results: list[BenchmarkResult] | None = None
) -> Progress:
    results = list(benchmark.results.all()) if results is None else results
    if not results:
        return Progress(None, None, None, None)
    latest = max(results, key=lambda r: r.period_end)
    span = Decimal(benchmark.target_value) - Decimal(benchmark.baseline_value)
    share = float((latest.value - benchmark.baseline_value) / span) if span else None
    days = (benchmark.target_on - benchmark.baseline_on).days
    expected = (latest.period_end - benchmark.baseline_on).days / days if days > 0 else None
    on_track = None
    if share is not None and expected is not None:
        on_track = share >= expected - 0.05
    return Progress(latest, share, expected, on_track)


# --- The chain: issue -> problem statement -> goal -> benchmark -> action step -> decision --


def goals_of(partnership: Partnership) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(partnership=partnership)
        .select_related("problem_statement__issue")
        .prefetch_related(
            Prefetch(
                "benchmarks", queryset=Benchmark.objects.prefetch_related("results", "action_items")
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner", "decision").order_by(
                    "due_on", "id"
                ),
            ),
            "decisions",
        )
    )


def goal_detail(partnership: Partnership, goal_id: int) -> Goal:
    return goals_of(partnership).get(pk=goal_id)


def overdue(item: ActionItem, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        item.due_on
        and item.due_on < today
        and item.status not in (ActionStatus.DONE, ActionStatus.DROPPED)
    )


@dataclass
class ChainProblem:
    statement: ProblemStatement
    whys: list[WhyNode]
    solutions: list[Solution]
    goals: list[Goal]

    @property
    def why_count(self) -> int:
        def count(nodes: list[WhyNode]) -> int:
            return sum(1 + count(n.children) for n in nodes)

        return count(self.whys)


@dataclass
class ChainIssue:
    issue: Issue
    problems: list[ChainProblem]
    employer_count: int


@dataclass
class Chain:
    issues: list[ChainIssue]
    loose_goals: list[Goal]  # goals not tied to a problem statement yet


def plan_chain(partnership: Partnership, *, prioritised_only: bool = False) -> Chain:
    """The whole plan as one linked structure, for the plan page and the exports."""
    issues = Issue.objects.filter(partnership=partnership)
    if prioritised_only:
        issues = issues.filter(status=IssueStatus.PRIORITISED)
    issues = issues.prefetch_related(
        Prefetch(
            "problem_statements",
            queryset=ProblemStatement.objects.prefetch_related(
                "why_steps",
                Prefetch("solutions", queryset=Solution.objects.select_related("resource")),
            ),
        )
    )
    status_order = {
        IssueStatus.PRIORITISED: 0,
        IssueStatus.OPEN: 1,
        IssueStatus.PARKED: 2,
        IssueStatus.RESOLVED: 3,
    }
    issues = sorted(issues, key=lambda i: (status_order.get(i.status, 9), i.title.lower()))
    goals = list(goals_of(partnership))
    goals_by_problem: dict[int | None, list[Goal]] = defaultdict(list)
    for g in goals:
        goals_by_problem[g.problem_statement_id].append(g)
    counts = employer_counts(issues)
    chain = []
    for issue in issues:
        problems = [
            ChainProblem(
                ps,
                why_tree(list(ps.why_steps.all())),
                list(ps.solutions.all()),
                goals_by_problem.get(ps.pk, []),
            )
            for ps in issue.problem_statements.all()
        ]
        chain.append(ChainIssue(issue, problems, counts.get(issue.pk, 0)))
    return Chain(chain, goals_by_problem.get(None, []))


@dataclass
class Trace:
    decision: Decision
    action_items: list[ActionItem]
    goals: list[Goal]
    benchmarks: list[Benchmark]
    problem_statements: list[ProblemStatement]
    issues: list[Issue]
    rounds: list[PrioritisationRound]


def decision_trace(decision: Decision) -> Trace:
    """Walk up the chain from a decision: the steps it created, their goals and benchmarks,
    the problem statements and issues behind them, and rounds whose consensus it records."""
    items = list(
        ActionItem.objects.filter(decision=decision)
        .select_related("owner")
        .order_by("due_on", "id")
    )
    goals = list(
        Goal.objects.filter(Q(action_items__in=items) | Q(decisions=decision))
        .distinct()
        .select_related("problem_statement__issue")
    )
    benchmarks = list(
        Benchmark.objects.filter(action_items__in=items).distinct().select_related("goal")
    )
    statements = list(
        {g.problem_statement.pk: g.problem_statement for g in goals if g.problem_statement}.values()
    )
    issues = {ps.issue.pk: ps.issue for ps in statements}
    for issue in Issue.objects.filter(decisions=decision):
        issues.setdefault(issue.pk, issue)
    rounds = list(PrioritisationRound.objects.filter(decision=decision))
    return Trace(
        decision,
        items,
        goals,
        benchmarks,
        statements,
        sorted(issues.values(), key=lambda i: i.title.lower()),
        rounds,
    )


def step_goal(partnership: Partnership, item_id: int) -> tuple[ActionItem, Goal]:
    """An action item of the plan and its goal; ``DoesNotExist`` when it is no plan step."""
    item = ActionItem.objects.select_related("owner", "decision").get(
        pk=item_id, partnership=partnership
    )
    goal = Goal.objects.filter(partnership=partnership, action_items=item).order_by("pk").first()
    if goal is None:
        raise ActionItem.DoesNotExist
    return item, goal
