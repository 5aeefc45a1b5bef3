from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from convenor.meetings.models import ActionStatus
from convenor.meetings.services import decision_create
from convenor.planning.models import BenchmarkResult
from convenor.planning.plan import selectors, services
from tests.planning import factories


@pytest.fixture
def goal(alice, partnership, issues):
    ps = services.problem_statement_create(
        actor=alice, issue=issues[0], problem="Too few CNC operators."
    )
    return services.goal_create(
        actor=alice,
        partnership=partnership,
        title="Fill CNC operator jobs locally",
        problem_statement=ps,
    )


@pytest.fixture
def benchmark(alice, goal):
    return services.benchmark_create(
        actor=alice,
        goal=goal,
        indicator="Certificate completers hired by partners",
        unit="people",
        baseline_value=Decimal("12"),
        baseline_on=dt.date(2026, 1, 1),
        target_value=Decimal("60"),
        target_on=dt.date(2027, 12, 31),
    )


def test_a_benchmark_target_date_must_follow_its_baseline(alice, goal):
    with pytest.raises(ValidationError, match="target date must come after"):
        services.benchmark_create(
            actor=alice,
            goal=goal,
            indicator="x",
            baseline_value=1,
            baseline_on=dt.date(2026, 1, 1),
            target_value=2,
            target_on=dt.date(2025, 1, 1),
        )


def test_results_are_recorded_per_period_and_show_progress(alice, benchmark):
    services.benchmark_result_record(
        actor=alice, benchmark=benchmark, period_end=dt.date(2026, 6, 30), value=20
    )
    services.benchmark_result_record(
        actor=alice, benchmark=benchmark, period_end=dt.date(2026, 12, 31), value=36
    )
    progress = selectors.benchmark_progress(benchmark)
    assert progress.latest.value == Decimal("36")
    assert progress.percent == 50
    assert progress.on_track is True


def test_a_second_result_for_a_period_replaces_the_first(alice, benchmark):
    services.benchmark_result_record(
        actor=alice, benchmark=benchmark, period_end=dt.date(2026, 6, 30), value=20
    )
    services.benchmark_result_record(
        actor=alice, benchmark=benchmark, period_end=dt.date(2026, 6, 30), value=22
    )
    assert [r.value for r in benchmark.results.all()] == [Decimal("22")]


@pytest.mark.parametrize("when", [dt.date(2025, 12, 31), dt.date(2028, 1, 1)])
def test_a_result_outside_the_benchmarks_span_is_refused_and_nothing_is_lost(
    alice, benchmark, when
):
    services.benchmark_result_record(
        actor=alice, benchmark=benchmark, period_end=dt.date(2026, 6, 30), value=20
    )
    with pytest.raises(ValidationError) as exc:
        services.benchmark_result_record(
            actor=alice, benchmark=benchmark, period_end=when, value=99
        )
    assert "outside this benchmark's span (2026-01-01 to 2027-12-31)" in str(exc.value)
    assert list(BenchmarkResult.objects.values_list("value", flat=True)) == [Decimal("20")]


def test_a_new_span_that_would_strand_results_is_refused(alice, benchmark):
    services.benchmark_result_record(
        actor=alice, benchmark=benchmark, period_end=dt.date(2026, 6, 30), value=20
    )
    with pytest.raises(ValidationError, match="outside the new span"):
        services.benchmark_update(
            actor=alice,
            benchmark=benchmark,
            changes={"baseline_on": dt.date(2026, 9, 1)},
            expected_version=benchmark.version,
        )
    benchmark.refresh_from_db()
    assert benchmark.baseline_on == dt.date(2026, 1, 1)


def test_an_action_step_links_back_to_the_decision_that_created_it(
    alice, partnership, goal, benchmark
):
    owner = factories.person(partnership, "Ana Ruiz")
    step = services.action_step_create(
        actor=alice,
        goal=goal,
        title="Sign up ten employers for work-based learning",
        owner=owner,
        due_on=dt.date(2026, 9, 30),
        new_decision="Pilot a youth apprenticeship with ten employers.",
        benchmarks=[benchmark],
    )
    assert step.decision.text == "Pilot a youth apprenticeship with ten employers."
    assert list(goal.action_items.all()) == [step]
    assert list(goal.decisions.all()) == [step.decision]
    assert list(benchmark.action_items.all()) == [step]
    assert goal.version == 1  # linking a step is not an edit of the goal


def test_the_chain_is_navigable_from_the_decision_back_to_the_issue(alice, goal, benchmark, issues):
    step = services.action_step_create(
        actor=alice,
        goal=goal,
        title="Recruit employers",
        new_decision="Pilot it.",
        benchmarks=[benchmark],
    )
    trace = selectors.decision_trace(step.decision)
    assert trace.action_items == [step]
    assert trace.benchmarks == [benchmark]
    assert trace.goals == [goal]
    assert trace.problem_statements == [goal.problem_statement]
    assert trace.issues == [issues[0]]


def test_the_chain_is_navigable_from_the_issue_down(alice, partnership, goal, benchmark, issues):
    step = services.action_step_create(
        actor=alice, goal=goal, title="Recruit employers", new_decision="Pilot it."
    )
    chain = selectors.plan_chain(partnership)
    ci = next(c for c in chain.issues if c.issue == issues[0])
    g = ci.problems[0].goals[0]
    assert g == goal
    assert list(g.benchmarks.all()) == [benchmark]
    assert [s.decision for s in g.action_items.all()] == [step.decision]


def test_a_step_marked_done_records_when(alice, goal):
    step = services.action_step_create(actor=alice, goal=goal, title="Recruit employers")
    done = services.action_step_update(
        actor=alice,
        goal=goal,
        item=step,
        changes={"status": ActionStatus.DONE},
        expected_version=step.version,
    )
    assert done.completed_on is not None
    reopened = services.action_step_update(
        actor=alice,
        goal=goal,
        item=done,
        changes={"status": ActionStatus.OPEN},
        expected_version=done.version,
    )
    assert reopened.completed_on is None


def test_a_step_cannot_name_a_decision_and_a_new_one(alice, partnership, goal):

    d = decision_create(
        actor=alice, partnership=partnership, text="x", decided_on=dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError, match="not both"):
        services.action_step_create(actor=alice, goal=goal, title="t", decision=d, new_decision="y")
