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


def test_unions_play_a_role_when_one_is_in_the_registry(alice, workspace, partnership):
    assert not selectors.unions_present(partnership)
    services.organisation_create(
        actor=alice, workspace=workspace, name="Local 55", category=Category.LABOR
    )
    assert selectors.unions_present(partnership)


def test_a_member_by_organisation_takes_its_category(alice, partnership, college, college_member):
    [member] = selectors.mix_members(partnership)
    assert member.category == Category.EDUCATION


def test_the_scale_command_builds_a_seeded_workspace(alice):
    call_command(
        "partners_scale", owner=alice.email, people=40, organisations=10, touches=120, seed=3
    )
    assert Person.objects.filter(workspace__name="Scale Test Workforce Board").count() == 40
