from __future__ import annotations

import pytest

from convenor.analysis.ingest import ingest
from convenor.regions import selectors, services
from tests.regions.helpers import OHIO


@pytest.fixture
def ohio(workspace):
    """The five counties with 2020 annual files, loaded into the workspace's store."""
    files = sorted(OHIO.glob("morpc-qcew-2020-a-*.csv"))
    ingest(files, selectors.workspace_store_dir(workspace))
    return [f.stem.rsplit("-", 1)[1] for f in files]


@pytest.fixture
def region(ohio, workspace, alice):
    return services.region_create(
        actor=alice, workspace=workspace, name="Central Ohio", area_codes=",".join(ohio)
    )
