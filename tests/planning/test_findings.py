"""Each planning rule: one test where it fires, one where it does not."""

from __future__ import annotations

import datetime as dt

from convenor.planning import services
from convenor.planning.models import EffortKind, IssueStatus
from convenor.planning.plan import findings, selectors
from convenor.planning.resources.findings import resource_findings
from tests.planning import factories


def _codes(items):
    return [f.code for f in items]


def test_an_issue_raised_by_one_employer_is_flagged(alice, partnership, issues, employers):
    p = factories.person(partnership, "Ana", employers[0])
    services.issue_update(
        actor=alice,
        issue=issues[0],
        changes={"touches": [factories.touch(partnership, [p], [])]},
        expected_version=None,
    )
    chain = selectors.plan_chain(partnership)
    flagged = [f for f in findings.issue_findings(chain) if f.code == "planning.issue_one_employer"]
    assert {f.evidence["issue_id"] for f in flagged} == {i.pk for i in issues}
    assert "raised by 1 employer in" in next(
        f.reason for f in flagged if f.evidence["issue_id"] == issues[0].pk
    )


def test_an_issue_raised_by_two_employers_is_not_flagged(alice, partnership, issues, employers):
    people = [
        factories.person(partnership, n, o)
        for n, o in (("Ana", employers[0]), ("Ben", employers[1]))
    ]
    services.issue_update(
        actor=alice,
        issue=issues[0],
        changes={"touches": [factories.touch(partnership, people, [])]},
        expected_version=None,
    )
    flagged = findings.issue_findings(selectors.plan_chain(partnership))
    assert issues[0].pk not in {f.evidence["issue_id"] for f in flagged}


def test_a_priority_without_a_problem_statement_is_flagged_until_one_is_written(
    alice, partnership, issues
):
    services.issue_update(
        actor=alice,
        issue=issues[0],
        changes={"status": IssueStatus.PRIORITISED},
        expected_version=None,
    )
    assert "planning.priority_without_problem_statement" in _codes(
        findings.issue_findings(selectors.plan_chain(partnership))
    )
    services.problem_statement_create(actor=alice, issue=issues[0], problem="p")
    assert "planning.priority_without_problem_statement" not in _codes(
        findings.issue_findings(selectors.plan_chain(partnership))
    )


def test_a_problem_without_a_why_is_flagged_until_asked(alice, partnership, issues):
    ps = services.problem_statement_create(actor=alice, issue=issues[0], problem="p")
    assert _codes(findings.root_cause_findings(selectors.plan_chain(partnership))) == [
        "planning.no_root_cause"
    ]
    services.why_step_add(actor=alice, problem_statement=ps, because="b")
    assert findings.root_cause_findings(selectors.plan_chain(partnership)) == []


def test_a_solution_without_a_problem_is_flagged_with_the_seeds_words(alice, partnership, issues):
    loose = services.solution_create(
        actor=alice, partnership=partnership, title="Market the program"
    )
    [f] = findings.solution_findings([loose])
    assert "Here's the solution. Do you have our problem?" in f.reason
    ps = services.problem_statement_create(actor=alice, issue=issues[0], problem="p")
    tied = services.solution_create(
        actor=alice, partnership=partnership, title="t", problem_statement=ps
    )
    assert findings.solution_findings([tied]) == []


def test_an_existing_program_not_on_the_resource_map_is_flagged(alice, partnership, issues):
    kwargs = dict(
        kind=EffortKind.EXISTS,
        who="Columbus State",
        when="for years",
        what_happened="Runs a CNC course",
    )
    effort = services.past_effort_create(actor=alice, issue=issues[0], **kwargs)
    assert _codes(findings.effort_findings([effort])) == ["planning.existing_effort_not_mapped"]
    resource = services.resource_create(actor=alice, partnership=partnership, name="CNC course")
    mapped = services.past_effort_create(actor=alice, issue=issues[0], resource=resource, **kwargs)
    assert findings.effort_findings([mapped]) == []


def test_we_tried_that_before_needs_the_reason_it_did_not_work(alice, issues):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Ask why it did not work"):
        services.past_effort_create(
            actor=alice,
            issue=issues[0],
            kind=EffortKind.TRIED_BEFORE,
            who="The board",
            when="2015",
            what_happened="A curriculum",
        )


def test_a_resource_not_reviewed_for_a_year_is_flagged(alice, partnership):
    today = dt.date(2026, 6, 1)
    old = services.resource_create(
        actor=alice, partnership=partnership, name="Old", last_reviewed_on=dt.date(2025, 1, 1)
    )
    fresh = services.resource_create(
        actor=alice, partnership=partnership, name="Fresh", last_reviewed_on=dt.date(2026, 3, 1)
    )
    assert [f.evidence["resource_id"] for f in resource_findings([old, fresh], today)] == [old.pk]
