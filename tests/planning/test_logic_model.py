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
from convenor.workspaces.models import Workspace
from tests.planning.factories import api_as


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


# --- The links through the API -------------------------------------------------------


def _entries(columns) -> dict[str, dict]:
    return {e["text"]: e for c in columns for e in c["entries"]}


def test_the_api_reads_each_entrys_links(sam, partnership, issues, model):
    columns = api_as(sam)("get", f"/api/partnerships/{partnership.pk}/logic-model").json()
    by_text = _entries(columns)
    cert = by_text["Evening CNC certificate"]
    assert cert["leads_to_ids"] == [by_text["60 completers a year"]["id"]]
    assert cert["issue_id"] == issues[0].pk
    assert cert["goal_ids"] == [model["goal"].pk]
    assert len(cert["benchmark_ids"]) == 1
    assert by_text["60 completers a year"]["leads_to_ids"] == [model["hired"].pk]
    assert by_text["Fewer early quits"]["leads_to_ids"] == []
    assert by_text["Onboarding buddies"]["problem_statement_id"] is not None


def test_the_api_sets_links_under_the_version_check(sam, partnership, issues, model):
    api = api_as(sam)
    base = f"/api/partnerships/{partnership.pk}/logic-model"
    quits, hired = model["quits"], model["hired"]
    created = api(
        "post",
        base,
        {
            "column": "activities",
            "text": "Mentors on the floor",
            "issue_id": issues[1].pk,
            "leads_to_ids": [quits.pk, hired.pk],
            "goal_ids": [model["goal"].pk],
        },
    )
    assert created.status_code == 201, created.content
    entry = created.json()
    assert entry["leads_to_ids"] == sorted([quits.pk, hired.pk])
    assert entry["issue_id"] == issues[1].pk and entry["goal_ids"] == [model["goal"].pk]

    # A list sent replaces the old one; what is not sent is kept.
    changed = api(
        "patch", f"{base}/{entry['id']}", {"version": entry["version"], "leads_to_ids": [quits.pk]}
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["leads_to_ids"] == [quits.pk]
    assert changed.json()["goal_ids"] == [model["goal"].pk]
    assert list(quits.led_from.values_list("text", flat=True)) == ["Mentors on the floor"]

    # The version read before that change is stale: 409, and the links stay.
    stale = api("patch", f"{base}/{entry['id']}", {"version": entry["version"], "leads_to_ids": []})
    assert stale.status_code == 409
    assert list(quits.led_from.values_list("text", flat=True)) == ["Mentors on the floor"]

    # The services' rules hold: an outcome cannot lead back to an activity.
    backwards = api(
        "patch", f"{base}/{quits.pk}", {"version": quits.version, "leads_to_ids": [entry["id"]]}
    )
    assert backwards.status_code == 422
    assert "can only lead to a column on its right" in backwards.json()["detail"][0]["msg"]

    # Null clears the issue; an empty list clears the goals.
    cleared = api(
        "patch",
        f"{base}/{entry['id']}",
        {"version": changed.json()["version"], "issue_id": None, "goal_ids": []},
    ).json()
    assert cleared["issue_id"] is None and cleared["goal_ids"] == []
    assert cleared["leads_to_ids"] == [quits.pk]


def test_the_api_refuses_a_link_to_another_partnership_naming_the_id(
    alice, sam, workspace, partnership, model
):
    other = partnership_create(actor=alice, workspace=workspace, name="Logistics Council")
    theirs = services.logic_entry_create(
        actor=alice, partnership=other, column=LogicColumn.LONG, text="Their outcome"
    )
    their_goal = plan.goal_create(actor=alice, partnership=other, title="Their goal")
    api = api_as(sam)
    base = f"/api/partnerships/{partnership.pk}/logic-model"
    cert = model["cert"]
    read_at = cert.version
    for body in ({"leads_to_ids": [theirs.pk]}, {"goal_ids": [their_goal.pk]}):
        refused = api("patch", f"{base}/{cert.pk}", {"version": cert.version, **body})
        assert refused.status_code == 422
        [error] = refused.json()["detail"]
        [field] = body
        assert error["loc"] == ["body", field]
        assert str(body[field][0]) in error["msg"]
    added = api(
        "post", base, {"column": "outputs", "text": "Borrowed", "leads_to_ids": [theirs.pk]}
    )
    assert added.status_code == 422 and str(theirs.pk) in added.content.decode()
    cert.refresh_from_db()
    assert cert.version == read_at
    assert [e.text for e in cert.leads_to.all()] == ["60 completers a year"]
    assert not theirs.led_from.exists()
    assert not partnership.logic_model_entries.filter(text="Borrowed").exists()


def test_another_workspace_neither_reads_nor_links_the_model(sam, olga, partnership, model):
    cert = model["cert"]
    base = f"/api/partnerships/{partnership.pk}/logic-model"
    outsider = api_as(olga)
    assert outsider("get", base).status_code == 404
    assert (
        outsider("patch", f"{base}/{cert.pk}", {"version": cert.version, "leads_to_ids": []})
    ).status_code == 404
    assert [e.text for e in cert.leads_to.all()] == ["60 completers a year"]

    # Olga's own entry, in her workspace: from Sam's partnership it is unknown (422 naming
    # it), and Sam cannot reach it by its own path (404).
    [olga_ws] = Workspace.objects.filter(memberships__user=olga)
    hers = partnership_create(actor=olga, workspace=olga_ws, name="Other Council")
    her_entry = services.logic_entry_create(
        actor=olga, partnership=hers, column=LogicColumn.IMPACT, text="Her impact"
    )
    api = api_as(sam)
    refused = api(
        "patch", f"{base}/{cert.pk}", {"version": cert.version, "leads_to_ids": [her_entry.pk]}
    )
    assert refused.status_code == 422 and str(her_entry.pk) in refused.json()["detail"][0]["msg"]
    assert api("get", f"/api/partnerships/{hers.pk}/logic-model").status_code == 404
    reach = api(
        "patch",
        f"{base}/{her_entry.pk}",
        {"version": her_entry.version, "leads_to_ids": []},
    )
    assert reach.status_code == 404
    assert not her_entry.led_from.exists()
