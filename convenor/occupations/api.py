"""API of occupations: the jobs of an industry in a region (the fields of the engine's
README), a partnership's supply, gap and challenge evidence, saved occupation analyses and
the evidence links, and the training programs of its education and training partners."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Query, Router, Status, UploadedFile

from convenor.analysis.errors import AnalysisError, InputError
from convenor.analysis.occupations.analyze import OccupationAnalysis
from convenor.lib.schemas import Message
from convenor.occupations import labour, selectors, services
from convenor.occupations.labour import OccupationRequest
from convenor.occupations.models import OccupationEvidence, OccupationSnapshot, TrainingProgram
from convenor.occupations.schemas import (
    AdhocOccupationQuery,
    EvidenceLinkIn,
    EvidenceLinkOut,
    ImportProblemOut,
    OccupationAnalysisOut,
    OccupationHitOut,
    OccupationQuery,
    OccupationSnapshotIn,
    OccupationSnapshotOut,
    OptionsQuery,
    PartnershipOccupationsOut,
    ProgramIn,
    ProgramOut,
    ProgramPatch,
)
from convenor.partners.models import Organisation
from convenor.partnerships.models import Partnership
from convenor.planning.models import Issue
from convenor.planning.pages import membership
from convenor.regions.models import SavedRegion
from convenor.workspaces.access import (
    child_or_404,
    needs,
    object_for,
    partnership_for,
    workspace_for,
)
from convenor.workspaces.models import Access, Workspace

router = Router(tags=["occupations"])


def _invalid(exc: InputError) -> ValidationError:
    return ValidationError({exc.field or "query": str(exc)})


def _request(query: OccupationQuery, areas: str | list[str], name: str | None) -> OccupationRequest:
    try:
        return OccupationRequest.parse(
            areas,
            query.industry,
            query.year,
            period=query.period,
            ownership=query.ownership,
            weights=query.weights,
            estimate_suppressed=query.estimate_suppressed,
            name=name,
        )
    except InputError as exc:
        raise _invalid(exc) from None


def _run(workspace: Workspace, request: OccupationRequest) -> OccupationAnalysis:
    try:
        return labour.analyze(workspace, request)
    except AnalysisError as exc:
        raise ValidationError(str(exc)) from None


def _body(analysis: OccupationAnalysis) -> dict[str, Any]:
    return {"meta": analysis.meta(), "rows": analysis.records()}


@router.get(
    "/regions/{region_id}/occupations",
    response=OccupationAnalysisOut,
    summary="The occupations of an industry in a saved region "
    "(`convenor occupations --format json`)",
)
def region_occupations(
    request: HttpRequest, region_id: int, query: Query[OccupationQuery]
) -> dict[str, Any]:
    """Estimated employment by occupation (QCEW x the national staffing pattern), wages of
    the region's own OEWS area, EP projections and the critical-occupation score. 422 names
    the reason: an unknown code, no staffing pattern loaded for the industry, no QCEW row."""
    region = object_for(request.user, SavedRegion.objects.select_related("workspace"), pk=region_id)
    return _body(_run(region.workspace, _request(query, region.codes, region.name)))


@router.get(
    "/workspaces/{slug}/occupations",
    response=OccupationAnalysisOut,
    summary="The occupations of an industry in any areas (?areas=39049&industry=62&year=2020)",
)
def adhoc_occupations(
    request: HttpRequest, slug: str, query: Query[AdhocOccupationQuery]
) -> dict[str, Any]:
    membership_ = workspace_for(request.user, slug)
    return _body(_run(membership_.workspace, _request(query, query.areas, None)))


def _study(partnership: Partnership, options: OptionsQuery) -> selectors.Study:
    try:
        target = labour.partnership_target(
            partnership, weights=options.weights, estimate_suppressed=options.estimate_suppressed
        )
    except InputError as exc:
        raise _invalid(exc) from None
    if target.request is None:
        raise ValidationError(target.reason)
    analysis = _run(partnership.workspace, target.request)
    try:
        return selectors.study(partnership, analysis)
    except AnalysisError as exc:
        raise ValidationError(str(exc)) from None


@router.get(
    "/partnerships/{partnership_id}/occupations",
    response=PartnershipOccupationsOut,
    summary="The target industry's occupations in the partnership's region, with supply, "
    "gap and challenge evidence",
)
def partnership_occupations(
    request: HttpRequest, partnership_id: int, query: Query[OptionsQuery]
) -> dict[str, Any]:
    """The region, year and industry are those of the partnership's "why this industry"
    record; supply is its training programs, demand the employers' pooled openings the
    disclosure rule shows."""
    partnership = partnership_for(request.user, partnership_id)
    found = _study(partnership, query)
    return {
        **_body(found.analysis),
        "gap": found.gap.as_dict() if found.gap else None,
        "evidence": [e.as_dict() for e in found.evidence],
        "notes": found.notes,
    }


@router.get(
    "/partnerships/{partnership_id}/occupations/find",
    response=list[OccupationHitOut],
    summary="SOC occupations whose code or title contains q (for picking one)",
)
def occupation_find(request: HttpRequest, partnership_id: int, q: str = "") -> list[dict[str, str]]:
    partnership_for(request.user, partnership_id)
    return selectors.find(q[:100])


# --- Saved analyses and evidence -----------------------------------------------------------------


@router.get(
    "/partnerships/{partnership_id}/occupations/snapshots",
    response=list[OccupationSnapshotOut],
    summary="The partnership's saved occupation analyses, newest first",
)
def snapshot_list(request: HttpRequest, partnership_id: int) -> QuerySet[OccupationSnapshot]:
    partnership = partnership_for(request.user, partnership_id)
    return selectors.snapshots_of(partnership)


@router.post(
    "/partnerships/{partnership_id}/occupations/snapshots",
    response={201: OccupationSnapshotOut},
    summary="Save the target industry's occupation analysis with its figures",
)
def snapshot_create(
    request: HttpRequest, partnership_id: int, payload: OccupationSnapshotIn
) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    found = _study(partnership, payload)
    target = labour.partnership_target(
        partnership, weights=payload.weights, estimate_suppressed=payload.estimate_suppressed
    )
    assert target.request is not None and target.snapshot is not None
    snapshot = services.snapshot_create(
        actor=request.user,
        partnership=partnership,
        request=target.request,
        analysis=found.analysis,
        gap=found.gap,
        evidence=found.evidence,
        region=target.snapshot.region,
        note=payload.note,
    )
    return Status(201, snapshot)


@router.get(
    "/partnerships/{partnership_id}/occupations/snapshots/{occupation_snapshot_id}",
    response=OccupationSnapshotOut,
    summary="A saved occupation analysis",
)
def snapshot_detail(
    request: HttpRequest, partnership_id: int, occupation_snapshot_id: int
) -> OccupationSnapshot:
    partnership = partnership_for(request.user, partnership_id)
    snapshot: OccupationSnapshot = child_or_404(
        selectors.snapshots_of(partnership), pk=occupation_snapshot_id
    )
    return snapshot


@router.get(
    "/partnerships/{partnership_id}/occupations/evidence",
    response=list[EvidenceLinkOut],
    summary="Saved occupation analyses cited as evidence for issues and challenges heard",
)
def evidence_list(request: HttpRequest, partnership_id: int) -> QuerySet[OccupationEvidence]:
    partnership = partnership_for(request.user, partnership_id)
    return selectors.evidence_of_partnership(partnership)


@router.post(
    "/partnerships/{partnership_id}/occupations/evidence",
    response={201: EvidenceLinkOut},
    summary="Cite a saved occupation analysis as evidence for an issue or a challenge heard",
)
def evidence_create(
    request: HttpRequest, partnership_id: int, payload: EvidenceLinkIn
) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    snapshot = child_or_404(selectors.snapshots_of(partnership), pk=payload.occupation_snapshot_id)
    issue = None
    if payload.issue_id is not None:
        try:
            issue = Issue.objects.get(partnership=partnership, pk=payload.issue_id)
        except Issue.DoesNotExist:
            raise ValidationError({"issue_id": "No such issue in this partnership."}) from None
    link = services.evidence_attach(
        actor=request.user,
        snapshot=snapshot,
        issue=issue,
        challenge=payload.challenge,
        note=payload.note,
    )
    return Status(201, link)


@router.delete(
    "/partnerships/{partnership_id}/occupations/evidence/{occupation_evidence_id}",
    response=Message,
    summary="Remove a citation (the saved analysis stays)",
)
def evidence_delete(
    request: HttpRequest, partnership_id: int, occupation_evidence_id: int, version: int
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    link = child_or_404(selectors.evidence_of_partnership(partnership), pk=occupation_evidence_id)
    services.evidence_remove(actor=request.user, link=link, expected_version=version)
    return {"detail": f"Evidence {occupation_evidence_id} removed."}


# --- Training programs ---------------------------------------------------------------------------


def _owner(request: HttpRequest, partnership: Partnership) -> Organisation | None:
    """The organisation a training partner enters for; ``None`` for staff. 422 for a member
    who is neither."""
    member = membership(partnership)
    own, cannot = selectors.program_owner(partnership, member, request.user)
    if own is None and not member.can_edit:
        raise ValidationError(cannot)
    return own


def _program(request: HttpRequest, partnership: Partnership, program_id: int) -> TrainingProgram:
    own = _owner(request, partnership)
    programs = selectors.programs_of(partnership)
    if own is not None:
        programs = programs.filter(organisation=own)
    program: TrainingProgram = child_or_404(programs, pk=program_id)
    return program


@router.get(
    "/partnerships/{partnership_id}/programs",
    response=list[ProgramOut],
    summary="The training programs of the partnership's education and training partners",
)
def program_list(request: HttpRequest, partnership_id: int) -> QuerySet[TrainingProgram]:
    return selectors.programs_of(partnership_for(request.user, partnership_id))


@router.post(
    "/partnerships/{partnership_id}/programs",
    response={201: ProgramOut},
    summary="Record a program (a training partner for her organisation, staff for any)",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def program_create(request: HttpRequest, partnership_id: int, payload: ProgramIn) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    data = payload.dict()
    organisation_id = data.pop("organisation_id")
    own = _owner(request, partnership)
    organisation: Organisation | None
    if own is not None:
        organisation = own
    elif organisation_id is None:
        raise ValidationError({"organisation_id": "Name the provider."})
    else:
        # Any organisation of the workspace: the service refuses one that trains no one,
        # with the reason, rather than a bare "no such organisation".
        organisation = Organisation.objects.filter(
            workspace_id=partnership.workspace_id, pk=organisation_id
        ).first()
        if organisation is None:
            raise ValidationError({"organisation_id": "No such organisation in this workspace."})
    program = services.program_create(
        actor=request.user, partnership=partnership, organisation=organisation, **data
    )
    return Status(201, program)


# Before the routes of one program: its path would otherwise read `import` as a program id.
@router.post(
    "/partnerships/{partnership_id}/programs/import",
    response={201: list[ProgramOut], 422: dict[str, Any]},
    summary="Import a CSV or XLSX of programs: every row, or none with each rejected row named",
)
def program_import(
    request: HttpRequest,
    partnership_id: int,
    provider_id: int | None = None,
    # ninja reads a File[...] annotation only bare: its None default means "optional".
    file: File[UploadedFile] = None,  # type: ignore[assignment]
) -> Status[Any]:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    if file is None:
        raise ValidationError({"file": "Attach a CSV or XLSX of programs as `file`."})
    provider = None
    if provider_id is not None:
        provider = selectors.training_organisations(partnership).filter(pk=provider_id).first()
        if provider is None:
            raise ValidationError({"provider_id": "No such training partner in this workspace."})
    try:
        created = services.programs_import(
            actor=request.user,
            partnership=partnership,
            data=file.read(),
            filename=file.name or "programs.csv",
            provider=provider,
        )
    except services.ProgramImportRefused as exc:
        return Status(
            422,
            {
                "detail": [{"loc": ["body", "file"], "msg": " ".join(exc.messages)}],
                "problems": [ImportProblemOut(**vars(p)).dict() for p in exc.problems],
            },
        )
    return Status(201, created)


@router.patch(
    "/partnerships/{partnership_id}/programs/{program_id}",
    response=ProgramOut,
    summary="Change a program (your organisation's, or any for staff)",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def program_update(
    request: HttpRequest, partnership_id: int, program_id: int, payload: ProgramPatch
) -> TrainingProgram:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    program = _program(request, partnership, program_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.program_update(
        actor=request.user, program=program, changes=changes, expected_version=version
    )


@router.delete(
    "/partnerships/{partnership_id}/programs/{program_id}",
    response=Message,
    summary="Delete a program",
    openapi_extra=needs(Access.CONTRIBUTE),
)
def program_delete(
    request: HttpRequest, partnership_id: int, program_id: int, version: int
) -> dict[str, str]:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    program = _program(request, partnership, program_id)
    services.program_delete(actor=request.user, program=program, expected_version=version)
    return {"detail": f"Program {program_id} deleted."}
