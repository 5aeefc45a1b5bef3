"""A saved analysis in one paragraph, for other apps (the first meeting's agenda)."""

from __future__ import annotations

from convenor.analysis.request import AnalysisRequest
from convenor.regions import selectors, services
from convenor.regions.models import AnalysisSnapshot
from tests.regions.helpers import published


def _saved(region, partnership, actor, industry: str, level: str = "sector") -> AnalysisSnapshot:
    request = AnalysisRequest.parse(region.codes, 2020, level=level, name=region.name)
    analysis = selectors.run_analysis(region.workspace, request)
    return services.snapshot_create(
        actor=actor,
        partnership=partnership,
        analysis=analysis,
        industry_code=industry,
        region=region,
        note="Employers cannot fill maintenance jobs.",
    )


def test_the_summary_gives_the_industry_its_size_and_why(alice, region, partnership):
    snapshot = _saved(region, partnership, alice, "31-33")
    cells = [published(area, "a", "31-33") for area in region.codes]
    disclosed = [c for c in cells if c["disclosure_code"] != "N"]
    jobs = sum(int(c["annual_avg_emplvl"]) for c in disclosed)
    establishments = sum(int(c["annual_avg_estabs"]) for c in cells)
    at_least = "at least " if len(disclosed) < len(cells) else ""
    text = snapshot.summary()
    assert text.startswith(
        f"Manufacturing in Central Ohio (2020): {at_least}{jobs:,} jobs, "
        f"{establishments:,} establishments, location quotient"
    )
    assert text.endswith(" Employers cannot fill maintenance jobs.")
    assert snapshot.row["reasons"] in text
    facts = snapshot.summary_facts()
    assert (facts["industry"], facts["employment"]) == ("Manufacturing", jobs)
    assert facts["period"] == "2020 annual average"


def test_a_suppressed_figure_is_left_out_of_the_summary_never_zero(alice, region, partnership):
    snapshot = _saved(region, partnership, alice, "31-33")
    snapshot.row = {**snapshot.row, "employment": None, "suppressed": True, "lq": None}
    establishments = snapshot.row["establishments"]
    assert snapshot.summary().startswith(
        f"Manufacturing in Central Ohio (2020): {establishments:,} establishments. "
    )
