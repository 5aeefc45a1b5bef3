"""The challenges heard and the outreach panel at two sizes: the same queries for 30
touches and for 1,500, and the same numbers as counting the log itself.

The workspaces come from the seeded generator of the partner scale tests
(``convenor.partners.scale``), small enough to build per test.
"""

from __future__ import annotations

import datetime as dt
from statistics import fmean

import pytest
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from convenor.outreach import selectors, services
from convenor.outreach.models import Method, Touch
from convenor.outreach.panels import partnership_panel
from convenor.partners import services as partners
from convenor.partners.models import Category
from convenor.partners.scale import build_scale_workspace
from convenor.partnerships.models import Partnership
from convenor.workspaces.access import object_for
from convenor.workspaces.models import Role
from tests.conftest import add_member, make_user

# Measured: session, user, partnership, membership and its partnerships, then the
# challenge totals, the employers per challenge and (for staff) the first names.
CHALLENGES_PAGE_MAX = 8
PARTNER_CHALLENGES_PAGE_MAX = 7  # no names
# Challenge totals, employers per challenge, follow-up summary; then the uncoordinated
# asks (outreach.selectors.coordination): the partnership's employers from members,
# challenges heard, touched organisations and touched people (4), and the window's touches
# by partner organisations, direct and through people (2). The same at 30 and 1,500.
PANEL_MAX = 9
API_MAX = 7

SIZES = {
    "30 touches": {"people": 40, "organisations": 20, "touches": 30},
    "1,500 touches": {"people": 600, "organisations": 300, "touches": 1500},
}


@pytest.fixture(params=list(SIZES))
def built(request, alice):
    return build_scale_workspace(
        owner=alice, members=20, relationships=20, partnerships=2, **SIZES[request.param]
    )


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_challenges_page_runs_a_fixed_number_of_queries(
    built, alice, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    url = f"/p/{built.partnerships[0].pk}/outreach/challenges/"
    client.get(url)  # the session's first request writes it
    with django_assert_max_num_queries(CHALLENGES_PAGE_MAX):
        response = client.get(url)
    assert response.context["counts"]


def test_a_partner_reads_the_challenges_page_in_a_fixed_number_of_queries(
    built, client_for, django_assert_max_num_queries
):
    ship = built.partnerships[0]
    pat = make_user("pat@scale.example", "Pat Partner")
    add_member(built.workspace, pat, Role.PARTNER, partnerships=[ship])
    client = client_for(pat)
    client.get(f"/p/{ship.pk}/outreach/challenges/")
    with django_assert_max_num_queries(PARTNER_CHALLENGES_PAGE_MAX):
        response = client.get(f"/p/{ship.pk}/outreach/challenges/")
    assert all(c.employer_names == [] for c in response.context["counts"])


def test_the_outreach_panel_runs_a_fixed_number_of_queries(
    built, alice, django_assert_max_num_queries
):
    request = RequestFactory().get("/")
    request.user = alice
    partnership = object_for(alice, Partnership, pk=built.partnerships[0].pk)
    with django_assert_max_num_queries(PANEL_MAX):
        html = partnership_panel(request, partnership)
    assert 'id="panel-challenge-counts"' in html


def test_the_challenges_api_runs_a_fixed_number_of_queries(
    built, alice, client_for, django_assert_max_num_queries
):
    client = client_for(alice)
    url = f"/api/partnerships/{built.partnerships[0].pk}/challenges-heard"
    client.get(url)
    with django_assert_max_num_queries(API_MAX):
        assert client.get(url).status_code == 200


def test_fifty_times_the_touches_take_the_same_queries(alice, client_for):
    counts = []
    for size in SIZES.values():
        ship = build_scale_workspace(
            owner=alice, members=20, relationships=20, partnerships=2, **size
        ).partnerships[0]
        client = client_for(alice)
        client.get(f"/p/{ship.pk}/outreach/challenges/")
        counts.append(
            (
                queries_of(client, f"/p/{ship.pk}/outreach/challenges/"),
                queries_of(client, f"/p/{ship.pk}/outreach/?challenge=turnover"),
                queries_of(client, f"/api/partnerships/{ship.pk}/challenges-heard"),
            )
        )
    assert counts[0] == counts[1]


# --- The same numbers as the log -----------------------------------------------------

NAMES_CELL = engines["django"].from_string('{{ names|join:", "|truncatechars:200 }}')


def counted_from_the_log(partnership: Partnership) -> dict[str, dict]:
    """Per code, straight from the touches: employers reached (their people's employer
    or the organisation itself), touches, the pain levels heard."""
    per_code: dict[str, dict] = {}
    touches = Touch.objects.filter(partnership=partnership).prefetch_related(
        "people__organisation", "organisations"
    )
    for touch in touches:
        reached = [p.organisation for p in touch.people.all() if p.organisation]
        reached += list(touch.organisations.all())
        employers = {o.pk: o.name for o in reached if o.category == Category.EMPLOYER}
        for code in dict.fromkeys(touch.challenges):
            row = per_code.setdefault(code, {"employers": {}, "touches": 0, "pains": []})
            row["employers"].update(employers)
            row["touches"] += 1
            if touch.pain_level is not None:
                row["pains"].append(touch.pain_level)
    return per_code


def test_the_challenges_page_shows_what_counting_the_log_gives(alice, client_for):
    built = build_scale_workspace(
        owner=alice, members=20, relationships=20, partnerships=2, **SIZES["1,500 touches"]
    )
    ship = built.partnerships[0]
    response = client_for(alice).get(f"/p/{ship.pk}/outreach/challenges/")
    shown = response.context["counts"]
    expected = counted_from_the_log(ship)
    assert {c.code for c in shown} == set(expected)
    # More employers than the names kept: the cut list must show what the whole one would.
    assert max(c.employers for c in shown) > selectors.EMPLOYER_NAMES_KEPT
    content = response.content.decode()
    for c in shown:
        row = expected[c.code]
        pains = row["pains"]
        assert (c.employers, c.touches, c.average_pain) == (
            len(row["employers"]),
            row["touches"],
            round(fmean(pains), 1) if pains else None,
        ), c.code
        every_name = sorted(row["employers"].values())
        assert c.employer_names == every_name[: selectors.EMPLOYER_NAMES_KEPT]
        cell = NAMES_CELL.render({"names": every_name})
        assert cell == NAMES_CELL.render({"names": c.employer_names})
        assert f"<td>{cell}</td>" in content
    order = [(-c.employers, -c.touches, c.label) for c in shown]
    assert order == sorted(order)


def test_employer_names_are_in_code_point_order_and_escaped(alice, partnership, client_for):
    names = ["beta works", "Zeta & Sons", "Éclair Foods", "acme", "Acme"]
    people = []
    for name in names:
        org = partners.organisation_create(
            actor=alice, workspace=partnership.workspace, name=name, category=Category.EMPLOYER
        )
        person = partners.person_create(
            actor=alice, workspace=partnership.workspace, name=f"At {name}", organisation=org
        )
        people.append(person)
    services.touch_create(
        actor=alice,
        partnership=partnership,
        occurred_on=dt.date(2026, 1, 12),
        method=Method.INDUSTRY_MEETING,
        people=people,
        challenges=["turnover"],
    )
    [count] = selectors.challenge_counts(partnership, with_names=True)
    assert count.employer_names == ["Acme", "Zeta & Sons", "acme", "beta works", "Éclair Foods"]
    content = client_for(alice).get(f"/p/{partnership.pk}/outreach/challenges/").content
    assert "<td>Acme, Zeta &amp; Sons, acme, beta works, Éclair Foods</td>".encode() in content


def test_a_touch_reaching_two_employers_is_listed_once_under_its_challenge(
    vic, alice, partnership, ada, raj, client_for
):
    services.touch_create(
        actor=alice,
        partnership=partnership,
        occurred_on=dt.date(2026, 1, 12),
        method=Method.INDUSTRY_MEETING,
        people=[ada, raj],
        challenges=["turnover"],
    )
    response = client_for(vic).get(f"/p/{partnership.pk}/outreach/", {"challenge": "turnover"})
    assert response.context["page"].paginator.count == 1


def test_the_follow_up_summary_counts_open_follow_ups_by_date(alice, partnership, ada):
    today = timezone.localdate()

    def log(occurred_days: int, follow_up_days: int | None):
        return services.touch_create(
            actor=alice,
            partnership=partnership,
            occurred_on=today + dt.timedelta(days=occurred_days),
            method=Method.CALL,
            people=[ada],
            follow_up_on=None
            if follow_up_days is None
            else today + dt.timedelta(days=follow_up_days),
        )

    log(-20, -3)  # overdue
    log(-20, -1)  # overdue
    done = log(-20, -2)  # overdue, but done
    services.follow_up_done(actor=alice, touch=done)
    log(-1, 0)  # due today
    log(-1, 7)  # due on the seventh day
    log(-1, 8)  # later
    log(-1, None)  # no follow-up
    assert selectors.follow_up_summary(partnership, today=today) == {
        "total": 7,
        "overdue": 2,
        "due_this_week": 2,
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plans")
def test_the_counts_read_only_covering_indexes_on_sqlite(alice):
    """A bare ``WHERE "primary"`` made SQLite read each of the partnership's rows from
    the table (80 ms at 50,000 touches); the counts must stay on their indexes."""
    ship = build_scale_workspace(
        owner=alice, members=20, relationships=20, partnerships=2, **SIZES["1,500 touches"]
    ).partnerships[0]
    with CaptureQueriesContext(connection) as queries:
        selectors.challenge_counts(ship)
        selectors.follow_up_summary(ship)
    assert len(queries) == 3
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            steps = [row[-1] for row in cursor.fetchall()]
            assert any("COVERING INDEX" in step for step in steps), (query["sql"], steps)
            assert not any(step.startswith("SCAN outreach_") for step in steps), steps
