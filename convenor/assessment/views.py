from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from convenor.assessment import health as health_rules
from convenor.assessment import lifecycle, overview, readiness, selectors, services, timeline
from convenor.assessment.facts import PartnershipFacts
from convenor.assessment.forms import (
    PhaseNoteForm,
    ReadinessAnswerForm,
    StageMoveForm,
    TensionForm,
)
from convenor.assessment.guide import guide_context
from convenor.assessment.links import link
from convenor.assessment.models import (
    PHASE_HELP,
    GroupPhaseNote,
    Phase,
    Question,
    ReadinessAnswer,
    Tension,
    TensionKind,
    TensionStatus,
)
from convenor.assessment.selfcheck import selfcheck_rows
from convenor.intermediaries.selectors import intermediary_facts
from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.lib.htmx import is_htmx
from convenor.partnerships.models import Partnership, Stage
from convenor.workspaces.access import (
    child_or_404,
    object_for,
    partnership_for,
    route,
    workspace_for,
)
from convenor.workspaces.models import Access, Membership

FOUR = ("challenge", "industry_support", "intermediary", "stakeholders")


def _membership(partnership: Partnership) -> Membership:
    """The reader's membership, which the access helpers attach to the partnership."""
    membership: Membership = partnership.membership  # type: ignore[attr-defined, unused-ignore]
    return membership


def _team(partnership: Partnership) -> bool:
    """On the workspace team: reads every answer and tension, not only the shared ones."""
    return _membership(partnership).allows(Access.TEAM)


def _facts(partnership: Partnership, *, extras: bool = False) -> PartnershipFacts:
    """The partnership's facts as its reader may see them; ``extras`` for the self-check
    and the group phases."""
    return selectors.partnership_facts([partnership], team=_team(partnership), extras=extras)[
        partnership.pk
    ]


def _base(partnership: Partnership, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "membership": _membership(partnership),
        "team": _team(partnership),
        **extra,
    }


# --- Readiness -------------------------------------------------------------------


def _question_rows(partnership: Partnership, facts: PartnershipFacts) -> list[dict[str, Any]]:
    computed = readiness.signals(facts)
    answers = selectors.answers_of(partnership, team=_team(partnership))
    return [
        {
            "key": q.value,
            "text": q.label,
            "short": readiness.SHORT[q.value],
            "signal": computed[q.value],
            "signals": [computed[q.value]],
            "answer": answers.get(q.value),
            "scored": q.value in FOUR,
        }
        for q in Question
    ]


@route(get=Access.VIEW)
def readiness_page(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    facts = _facts(partnership)
    rows = _question_rows(partnership, facts)
    return render(
        request,
        "assessment/readiness.html",
        _base(
            partnership,
            four=[r for r in rows if r["scored"]],
            review=[r for r in rows if not r["scored"]],
            score=readiness.score(facts),
            findings=[
                f
                for f in readiness.readiness_findings(facts)
                if f.code.startswith("readiness.answer")
            ],
        ),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def readiness_answer(
    request: HttpRequest, partnership_id: int, readiness_question: str
) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    if readiness_question not in Question.values:
        raise Http404("Not found")
    question = Question(readiness_question)
    instance = ReadinessAnswer.objects.filter(
        partnership=partnership, question=question
    ).first() or ReadinessAnswer(
        partnership=partnership, workspace_id=partnership.workspace_id, question=question
    )
    form = ReadinessAnswerForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.readiness_answer_save(
                actor=request.user,
                partnership=partnership,
                question=question.value,
                status=form.cleaned_data["status"],
                answer=form.cleaned_data["answer"],
                evidence=form.cleaned_data["evidence"],
                shared_with_partners=form.cleaned_data["shared_with_partners"],
                expected_version=form.expected_version,
            ),
        )
        if saved and is_htmx(request):
            # The question's card, updated in place on the readiness page.
            row = next(
                r for r in _question_rows(partnership, _facts(partnership)) if r["key"] == question
            )
            return render(request, "assessment/_question.html", _base(partnership, q=row))
        if saved:
            messages.success(request, "Answer saved.")
            return redirect(
                reverse("assessment:readiness", kwargs={"partnership_id": partnership.pk})
                + f"#q-{question.value}"
            )
    facts = _facts(partnership)
    context = _base(
        partnership, form=form, question=question, signal=readiness.signals(facts)[question.value]
    )
    if is_htmx(request):
        # htmx swaps only 2xx answers: the form comes back in place, errors shown.
        return render(request, "assessment/_answer_form.html", context)
    return render(
        request,
        "assessment/readiness_answer.html",
        context,
        status=form_status(form),
    )


# --- Life cycle --------------------------------------------------------------------


@route(get=Access.VIEW)
def lifecycle_page(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    facts = _facts(partnership, extras=True)
    target = lifecycle.next_stage(partnership.stage)
    criteria = lifecycle.gate(facts, target) if target else []
    moves = list(
        partnership.lifecycle_moves.select_related("moved_by", "decision").order_by(
            "-moved_on", "-id"
        )
    )
    phases = list(
        GroupPhaseNote.objects.filter(partnership=partnership)
        .select_related("meeting", "noted_by")
        .order_by("-noted_on", "-id")
    )
    return render(
        request,
        "assessment/lifecycle.html",
        _base(
            partnership,
            stages=lifecycle.stage_overview(facts),
            target=target,
            previous=lifecycle.previous_stage(partnership.stage),
            criteria=criteria,
            unmet=lifecycle.unmet(criteria),
            moves=moves,
            phases=phases,
            phase_help=[(p.label, PHASE_HELP[p]) for p in Phase],
            phase_form=PhaseNoteForm(partnership=partnership),
            current_phase=facts.phase,
        ),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def lifecycle_move(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    to_stage = request.POST.get("to_stage") or request.GET.get("to") or ""
    if to_stage not in Stage.values:
        nxt = lifecycle.next_stage(partnership.stage)
        to_stage = nxt.value if nxt else partnership.stage
    form = StageMoveForm(
        request.POST or None,
        initial={"to_stage": to_stage, "version": partnership.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        move = save_form(
            form,
            lambda: services.stage_move(
                actor=request.user,
                partnership=partnership,
                to_stage=data["to_stage"],
                expected_version=data["version"],
                reason=data["reason"],
                moved_on=data["moved_on"],
                decided_by=data["decided_by"],
            ),
        )
        if move:
            messages.success(
                request,
                f"Moved to {move.get_to_stage_display()}; the move is in the decision log.",
            )
            return redirect("assessment:lifecycle", partnership_id=partnership.pk)
    status = form_status(form)
    for hidden in ("to_stage", "version"):
        # Errors of hidden fields would not show: say them at the top of the form.
        if form.is_bound and hidden in form.errors:
            form.add_error(None, form.errors.pop(hidden))
    facts = _facts(partnership)
    forward = to_stage == getattr(lifecycle.next_stage(partnership.stage), "value", None)
    criteria = lifecycle.gate(facts, to_stage) if forward else []
    inter = intermediary_facts([partnership.pk], facts.today)[partnership.pk]
    return render(
        request,
        "assessment/lifecycle_move.html",
        _base(
            partnership,
            form=form,
            to_label=Stage(to_stage).label,
            forward=forward,
            criteria=criteria,
            unmet=lifecycle.unmet(criteria),
            interests=[i for i in inter.interests if i.active],
        ),
        status=status,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def phase_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = PhaseNoteForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        note = save_form(
            form,
            lambda: services.phase_note_create(
                actor=request.user, partnership=partnership, **form.cleaned_data
            ),
        )
        if note:
            messages.success(request, f"Group phase noted: {note.get_phase_display()}.")
            return redirect("assessment:lifecycle", partnership_id=partnership.pk)
    return render(
        request,
        "assessment/phase_form.html",
        _base(partnership, form=form, phase_help=[(p.label, PHASE_HELP[p]) for p in Phase]),
        status=422 if form.errors else 200,
    )


@route(post=Access.EDIT)
def phase_delete(request: HttpRequest, partnership_id: int, phase_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    note = object_for(
        request.user,
        GroupPhaseNote.objects.filter(partnership=partnership),
        need=Access.EDIT,
        pk=phase_id,
    )
    delete_checked(
        request,
        lambda version: services.phase_note_delete(
            actor=request.user, note=note, expected_version=version
        ),
        done="Group phase note removed.",
    )
    return redirect("assessment:lifecycle", partnership_id=partnership.pk)


# --- Tensions ----------------------------------------------------------------------


def _register(
    partnership: Partnership, form: TensionForm | None = None, **extra: Any
) -> dict[str, Any]:
    tensions = selectors.tensions_of(partnership, team=_team(partnership))
    if form is None and _membership(partnership).can_edit:
        form = TensionForm(partnership=partnership, initial={"status": TensionStatus.OPEN})
    return _base(
        partnership,
        tensions=tensions,
        open_count=sum(1 for t in tensions if t.is_open),
        form=form,
        kinds=TensionKind.choices,
        age_limit=health_rules.TENSION_AGE_WARN,
        open_limit=health_rules.TENSIONS_OPEN_WARN,
        reconcile=health_rules.RECONCILE_TENSIONS,
        **extra,
    )


def _tension_write(
    form: TensionForm, actor: Any, partnership: Partnership, tension: Tension | None
) -> Tension | None:
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    if tension is None:
        return save_form(
            form, lambda: services.tension_create(actor=actor, partnership=partnership, **data)
        )
    return save_form(
        form,
        lambda: services.tension_update(
            actor=actor, tension=tension, changes=data, expected_version=form.expected_version
        ),
    )


@route(get=Access.VIEW)
def tension_list(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    return render(request, "assessment/tensions.html", _register(partnership))


@route(get=Access.EDIT, post=Access.EDIT)
def tension_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    form = TensionForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        tension = _tension_write(form, request.user, partnership, None)
        if tension and is_htmx(request):
            return render(
                request,
                "assessment/_tension_register.html",
                _register(partnership, saved=tension),
            )
        if tension:
            messages.success(request, f"Tension recorded: {tension.get_kind_display()}.")
            return redirect("assessment:tensions", partnership_id=partnership.pk)
    if is_htmx(request):
        # htmx swaps only 2xx answers: the register comes back with the form's errors.
        return render(request, "assessment/_tension_register.html", _register(partnership, form))
    return render(
        request,
        "assessment/tension_form.html",
        _base(partnership, form=form, tension=None, reconcile=health_rules.RECONCILE_TENSIONS),
        status=form_status(form),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def tension_edit(request: HttpRequest, partnership_id: int, tension_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    tension = child_or_404(
        Tension.objects.filter(partnership=partnership).select_related("partnership"),
        pk=tension_id,
    )
    form = TensionForm(request.POST or None, instance=tension, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        saved = _tension_write(form, request.user, partnership, tension)
        if saved:
            messages.success(request, f"Tension saved ({saved.get_status_display().lower()}).")
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse(
                    "assessment:tensions", kwargs={"partnership_id": partnership.pk}
                )
                return response
            return redirect("assessment:tensions", partnership_id=partnership.pk)
    context = _base(
        partnership, form=form, tension=tension, reconcile=health_rules.RECONCILE_TENSIONS
    )
    if is_htmx(request):
        return render(request, "assessment/_tension_form.html", context)
    return render(request, "assessment/tension_form.html", context, status=form_status(form))


@route(post=Access.EDIT)
def tension_delete(request: HttpRequest, partnership_id: int, tension_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    tension = child_or_404(Tension.objects.filter(partnership=partnership), pk=tension_id)
    if not delete_checked(
        request,
        lambda version: services.tension_delete(
            actor=request.user, tension=tension, expected_version=version
        ),
        done="Tension removed from the register.",
    ):
        return redirect(
            "assessment:tension-edit", partnership_id=partnership.pk, tension_id=tension.pk
        )
    return redirect("assessment:tensions", partnership_id=partnership.pk)


# --- Timeline, health, self-check, guide -------------------------------------------


@route(get=Access.VIEW)
def timeline_page(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    rows = selectors.timeline_of(partnership)
    events = timeline.events(partnership, rows)
    return render(
        request,
        "assessment/timeline.html",
        _base(
            partnership,
            events=events,
            chart=timeline.chart(partnership, rows),
            has_history=bool(events),
        ),
    )


@route(get=Access.VIEW)
def health_page(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    facts = _facts(partnership)
    m = health_rules.metrics(facts)
    findings = health_rules.health_findings(facts, m)
    return render(
        request,
        "assessment/health.html",
        _base(
            partnership,
            m=m,
            findings=findings,
            health_status=health_rules.status(facts, findings),
            attendance_chart=health_rules.attendance_chart(m),
            share_chart=health_rules.employer_share_chart(m),
            touches_chart=health_rules.touches_chart(m),
            benchmarks_chart=health_rules.benchmarks_chart(m),
            actions_chart=health_rules.actions_chart(facts),
            actions_total=len(facts.actions),
            links={k: link(k, partnership) for k in ("meetings", "actions", "plan", "touches")},
            open_tensions=[
                {
                    "what": t.what,
                    "raised_on": t.raised_on,
                    "days_open": (facts.today - t.raised_on).days,
                }
                for t in facts.open_tensions
            ],
            tension_age_limit=health_rules.TENSION_AGE_WARN,
        ),
    )


@route(get=Access.VIEW)
def selfcheck_page(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    facts = _facts(partnership, extras=True)
    return render(
        request, "assessment/selfcheck.html", _base(partnership, rows=selfcheck_rows(facts))
    )


@route(get=Access.VIEW)
def guide_page(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.VIEW)
    facts = _facts(partnership)
    return render(
        request, "assessment/guide.html", _base(partnership, **guide_context(partnership, facts))
    )


# --- Workspace overview ------------------------------------------------------------


@route(get=Access.VIEW)
def overview_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug)
    sort, descending = overview.sort_key(request.GET.get("sort", ""), request.GET.get("dir", ""))
    rows = overview.sorted_rows(overview.rows_for(membership), sort, descending)
    return render(
        request,
        "assessment/overview.html",
        {
            "membership": membership,
            "workspace": membership.workspace,
            "rows": rows,
            "sort": sort,
            "descending": descending,
            "columns": overview.COLUMNS,
            "today": dt.date.today(),
        },
    )


@route(get=Access.VIEW)
def overview_csv(request: HttpRequest, slug: str) -> HttpResponse:
    membership = workspace_for(request.user, slug)
    sort, descending = overview.sort_key(request.GET.get("sort", ""), request.GET.get("dir", ""))
    rows = overview.sorted_rows(overview.rows_for(membership), sort, descending)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{membership.workspace.slug}-partnerships-overview.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(overview.CSV_HEADER)
    for row in rows:
        writer.writerow(overview.csv_row(row))
    return response
