"""Each partner-mix rule, with a case where it fires and one where it does not."""

from __future__ import annotations

import datetime as dt

from convenor.lib.findings import Severity
from convenor.partners.mix import (
    MixMember,
    UnionFact,
    advisory_employer_share,
    categories_missing,
    employers_outside_industry,
    labor_absent,
    naysayers_not_engaged,
    no_data_resource,
    no_elected_official,
    no_employer_champion,
    no_employer_decision_maker,
    partner_mix,
    unions_here,
)
from convenor.partners.models import AuthorityLevel, Category, MemberRole, Stage

EMPLOYER = Category.EMPLOYER


def m(name="X", category=EMPLOYER, role=MemberRole.EMPLOYER_PARTNER, stage=Stage.ACTIVE, **kw):
    return MixMember(name=name, category=category, role=role, stage=stage, **kw)


def full_table() -> list[MixMember]:
    """A partnership that satisfies every rule."""
    return [
        m("Ceo", role=MemberRole.CHAMPION, is_decision_maker=True),
        m("Hr", role=MemberRole.ADVISORY),
        m("Assoc", Category.ASSOCIATION, MemberRole.SUPPORTER),
        m("Econ", Category.ECONOMIC_DEVELOPMENT, MemberRole.PUBLIC_PARTNER),
        m("Wib", Category.WORKFORCE_SYSTEM, MemberRole.PUBLIC_PARTNER, is_data_resource=True),
        m("College", Category.EDUCATION, MemberRole.ADVISORY),
        m("Union", Category.LABOR, MemberRole.SUPPORTER),
        m("Jfs", Category.HUMAN_SERVICES, MemberRole.SERVICE_PROVIDER),
        m("Church", Category.COMMUNITY, MemberRole.SERVICE_PROVIDER),
        m(
            "Mayor",
            Category.ELECTED,
            MemberRole.SUPPORTER,
            stage=Stage.CONTACTED,
            last_briefed=dt.date.today(),
        ),
    ]


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def test_a_balanced_partnership_has_no_mix_findings():
    assert partner_mix(full_table(), unions_present=True) == []


def test_missing_categories_are_named():
    findings = categories_missing([m("Acme"), m("College", Category.EDUCATION)])
    assert codes(findings) == {"mix.categories_missing"}
    assert "Public workforce system" in findings[0].reason
    assert "economic_development" in findings[0].evidence["missing"]


def test_categories_missing_does_not_fire_when_every_category_is_there():
    assert categories_missing(full_table()) == []


def test_no_employers_is_critical():
    findings = categories_missing([m("College", Category.EDUCATION)])
    assert findings[0].code == "mix.no_employers"
    assert findings[0].severity == Severity.CRITICAL


def test_a_lapsed_member_does_not_fill_a_category():
    members = [*full_table()[:4], m("Wib", Category.WORKFORCE_SYSTEM, stage=Stage.LAPSED)]
    assert "Public workforce system" in categories_missing(members)[-1].reason


def test_an_advisory_group_with_fewer_employers_than_half_is_flagged():
    members = [
        m("Acme", role=MemberRole.ADVISORY),
        m("College", Category.EDUCATION, MemberRole.ADVISORY),
        m("Wib", Category.WORKFORCE_SYSTEM, MemberRole.ADVISORY),
    ]
    findings = advisory_employer_share(members)
    assert codes(findings) == {"mix.advisory_not_employer_led"}
    assert findings[0].evidence == {"employers": 1, "advisory": 3, "share": 0.333}


def test_an_advisory_group_half_employers_is_fine():
    members = [
        m("Acme", role=MemberRole.ADVISORY),
        m("College", Category.EDUCATION, MemberRole.ADVISORY),
    ]
    assert advisory_employer_share(members) == []


def test_no_advisory_group_is_not_an_advisory_finding():
    assert advisory_employer_share([m("College", Category.EDUCATION)]) == []


def test_employers_without_a_decision_maker_are_flagged():
    findings = no_employer_decision_maker([m("Acme"), m("Beta")])
    assert codes(findings) == {"mix.no_employer_decision_maker"}


def test_an_employer_with_the_ear_of_a_decision_maker_is_enough():
    assert no_employer_decision_maker([m("Acme"), m("Beta", has_ear_of_decision_maker=True)]) == []


def test_a_ceo_counts_as_a_decision_maker():
    assert no_employer_decision_maker([m("Acme", authority_level=AuthorityLevel.CEO)]) == []


def test_a_decision_maker_outside_employers_does_not_count():
    members = [m("Acme"), m("Mayor", Category.ELECTED, is_decision_maker=True)]
    assert codes(no_employer_decision_maker(members)) == {"mix.no_employer_decision_maker"}


def test_naysayers_not_met_are_named():
    findings = naysayers_not_engaged(
        [m("Grumpy", is_naysayer=True, stage=Stage.IDENTIFIED), m("Acme")]
    )
    assert codes(findings) == {"mix.naysayers_not_engaged"}
    assert "Grumpy" in findings[0].reason


def test_a_naysayer_met_one_on_one_is_engaged():
    assert naysayers_not_engaged([m("Grumpy", is_naysayer=True, stage=Stage.MET)]) == []


def test_a_naysayer_reached_by_a_touch_is_engaged():
    members = [m("Grumpy", is_naysayer=True, stage=Stage.CONTACTED, touched=True)]
    assert naysayers_not_engaged(members) == []


def test_no_employer_champion_is_flagged():
    assert codes(no_employer_champion([m("Acme")])) == {"mix.no_employer_champion"}


def test_a_champion_role_or_trait_from_an_employer_satisfies_the_rule():
    assert no_employer_champion([m("Acme", role=MemberRole.CHAMPION)]) == []
    assert no_employer_champion([m("Acme", is_employer_champion=True)]) == []


def test_a_champion_who_is_not_an_employer_does_not_count():
    members = [m("College", Category.EDUCATION, MemberRole.CHAMPION)]
    assert codes(no_employer_champion(members)) == {"mix.no_employer_champion"}


def test_labor_absent_where_unions_are_present_is_a_warning():
    findings = labor_absent([m("Acme")], unions_present=True)
    assert findings[0].code == "mix.labor_absent"
    assert findings[0].severity == Severity.WARNING


def test_labor_absent_without_known_unions_is_a_note():
    findings = labor_absent([m("Acme")], unions_present=False)
    assert findings[0].severity == Severity.INFO
    assert "If unions play a role" in findings[0].next_step


def test_labor_at_the_table_satisfies_the_rule():
    assert labor_absent([m("Local 1", Category.LABOR)], unions_present=True) == []


def test_no_data_resource_is_flagged():
    assert codes(no_data_resource([m("Acme")])) == {"mix.no_data_resource"}


def test_a_data_resource_satisfies_the_rule():
    assert no_data_resource([m("Analyst", Category.OTHER, is_data_resource=True)]) == []


def test_no_elected_official_among_the_partners_is_flagged():
    assert codes(no_elected_official([m("Acme")])) == {"mix.no_elected_official"}


def test_an_elected_official_only_contacted_once_is_not_kept_informed():
    members = [m("Mayor", Category.ELECTED, MemberRole.SUPPORTER, stage=Stage.CONTACTED)]
    assert codes(no_elected_official(members)) == {"mix.elected_not_briefed"}


def test_an_elected_official_briefed_within_90_days_is_kept_informed():
    today = dt.date(2026, 6, 30)
    members = [m("Mayor", Category.ELECTED, last_briefed=today - dt.timedelta(days=90))]
    assert no_elected_official(members, today=today) == []


def test_the_finding_names_the_last_briefing_and_who_is_overdue():
    today = dt.date(2026, 6, 30)
    members = [
        m("Mayor Mendez", Category.ELECTED, last_briefed=dt.date(2026, 5, 2)),
        m("Council member Cho", Category.ELECTED, last_briefed=dt.date(2026, 1, 10)),
        m("Senator Stone", Category.ELECTED),
    ]
    (finding,) = no_elected_official(members, today=today)
    assert finding.reason == (
        "2 of 3 elected officials had no briefing in the last 90 days: Council member Cho, "
        "Senator Stone. Last briefing: Mayor Mendez on 2026-05-02."
    )
    assert finding.evidence["overdue"] == ["Council member Cho", "Senator Stone"]


def test_every_finding_has_a_reason_a_next_step_and_a_source():
    for finding in partner_mix([m("College", Category.EDUCATION, is_naysayer=True)]):
        assert finding.reason and finding.next_step and finding.source
        assert finding.as_dict()["severity"] in {"info", "warning", "critical"}


# --- The target industry -----------------------------------------------------------

LOGISTICS = "48-49"


def manufacturers() -> list[MixMember]:
    """Three manufacturing employers, one a champion and decision-maker."""
    return [
        m("Acme Machining", naics="332710", role=MemberRole.CHAMPION, is_decision_maker=True),
        m("Beta Plastics", naics="326199", role=MemberRole.ADVISORY),
        m("Gamma Castings", naics="331523", role=MemberRole.ADVISORY),
    ]


def test_employers_of_another_industry_are_not_the_industrys_voice():
    findings = categories_missing(manufacturers(), target=LOGISTICS)
    [no_employers] = [f for f in findings if f.code == "mix.no_employers"]
    assert no_employers.severity == Severity.CRITICAL
    assert "None of the 3 employers" in no_employers.reason
    assert "Transportation and Warehousing (NAICS 48-49)" in no_employers.reason


def test_employers_of_the_target_industry_are_its_voice():
    findings = categories_missing(manufacturers(), target="31-33")
    assert "mix.no_employers" not in codes(findings)


def test_employers_outside_the_target_industry_are_named():
    members = [*manufacturers(), m("Delta Freight", naics="484121"), m("Epsilon")]
    [finding] = employers_outside_industry(members, target=LOGISTICS)
    assert finding.severity == Severity.WARNING  # 1 in the industry, 4 outside
    assert "Acme Machining, Machine Shops" in finding.reason
    assert "1 with no industry recorded (Epsilon)" in finding.reason
    assert finding.evidence["in_industry"] == 1


def test_no_finding_when_every_employer_is_in_the_target_industry():
    assert employers_outside_industry(manufacturers(), target="31-33") == []
    assert employers_outside_industry(manufacturers(), target="") == []


def test_a_champion_of_another_industry_does_not_count():
    assert codes(no_employer_champion(manufacturers(), target=LOGISTICS)) == {
        "mix.no_employer_champion"
    }
    assert no_employer_champion(manufacturers(), target="31-33") == []


def test_a_decision_maker_of_another_industry_does_not_count():
    members = [*manufacturers(), m("Delta Freight", naics="4841")]
    assert codes(no_employer_decision_maker(members, target=LOGISTICS)) == {
        "mix.no_employer_decision_maker"
    }
    assert no_employer_decision_maker(members, target="31-33") == []


def test_an_advisory_group_of_other_industries_is_not_employer_led():
    members = [*manufacturers(), m("College", Category.EDUCATION, MemberRole.ADVISORY)]
    assert codes(advisory_employer_share(members, target=LOGISTICS)) == {
        "mix.advisory_not_employer_led"
    }
    assert advisory_employer_share(members, target="31-33") == []


UNIONS = [
    UnionFact("Machinists Local 55", naics="3327", county_fips="39153"),
    UnionFact("Teamsters Local 413", naics="484", county_fips="39049"),
    UnionFact("Building Trades Council", county_fips="39049"),
    UnionFact("A union, nothing recorded"),
]


def test_unions_of_the_target_industry_or_the_region_play_a_role():
    assert unions_here(UNIONS, target="31-33", area_codes=[]) == ["Machinists Local 55"]
    assert unions_here(UNIONS, target="48-49", area_codes=[]) == ["Teamsters Local 413"]
    assert unions_here(UNIONS, target="62", area_codes=["39049", "39041"]) == [
        "Teamsters Local 413",
        "Building Trades Council",
    ]
    assert unions_here(UNIONS, target="62", area_codes=["39000"]) == [
        "Machinists Local 55",
        "Teamsters Local 413",
        "Building Trades Council",
    ]


def test_no_union_plays_a_role_elsewhere():
    assert unions_here(UNIONS, target="62", area_codes=["18097"]) == []


def test_labor_absent_names_the_unions_that_play_a_role():
    [finding] = labor_absent([m("Acme")], unions_present=True, unions=["Teamsters Local 413"])
    assert "Teamsters Local 413 in your registry" in finding.reason
