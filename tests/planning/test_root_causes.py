from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from convenor.meetings.models import Decision
from convenor.partnerships.services import partnership_create
from convenor.planning.models import SolutionStatus, WhyStep
from convenor.planning.plan import selectors, services


@pytest.fixture
def problem(alice, issues):
    return services.problem_statement_create(
        actor=alice,
        issue=issues[0],
        problem="Manufacturers cannot find entry-level CNC operators.",
        impact="Fill 60 operator jobs a year from local programs.",
        strategy_categories=["training", "pipeline"],
    )


def _why(alice, problem, text, parent=None, agreed_in=None):
    return services.why_step_add(
        actor=alice, problem_statement=problem, because=text, parent=parent, agreed_in=agreed_in
    )


def _decision(partnership, text="The partners agree on the cause."):
    return Decision.objects.create(
        workspace_id=partnership.workspace_id,
        partnership=partnership,
        decided_on=dt.date(2026, 3, 1),
        text=text,
    )


def test_a_problem_statement_names_its_strategy_categories(problem):
    assert problem.strategy_labels == [
        "Training and curricula",
        "Recruitment and talent pipeline",
    ]


def test_why_steps_form_a_chain_down_to_the_root_cause(alice, problem):
    a = _why(alice, problem, "Few young people enter machining programs.")
    b = _why(alice, problem, "Schools dropped shop class.", parent=a)
    _why(alice, problem, "Parents see factories as dirty and unstable.", parent=a)
    flat = selectors.why_flat(list(problem.why_steps.all()))
    assert [(n.step.pk, n.depth) for n in flat][:2] == [(a.pk, 0), (b.pk, 1)]
    assert len(flat) == 3


def test_a_parent_that_closes_a_loop_is_refused_and_nothing_changes(alice, problem):
    a = _why(alice, problem, "Few young people enter machining programs.")
    b = _why(alice, problem, "Schools dropped shop class.", parent=a)
    c = _why(alice, problem, "Budgets went to test preparation.", parent=b)
    with pytest.raises(ValidationError) as exc:
        services.why_step_update(
            actor=alice, step=a, changes={"parent": c}, expected_version=a.version
        )
    assert "go in a circle" in str(exc.value)
    a.refresh_from_db()
    assert a.parent_id is None and a.version == 1


def test_a_step_cannot_answer_its_own_why(alice, problem):
    a = _why(alice, problem, "Few young people enter machining programs.")
    with pytest.raises(ValidationError, match="circle"):
        services.why_step_update(actor=alice, step=a, changes={"parent": a}, expected_version=None)


def test_an_answer_repeating_an_earlier_step_is_refused_as_a_loop(alice, problem):
    a = _why(alice, problem, "Few young people enter machining programs.")
    b = _why(alice, problem, "Schools dropped shop class.", parent=a)
    with pytest.raises(ValidationError, match="repeats an earlier step"):
        _why(alice, problem, "Because few young people enter machining programs", parent=b)
    with pytest.raises(ValidationError, match="repeats the problem itself"):
        _why(alice, problem, problem.problem, parent=b)
    assert WhyStep.objects.count() == 2


def test_deleting_a_step_moves_its_answers_up(alice, problem):
    a = _why(alice, problem, "Few young people enter machining programs.")
    b = _why(alice, problem, "Schools dropped shop class.", parent=a)
    services.why_step_delete(actor=alice, step=a)
    b.refresh_from_db()
    assert b.parent_id is None


def test_a_solution_with_no_problem_statement_cannot_be_chosen(alice, partnership):
    with pytest.raises(ValidationError) as exc:
        services.solution_create(
            actor=alice,
            partnership=partnership,
            title="Market the college's program",
            status=SolutionStatus.CHOSEN,
        )
    assert "Here's the solution. Do you have our problem?" in str(exc.value)


def test_a_solution_can_be_proposed_before_its_problem_but_not_adopted(alice, partnership, problem):
    s = services.solution_create(
        actor=alice, partnership=partnership, title="Market the college's program"
    )
    with pytest.raises(ValidationError, match="Do you have our problem"):
        services.solution_update(
            actor=alice,
            solution=s,
            changes={"status": SolutionStatus.CHOSEN},
            expected_version=s.version,
        )
    s.refresh_from_db()
    assert s.status == SolutionStatus.PROPOSED


def test_a_solution_is_chosen_only_after_asking_why(alice, partnership, problem):
    s = services.solution_create(
        actor=alice,
        partnership=partnership,
        title="Youth apprenticeship",
        problem_statement=problem,
    )
    with pytest.raises(ValidationError, match="Ask “why\\?” at least once"):
        services.solution_update(
            actor=alice,
            solution=s,
            changes={"status": SolutionStatus.CHOSEN},
            expected_version=s.version,
        )
    cause = _why(alice, problem, "Schools dropped shop class.", agreed_in=_decision(partnership))
    chosen = services.solution_update(
        actor=alice,
        solution=s,
        changes={"status": SolutionStatus.CHOSEN, "root_cause": cause},
        expected_version=s.version,
    )
    assert chosen.status == SolutionStatus.CHOSEN


def _choose(alice, partnership, problem, root_cause):
    return services.solution_create(
        actor=alice,
        partnership=partnership,
        title="Youth apprenticeship",
        problem_statement=problem,
        root_cause=root_cause,
        status=SolutionStatus.CHOSEN,
    )


def test_a_chosen_solution_names_the_why_step_it_targets(alice, partnership, problem):
    _why(alice, problem, "Schools dropped shop class.", agreed_in=_decision(partnership))
    with pytest.raises(ValidationError, match="Name the “why\\?” step this solution targets"):
        _choose(alice, partnership, problem, None)


def test_one_unagreed_why_does_not_unlock_choosing_a_solution(alice, partnership, problem):
    x = _why(alice, problem, "x")
    with pytest.raises(ValidationError, match="does not end in a cause the partners agreed"):
        _choose(alice, partnership, problem, x)
    assert not problem.solutions.exists()


def test_the_chain_must_end_in_the_agreed_cause(alice, partnership, problem):
    surface = _why(alice, problem, "Few students enrol in CNC programs.")
    # the partners agreed the surface, then asked why again: the chain now ends further down
    services.why_step_update(
        actor=alice,
        step=surface,
        changes={"agreed_in": _decision(partnership, "Few students enrol.")},
        expected_version=surface.version,
    )
    surface.refresh_from_db()
    deeper = _why(alice, problem, "Schools dropped shop class.", parent=surface)
    with pytest.raises(ValidationError, match="does not end in a cause the partners agreed"):
        _choose(alice, partnership, problem, surface)
    services.why_step_update(
        actor=alice,
        step=deeper,
        changes={"agreed_in": _decision(partnership, "Shop class is the root cause.")},
        expected_version=deeper.version,
    )
    deeper.refresh_from_db()
    assert _choose(alice, partnership, problem, deeper).status == SolutionStatus.CHOSEN
    # targeting the step above is fine too: its chain ends in the agreed cause
    assert _choose(alice, partnership, problem, surface).root_cause == surface


def test_a_cause_agreed_in_another_partnerships_decision_is_refused(
    alice, partnership, problem, workspace
):
    other = partnership_create(actor=alice, workspace=workspace, name="Other")
    with pytest.raises(ValidationError, match="another partnership"):
        _why(alice, problem, "Schools dropped shop class.", agreed_in=_decision(other))


def test_a_root_cause_must_come_from_the_solutions_own_problem(alice, partnership, problem, issues):
    other = services.problem_statement_create(
        actor=alice, issue=issues[1], problem="New hires leave."
    )
    cause = _why(alice, other, "Supervisors are not trained.")
    with pytest.raises(ValidationError, match="chain of this solution's problem statement"):
        services.solution_create(
            actor=alice,
            partnership=partnership,
            title="x",
            problem_statement=problem,
            root_cause=cause,
        )
