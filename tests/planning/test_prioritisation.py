from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from convenor.meetings.models import Decision
from convenor.planning.issues import selectors, services
from convenor.planning.models import IssueStatus, Rating
from tests.planning import factories
from tests.planning.conftest import ratings


@pytest.fixture
def voters(partnership, employers, college):
    return {
        "ana": factories.person(partnership, "Ana Ruiz", employers[0]),
        "ben": factories.person(partnership, "Ben Ode", employers[1]),
        "cy": factories.person(partnership, "Cy Lane", college),
    }


def test_a_ballot_records_one_rating_per_issue(alice, open_round, issues, voters):
    services.ballot_cast(
        actor=alice,
        round=open_round,
        person=voters["ana"],
        ratings=ratings(issues, (5, 4), (3, 3), (2, 5)),
    )
    assert Rating.objects.filter(round=open_round).count() == 3
    rating = Rating.objects.get(round=open_round, issue=issues[0])
    assert (rating.importance, rating.feasibility, rating.is_employer) == (5, 4, True)


def test_voting_again_replaces_the_earlier_ratings(alice, open_round, issues, voters):
    for pairs in (((5, 4), (3, 3), (2, 5)), ((1, 1), (3, 3), (2, 5))):
        services.ballot_cast(
            actor=alice, round=open_round, person=voters["ana"], ratings=ratings(issues, *pairs)
        )
    assert Rating.objects.filter(round=open_round).count() == 3
    assert Rating.objects.get(round=open_round, issue=issues[0]).importance == 1


@pytest.mark.parametrize("bad", [0, 6, "7", "", None, "high", 2.5, True])
def test_a_rating_out_of_range_is_refused_and_nothing_is_lost(
    alice, open_round, issues, voters, bad
):
    services.ballot_cast(
        actor=alice,
        round=open_round,
        person=voters["ana"],
        ratings=ratings(issues, (5, 4), (3, 3), (2, 5)),
    )
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(
            actor=alice,
            round=open_round,
            person=voters["ana"],
            ratings=ratings(issues, (1, 1), (bad, 3), (2, 5)),
        )
    assert "must be a whole number from 1 to 5" in exc.value.messages[0]
    assert issues[1].title in exc.value.messages[0]
    kept = {
        r.issue_id: (r.importance, r.feasibility) for r in Rating.objects.filter(round=open_round)
    }
    assert kept == ratings(issues, (5, 4), (3, 3), (2, 5))


def test_a_ballot_must_rate_every_issue(alice, open_round, issues, voters):
    with pytest.raises(ValidationError, match="Rate every issue on the ballot; missing"):
        services.ballot_cast(
            actor=alice, round=open_round, person=voters["ana"], ratings={issues[0].pk: (5, 5)}
        )
    assert not Rating.objects.exists()


def test_a_vote_after_the_round_closed_is_refused_and_the_earlier_ones_kept(
    alice, open_round, issues, voters
):
    services.ballot_cast(
        actor=alice,
        round=open_round,
        person=voters["ana"],
        ratings=ratings(issues, (5, 4), (3, 3), (2, 5)),
    )
    services.round_close(actor=alice, round=open_round)
    with pytest.raises(ValidationError, match=r"closed on .*ratings are no longer accepted"):
        services.ballot_cast(
            actor=alice,
            round=open_round,
            person=voters["ben"],
            ratings=ratings(issues, (1, 1), (1, 1), (1, 1)),
        )
    with pytest.raises(ValidationError, match="no longer accepted"):
        services.ballot_cast(
            actor=alice,
            round=open_round,
            person=voters["ana"],
            ratings=ratings(issues, (1, 1), (1, 1), (1, 1)),
        )
    assert Rating.objects.filter(round=open_round).count() == 3
    assert Rating.objects.get(round=open_round, issue=issues[0]).importance == 5


def test_a_round_without_votes_cannot_close(alice, open_round):
    with pytest.raises(ValidationError, match="Nobody has rated yet"):
        services.round_close(actor=alice, round=open_round)


def test_results_rank_overall_and_employers_alone(alice, open_round, issues, voters):
    cast = lambda who, *pairs: services.ballot_cast(  # noqa: E731
        actor=alice, round=open_round, person=voters[who], ratings=ratings(issues, *pairs)
    )
    cast("ana", (5, 4), (4, 4), (2, 2))
    cast("ben", (5, 2), (5, 5), (2, 2))
    cast("cy", (1, 1), (1, 1), (5, 5))  # the college
    results = selectors.round_results(open_round)
    overall = [(r.issue.title, r.rank) for r in results.overall]
    employers = [(r.issue.title, r.rank) for r in results.employers]
    # Overall: issue 1 = 3.33 x 3.33, issue 0 = 3.67 x 2.33, issue 2 = 3 x 3
    assert overall[0] == (issues[1].title, 1)
    assert employers[0] == (issues[1].title, 1)
    assert employers[-1] == (issues[2].title, 3)
    assert results.overall[0].importance == pytest.approx(3.33)
    assert results.participation["voters"] == 3
    assert results.participation["employer_voters"] == 2
    assert results.participation["at_the_table"] == 3


def test_ties_share_a_rank(alice, open_round, issues, voters):
    services.ballot_cast(
        actor=alice,
        round=open_round,
        person=voters["ana"],
        ratings=ratings(issues, (4, 4), (4, 4), (1, 1)),
    )
    ranks = [r.rank for r in selectors.round_results(open_round).overall]
    assert ranks == [1, 1, 3]


def test_participation_counts_who_at_the_table_has_not_voted(alice, open_round, issues, voters):
    services.ballot_cast(
        actor=alice,
        round=open_round,
        person=voters["ana"],
        ratings=ratings(issues, (4, 4), (4, 4), (1, 1)),
    )
    results = selectors.round_results(open_round)
    assert results.participation["voters"] == 1
    assert results.participation["at_the_table"] == 3
    assert [v.person.name for v in results.voters if not v.voted] == ["Ben Ode", "Cy Lane"]


def test_the_consensus_is_recorded_as_a_decision_and_issues_become_priorities(
    alice, open_round, issues, voters
):
    services.ballot_cast(
        actor=alice,
        round=open_round,
        person=voters["ana"],
        ratings=ratings(issues, (5, 5), (4, 4), (1, 1)),
    )
    services.round_close(actor=alice, round=open_round)
    decision = services.round_record_consensus(
        actor=alice, round=open_round, chosen_issues=issues[:2], consensus=""
    )
    assert isinstance(decision, Decision)
    assert issues[0].title in decision.text
    open_round.refresh_from_db()
    assert open_round.decision == decision
    assert set(open_round.chosen_issues.all()) == set(issues[:2])
    issues[0].refresh_from_db()
    assert issues[0].status == IssueStatus.PRIORITISED
    assert list(issues[0].decisions.all()) == [decision]
    assert issues[2].status == IssueStatus.OPEN


def test_the_consensus_needs_a_closed_round(alice, open_round, issues):
    with pytest.raises(ValidationError, match="Close the round"):
        services.round_record_consensus(
            actor=alice, round=open_round, chosen_issues=issues[:1], consensus="x"
        )


def test_rounds_are_kept_and_compared(alice, partnership, open_round, issues, voters):
    services.ballot_cast(
        actor=alice,
        round=open_round,
        person=voters["ana"],
        ratings=ratings(issues, (5, 5), (2, 2), (1, 1)),
    )
    services.round_close(actor=alice, round=open_round)
    second = services.round_open(
        actor=alice, partnership=partnership, title="Six months on", issues=issues[1:]
    )
    services.ballot_cast(
        actor=alice,
        round=second,
        person=voters["ben"],
        ratings={issues[1].pk: (5, 5), issues[2].pk: (3, 3)},
    )
    comparison = selectors.rounds_compare(partnership)
    assert [r.title for r in comparison.rounds] == ["Kick-off priorities", "Six months on"]
    rows = {issue.title: cells for issue, cells in comparison.rows}
    assert rows[issues[0].title][0].rank == 1 and rows[issues[0].title][1] is None
    assert rows[issues[1].title][1].rank == 1
