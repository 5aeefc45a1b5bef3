"""What the Django tests of occupations share: a workspace QCEW store with the real Franklin
County 2020 file, the labour store of the real files, and a partnership whose "why this
industry" record targets manufacturing (31-33) in Franklin County."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from convenor.analysis.ingest import ingest as ingest_qcew
from convenor.analysis.request import AnalysisRequest
from convenor.occupations import labour
from convenor.regions import selectors as region_selectors
from convenor.regions import services as region_services
from convenor.regions.models import SavedRegion
from tests.occupations import stores
from tests.regions.helpers import OHIO

FRANKLIN = "39049"


def qcew_for(workspace: Any) -> None:
    ingest_qcew(
        [OHIO / f"morpc-qcew-2020-a-{FRANKLIN}.csv"],
        region_selectors.workspace_store_dir(workspace),
    )


def labour_store(files: Any = stores.FULL) -> None:
    stores.install(settings.LABOUR_DIR, files)
    labour.clear_cache()


def franklin(workspace: Any, actor: Any) -> SavedRegion:
    return region_services.region_create(
        actor=actor, workspace=workspace, name="Franklin County", area_codes=FRANKLIN
    )


def target_manufacturing(partnership: Any, region: SavedRegion, actor: Any) -> None:
    """The partnership's "why this industry" record: manufacturing in the region, 2020."""
    analysis = region_selectors.run_analysis(
        partnership.workspace, AnalysisRequest.parse(region.codes, 2020, name=region.name)
    )
    region_services.snapshot_create(
        actor=actor, partnership=partnership, analysis=analysis, industry_code="31-33",
        region=region,
    )  # fmt: skip
    partnership.refresh_from_db()
