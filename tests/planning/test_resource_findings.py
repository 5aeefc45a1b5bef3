"""The resource map's findings: an issue no resource bears on, and a resource serving
under half of the 12-month openings employers pooled for its occupations (only pools the
disclosure rule shows are compared)."""

from __future__ import annotations

import pytest

from convenor.planning.demand import services as demand
from convenor.planning.resources import services


def _page(client, partnership) -> str:
    return client.get(f"/p/{partnership.pk}/plan/resources/").content.decode()


def _openings(alice, partnership, employers, soc, title, counts):
    for org, n in zip(employers, counts, strict=False):
        demand.projection_create(
            actor=alice,
            partnership=partnership,
            organisation=org,
            occupation_title=title,
            soc_code=soc,
            openings_12m=n,
            openings_36m=n * 2,
        )


def test_an_issue_with_no_resource_is_flagged_until_one_is_mapped(
    alice, sam, partnership, issues, client_for
):
    client = client_for(sam)
    page = _page(client, partnership)
    for issue in issues:
        assert f"No resource on the map bears on the issue “{issue.title}”." in page
    services.resource_create(
        actor=alice, partnership=partnership, name="WIOA accounts", issues=[issues[0]]
    )
    page = _page(client, partnership)
    assert f"bears on the issue “{issues[0].title}”" not in page
    assert f"bears on the issue “{issues[1].title}”" in page


def test_a_resource_far_below_pooled_demand_is_flagged(
    alice, sam, partnership, employers, client_for
):
    _openings(alice, partnership, employers, "51-4041", "Machinist", [2, 1, 2])  # 5 a year
    small = services.resource_create(
        actor=alice,
        partnership=partnership,
        name="Employer tuition reimbursement",
        capacity_per_year=2,
        soc_codes=["51-4041"],
    )
    enough = services.resource_create(
        actor=alice,
        partnership=partnership,
        name="Evening CNC certificate",
        capacity_per_year=3,  # 3 of 5: not under half
        soc_codes=["51-4041"],
    )
    page = _page(client_for(sam), partnership)
    assert (
        "“Employer tuition reimbursement” serves 2 people a year, under half of the 5 openings "
        "employers expect in the next 12 months for Machinist (51-4041)."
    ) in page
    assert "Far below demand means under half the pooled 12-month openings" in page
    assert "“Evening CNC certificate” serves" not in page
    assert "2 people a year" in page and small.pk and enough.pk


def test_a_hidden_pool_is_never_compared(alice, sam, partnership, employers, client_for):
    # Two employers only: the disclosure rule hides the pool, so no finding may reveal it.
    _openings(alice, partnership, employers[:2], "49-9041", "Maintenance technician", [9, 8])
    services.resource_create(
        actor=alice,
        partnership=partnership,
        name="Maintenance apprenticeship",
        capacity_per_year=1,
        soc_codes=["49-9041"],
    )
    page = _page(client_for(sam), partnership)
    assert "“Maintenance apprenticeship” serves" not in page
    assert "17 openings" not in page


def test_occupations_are_entered_as_soc_codes_and_a_bad_one_is_named(sam, partnership, client_for):
    client = client_for(sam)
    response = client.post(
        f"/p/{partnership.pk}/plan/resources/",
        {"name": "CNC certificate", "kind": "program", "soc_codes": "51-4041, machinist"},
    )
    assert response.status_code == 422
    assert "machinist is not a SOC code: use the form 51-4041." in response.content.decode()
    response = client.post(
        f"/p/{partnership.pk}/plan/resources/",
        {
            "name": "CNC certificate",
            "kind": "program",
            "soc_codes": "51-4041; 51-9061, 51-4041",
            "capacity_per_year": "40",
        },
    )
    assert response.status_code == 302
    from convenor.planning.models import Resource

    saved = Resource.objects.get(partnership=partnership, name="CNC certificate")
    assert saved.soc_codes == ["51-4041", "51-9061"]
    assert saved.capacity_per_year == 40


def test_a_bad_soc_code_is_refused_by_the_service(alice, partnership):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="51404 is not a SOC code"):
        services.resource_create(
            actor=alice, partnership=partnership, name="X", soc_codes=["51404"]
        )
