from __future__ import annotations

from convenor.analysis.ingest import ingest
from convenor.regions import selectors, services
from convenor.regions.models import QcewUpload, UploadStatus
from tests.regions.helpers import OHIO

ORDER = 40


def build_workspace(world) -> None:
    ingest([OHIO / "morpc-qcew-2020-a-39073.csv"], selectors.workspace_store_dir(world.workspace))
    region = services.region_create(
        actor=world.owner, workspace=world.workspace, name="Hocking", area_codes="39073"
    )
    world.kwargs["region_id"] = region.pk
    upload = QcewUpload.objects.create(
        workspace=world.workspace,
        original_name="x.csv",
        status=UploadStatus.DONE,
        uploaded_by=world.owner,
    )
    world.kwargs["upload_id"] = upload.pk
