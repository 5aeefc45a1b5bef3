"""The linked logic model: activities linked to the issue they address, to what they lead
to and to the goals and benchmarks that measure them; the page flags an activity that
leads nowhere and an outcome nothing leads to, and lists every link it draws."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from convenor.partnerships.services import partnership_create
from convenor.planning.direction import services
from convenor.planning.direction.links import linked_logic_model
from convenor.planning.direction.selectors import logic_model
from convenor.planning.models import LogicColumn
from convenor.planning.plan import services as plan


@pytest.fixture
def model(alice, partnership, issues):
    def add(column, text, **links):
        return services.logic_entry_create(
            actor=alice, partnership=partnership, column=column, text=text, **links
        )

    ps = plan.problem_statement_create(actor=alice, issue=issues[0], problem="Too few CNC hands.")
    goal = plan.goal_create(
        actor=alice, partnership=partnership, title="Fill CNC jobs locally", problem_statement=ps
    )
    bench = plan.benchmark_create(
        actor=alice,
        goal=goal,
        indicator="Completers hired",
        baseline_value=Decimal(12),
        baseline_on=dt.date(2026, 1, 1),
        target_value=Decimal(60),
        target_on=dt.date(2027, 12, 31),
    )
    hired = add(LogicColumn.SHORT, "Completers hired by partners")
    quits = add(LogicColumn.SHORT, "Fewer early quits")
    completers = add(LogicColumn.OUTPUTS, "60 completers a year", leads_to=[hired])
    cert = add(
        LogicColumn.ACTIVITIES,
        "Evening CNC certificate",
        issue=issues[0],
        leads_to=[completers],
        goals=[goal],
        benchmarks=[bench],
    )
    buddies = add(LogicColumn.ACTIVITIES, "Onboarding buddies", problem_statement=ps)
    return {"cert": cert, "buddies": buddies, "quits": quits, "hired": hired, "goal": goal}


def test_an_activity_leading_nowhere_and_an_unreached_outcome_are_flagged(partnership, model):
    linked = linked_logic_model(logic_model(partnership))
    codes = {(f.code, f.evidence["entry"]) for f in linked.findings}
    assert ("logic.activity_leads_nowhere", model["buddies"].pk) in codes
    assert ("logic.outcome_unreached", model["quits"].pk) in codes
    # Linked and measured: the certificate and the outcome it reaches are not flagged.
    assert not {pk for _, pk in codes} & {model["cert"].pk, model["hired"].pk}
    assert len(linked.links) == 2


def test_an_activity_measured_by_a_goal_leads_somewhere(alice, partnership, model):
    services.logic_entry_update(
        actor=alice,
        entry=model["buddies"],
        changes={"goals": [model["goal"]]},
        expected_version=None,
    )
    linked = linked_logic_model(logic_model(partnership))
    assert "logic.activity_leads_nowhere" not in {f.code for f in linked.findings}


def test_an_activity_addressing_nothing_is_noted(alice, partnership):
    services.logic_entry_create(
        actor=alice, partnership=partnership, column=LogicColumn.ACTIVITIES, text="Job fair"
    )
    finding = linked_logic_model(logic_model(partnership)).findings
    assert "not linked to the issue or problem statement" in " ".join(f.reason for f in finding)


def test_an_entry_leads_only_to_a_column_on_its_right(alice, partnership, model):
    with pytest.raises(ValidationError, match="can only lead to a column on its right"):
        services.logic_entry_update(
            actor=alice,
            entry=model["hired"],
            changes={"leads_to": [model["cert"]]},
            expected_version=None,
        )


def test_an_entry_cannot_move_left_of_what_leads_to_it(alice, partnership, model):
    with pytest.raises(ValidationError, match="cannot move to Inputs"):
        services.logic_entry_update(
            actor=alice,
            entry=model["hired"],
            changes={"column": LogicColumn.INPUTS},
            expected_version=None,
        )


def test_links_to_another_partnership_are_refused(alice, workspace, partnership, model):
    other = partnership_create(actor=alice, workspace=workspace, name="Logistics Council")
    with pytest.raises(ValidationError, match="not in this partnership"):
        services.logic_entry_create(
            actor=alice,
            partnership=other,
            column=LogicColumn.ACTIVITIES,
            text="Borrowed",
            leads_to=[model["hired"]],
        )


def test_the_page_shows_the_findings_and_lists_each_link(sam, partnership, model, client_for):
    page = client_for(sam).get(f"/p/{partnership.pk}/plan/logic-model/").content.decode()
    assert "The activity “Onboarding buddies” leads to no output or outcome" in page
    assert "Nothing in the logic model leads to the short-term outcomes “Fewer early quits”" in page
    assert '<span class="badge" id="lm-link-count">2</span>' in page
    assert "“Evening CNC certificate” leads to outputs “60 completers a year”" in page
    assert f'id="lm-{model["cert"].pk}" data-leads-to="' in page
    assert "Measured by: Fill CNC jobs locally; Completers hired" in page


def test_links_are_set_on_the_entry_form(sam, partnership, model, client_for):
    client = client_for(sam)
    buddies, quits = model["buddies"], model["quits"]
    response = client.post(
        f"/p/{partnership.pk}/plan/logic-model/{buddies.pk}/edit/",
        {
            "column": "activities",
            "text": buddies.text,
            "leads_to": [quits.pk],
            "version": buddies.version,
        },
    )
    assert response.status_code == 302
    assert list(buddies.leads_to.all()) == [quits]
    linked = linked_logic_model(logic_model(partnership))
    assert not [f for f in linked.findings if f.code != "logic.activity_addresses_nothing"]
