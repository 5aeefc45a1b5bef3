"""Writes for regions: saved regions, QCEW uploads, analysis snapshots."""

from __future__ import annotations

import shutil
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from convenor.analysis.errors import InputError
from convenor.analysis.reference import area_title, industry_level, parse_areas
from convenor.analysis.result import RegionAnalysis
from convenor.audit import services as audit
from convenor.jobs import runs
from convenor.lib.errors import file_facts
from convenor.partnerships.models import Partnership
from convenor.partnerships.services import partnership_create, partnership_update
from convenor.regions.models import AnalysisSnapshot, QcewUpload, SavedRegion, UploadStatus
from convenor.regions.tasks import ingest_upload, work_dir
from convenor.workspaces.models import Workspace

MAX_UPLOAD_BYTES = 1024 * 1024 * 1024  # a national annual singlefile zipped is well below
UPLOAD_SUFFIXES = (".csv", ".zip", ".csv.gz", ".txt")
NAICS_LEVELS = {"sector", "3", "4", "5", "6"}


def region_create(
    *, actor: Any, workspace: Workspace, name: str, area_codes: str, description: str = ""
) -> SavedRegion:
    region = audit.create(
        actor=actor,
        instance=SavedRegion(
            workspace=workspace,
            name=name.strip(),
            area_codes=_normal_codes(area_codes),
            description=description,
        ),
    )
    assert isinstance(region, SavedRegion)
    return region


def region_update(
    *, actor: Any, region: SavedRegion, changes: dict[str, Any], expected_version: int | None
) -> SavedRegion:
    changes = dict(changes)
    if "area_codes" in changes:
        changes["area_codes"] = _normal_codes(changes["area_codes"])
    saved = audit.update(
        actor=actor, instance=region, changes=changes, expected_version=expected_version
    )
    assert isinstance(saved, SavedRegion)
    return saved


def region_delete(*, actor: Any, region: SavedRegion, expected_version: int | None = None) -> None:
    audit.delete(actor=actor, instance=region, expected_version=expected_version)


def _normal_codes(text: str) -> str:
    try:
        return ",".join(parse_areas(text))
    except InputError as exc:
        raise ValidationError({"area_codes": str(exc)}) from None


def upload_create(*, actor: Any, workspace: Workspace, uploaded: UploadedFile) -> QcewUpload:
    """Keep an uploaded QCEW file and queue its ingest in the background."""
    name = uploaded.name or "upload.csv"
    size = uploaded.size or 0
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        raise ValidationError({"file": f"{name}: upload a BLS QCEW .csv file or a .zip of them."})
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": f"{name} is larger than 1 GB; use `convenor qcew ingest` instead."}
        )
    if size == 0:
        raise ValidationError({"file": f"{name} is empty."})
    upload = QcewUpload(workspace=workspace, original_name=name[:255], size=size, uploaded_by=actor)
    # The file is on disk (moved from the streamed temporary upload) and hashed before the
    # row is written, so no database lock is held while a large file is read.
    upload.file.save(name, uploaded, save=False)
    file_facts(upload.file)
    audit.create(actor=actor, instance=upload)
    transaction.on_commit(lambda: ingest_upload.enqueue(upload.pk))
    return upload


def upload_run_again(*, actor: Any, upload: QcewUpload) -> QcewUpload:
    """Queue again an ingest whose worker stopped (``convenor.jobs``)."""
    runs.check(QcewUpload)
    upload.refresh_from_db()
    if upload.status != UploadStatus.FAILED or runs.stopped_run(upload) is None:
        raise ValidationError(
            f"{upload.original_name} is {upload.get_status_display().lower()}: only an ingest "
            "that stopped can be run again (upload a corrected file instead)."
        )
    if not upload.file:
        raise ValidationError(
            f"{upload.original_name} is no longer kept on the server; upload it again."
        )
    with transaction.atomic():
        QcewUpload.objects.filter(pk=upload.pk).update(
            status=UploadStatus.QUEUED, progress=0, message="", results=[], finished_at=None
        )
        audit.record(
            actor=actor,
            instance=upload,
            action="event",
            note=f"ran the ingest of {upload.original_name} again",
        )
        runs.run_again(upload)
    upload.refresh_from_db()
    return upload


def upload_discard(*, actor: Any, upload: QcewUpload) -> None:
    """Remove an upload that failed or never started, with its file and work files.

    Files of it already ingested stay in the store (each file is stored whole).
    """
    runs.check(QcewUpload)
    upload.refresh_from_db()
    if upload.status not in (UploadStatus.FAILED, UploadStatus.QUEUED):
        raise ValidationError(
            f"{upload.original_name} is {upload.get_status_display().lower()}: only a failed "
            "or queued upload can be discarded."
        )
    name = upload.file.name
    folder = work_dir(upload)
    with transaction.atomic():
        runs.forget(upload)
        audit.delete(actor=actor, instance=upload, note=f"discarded {upload.original_name}")

    def remove_files() -> None:
        if name:
            upload.file.storage.delete(name)
        shutil.rmtree(folder, ignore_errors=True)

    transaction.on_commit(remove_files)


def snapshot_create(
    *,
    actor: Any,
    partnership: Partnership,
    analysis: RegionAnalysis,
    industry_code: str,
    region: SavedRegion | None = None,
    note: str = "",
) -> AnalysisSnapshot:
    """Save the analysis as the partnership's "why this industry" record and make the
    industry its target."""
    if region is not None and region.workspace_id != partnership.workspace_id:
        raise ValidationError({"region": "That region belongs to another workspace."})
    chosen = analysis.record(industry_code)
    if chosen is None:
        raise ValidationError(
            {"industry_code": f"Industry {industry_code} is not in this analysis."}
        )
    if industry_level(industry_code) not in NAICS_LEVELS:
        raise ValidationError(
            {
                "industry_code": f"{chosen['industry_title']} is a QCEW aggregate, not a NAICS "
                "industry; choose a sector or a more detailed industry."
            }
        )
    meta = analysis.meta()
    inputs = {
        k: meta[k]
        for k in (
            "year",
            "period",
            "ownership",
            "level",
            "base_year",
            "weights",
            "estimate_suppressed",
        )
    }
    with transaction.atomic():
        snapshot = audit.create(
            actor=actor,
            instance=AnalysisSnapshot(
                workspace_id=partnership.workspace_id,
                partnership=partnership,
                region=region,
                region_name=analysis.region.name,
                area_codes=",".join(analysis.region.codes),
                inputs=inputs,
                industry_code=industry_code,
                industry_title=chosen["industry_title"],
                row=chosen,
                top_rows=analysis.ranked()[:10],
                meta={
                    k: meta[k]
                    for k in ("totals", "notes", "sources", "national_data", "base_source")
                },
                note=note,
                created_by=actor,
            ),
        )
        naics = industry_code if len(industry_code) <= 6 else industry_code[:6]
        partnership_update(
            actor=actor,
            partnership=partnership,
            changes={
                "industry_naics": naics,
                "industry_title": chosen["industry_title"],
                "region": partnership.region or (region.name if region else analysis.region.name),
            },
            expected_version=None,
        )
    assert isinstance(snapshot, AnalysisSnapshot)
    return snapshot


def partnership_start(
    *, actor: Any, region: SavedRegion, analysis: RegionAnalysis, industry_code: str
) -> AnalysisSnapshot:
    """Start a partnership for an industry of the region's analysis: the partnership
    serves the saved region, targets the industry, and keeps the analysis as its
    "why this industry" record (:func:`snapshot_create`); all or nothing."""
    chosen = analysis.record(industry_code)
    if chosen is None:
        raise ValidationError(
            {"industry_code": f"Industry {industry_code} is not in this analysis."}
        )
    base = f"{chosen['industry_title']} · {region.name}"[:140]
    taken = set(
        Partnership.objects.filter(
            workspace_id=region.workspace_id, name__startswith=base
        ).values_list("name", flat=True)
    )
    name = next(n for n in (base, *(f"{base} ({i})" for i in range(2, 1000))) if n not in taken)
    with transaction.atomic():
        partnership = partnership_create(
            actor=actor, workspace=region.workspace, name=name, saved_region=region
        )
        return snapshot_create(
            actor=actor,
            partnership=partnership,
            analysis=analysis,
            industry_code=industry_code,
            region=region,
        )


def region_label(codes: list[str]) -> str:
    return ", ".join(area_title(c) for c in codes)
