from __future__ import annotations

import csv
import io

from convenor.assessment import services
from convenor.assessment.models import LifecycleMove, ReadinessAnswer
from convenor.partnerships.models import Partnership
from convenor.partnerships.services import partnership_create
from tests.assessment import spine


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_guide_comes_first_on_the_partnership_page(client_for, vic, partnership):
    html = page(client_for(vic), f"/p/{partnership.pk}/")
    panels = html[html.index("</hgroup>") :]
    first = panels[panels.index("<section") :]
    assert first.startswith('<section aria-labelledby="guide-h" id="guide-panel"')
    assert "Regional needs assessment" in first


def test_the_guide_names_the_next_action_with_a_link(client_for, alice, partnership):
    html = page(client_for(alice), f"/p/{partnership.pk}/guide/")
    assert 'data-step="needs_assessment"' in html
    assert 'aria-current="step"' in html
    # the target industry is set by the fixture, no employer was heard yet
    assert "Talk to employers of the industry one-on-one" in html


def test_the_readiness_page_shows_the_questions_answers_data_and_score(
    client_for, alice, partnership
):
    services.readiness_answer_save(
        actor=alice,
        partnership=partnership,
        question="intermediary",
        status="yes",
        evidence="https://example.org/board-minutes",
    )
    html = page(client_for(alice), f"/p/{partnership.pk}/readiness/")
    assert "Is there clarity about the challenge to be solved?" in html
    assert "What dialogue has occurred with employers in the industry?" in html
    assert 'id="readiness-score"' in html
    assert '<a href="https://example.org/board-minutes"' in html
    assert "staff answered yes, but the data does not show it yet" in html


def test_staff_answer_a_question(client_for, sam, partnership):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/readiness/challenge/",
        {"status": "partly", "answer": "Two hospitals raised it.", "evidence": "notes"},
    )
    assert response.status_code == 302
    assert ReadinessAnswer.objects.get().answer == "Two hospitals raised it."


def test_an_unknown_question_is_not_found(client_for, sam, partnership):
    assert client_for(sam).get(f"/p/{partnership.pk}/readiness/vibes/").status_code == 404


def test_the_move_page_lists_what_is_unmet_and_a_reason_lets_it_through(
    client_for, sam, partnership
):
    client = client_for(sam)
    html = page(client, f"/p/{partnership.pk}/life-cycle/move/?to=convening")
    assert 'id="unmet-criteria"' in html and "A challenge identified" in html
    form = {"to_stage": "convening", "version": partnership.version, "moved_on": "2026-03-01"}
    refused = client.post(f"/p/{partnership.pk}/life-cycle/move/", form)
    assert refused.status_code == 422
    assert "Move anyway only with a reason" in refused.content.decode()
    done = client.post(
        f"/p/{partnership.pk}/life-cycle/move/", {**form, "reason": "Employers asked to start."}
    )
    assert done.status_code == 302
    assert Partnership.objects.get().stage == "convening"
    html = page(client, f"/p/{partnership.pk}/life-cycle/")
    assert "Moved with 2 unmet criteria" in html


def test_a_stale_move_is_refused_with_who_changed_it(client_for, alice, sam, partnership):
    from convenor.partnerships.services import partnership_update

    partnership_update(
        actor=alice, partnership=partnership, changes={"region": "Ohio"}, expected_version=1
    )
    response = client_for(sam).post(
        f"/p/{partnership.pk}/life-cycle/move/",
        {"to_stage": "convening", "version": 1, "moved_on": "2026-03-01", "reason": "x"},
    )
    assert response.status_code == 409
    assert not LifecycleMove.objects.exists()


def test_group_phases_are_noted_over_time(client_for, sam, partnership):
    client = client_for(sam)
    client.post(
        f"/p/{partnership.pk}/life-cycle/phases/new/",
        {"phase": "forming", "noted_on": "2026-01-10", "note": "First call."},
    )
    client.post(
        f"/p/{partnership.pk}/life-cycle/phases/new/",
        {"phase": "storming", "noted_on": "2026-02-10", "note": "Money."},
    )
    html = page(client, f"/p/{partnership.pk}/life-cycle/")
    assert "Group phase: Storming" in html
    assert "First call." in html and "Money." in html


def test_the_timeline_has_stages_meetings_decisions_conveners_and_phases(
    client_for, alice, partnership
):
    from convenor.intermediaries.services import convener_change

    board = spine.org(partnership, "Franklin County WDB", "workforce_system")
    convener_change(
        actor=alice,
        partnership=partnership,
        convener=board,
        started_on=partnership.created_at.date(),
        reason="Ran the assessment.",
    )
    spine.meeting(partnership, days_ago=0, kickoff=True, title="Kick-off")
    services.phase_note_create(
        actor=alice,
        partnership=partnership,
        phase="forming",
        noted_on=partnership.created_at.date(),
    )
    services.stage_move(
        actor=alice,
        partnership=partnership,
        to_stage="convening",
        expected_version=partnership.version,
        reason="Start.",
    )
    html = page(client_for(alice), f"/p/{partnership.pk}/timeline/")
    for kind in ("stage", "meeting", "decision", "convener", "phase"):
        assert f'class="event-{kind}"' in html, kind
    assert "Kick-off (kick-off)" in html
    assert 'data-vega-for="timeline-chart"' in html


def test_a_new_partnership_has_a_timeline_with_its_start(client_for, vic, partnership):
    html = page(client_for(vic), f"/p/{partnership.pk}/timeline/")
    assert "Partnership started" in html


def test_the_health_page_has_its_warnings_and_charts(client_for, vic, partnership):
    _o, ceo = spine.employer_at_table(partnership, "Acme")
    m = spine.meeting(partnership, days_ago=100, kickoff=True)
    spine.attend(m, [ceo])
    spine.action(partnership, due_in=-4)
    spine.touch(partnership, [ceo])
    spine.goal_with_benchmark(partnership, results=[(1, 11)])
    html = page(client_for(vic), f"/p/{partnership.pk}/health/")
    assert "1 action item overdue of 1 open." in html
    for chart in (
        "attendance-chart",
        "share-chart",
        "touches-chart",
        "actions-chart",
        "benchmarks-chart",
    ):
        assert f'data-vega-for="{chart}"' in html, chart


def test_the_health_page_says_not_started_and_reads_a_rise_as_a_rise(client_for, vic, partnership):
    html = page(client_for(vic), f"/p/{partnership.pk}/health/")
    assert 'id="health-status"' in html and "Not started" in html
    _o, ceo = spine.employer_at_table(partnership, "Acme")
    _o2, cfo = spine.employer_at_table(partnership, "Beta Tools")
    spine.attend(spine.meeting(partnership, days_ago=60, kickoff=True), [ceo])
    spine.attend(spine.meeting(partnership, days_ago=30), [ceo, cfo])
    html = page(client_for(vic), f"/p/{partnership.pk}/health/")
    assert 'id="health-status"' not in html
    change = html[html.index('id="kickoff-change"') :]
    assert change.split("</dd>")[0].endswith("Rose 100% (1 at the kick-off, 2.0 on average since)")
    assert "-100%" not in change.split("</dd>")[0]


def test_the_self_check_lists_every_pitfall(client_for, vic, partnership, workspace, alice):
    partnership_create(
        actor=alice,
        workspace=workspace,
        name="Health Works",
        industry_naics="621",
        region="Franklin County, OH",
    )
    html = page(client_for(vic), f"/p/{partnership.pk}/self-check/")
    assert html.count('data-code="selfcheck.') == 6
    assert "Health Works already works on the same industry in the same region" in html


def _many_partnerships(workspace, alice, n):
    for i in range(n):
        p = partnership_create(
            actor=alice,
            workspace=workspace,
            name=f"Partnership {i:02}",
            industry_naics="62",
            stage=["needs_assessment", "planning"][i % 2],
        )
        _, ceo = spine.employer_at_table(p, f"Employer {i}", champion=i % 3 == 0)
        m = spine.meeting(p, days_ago=10 + i * 10)
        spine.attend(m, [ceo])
        spine.action(p, due_in=-i)
        spine.touch(p, [ceo], challenges=["turnover"])


def test_the_overview_runs_a_bounded_number_of_queries(
    client_for, alice, workspace, django_assert_max_num_queries
):
    _many_partnerships(workspace, alice, 12)
    client = client_for(alice)
    with django_assert_max_num_queries(30):  # 29 with 1 partnership or 12
        html = page(client, f"/w/{workspace.slug}/overview/")
    assert html.count("<tr>") == 13  # header + 12 partnerships


def test_the_overview_sorts_by_any_column(client_for, alice, workspace):
    _many_partnerships(workspace, alice, 3)
    client = client_for(alice)
    html = page(client, f"/w/{workspace.slug}/overview/?sort=activity&dir=desc")
    # the most recent meeting is that of Partnership 00
    assert html.index("Partnership 00") < html.index("Partnership 02")
    html = page(client, f"/w/{workspace.slug}/overview/?sort=stage")
    assert html.index("Partnership 00") < html.index("Partnership 01")
    assert 'aria-sort="ascending"' in html


def test_the_overview_exports_csv_with_the_same_rows(client_for, vic, alice, workspace):
    _many_partnerships(workspace, alice, 2)
    partnership_create(actor=alice, workspace=workspace, name="=HYPERLINK(1)")
    response = client_for(vic).get(f"/w/{workspace.slug}/overview.csv?sort=name")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["partnership", "industry", "region", "stage"]
    names = [r[0] for r in rows[1:]]
    assert names == ["'=HYPERLINK(1)", "Partnership 00", "Partnership 01"]
    assert rows[2][3] == "Regional needs assessment"


def test_a_partner_cannot_see_the_workspace_overview(client_for, pat, workspace):
    assert client_for(pat).get(f"/w/{workspace.slug}/overview/").status_code == 404
    assert client_for(pat).get(f"/w/{workspace.slug}/overview.csv").status_code == 404


def test_an_answer_is_edited_in_place_with_htmx(client_for, sam, partnership):
    client = client_for(sam)
    url = f"/p/{partnership.pk}/readiness/challenge/"
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert form.startswith('<article id="q-challenge"') and 'hx-post="' + url in form
    invalid = client.post(url, {"status": "maybe"}, headers={"HX-Request": "true"})
    assert invalid.status_code == 200 and 'class="error"' in invalid.content.decode()
    card = client.post(
        url,
        {"status": "yes", "answer": "Shared by five employers."},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert card.startswith('<article id="q-challenge"')
    assert "Shared by five employers." in card and "What the data says" in card


def test_a_move_that_skips_a_stage_says_why_on_the_form(client_for, sam, partnership):
    response = client_for(sam).post(
        f"/p/{partnership.pk}/life-cycle/move/",
        {
            "to_stage": "implementation",
            "version": partnership.version,
            "moved_on": "2026-03-01",
            "reason": "hurry",
        },
    )
    assert response.status_code == 422
    assert "can move to Convening" in response.content.decode()
