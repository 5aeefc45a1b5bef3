from __future__ import annotations

import datetime as dt

from convenor.assessment.facts import BenchmarkFact
from convenor.assessment.health import (
    benchmark_status,
    health_findings,
    level,
    metrics,
    status,
)
from convenor.lib.findings import Severity
from tests.assessment.factories import TODAY, action, employers, make_facts, meeting

CHAMPION = employers(1, champions=1)


def codes(facts):
    return [f.code for f in health_findings(facts)]


def test_a_planning_partnership_without_a_meeting_is_told_to_hold_one():
    assert "health.no_meeting" in codes(make_facts(stage="planning", members=CHAMPION))


def test_a_long_gap_since_the_last_meeting_warns_with_the_seeds_advice():
    facts = make_facts(stage="planning", meetings=[meeting(75)], members=CHAMPION)
    [gap] = [f for f in health_findings(facts) if f.code == "health.meeting_gap"]
    assert gap.severity == Severity.WARNING
    assert "75 days" in gap.reason
    assert "clear objective" in gap.next_step
    assert gap.source == "Every Initiative Needs a Way to Maintain Momentum and Energy"


def test_a_very_long_gap_is_critical():
    facts = make_facts(stage="planning", meetings=[meeting(150)], members=CHAMPION)
    gap = next(f for f in health_findings(facts) if f.code == "health.meeting_gap")
    assert gap.severity == Severity.CRITICAL


def test_a_recent_meeting_raises_no_gap():
    facts = make_facts(stage="planning", meetings=[meeting(20)], members=CHAMPION)
    assert not {"health.meeting_gap", "health.no_meeting"} & set(codes(facts))


def test_meetings_without_objective_are_counted():
    facts = make_facts(meetings=[meeting(5, objective=False), meeting(9)], members=CHAMPION)
    assert "health.no_objective" in codes(facts)
    assert "health.no_objective" not in codes(make_facts(meetings=[meeting(5)]))


def test_long_meetings_are_pointed_out():
    assert "health.long_meetings" in codes(make_facts(meetings=[meeting(5, hours=3)]))
    assert "health.long_meetings" not in codes(make_facts(meetings=[meeting(5, hours=2)]))


def test_employers_outnumbered_in_recent_attendance_warn():
    facts = make_facts(meetings=[meeting(30, attended=10, employers=3)])
    assert "health.employer_share" in codes(facts)
    facts = make_facts(meetings=[meeting(30, attended=10, employers=6)])
    assert "health.employer_share" not in codes(facts)


def test_labor_and_community_partners_at_meetings_do_not_outnumber_the_employers():
    # 3 employers and 3 public partners; the other 4 are labor and community groups: the
    # employer-led rule (partners.sides.Mix), not "employers half of attendance".
    facts = make_facts(meetings=[meeting(30, attended=10, employers=3, public=3)])
    assert "health.employer_share" not in codes(facts)
    facts = make_facts(meetings=[meeting(30, attended=10, employers=3, public=4)])
    found = [f for f in health_findings(facts) if f.code == "health.employer_share"]
    assert found and "3 employers against 4 public partners" in found[0].reason


def test_no_active_champion_warns_and_one_does_not():
    assert "health.no_champion" in codes(make_facts())
    assert "health.no_champion" not in codes(make_facts(members=CHAMPION))


def test_overdue_action_items_warn():
    facts = make_facts(actions=[action(due_days=-3), action(due_days=5), action("done", -9)])
    [overdue] = [f for f in health_findings(facts) if f.code == "health.overdue_actions"]
    assert overdue.reason == "1 action item overdue of 2 open."
    assert "health.overdue_actions" not in codes(make_facts(actions=[action(due_days=5)]))


def test_outreach_that_stopped_warns_while_convening():
    facts = make_facts(touches=4, last_touch_on=TODAY - dt.timedelta(days=90))
    assert "health.outreach_stalled" in codes(facts)
    facts = make_facts(touches=4, last_touch_on=TODAY - dt.timedelta(days=10))
    assert "health.outreach_stalled" not in codes(facts)


def test_a_drop_in_attendance_after_the_kick_off_warns():
    facts = make_facts(
        meetings=[
            meeting(60, attended=20, employers=12, kickoff=True),
            meeting(30, attended=10, employers=6),
        ]
    )
    m = metrics(facts)
    assert m.kickoff_drop == 0.5
    assert "health.kickoff_drop" in codes(facts)


def test_steady_attendance_after_the_kick_off_does_not_warn():
    facts = make_facts(
        meetings=[
            meeting(60, attended=10, employers=6, kickoff=True),
            meeting(30, attended=9, employers=6),
        ]
    )
    assert "health.kickoff_drop" not in codes(facts)


def test_attendance_that_rose_after_the_kick_off_reads_as_a_rise():
    facts = make_facts(
        meetings=[
            meeting(60, attended=10, employers=6, kickoff=True),
            meeting(30, attended=15, employers=8),
        ]
    )
    m = metrics(facts)
    assert m.kickoff_change == "rose 50%"
    assert "health.kickoff_drop" not in codes(facts)
    fell = metrics(
        make_facts(meetings=[meeting(60, attended=20, kickoff=True), meeting(30, attended=10)])
    )
    assert fell.kickoff_change == "fell 50%"


def test_a_partnership_with_nothing_done_is_not_started_not_ok():
    nothing = make_facts()
    assert status(nothing, health_findings(nothing)) == "not started"
    begun = make_facts(members=employers(1))
    assert status(begun, health_findings(begun)) != "not started"


def test_a_benchmark_behind_its_straight_line_is_off_track():
    b = BenchmarkFact(
        "Hires",
        0,
        TODAY - dt.timedelta(days=180),
        100,
        TODAY + dt.timedelta(days=180),
        results=((TODAY, 20.0),),
    )
    status = benchmark_status(b, TODAY)
    assert (status.expected_share, status.actual_share, status.off_track) == (0.5, 0.2, True)
    assert "health.benchmarks_off_track" in codes(make_facts(benchmarks=[b]))


def test_a_benchmark_on_its_line_is_on_track():
    b = BenchmarkFact(
        "Hires",
        0,
        TODAY - dt.timedelta(days=180),
        100,
        TODAY + dt.timedelta(days=180),
        results=((TODAY, 45.0),),
    )
    assert not benchmark_status(b, TODAY).off_track
    assert "health.benchmarks_off_track" not in codes(make_facts(benchmarks=[b]))


def test_a_benchmark_without_result_past_half_its_span_is_off_track():
    b = BenchmarkFact(
        "Hires", 0, TODAY - dt.timedelta(days=300), 100, TODAY + dt.timedelta(days=60)
    )
    assert benchmark_status(b, TODAY).off_track


def test_after_the_kick_off_the_effort_should_be_named_with_the_partners():
    facts = make_facts(meetings=[meeting(30, kickoff=True)])
    assert "health.name_the_effort" in codes(facts)
    facts = make_facts(meetings=[meeting(30, kickoff=True)], name_revisited=True)
    assert "health.name_the_effort" not in codes(facts)


def test_planning_longer_than_a_year_warns():
    facts = make_facts(stage="planning", stage_since=TODAY - dt.timedelta(days=400))
    assert "health.planning_too_long" in codes(facts)
    facts = make_facts(stage="planning", stage_since=TODAY - dt.timedelta(days=100))
    assert "health.planning_too_long" not in codes(facts)


def test_a_plan_whose_steps_never_start_is_told_to_begin_implementing():
    facts = make_facts(
        stage="planning",
        stage_since=TODAY - dt.timedelta(days=120),
        goals_with_actions=1,
        actions=[action()],
    )
    assert "health.start_implementing" in codes(facts)
    facts.actions = [action("in_progress")]
    assert "health.start_implementing" not in codes(facts)


def test_the_resource_map_should_exist_and_stay_current():
    assert "health.no_resource_map" in codes(make_facts(stage="planning", resource_map_entries=0))
    stale = make_facts(
        stage="planning",
        resource_map_entries=3,
        resource_map_updated_on=TODAY - dt.timedelta(days=200),
    )
    assert "health.resource_map_stale" in codes(stale)
    fresh = make_facts(stage="planning", resource_map_entries=3, resource_map_updated_on=TODAY)
    assert not {"health.no_resource_map", "health.resource_map_stale"} & set(codes(fresh))


def test_the_level_is_the_worst_finding():
    assert level([]) == "ok"
    assert level(health_findings(make_facts(stage="planning", meetings=[meeting(150)]))) == (
        "critical"
    )


def test_touches_per_month_cover_the_last_twelve_months():
    facts = make_facts(touches_by_month={dt.date(2026, 5, 1): 4})
    months = metrics(facts).touches_by_month
    assert len(months) == 12
    assert months[-1] == {"month": "2026-06-01", "touches": 0}
    assert months[-2] == {"month": "2026-05-01", "touches": 4}
