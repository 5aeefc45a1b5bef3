from __future__ import annotations

import datetime as dt

from django.utils import timezone

from convenor.assessment.selectors import partnership_facts
from convenor.intermediaries import services as intermediaries
from convenor.partnerships.services import partnership_create
from tests.assessment import spine


def test_facts_gather_members_touches_meetings_plan_and_convener(partnership, alice):
    _acme, ceo = spine.employer_at_table(partnership, "Acme Plastics", champion=True)
    _beta, beta_ceo = spine.employer_at_table(partnership, "Beta Castings")
    college = spine.org(partnership, "Columbus State", "education", education_type="college")
    spine.member(partnership, organisation=college, role="service_provider", stage="identified")
    spine.touch(partnership, [ceo], challenges=["turnover", "skills_gap"])
    spine.touch(partnership, [beta_ceo], method="company_tour", challenges=["turnover"])
    kickoff = spine.meeting(partnership, days_ago=30, kickoff=True)
    spine.attend(kickoff, [ceo, beta_ceo])
    spine.meeting(partnership, days_ago=-7, objective="")
    spine.action(partnership, due_in=-2)
    spine.issue(partnership, "Turnover", status="prioritised", problem="Half leave in a year.")
    spine.goal_with_benchmark(partnership, results=[(10, 12)])
    intermediaries.convener_change(
        actor=alice,
        partnership=partnership,
        convener=college,
        started_on=timezone.localdate() - dt.timedelta(days=3),
        reason="",
    )

    f = partnership_facts([partnership], team=True)[partnership.pk]

    assert f.committed_employers == 2 and f.champions == 1
    assert f.categories(engaged_only=False) == {"employer", "education"}
    assert (f.employer_touches, f.employer_one_on_ones, f.employers_touched) == (2, 1, 2)
    assert f.challenge_employers == {"turnover": 2, "skills_gap": 1}
    assert f.shared_challenges == {"turnover": 2}
    assert len(f.past_meetings) == 1 and len(f.meetings) == 2
    assert (f.past_meetings[0].attended, f.past_meetings[0].employers_attended) == (2, 2)
    assert [m.has_objective for m in f.meetings] == [True, False]
    assert f.actions[0].due_on < f.today
    assert f.prioritised[0].problem_statements == 1
    assert (f.goals, f.goals_with_benchmarks) == (1, 1)
    assert f.benchmarks[0].results[0][1] == 12.0
    assert f.convener.name == "Columbus State"
    assert f.workspace_name == "Acme Workforce Board"
    # the convener change is a decision
    assert len(f.decisions) == 1


def test_renaming_the_effort_counts_as_revisiting_its_name(partnership, alice):
    from convenor.partnerships.services import partnership_update

    assert not partnership_facts([partnership], team=True)[partnership.pk].name_revisited
    partnership_update(
        actor=alice,
        partnership=partnership,
        changes={"name": "Health Careers Roundtable"},
        expected_version=partnership.version,
    )
    partnership.refresh_from_db()
    assert partnership_facts([partnership], team=True)[partnership.pk].name_revisited


def test_the_number_of_queries_does_not_grow_with_partnerships(
    workspace, alice, django_assert_max_num_queries
):
    partnerships = []
    for i in range(6):
        p = partnership_create(actor=alice, workspace=workspace, name=f"P{i}", industry_naics="62")
        _o, ceo = spine.employer_at_table(p, f"Employer {i}", champion=True)
        spine.touch(p, [ceo], challenges=["turnover"])
        m = spine.meeting(p, days_ago=10)
        spine.attend(m, [ceo])
        spine.action(p)
        spine.issue(p, "Turnover", problem="x")
        spine.goal_with_benchmark(p, results=[(5, 11)])
        partnerships.append(p)
    with django_assert_max_num_queries(30) as one:
        partnership_facts(partnerships[:1], team=True)
    with django_assert_max_num_queries(len(one.captured_queries)):
        facts = partnership_facts(partnerships, team=True)
    assert all(f.committed_employers == 1 for f in facts.values())
    # each sees the others as siblings in the workspace
    assert len(facts[partnerships[0].pk].siblings) == 5


def test_the_partner_mix_of_the_partners_app_is_read_over_the_same_members(partnership):
    spine.employer_at_table(partnership, "Acme Plastics")
    f = partnership_facts([partnership], team=True)[partnership.pk]
    assert f.mix is not None
    assert "mix.no_employer_champion" in [x.code for x in f.mix]


# 30, fixed whatever the data's size (27 when no decision names a meeting or a
# conversation). Employers reached and employers per challenge
# are two grouped reads (outreach); employers per issue three more (planning: linked
# touches, their employers, coded ones); elected officials' briefings two (outreach);
# whether unions play a role three (partners.selectors.unions_of: the registry's labor
# organisations, union meetings, the region's area codes); who attended each meeting
# with their industry one (target-industry employers at the table); the current
# analysis for the coverage line one (assessment.coverage). Who made each decision
# (attendance, people in its conversation, their team roles) adds up to three when
# decisions name a meeting or a conversation, never more.
PANEL_QUERIES = 30


def test_the_guide_panel_runs_a_fixed_small_number_of_queries(
    partnership, alice, rf, django_assert_max_num_queries
):
    from convenor.assessment.panels import partnership_panel
    from convenor.partnerships.models import Partnership
    from convenor.workspaces.access import object_for

    spine.employer_at_table(partnership, "Acme Plastics", champion=True)
    spine.meeting(partnership, days_ago=3, kickoff=True)
    spine.issue(partnership, "Turnover", problem="x")
    p = object_for(alice, Partnership.objects.select_related("workspace"), pk=partnership.pk)
    request = rf.get(f"/p/{p.pk}/")
    request.user = alice
    partnership_facts([p], team=True, extras=False)  # warm the content-type cache
    with django_assert_max_num_queries(PANEL_QUERIES):
        html = partnership_panel(request, p)
    assert 'id="guide-panel"' in html


def _panel_queries(alice, rf, partnership, django_assert_max_num_queries) -> int:
    from convenor.assessment.panels import partnership_panel
    from convenor.partnerships.models import Partnership
    from convenor.workspaces.access import object_for

    p = object_for(alice, Partnership.objects.select_related("workspace"), pk=partnership.pk)
    request = rf.get(f"/p/{p.pk}/")
    request.user = alice
    with django_assert_max_num_queries(PANEL_QUERIES) as queries:
        html = partnership_panel(request, p)
    assert 'id="guide-panel"' in html
    return len(queries.captured_queries)


def test_the_guide_panel_runs_as_many_queries_for_many_people_and_touches_as_for_few(
    workspace, alice, rf, django_assert_max_num_queries
):
    small = partnership_create(actor=alice, workspace=workspace, name="Small", industry_naics="62")
    _o, ceo = spine.employer_at_table(small, "Acme Plastics", champion=True)
    spine.touch(small, [ceo], challenges=["turnover"])
    spine.meeting(small, days_ago=3, kickoff=True)
    spine.issue(small, "Turnover")  # as many kinds of rows as the big one, fewer of each

    big = partnership_create(actor=alice, workspace=workspace, name="Big", industry_naics="62")
    people = []
    for i in range(12):
        org, ceo = spine.employer_at_table(big, f"Employer {i}", champion=i < 3)
        people += [ceo, *(spine.person(big, f"Staff {i}.{j}", org) for j in range(4))]
    college = spine.org(big, "Columbus State", "education", education_type="college")
    people.append(spine.person(big, "Dean", college))
    spine.member(big, organisation=college, role="service_provider", stage="committed")
    codes = ["turnover", "skills_gap", "entry_level", "retirement"]
    for i in range(80):
        spine.touch(
            big,
            people[i % len(people) : i % len(people) + 1 + i % 3],
            days_ago=i * 5,
            method="one_on_one" if i % 2 else "company_tour",
            challenges=codes[i % 4 : i % 4 + 2],
        )
    for days_ago in (90, 30, -7):
        spine.attend(spine.meeting(big, days_ago=days_ago), people[:10])
    spine.action(big, due_in=-2)
    spine.issue(big, "Turnover", status="prioritised", problem="Half leave in a year.")
    spine.goal_with_benchmark(big, results=[(10, 12)])
    spine.decision(big, "Prioritise turnover.")

    facts = partnership_facts(
        [small, big], team=True, extras=False
    )  # and warm the content-type cache
    assert (facts[small.pk].touches, facts[big.pk].touches) == (1, 80)
    assert facts[big.pk].employers_touched == 12 and len(facts[big.pk].members) == 13
    assert len(facts[big.pk].challenge_employers) == 4

    few = _panel_queries(alice, rf, small, django_assert_max_num_queries)
    many = _panel_queries(alice, rf, big, django_assert_max_num_queries)
    assert few == many


def test_the_guide_and_the_partners_page_read_a_naysayer_by_the_same_rule(partnership):
    """Engaged means met face to face: an e-mail reaches a naysayer without engaging them,
    on the partners page and in the guide's facts alike (one rule, partners.mix)."""
    from convenor.partners.member_views import mix_findings

    spine.employer_at_table(partnership, "Acme Plastics", champion=True)
    grumpy = spine.person(partnership, "Grumpy Gus", is_naysayer=True)
    spine.member(partnership, person=grumpy, stage="contacted")
    spine.touch(partnership, [grumpy], method="email")

    def flagged() -> tuple[bool, bool]:
        facts = partnership_facts([partnership], team=True)[partnership.pk]
        guide = "mix.naysayers_not_engaged" in [x.code for x in facts.mix]
        page = "mix.naysayers_not_engaged" in [x.code for x in mix_findings(partnership)]
        return guide, page

    assert flagged() == (True, True)
    spine.touch(partnership, [grumpy], method="company_tour")
    assert flagged() == (False, False)
