"""Demo: the real Central Ohio QCEW files (BLS, 2020), saved regions, and the demo
partnership's "why this industry" record."""

from __future__ import annotations

from pathlib import Path

from convenor.analysis.ingest import ingest
from convenor.analysis.request import AnalysisRequest
from convenor.front.demo import DemoContext
from convenor.partnerships.services import partnership_update
from convenor.regions import selectors, services

OHIO = Path(__file__).parent / "demo_data" / "qcew" / "central-ohio-2020"
ANNUAL_COUNTIES = "39049,39041,39045,39047,39073"


def build(ctx: DemoContext) -> None:
    files = sorted(OHIO.glob("*.csv"))
    # The demo workspace's own store, and the shared one `convenor analyze` reads.
    ingest(files, selectors.workspace_store_dir(ctx.workspace))
    ingest(files, selectors.shared_store_dir())
    core = services.region_create(
        actor=ctx.owner,
        workspace=ctx.workspace,
        name="Central Ohio (5 counties with 2020 annual data)",
        area_codes=ANNUAL_COUNTIES,
        description="Franklin, Delaware, Fairfield, Fayette and Hocking counties.",
    )
    services.region_create(
        actor=ctx.owner,
        workspace=ctx.workspace,
        name="Franklin County",
        area_codes="39049",
        description="Columbus and its county.",
    )
    services.region_create(
        actor=ctx.owner,
        workspace=ctx.workspace,
        name="Outer ring (Q4 2020)",
        area_codes="39129,39141,39159",
        description="Pickaway, Ross and Union counties; only fourth-quarter files are loaded.",
    )
    request = AnalysisRequest.parse(core.codes, 2020, name=core.name)
    analysis = selectors.run_analysis(ctx.workspace, request)
    services.snapshot_create(
        actor=ctx.owner,
        partnership=ctx.partnership,
        analysis=analysis,
        industry_code="31-33",
        region=core,
        note=(
            "Manufacturers told us in one-on-ones that they cannot fill production and "
            "maintenance jobs; the 2020 QCEW figures confirm a large manufacturing base that "
            "pays above the regional average."
        ),
    )
    # The demo partnership serves the saved region its analysis covers.
    ctx.partnership.refresh_from_db()
    partnership_update(
        actor=ctx.owner,
        partnership=ctx.partnership,
        changes={"saved_region": core},
        expected_version=ctx.partnership.version,
    )
    ctx.objects["regions"] = [core]
