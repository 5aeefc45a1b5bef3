"""The decision log: recording, searching, filtering, exporting, and what each changed."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from convenor.audit.services import create
from convenor.meetings import services
from convenor.meetings.models import Decision
from convenor.outreach.models import Method, Touch
from tests.meetings.factories import meeting


@pytest.fixture
def log(partnership, alice, ceo, workspace):
    kickoff = meeting(partnership, alice, days=-30, title="Kick-off")
    one_on_one = create(
        actor=alice,
        instance=Touch(
            workspace=workspace,
            partnership=partnership,
            occurred_on=dt.date(2026, 2, 3),
            method=Method.ONE_ON_ONE,
            purpose="Retention at Riverside",
        ),
        m2m={"people": [ceo]},
    )
    decide = services.decision_create
    return {
        "apprenticeship": decide(
            actor=alice,
            partnership=partnership,
            text="Start a nursing assistant apprenticeship.",
            decided_on=dt.date(2026, 3, 1),
            decided_by="Employer partners",
            meeting=kickoff,
        ),
        "childcare": decide(
            actor=alice,
            partnership=partnership,
            text="=Ask the county about childcare vouchers.",
            decided_on=dt.date(2026, 2, 3),
            decided_by="Carla Ceo",
            touch=one_on_one,
        ),
        "cadence": decide(
            actor=alice,
            partnership=partnership,
            text="Meet every six weeks.",
            decided_on=dt.date(2026, 1, 10),
        ),
    }


def url(partnership, suffix="decisions/"):
    return f"/p/{partnership.pk}/{suffix}"


def texts(response):
    return [d.text for d in response.context["page"]]


def test_the_log_lists_every_decision_newest_first(
    partnership, alice, client_for, log, django_assert_max_num_queries
):
    client = client_for(alice)
    client.get(url(partnership))
    with django_assert_max_num_queries(12):
        response = client.get(url(partnership))
    assert texts(response) == [
        "Start a nursing assistant apprenticeship.",
        "=Ask the county about childcare vouchers.",
        "Meet every six weeks.",
    ]
    assert b"One-on-one conversation on 2026-02-03" in response.content


def test_the_log_is_searched_by_words_in_the_text_or_who_decided(
    partnership, alice, client_for, log
):
    client = client_for(alice)
    assert texts(client.get(url(partnership), {"q": "apprenticeship"})) == [
        "Start a nursing assistant apprenticeship."
    ]
    assert texts(client.get(url(partnership), {"q": "carla"})) == [
        "=Ask the county about childcare vouchers."
    ]


def test_the_log_is_filtered_by_where_and_when(partnership, alice, client_for, log):
    client = client_for(alice)
    assert texts(client.get(url(partnership), {"where": "touch"})) == [
        "=Ask the county about childcare vouchers."
    ]
    assert texts(client.get(url(partnership), {"where": "none"})) == ["Meet every six weeks."]
    assert texts(
        client.get(url(partnership), {"date_from": "2026-02-01", "date_to": "2026-02-28"})
    ) == ["=Ask the county about childcare vouchers."]
    kickoff = log["apprenticeship"].meeting
    assert len(texts(client.get(url(partnership), {"meeting": kickoff.pk}))) == 1


def test_filtering_with_htmx_returns_only_the_results(partnership, alice, client_for, log):
    response = client_for(alice).get(
        url(partnership), {"q": "weeks"}, headers={"HX-Request": "true"}
    )
    assert b"<html" not in response.content
    assert b'count">1</span> decision matches the filter' in response.content


def test_a_malformed_filter_shows_everything_instead_of_failing(
    partnership, alice, client_for, log
):
    response = client_for(alice).get(url(partnership), {"date_from": "2026-02-31"})
    assert response.status_code == 200
    assert len(texts(response)) == 3


def test_the_log_exports_as_csv_with_the_same_filter(partnership, alice, client_for, log):
    response = client_for(alice).get(url(partnership, "decisions.csv"), {"where": "touch"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["decided_on"] == "2026-02-03"
    assert row["where"] == "one-on-one"
    assert row["text"] == "'=Ask the county about childcare vouchers."  # no formula


def test_the_full_export_names_the_meeting_of_each_decision(partnership, alice, client_for, log):
    response = client_for(alice).get(url(partnership, "decisions.csv"))
    rows = {r["text"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["Start a nursing assistant apprenticeship."]["meeting"] == "Kick-off"


def test_the_decision_page_shows_where_it_was_made_and_what_it_changed(
    partnership, alice, client_for, log, workspace
):
    from convenor.planning.models import Issue

    decision = log["childcare"]
    issue = create(
        actor=alice,
        instance=Issue(
            workspace=workspace, partnership=partnership, title="Childcare", challenge="other"
        ),
    )
    issue.decisions.add(decision)
    services.action_item_create(
        actor=alice, partnership=partnership, title="Call the county", decision=decision
    )
    content = client_for(alice).get(url(partnership, f"decisions/{decision.pk}/")).content.decode()
    assert "In a one-on-one conversation on 2026-02-03 with Carla Ceo" in content
    assert "Childcare" in content
    assert "Call the county" in content
    export = client_for(alice).get(url(partnership, "decisions.csv"), {"where": "touch"})
    (row,) = csv.DictReader(io.StringIO(export.content.decode()))
    assert (row["issues"], row["action_items"]) == ("Childcare", "1")


def test_a_decision_is_recorded_from_the_meeting_page_and_returns_there(
    partnership, alice, client_for, log
):
    kickoff = log["apprenticeship"].meeting
    response = client_for(alice).post(
        url(partnership, "decisions/new/"),
        {
            "text": "Name the effort 'Healthcare Careers Council'.",
            "decided_on": "2026-03-01",
            "decided_by": "All partners",
            "meeting": kickoff.pk,
            "next": kickoff.get_absolute_url() + "#decisions",
        },
    )
    assert response["Location"] == kickoff.get_absolute_url() + "#decisions"
    assert kickoff.decisions.count() == 2


def test_a_decision_linked_to_a_meeting_of_another_partnership_is_refused_on_the_page(
    partnership, alice, client_for, workspace
):
    from convenor.partnerships.services import partnership_create

    other = partnership_create(actor=alice, workspace=workspace, name="Logistics")
    foreign = meeting(other, alice, title="Logistics kick-off")
    response = client_for(alice).post(
        url(partnership, "decisions/new/"),
        {"text": "x", "decided_on": "2026-03-01", "meeting": foreign.pk},
    )
    assert response.status_code == 422
    assert b"That meeting is not one of this partnership&#x27;s." in response.content
    assert not Decision.objects.exists()


def test_a_decision_made_both_at_a_meeting_and_in_a_one_on_one_is_refused(
    partnership, alice, client_for, log
):
    response = client_for(alice).post(
        url(partnership, "decisions/new/"),
        {
            "text": "x",
            "decided_on": "2026-03-01",
            "meeting": log["apprenticeship"].meeting_id,
            "touch": log["childcare"].touch_id,
        },
    )
    assert response.status_code == 422
    assert b"not both" in response.content


def test_a_decision_is_edited_at_its_version_and_deleted(partnership, alice, client_for, log):
    decision = log["cadence"]
    client = client_for(alice)
    response = client.post(
        url(partnership, f"decisions/{decision.pk}/edit/"),
        {"text": "Meet every eight weeks.", "decided_on": "2026-01-10", "version": 1},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.text, decision.version) == ("Meet every eight weeks.", 2)
    stale = client.post(
        url(partnership, f"decisions/{decision.pk}/edit/"),
        {"text": "Meet monthly.", "decided_on": "2026-01-10", "version": 1},
    )
    assert stale.status_code == 409
    client.post(url(partnership, f"decisions/{decision.pk}/delete/"))
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_the_decision_form_links_the_issues_it_changed(partnership, alice, client_for, workspace):
    from convenor.planning.models import Issue

    issue = create(
        actor=alice,
        instance=Issue(
            workspace=workspace, partnership=partnership, title="Retention", challenge="turnover"
        ),
    )
    client = client_for(alice)
    assert b"Issues it changed" in client.get(url(partnership, "decisions/new/")).content
    client.post(
        url(partnership, "decisions/new/"),
        {"text": "Work on retention first.", "decided_on": "2026-03-01", "issues": [issue.pk]},
    )
    assert list(Decision.objects.get().issues.all()) == [issue]
