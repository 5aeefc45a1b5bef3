"""Elected officials kept informed: a touch whose purpose is a briefing, or an update sent
to them, is their last briefing; the partner mix reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from convenor.comms import services as comms
from convenor.outreach import selectors, services
from convenor.outreach.models import Method
from convenor.partners import services as partners
from convenor.partners.member_views import mix_findings
from convenor.partners.models import Category, MemberRole, Stage

TODAY = timezone.localdate()


@pytest.fixture
def mayor(workspace, alice, partnership):
    office = partners.organisation_create(
        actor=alice, workspace=workspace, name="Office of the Mayor", category=Category.ELECTED
    )
    person = partners.person_create(
        actor=alice,
        workspace=workspace,
        name="Mayor Mendez",
        organisation=office,
        email="mayor@city.example",
    )
    partners.member_add(
        actor=alice,
        partnership=partnership,
        person=person,
        role=MemberRole.SUPPORTER,
        stage=Stage.CONTACTED,
    )
    return person


def _elected(partnership):
    return [f for f in mix_findings(partnership) if "elected" in f.code]


def test_a_contact_without_a_briefing_leaves_the_official_overdue(alice, partnership, mayor):
    services.touch_create(
        actor=alice,
        partnership=partnership,
        occurred_on=TODAY,
        method=Method.CALL,
        people=[mayor],
        purpose="introduction",
    )
    (finding,) = _elected(partnership)
    assert finding.code == "mix.elected_not_briefed"
    assert "No briefing recorded yet." in finding.reason


def test_a_briefing_touch_keeps_the_official_informed(alice, partnership, mayor):
    services.touch_create(
        actor=alice,
        partnership=partnership,
        occurred_on=TODAY - dt.timedelta(days=20),
        method=Method.ONE_ON_ONE,
        people=[mayor],
        purpose="Quarterly briefing on the apprenticeship",
    )
    assert _elected(partnership) == []
    assert selectors.briefings([partnership.pk]).last(
        partnership.pk, mayor.pk, mayor.organisation_id
    ) == TODAY - dt.timedelta(days=20)


def test_an_old_briefing_is_named_as_the_last_one(alice, partnership, mayor):
    services.touch_create(
        actor=alice,
        partnership=partnership,
        occurred_on=TODAY - dt.timedelta(days=120),
        method=Method.ONE_ON_ONE,
        people=[mayor],
        purpose="briefing",
    )
    (finding,) = _elected(partnership)
    old = TODAY - dt.timedelta(days=120)
    assert f"Last briefing: Mayor Mendez (Office of the Mayor) on {old:%Y-%m-%d}." in finding.reason


def test_an_update_sent_to_the_official_is_a_briefing(alice, partnership, mayor):
    update = comms.update_create(
        actor=alice,
        partnership=partnership,
        subject="Progress",
        body="We met.",
        categories=[Category.ELECTED],
    )
    comms.update_send(actor=alice, update=update)
    assert _elected(partnership) == []
