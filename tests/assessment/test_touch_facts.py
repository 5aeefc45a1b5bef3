"""The touch facts as the database counts them: touches, months, employers, challenges."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from convenor.assessment.selectors import partnership_facts
from convenor.partnerships.services import partnership_create
from tests.assessment import spine


def _other(partnership, alice):
    return partnership_create(
        actor=alice, workspace=partnership.workspace, name="Logistics", industry_naics="48-49"
    )


def test_touches_are_counted_per_month_with_the_last_date(partnership):
    _o, ceo = spine.employer_at_table(partnership, "Acme Plastics")
    today = timezone.localdate()
    first_of_month = today.replace(day=1)
    last_month = (first_of_month - dt.timedelta(days=1)).replace(day=1)
    for day in (first_of_month, first_of_month, last_month):
        spine.touch(partnership, [ceo], days_ago=(today - day).days)
    spine.touch(partnership, [], days_ago=(today - last_month).days)  # nobody named

    f = partnership_facts([partnership], team=True)[partnership.pk]

    assert f.touches == 4
    assert f.touches_by_month == {first_of_month: 2, last_month: 2}
    assert f.last_touch_on == first_of_month


def test_a_touch_reaching_two_people_of_employers_counts_once(partnership):
    acme, ceo = spine.employer_at_table(partnership, "Acme Plastics")
    hr = spine.person(partnership, "HR of Acme", acme)
    _beta, beta_ceo = spine.employer_at_table(partnership, "Beta Castings")
    college = spine.org(partnership, "Columbus State", "education")
    dean = spine.person(partnership, "Dean", college)
    spine.touch(partnership, [ceo, hr, beta_ceo], days_ago=20)
    spine.touch(partnership, [ceo], days_ago=5, method="company_tour")
    spine.touch(partnership, [dean], days_ago=1)  # not an employer

    f = partnership_facts([partnership], team=True)[partnership.pk]

    assert (f.employer_touches, f.employer_one_on_ones, f.employers_touched) == (2, 1, 2)
    assert f.last_employer_touch_on == timezone.localdate() - dt.timedelta(days=5)
    assert f.last_touch_on == timezone.localdate() - dt.timedelta(days=1)


def test_each_employer_counts_once_per_challenge_and_only_in_its_partnership(partnership, alice):
    acme, ceo = spine.employer_at_table(partnership, "Acme Plastics")
    hr = spine.person(partnership, "HR of Acme", acme)
    _beta, beta_ceo = spine.employer_at_table(partnership, "Beta Castings")
    dean = spine.person(partnership, "Dean", spine.org(partnership, "Columbus State", "education"))
    spine.touch(partnership, [ceo, hr], challenges=["turnover", "turnover", "skills_gap"])
    spine.touch(partnership, [hr], challenges=["turnover"])
    spine.touch(partnership, [beta_ceo], challenges=["entry_level"])
    spine.touch(partnership, [dean], challenges=["retirement"])  # not an employer
    spine.touch(_other(partnership, alice), [beta_ceo], challenges=["turnover"])

    f = partnership_facts([partnership], team=True)[partnership.pk]

    assert f.challenge_employers == {"turnover": 1, "skills_gap": 1, "entry_level": 1}
    assert f.shared_challenges == {}


def test_a_member_is_touched_only_by_touches_of_its_partnership(partnership, alice):
    _acme, ceo = spine.employer_at_table(partnership, "Acme Plastics")
    _beta, beta_ceo = spine.employer_at_table(partnership, "Beta Castings")
    spine.member(partnership, organisation=spine.org(partnership, "Columbus State", "education"))
    spine.touch(partnership, [ceo])
    spine.touch(_other(partnership, alice), [beta_ceo])

    f = partnership_facts([partnership], team=True)[partnership.pk]

    touched = {m.name: m.touched for m in f.members}
    assert touched == {
        "CEO of Acme Plastics": True,
        "CEO of Beta Castings": False,
        "Columbus State": False,
    }


def test_an_employer_reached_as_an_organisation_counts_like_one_reached_through_its_people(
    partnership,
):
    _acme, ceo = spine.employer_at_table(partnership, "Acme Plastics")
    beta, _beta_ceo = spine.employer_at_table(partnership, "Beta Castings")
    spine.touch(partnership, [ceo], days_ago=9, challenges=["turnover"])
    # A company tour logged against the organisation, nobody named.
    spine.touch(
        partnership,
        [],
        days_ago=3,
        method="company_tour",
        challenges=["turnover"],
        organisations=[beta],
    )

    f = partnership_facts([partnership], team=True)[partnership.pk]

    assert f.challenge_employers == {"turnover": 2}
    assert f.shared_challenges == {"turnover": 2}
    assert (f.employer_touches, f.employers_touched, f.employer_one_on_ones) == (2, 2, 1)
    assert f.last_employer_touch_on == timezone.localdate() - dt.timedelta(days=3)
