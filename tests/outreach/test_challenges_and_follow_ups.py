"""Challenges counted by distinct employer; due follow-ups per user; the partnership panel."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from convenor.outreach import selectors, services
from convenor.outreach.models import Method

DAY = dt.date(2026, 1, 12)


def log(actor, partnership, **kw):
    defaults = {"occurred_on": DAY, "method": Method.ONE_ON_ONE}
    return services.touch_create(actor=actor, partnership=partnership, **{**defaults, **kw})


def counts(partnership):
    return {c.code: (c.employers, c.touches) for c in selectors.challenge_counts(partnership)}


def test_a_challenge_is_counted_once_per_employer(alice, partnership, ada, raj):
    log(alice, partnership, people=[ada], challenges=["entry_level"])
    log(alice, partnership, people=[ada], challenges=["entry_level"])  # same firm again
    log(alice, partnership, people=[raj], challenges=["entry_level", "turnover"])
    assert counts(partnership) == {"entry_level": (2, 3), "turnover": (1, 1)}


def test_an_organisation_touched_without_a_person_counts_as_raising_it(
    alice, partnership, acme, ada
):
    log(
        alice,
        partnership,
        organisations=[acme],
        method=Method.COMPANY_TOUR,
        challenges=["skills_gap"],
    )
    log(alice, partnership, people=[ada], challenges=["skills_gap"])
    assert counts(partnership) == {"skills_gap": (1, 2)}


def test_challenges_heard_from_non_employers_are_not_employers(alice, partnership, dean):
    log(alice, partnership, people=[dean], challenges=["training_slots"])
    assert counts(partnership) == {"training_slots": (0, 1)}


def test_a_challenge_shared_by_two_employers_is_marked_shared(alice, partnership, ada, raj):
    log(
        alice,
        partnership,
        people=[ada, raj],
        method=Method.INDUSTRY_MEETING,
        challenges=["retirement"],
    )
    [count] = selectors.challenge_counts(partnership, with_names=True)
    assert count.shared
    assert count.employer_names == ["Acme Machining", "Beta Plastics"]


def test_the_partnership_page_counts_employers_per_challenge(
    vic, alice, partnership, ada, raj, client_for
):
    log(alice, partnership, people=[ada], challenges=["entry_level"])
    log(alice, partnership, people=[raj], challenges=["entry_level"])
    content = client_for(vic).get(f"/p/{partnership.pk}/").content.decode()
    assert 'id="outreach-panel"' in content
    assert (
        '<td>Recruiting or retaining entry-level workers <span class="badge ok">shared</span>'
        '</td><td class="num">2</td>'
    ) in content


def test_a_partner_sees_challenge_counts_without_employer_names(
    pat, alice, partnership, ada, raj, client_for
):
    log(alice, partnership, people=[ada, raj], challenges=["entry_level"])
    response = client_for(pat).get(f"/p/{partnership.pk}/outreach/challenges/")
    assert response.status_code == 200
    assert b"Acme Machining" not in response.content
    assert response.context["counts"][0].employers == 2


def test_the_challenges_page_draws_a_chart(vic, alice, partnership, ada, client_for):
    log(alice, partnership, people=[ada], challenges=["turnover"])
    response = client_for(vic).get(f"/p/{partnership.pk}/outreach/challenges/")
    assert response.context["spec"]["mark"]["type"] == "bar"
    assert b'id="challenges-chart"' in response.content


def test_due_follow_ups_are_listed_for_their_owner_only(alice, sam, workspace, partnership, ada):
    today = timezone.localdate()
    mine = log(
        sam, partnership, people=[ada], occurred_on=today - dt.timedelta(days=10),
        follow_up_on=today - dt.timedelta(days=1),
    )  # fmt: skip
    log(
        sam,
        partnership,
        people=[ada],
        occurred_on=today,
        follow_up_on=today + dt.timedelta(days=30),
    )
    log(alice, partnership, people=[ada], occurred_on=today, follow_up_on=today)
    done = log(sam, partnership, people=[ada], occurred_on=today, follow_up_on=today)
    services.follow_up_done(actor=sam, touch=done)
    assert list(selectors.due_follow_ups(workspace, sam)) == [mine]


def test_the_follow_ups_page_groups_overdue_and_marks_done(
    sam, workspace, partnership, ada, client_for
):
    today = timezone.localdate()
    touch = log(
        sam, partnership, people=[ada], occurred_on=today - dt.timedelta(days=9),
        follow_up_on=today - dt.timedelta(days=2), purpose="Send the survey",
    )  # fmt: skip
    client = client_for(sam)
    response = client.get(f"/w/{workspace.slug}/follow-ups/")
    groups = dict(response.context["groups"])
    assert groups["Overdue"] == [touch]
    assert b"Send the survey" in response.content
    client.post(
        f"/p/{partnership.pk}/outreach/{touch.pk}/done/",
        {"next": f"/w/{workspace.slug}/follow-ups/"},
    )
    touch.refresh_from_db()
    assert touch.follow_up_done


def test_staff_can_look_at_a_colleagues_follow_ups(
    alice, sam, workspace, partnership, ada, client_for
):
    today = timezone.localdate()
    log(sam, partnership, people=[ada], occurred_on=today, follow_up_on=today)
    response = client_for(alice).get(f"/w/{workspace.slug}/follow-ups/", {"owner": sam.pk})
    assert response.context["owner"] == sam
    assert response.context["total"] == 1


def test_someone_outside_the_workspace_has_no_follow_up_list_here(
    alice, workspace, olga, client_for
):
    response = client_for(alice).get(f"/w/{workspace.slug}/follow-ups/", {"owner": olga.pk})
    assert response.status_code == 404


def test_a_person_who_changes_employer_counts_for_the_new_one(alice, partnership, ada, beta):
    from convenor.partners.services import person_update

    log(alice, partnership, people=[ada], challenges=["turnover"])
    person_update(actor=alice, person=ada, changes={"organisation": beta}, expected_version=None)
    [count] = selectors.challenge_counts(partnership, with_names=True)
    assert count.employer_names == ["Beta Plastics"]


def test_an_organisation_that_is_no_longer_an_employer_stops_counting(
    alice, partnership, acme, ada
):
    from convenor.partners.services import organisation_update

    log(alice, partnership, people=[ada], challenges=["turnover"])
    organisation_update(
        actor=alice,
        organisation=acme,
        changes={"category": "association", "naics_code": ""},
        expected_version=None,
    )
    assert counts(partnership) == {"turnover": (0, 1)}


def test_deleting_a_person_removes_their_employer_from_the_counts(alice, partnership, ada, raj):
    from convenor.partners.services import person_delete

    log(alice, partnership, people=[ada, raj], challenges=["turnover"])
    person_delete(actor=alice, person=raj, expected_version=None)
    assert counts(partnership) == {"turnover": (1, 1)}
