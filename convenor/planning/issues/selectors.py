"""Reads of issues and prioritisation, with their joins decided here so pages do no
N+1 queries: how many employers raised each issue (outreach's one definition of
"employers reached"), the results of a round and the comparison of rounds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from convenor.lib.request_memo import per_request
from convenor.outreach.models import Touch, TouchChallenge
from convenor.outreach.selectors import ChallengeCount, challenge_counts, employers_reached
from convenor.partners.models import Organisation, PartnershipMember, Person
from convenor.partners.models import Stage as MemberStage
from convenor.partnerships.models import Partnership
from convenor.planning.models import (
    Goal,
    Issue,
    PastEffort,
    PrioritisationRound,
    ProblemStatement,
    Rating,
    Solution,
)
from convenor.workspaces.models import Membership

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


@per_request
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


def results_shown(round: PrioritisationRound, membership: Membership) -> bool:
    """Everyone sees a closed round's results; while it is open, only those who run the
    partnership do."""
    return not round.is_open or membership.can_edit


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
