"""The whole demo agrees with the product: the figures it quotes are the product's, its
stage is the one its plan shows, its co-chairs are at the table, its meetings fall in
working hours on working days."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from convenor.assessment.coverage import coverage
from convenor.assessment.lifecycle import gate
from convenor.assessment.models import ReadinessAnswer
from convenor.assessment.selectors import partnership_facts
from convenor.meetings.models import ActionItem, Meeting
from convenor.partners.models import PartnershipMember
from convenor.partnerships.models import Partnership
from convenor.planning.models import GovernanceRole, IssueEvidence
from convenor.regions.selectors import current_snapshot


@pytest.fixture
def partnership(db) -> Partnership:
    call_command("demo", "--no-serve", stdout=StringIO())
    return Partnership.objects.get(name="Central Ohio Advanced Manufacturing Partnership")


def test_the_demo_agrees_with_the_product(partnership):
    p = partnership
    # "Why this industry": the LQ quoted is the one the saved analysis computed.
    snapshot = current_snapshot(p)
    lq = f"{snapshot.row['lq']:.2f}"
    challenge = ReadinessAnswer.objects.get(partnership=p, question="challenge").answer
    assert f"location quotient at {lq}" in challenge
    evidence = IssueEvidence.objects.filter(partnership=p, kind="analysis")
    assert evidence and all(e.analysis_id == snapshot.pk for e in evidence)
    assert not any("1.6" in e.title for e in evidence)

    # The stage matches the plan the partners are carrying out.
    assert ActionItem.objects.filter(partnership=p, status="done").exists()
    assert p.stage == "implementation"

    # Co-chairs are employers at the table, never a naysayer who was only identified.
    chairs = GovernanceRole.objects.filter(partnership=p, title="Employer co-chair")
    assert chairs.count() == 2
    for chair in chairs.select_related("person"):
        assert not chair.person.is_naysayer
        member = PartnershipMember.objects.get(partnership=p, person=chair.person)
        assert member.stage in ("committed", "active")

    # The industry at the table, against the region's QCEW figures for it.
    facts = partnership_facts([p], team=True)[p.pk]
    line = coverage(p, facts)
    assert line.figures is not None and line.with_employees >= 1
    assert f"of {line.figures.establishments:,} establishments" in line.sentence()
    assert "%" in line.sentence()

    # An employer-led partnership in implementation: the industry side at least as large
    # as the public side among committed partners (the life-cycle gate's rule, partners.sides).
    weight = {c.code: c for c in gate(facts, "planning")}["gate.employer_weight"]
    assert weight.evidence["met"], weight.reason

    # Meetings on working days, in working hours.
    for m in Meeting.objects.filter(workspace=p.workspace):
        local = timezone.localtime(m.starts_at)
        assert local.weekday() < 5, (m.title, local)
        assert 9 <= local.hour < 17, (m.title, local)
