"""The demo data of intermediaries and assessment, alone and after the meetings demo."""

from __future__ import annotations

from convenor.assessment import demo as assessment_demo
from convenor.assessment.models import GroupPhaseNote, LifecycleMove, ReadinessAnswer
from convenor.front.demo import demo_base
from convenor.intermediaries import demo as intermediaries_demo
from convenor.intermediaries.models import Candidate, ConvenerTerm, DeclaredInterest
from convenor.intermediaries.selectors import intermediary_facts
from convenor.partnerships.models import Partnership


def _build(ctx):
    intermediaries_demo.build(ctx)
    assessment_demo.build(ctx)


def test_the_demo_scores_four_candidates_and_flags_the_single_employer(db):
    ctx = demo_base(reset=True)
    _build(ctx)
    p = ctx.partnership
    assert Candidate.objects.filter(partnership=p).count() == 4
    facts = intermediary_facts([p.pk], ctx.today)[p.pk]
    codes = {f.code for f in facts.conflicts}
    assert {"conflict.single_employer", "conflict.workforce_board_fit"} <= codes
    assert facts.convener_name == "Central Ohio Workforce Board"
    first, second = ConvenerTerm.objects.filter(partnership=p).order_by("started_on")
    assert first.convener_name == "Columbus State Community College"
    assert first.ended_on == second.started_on and "not necessarily" in second.reason
    assert DeclaredInterest.objects.filter(partnership=p).count() == 2


def test_the_demo_answers_readiness_notes_phases_and_adds_a_second_partnership(db):
    ctx = demo_base(reset=True)
    _build(ctx)
    p = ctx.partnership
    assert ReadinessAnswer.objects.filter(partnership=p).count() == 6
    assert list(GroupPhaseNote.objects.filter(partnership=p).values_list("phase", flat=True)) == [
        "forming",
        "storming",
        "norming",
    ]
    moves = LifecycleMove.objects.filter(partnership=p).order_by("moved_on", "id")
    assert [m.to_stage for m in moves] == ["convening", "planning", "implementation"]
    stages = set(
        Partnership.objects.filter(workspace=ctx.workspace).values_list("stage", flat=True)
    )
    assert stages == {"implementation", "needs_assessment"}


def test_the_demo_follows_the_meetings_demo(db):
    from convenor.meetings import demo as meetings_demo
    from convenor.partners import demo as partners_demo

    ctx = demo_base(reset=True)
    partners_demo.build(ctx)  # the meetings demo invites the partners demo's people
    meetings_demo.build(ctx)
    _build(ctx)
    assert GroupPhaseNote.objects.filter(partnership=ctx.partnership).count() == 3


def test_the_demo_records_three_tensions_one_of_them_reconciled(db):
    from convenor.assessment.models import Tension

    ctx = demo_base(reset=True)
    _build(ctx)
    tensions = Tension.objects.filter(partnership=ctx.partnership)
    assert sorted(tensions.values_list("kind", flat=True)) == ["mission", "money", "roles"]
    [reconciled] = tensions.filter(status="reconciled")
    assert reconciled.kind == "money" and reconciled.resolution
    assert all(t.organisations.count() == 2 for t in tensions)
    # the roles tension is older than 60 days: the health page flags it
    from convenor.assessment.health import health_findings
    from convenor.assessment.selectors import partnership_facts

    facts = partnership_facts([ctx.partnership], team=True)[ctx.partnership.pk]
    assert "health.open_tensions" in [f.code for f in health_findings(facts)]
