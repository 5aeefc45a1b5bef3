"""Pages of a partnership's occupations: the target industry's jobs in its region with the
supply, the gap and the evidence for the challenges; saved analyses and the evidence
they are cited as; the training programs of the education and training partners."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from convenor.analysis.errors import AnalysisError
from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.lib.words import counted
from convenor.occupations import labour, pages, selectors, services
from convenor.occupations.forms import (
    EvidenceAttachForm,
    OccupationOptionsForm,
    ProgramForm,
    ProgramImportForm,
    SnapshotSaveForm,
)
from convenor.occupations.models import OccupationEvidence, OccupationSnapshot, TrainingProgram
from convenor.partnerships.models import Partnership
from convenor.planning.pages import membership, need
from convenor.workspaces.access import child_or_404, partnership_for, route
from convenor.workspaces.models import Access


def _url(name: str, partnership: Partnership, **kwargs: Any) -> str:
    return reverse(f"occupations:{name}", kwargs={"partnership_id": partnership.pk, **kwargs})


def _render(
    request: HttpRequest,
    template: str,
    partnership: Partnership,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    ctx = {"partnership": partnership, "membership": membership(partnership)}
    ctx.update(context)
    return render(request, template, ctx, status=status)


# --- The occupations of the target industry ---------------------------------------------------


def _partnership_study(
    request: HttpRequest, partnership: Partnership
) -> tuple[dict[str, Any], str]:
    """The page's context and the reason there is no analysis ("" when there is one)."""
    target = labour.partnership_target(partnership)
    context: dict[str, Any] = {"target": target, "loaded": labour.has_data()}
    if target.request is None:
        return context, target.reason
    defaults = target.request.query()
    form = OccupationOptionsForm(
        request.GET,
        codes=target.request.areas,
        defaults=defaults,
        name=target.request.name,
        fixed=True,
    )
    context["form"] = form
    analysis, error = pages.run(membership(partnership).workspace, form)
    if analysis is None:
        return context, error
    context.update(pages.table_context(analysis, request.GET))
    try:
        found = selectors.study(partnership, analysis)
    except AnalysisError as exc:
        return context, str(exc)
    context["study"] = found
    context["gap_rows"] = found.gap.rows if found.gap else []
    context["verdicts"] = selectors.verdicts([e.as_dict() for e in found.evidence])
    context["request_obj"] = form.request
    return context, ""


@route(get=Access.VIEW, post=Access.EDIT)
def partnership_occupations(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """GET: the page; POST (staff): save the analysis with its figures."""
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    context, error = _partnership_study(request, partnership)
    saving = SnapshotSaveForm(request.POST or None) if membership(partnership).can_edit else None
    status = 200
    if request.method == "POST":
        assert saving is not None
        if error or "study" not in context:
            messages.error(request, error or "Nothing to save.")
            return redirect(_url("partnership", partnership))
        if saving.is_valid():
            found = context["study"]
            snapshot = services.snapshot_create(
                actor=request.user,
                partnership=partnership,
                request=context["request_obj"],
                analysis=found.analysis,
                gap=found.gap,
                evidence=found.evidence,
                region=context["target"].snapshot.region,
                note=saving.cleaned_data["note"],
            )
            messages.success(request, "Occupation analysis saved with its figures.")
            return redirect(_url("snapshot", partnership, occupation_snapshot_id=snapshot.pk))
        status = 422
    context.update(
        {
            "error": error,
            "save_form": saving,
            "snapshots": selectors.snapshots_of(partnership)[:10],
        }
    )
    return _render(request, "occupations/partnership.html", partnership, context, status)


@route(get=Access.VIEW)
def partnership_download(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    context, error = _partnership_study(request, partnership)
    if error or "analysis" not in context:
        return HttpResponse(
            error or "No analysis.", status=422, content_type="text/plain; charset=utf-8"
        )
    analysis = context["analysis"]
    return pages.csv_response(
        analysis, f"occupations-{analysis.industry.code}-{analysis.industry.region_name}"
    )


@route(get=Access.VIEW)
def occupation_find(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """SOC occupations whose code or title holds the text typed (htmx options for a picker)."""
    partnership_for(request.user, partnership_id)
    text = ""
    for name in ("q", "soc_code", "occupation_title"):
        if request.GET.get(name):
            text = request.GET[name][:100]
            break
    return render(request, "occupations/_find.html", {"hits": selectors.find(text), "q": text})


# --- Saved analyses and the evidence they are cited as -----------------------------------------


def _snapshot(partnership: Partnership, snapshot_id: int) -> OccupationSnapshot:
    found: OccupationSnapshot = child_or_404(selectors.snapshots_of(partnership), pk=snapshot_id)
    return found


@route(get=Access.VIEW, post=Access.EDIT)
def snapshot_detail(
    request: HttpRequest, partnership_id: int, occupation_snapshot_id: int
) -> HttpResponse:
    """A saved analysis; POST (staff): cite it as evidence for an issue or a challenge heard."""
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    snapshot = _snapshot(partnership, occupation_snapshot_id)
    choices = selectors.attachable(partnership)
    form = None
    if membership(partnership).can_edit:
        form = EvidenceAttachForm(request.POST or None, **choices)
    if request.method == "POST":
        assert form is not None
        if form.is_valid():
            link = save_form(
                form,
                lambda: services.evidence_attach(
                    actor=request.user,
                    snapshot=snapshot,
                    issue=form.cleaned_data["issue"],
                    challenge=form.cleaned_data["challenge"],
                    note=form.cleaned_data["note"],
                ),
            )
            if link is not None:
                messages.success(
                    request, f"Cited as evidence for “{link.get_challenge_display()}”."
                )
                return redirect(
                    _url("snapshot", partnership, occupation_snapshot_id=snapshot.pk) + "#cited"
                )
    return _render(
        request,
        "occupations/snapshot.html",
        partnership,
        {
            "snapshot": snapshot,
            "verdicts": selectors.verdicts(snapshot.evidence or []),
            "links": selectors.evidence_of_snapshot(snapshot),
            "form": form,
        },
        form_status(form) if form is not None else 200,
    )


@route(post=Access.EDIT)
def evidence_delete(
    request: HttpRequest, partnership_id: int, occupation_evidence_id: int
) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    link: OccupationEvidence = child_or_404(
        selectors.evidence_of_partnership(partnership), pk=occupation_evidence_id
    )
    then = _url("snapshot", partnership, occupation_snapshot_id=link.snapshot_id) + "#cited"
    delete_checked(
        request,
        lambda version: services.evidence_remove(
            actor=request.user, link=link, expected_version=version
        ),
        done="Evidence removed.",
    )
    # Back to the page the button was on (the issue page), never to another site.
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(then)


# --- Training programs -------------------------------------------------------------------------


def _programs_page(
    request: HttpRequest,
    partnership: Partnership,
    form: ProgramForm | None,
    import_form: ProgramImportForm | None,
    *,
    status: int = 200,
    problems: list[services.RowProblem] | None = None,
) -> HttpResponse:
    member = membership(partnership)
    own, cannot = selectors.program_owner(partnership, member, request.user)
    return _render(
        request,
        "occupations/programs.html",
        partnership,
        {
            "programs": selectors.programs_of(partnership),
            "form": form,
            "import_form": import_form,
            "own_organisation": own,
            "cannot": cannot if not member.can_edit else "",
            "problems": problems or [],
            "crosswalk_loaded": labour.has_data(),
        },
        status,
    )


@route(get=Access.VIEW, post=Access.CONTRIBUTE)
def programs(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """Everyone at the table reads the programs; a training partner enters her own, staff any."""
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.CONTRIBUTE)
    )
    member = membership(partnership)
    own, cannot = selectors.program_owner(partnership, member, request.user)
    can_enter = member.can_edit or (member.allows(Access.CONTRIBUTE) and own is not None)
    form = None
    if can_enter:
        form = ProgramForm(
            request.POST or None,
            organisations=selectors.training_organisations(partnership),
            own=own,
        )
        form.instance.workspace_id = partnership.workspace_id
    if request.method == "POST":
        if form is None:
            messages.error(request, cannot)
            return redirect(_url("programs", partnership))
        if form.is_valid():
            extra = {"organisation": own} if own is not None else {}
            program = save_form(
                form,
                lambda: services.program_create(
                    actor=request.user, partnership=partnership, **{**form.changes(), **extra}
                ),
            )
            if program is not None:
                messages.success(request, f"Program “{program}” recorded.")
                return redirect(_url("programs", partnership))
    import_form = (
        ProgramImportForm(organisations=selectors.training_organisations(partnership))
        if member.can_edit
        else None
    )
    return _programs_page(
        request, partnership, form, import_form, status=form_status(form) if form else 200
    )


def _own_program(
    request: HttpRequest, partnership: Partnership, program_id: int
) -> tuple[TrainingProgram, Any]:
    """A program the member may change: staff any, a training partner her organisation's."""
    member = membership(partnership)
    programs_ = selectors.programs_of(partnership)
    own = None
    if not member.can_edit:
        own, _ = selectors.program_owner(partnership, member, request.user)
        programs_ = programs_.filter(organisation=own) if own is not None else programs_.none()
    program: TrainingProgram = child_or_404(programs_, pk=program_id)
    return program, own


@route(get=Access.CONTRIBUTE, post=Access.CONTRIBUTE)
def program_edit(request: HttpRequest, partnership_id: int, program_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    program, own = _own_program(request, partnership, program_id)
    form = ProgramForm(
        request.POST or None,
        instance=program,
        organisations=selectors.training_organisations(partnership),
        own=own,
    )
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.program_update(
                actor=request.user,
                program=program,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved is not None:
            messages.success(request, "Saved.")
            return redirect(_url("programs", partnership))
    return _render(
        request,
        "occupations/program_edit.html",
        partnership,
        {"form": form, "program": program},
        form_status(form),
    )


@route(post=Access.CONTRIBUTE)
def program_delete(request: HttpRequest, partnership_id: int, program_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.CONTRIBUTE)
    program, _ = _own_program(request, partnership, program_id)
    if delete_checked(
        request,
        lambda version: services.program_delete(
            actor=request.user, program=program, expected_version=version
        ),
        done=f"Program “{program}” deleted.",
    ):
        return redirect(_url("programs", partnership))
    return redirect(_url("program-edit", partnership, program_id=program.pk))


@route(post=Access.EDIT)
def programs_import(request: HttpRequest, partnership_id: int) -> HttpResponse:
    """Import a CSV or XLSX of programs: every row, or none with each rejected row named."""
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    organisations = selectors.training_organisations(partnership)
    form = ProgramImportForm(request.POST, request.FILES, organisations=organisations)
    problems: list[services.RowProblem] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = services.programs_import(
                actor=request.user,
                partnership=partnership,
                data=upload.read(),
                filename=upload.name or "programs.csv",
                provider=form.cleaned_data["provider"],
            )
        except services.ProgramImportRefused as exc:
            problems = exc.problems
            form.add_error("file", " ".join(exc.messages))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{counted(len(created), 'program')} imported.")
            return redirect(_url("programs", partnership))
    return _programs_page(request, partnership, None, form, status=422, problems=problems)
