"""What the mix rules are fed from the database."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from convenor.outreach.services import touch_create
from convenor.partners import selectors, services
from convenor.partners.models import Category, Person, Stage


def naysayer(alice, workspace, partnership, acme):
    person = services.person_create(
        actor=alice, workspace=workspace, name="Tom Reilly", organisation=acme, is_naysayer=True
    )
    services.member_add(actor=alice, partnership=partnership, person=person, stage=Stage.IDENTIFIED)
    return person


def test_a_naysayer_only_called_is_not_engaged(alice, workspace, partnership, acme):
    tom = naysayer(alice, workspace, partnership, acme)
    touch_create(
        actor=alice, partnership=partnership, occurred_on=dt.date(2026, 1, 5), method="call",
        people=[tom],
    )  # fmt: skip
    [member] = selectors.mix_members(partnership)
    assert member.is_naysayer and not member.touched


def test_a_naysayer_met_one_on_one_is_engaged(alice, workspace, partnership, acme):
    tom = naysayer(alice, workspace, partnership, acme)
    touch_create(
        actor=alice, partnership=partnership, occurred_on=dt.date(2026, 1, 5),
        method="one_on_one", people=[tom],
    )  # fmt: skip
    [member] = selectors.mix_members(partnership)
    assert member.touched


def test_a_one_on_one_in_another_partnership_does_not_count(alice, workspace, partnership, acme):
    from convenor.partnerships.services import partnership_create

    tom = naysayer(alice, workspace, partnership, acme)
    other = partnership_create(actor=alice, workspace=workspace, name="Logistics Council")
    touch_create(
        actor=alice, partnership=other, occurred_on=dt.date(2026, 1, 5), method="one_on_one",
        people=[tom],
    )  # fmt: skip
    [member] = selectors.mix_members(partnership)
    assert not member.touched


def test_a_union_of_another_industry_and_region_plays_no_role(alice, workspace, partnership):
    # The partnership targets health care (62); a machinists' union elsewhere is not here.
    services.organisation_create(
        actor=alice,
        workspace=workspace,
        name="Machinists Local 55",
        category=Category.LABOR,
        naics_code="3327",
        county_fips="39153",
    )
    services.organisation_create(
        actor=alice, workspace=workspace, name="Some union", category=Category.LABOR
    )
    assert not selectors.unions_present(partnership)


def test_a_union_of_the_target_industry_plays_a_role(alice, workspace, partnership):
    services.organisation_create(
        actor=alice,
        workspace=workspace,
        name="Nurses United",
        category=Category.LABOR,
        naics_code="622",
    )
    unions = selectors.unions_of([partnership])[partnership.pk]
    assert unions.present and unions.names == ("Nurses United",)


def test_a_union_of_the_region_plays_a_role(alice, workspace, partnership):
    from convenor.regions.models import AnalysisSnapshot

    services.organisation_create(
        actor=alice,
        workspace=workspace,
        name="Franklin County Labor Council",
        category=Category.LABOR,
        county_fips="39049",
    )
    assert not selectors.unions_present(partnership)  # no region known yet
    AnalysisSnapshot.objects.create(
        workspace=workspace,
        partnership=partnership,
        region_name="Franklin",
        area_codes="39049,39041",
        inputs={"year": 2020},
        industry_code="62",
        industry_title="Health Care and Social Assistance",
        row={},
    )
    assert selectors.unions_present(partnership)


def test_a_union_meeting_logged_shows_unions_play_a_role(alice, partnership):
    touch_create(
        actor=alice, partnership=partnership, occurred_on=dt.date(2026, 1, 5),
        method="union_meeting",
    )  # fmt: skip
    assert selectors.unions_present(partnership)


def test_a_member_carries_its_organisations_industry(alice, partnership, acme):
    services.member_add(actor=alice, partnership=partnership, organisation=acme)
    [member] = selectors.mix_members(partnership)
    assert member.naics == "332710"


def test_a_member_by_organisation_takes_its_category(alice, partnership, college, college_member):
    [member] = selectors.mix_members(partnership)
    assert member.category == Category.EDUCATION


def test_the_scale_command_builds_a_seeded_workspace(alice):
    call_command(
        "partners_scale", owner=alice.email, people=40, organisations=10, touches=120, seed=3
    )
    assert Person.objects.filter(workspace__name="Scale Test Workforce Board").count() == 40
