"""Planning pages. Each view finds the partnership through the access helpers, then the
child object filtered by that partnership, calls one service and renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from convenor.lib.errors import StaleVersionError
from convenor.lib.forms import delete_checked, form_status, save_form
from convenor.meetings.models import Decision
from convenor.partnerships.models import Partnership
from convenor.planning import charts, exports, selectors, services
from convenor.planning.direction import selectors as direction_selectors
from convenor.planning.findings import plan_findings
from convenor.planning.forms import (
    ActionStepForm,
    BenchmarkForm,
    GoalForm,
    ProblemStatementForm,
    ResultForm,
    SolutionForm,
    WhyStepForm,
)
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    Issue,
    PastEffort,
    ProblemStatement,
    Resource,
    Solution,
    WhyStep,
)
from convenor.workspaces.access import child_or_404, partnership_for, route
from convenor.workspaces.models import Access

# --- helpers ---------------------------------------------------------------------------


def _need(request: HttpRequest, get: Access, post: Access) -> Access:
    return post if request.method == "POST" else get


def _page(
    request: HttpRequest,
    template: str,
    partnership: Partnership,
    context: dict[str, Any] | None = None,
    *,
    form: Any = None,
) -> HttpResponse:
    status = 200 if form is None else form_status(form)
    ctx = {"partnership": partnership, "membership": partnership.membership, "form": form}
    ctx.update(context or {})
    return render(request, template, ctx, status=status)


def _form_page(
    request: HttpRequest,
    partnership: Partnership,
    form: Any,
    *,
    title: str,
    cancel: str,
    intro: str = "",
    delete_url: str = "",
    source: str = "",
    crumbs: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    return _page(
        request,
        "planning/form.html",
        partnership,
        {
            "title": title,
            "cancel": cancel,
            "intro": intro,
            "delete_url": delete_url,
            "delete_version": _drawn_version(form) if delete_url else None,
            "source": source,
            "crumbs": crumbs or [],
        },
        form=form,
    )


def _drawn_version(form: Any) -> Any:
    """The version of the row the page was drawn from, for its delete button: the
    form's hidden version when it has one, else the instance's."""
    if "version" in getattr(form, "fields", {}):
        return form["version"].value()
    return getattr(getattr(form, "instance", None), "version", None)


def _refused(request: HttpRequest, exc: ValidationError | StaleVersionError) -> None:
    text = exc.message if isinstance(exc, StaleVersionError) else " ".join(exc.messages)
    messages.error(request, text)


def _url(name: str, partnership: Partnership, **kwargs: Any) -> str:
    return reverse(f"planning:{name}", kwargs={"partnership_id": partnership.pk, **kwargs})


# --- Overview ----------------------------------------------------------------------------


@route(get=Access.VIEW)
def overview(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    chain = selectors.plan_chain(partnership)
    today = timezone.localdate()
    latest = selectors.rounds_of(partnership).filter(status="closed").first()
    results = selectors.round_results(latest) if latest else None
    goals = [g for ci in chain.issues for cp in ci.problems for g in cp.goals]
    goals += chain.loose_goals
    progress = [
        (
            g,
            [
                (b, selectors.benchmark_progress(b, list(b.results.all())))
                for b in g.benchmarks.all()
            ],
        )
        for g in goals
    ]
    steps = [s for g in goals for s in g.action_items.all()]
    findings = plan_findings(
        chain,
        solutions=list(Solution.objects.filter(partnership=partnership)),
        efforts=list(PastEffort.objects.filter(partnership=partnership).select_related("issue")),
        resources=list(Resource.objects.filter(partnership=partnership)),
        today=today,
    )
    return _page(
        request,
        "planning/overview.html",
        partnership,
        {
            "chain": chain,
            "direction": direction_selectors.direction_of(partnership),
            "latest_round": latest,
            "results": results,
            "open_round": selectors.rounds_of(partnership).filter(status="open").first(),
            "progress": progress,
            "steps_total": len(steps),
            "steps_done": sum(1 for s in steps if s.status == "done"),
            "steps_overdue": sum(1 for s in steps if selectors.overdue(s, today)),
            "findings": findings,
            "logic_model": direction_selectors.logic_model(partnership),
        },
    )


# --- Problem statements and why? chains ---------------------------------------------------


@route(get=Access.EDIT, post=Access.EDIT)
def problem_create(request: HttpRequest, partnership_id: int, issue_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = child_or_404(Issue.objects.filter(partnership=partnership), pk=issue_id)
    form = ProblemStatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ps = save_form(
            form,
            lambda: services.problem_statement_create(
                actor=request.user, issue=issue, **form.changes()
            ),
        )
        if ps:
            messages.success(request, "Problem statement written. Now ask “why?”.")
            return redirect(_url("problem", partnership, problem_id=ps.pk))
    return _form_page(
        request,
        partnership,
        form,
        title=f"Problem statement for “{issue}”",
        intro="For each issue, the partners articulate a problem statement, the impact the "
        "partnership can have on the issue, and general categories of strategies to undertake "
        "toward that impact.",
        source="Step Four: Begin Meeting as Partners and Learn More",
        cancel=_url("issue", partnership, issue_id=issue.pk),
    )


@route(get=Access.VIEW, post=Access.EDIT)
def problem_detail(request: HttpRequest, partnership_id: int, problem_id: int) -> HttpResponse:
    """The problem statement with its root-cause chain; POST adds a "why?" step."""
    partnership = partnership_for(
        request.user, partnership_id, _need(request, Access.VIEW, Access.EDIT)
    )
    ps = child_or_404(
        ProblemStatement.objects.filter(partnership=partnership).select_related("issue"),
        pk=problem_id,
    )
    form = WhyStepForm(request.POST or None, problem_statement=ps)
    if request.method == "POST" and form.is_valid():
        step = save_form(
            form,
            lambda: services.why_step_add(
                actor=request.user,
                problem_statement=ps,
                because=form.cleaned_data["because"],
                parent=form.cleaned_data["parent"],
            ),
        )
        if step:
            if not request.htmx:
                messages.success(request, "Added. Ask “why?” again until you reach the root cause.")
                return redirect(_url("problem", partnership, problem_id=ps.pk) + "#whys")
            form = WhyStepForm(problem_statement=ps)
    steps = list(ps.why_steps.all())
    context = {
        "ps": ps,
        "whys": selectors.why_flat(steps),
        "why_form": form,
        "solutions": ps.solutions.select_related("resource", "root_cause"),
        "goals": ps.goals.all(),
    }
    if request.htmx:
        # htmx swaps only 2xx answers; the errors are in the fragment.
        response = _page(request, "planning/_whys.html", partnership, context, form=form)
        response.status_code = 200
        return response
    return _page(request, "planning/problem_detail.html", partnership, context, form=form)


@route(get=Access.EDIT, post=Access.EDIT)
def problem_edit(request: HttpRequest, partnership_id: int, problem_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = child_or_404(ProblemStatement.objects.filter(partnership=partnership), pk=problem_id)
    form = ProblemStatementForm(request.POST or None, instance=ps)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.problem_statement_update(
                actor=request.user,
                problem_statement=ps,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect(_url("problem", partnership, problem_id=ps.pk))
    return _form_page(
        request,
        partnership,
        form,
        title="Edit problem statement",
        cancel=_url("problem", partnership, problem_id=ps.pk),
        delete_url=_url("problem-delete", partnership, problem_id=ps.pk),
    )


@route(post=Access.EDIT)
def problem_delete(request: HttpRequest, partnership_id: int, problem_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = child_or_404(ProblemStatement.objects.filter(partnership=partnership), pk=problem_id)
    if not delete_checked(
        request,
        lambda version: services.problem_statement_delete(
            actor=request.user, problem_statement=ps, expected_version=version
        ),
        done="Problem statement deleted.",
    ):
        return redirect(_url("problem-edit", partnership, problem_id=ps.pk))
    return redirect(_url("issue", partnership, issue_id=ps.issue_id))


@route(get=Access.EDIT, post=Access.EDIT)
def why_edit(request: HttpRequest, partnership_id: int, why_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(
        WhyStep.objects.filter(partnership=partnership).select_related("problem_statement"),
        pk=why_id,
    )
    form = WhyStepForm(
        request.POST or None, instance=step, problem_statement=step.problem_statement
    )
    back = _url("problem", partnership, problem_id=step.problem_statement_id) + "#whys"
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.why_step_update(
                actor=request.user,
                step=step,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect(back)
    return _form_page(
        request,
        partnership,
        form,
        title="Edit “why?” step",
        cancel=back,
        delete_url=_url("why-delete", partnership, why_id=step.pk),
    )


@route(post=Access.EDIT)
def why_delete(request: HttpRequest, partnership_id: int, why_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(WhyStep.objects.filter(partnership=partnership), pk=why_id)
    if not delete_checked(
        request,
        lambda version: services.why_step_delete(
            actor=request.user, step=step, expected_version=version
        ),
        done="Step deleted; the steps under it moved up.",
    ):
        return redirect(_url("why-edit", partnership, why_id=step.pk))
    return redirect(_url("problem", partnership, problem_id=step.problem_statement_id) + "#whys")


# --- Solutions -----------------------------------------------------------------------------


def _solution_back(partnership: Partnership, solution: Solution | None, problem_id: Any) -> str:
    pid = solution.problem_statement_id if solution else problem_id
    if pid:
        return _url("problem", partnership, problem_id=pid)
    return _url("issues", partnership)


@route(get=Access.EDIT, post=Access.EDIT)
def solution_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    problem_id = request.GET.get("problem")
    initial = {"problem_statement": problem_id} if problem_id else {}
    form = SolutionForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        solution = save_form(
            form,
            lambda: services.solution_create(
                actor=request.user, partnership=partnership, **form.changes()
            ),
        )
        if solution:
            messages.success(request, f"Solution “{solution}” recorded.")
            return redirect(_solution_back(partnership, solution, None))
    return _form_page(
        request,
        partnership,
        form,
        title="A possible solution",
        intro="“Here's the problem. What's the underlying cause of the problem? What is the right "
        "solution?” A solution is chosen only once its problem statement and at least one "
        "“why?” step exist.",
        source="Every Partnership Needs Direction and Connection",
        cancel=_solution_back(partnership, None, problem_id),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def solution_edit(request: HttpRequest, partnership_id: int, solution_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    form = SolutionForm(request.POST or None, partnership=partnership, instance=solution)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.solution_update(
                actor=request.user,
                solution=solution,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect(_solution_back(partnership, saved, None))
    return _form_page(
        request,
        partnership,
        form,
        title=f"Edit solution “{solution}”",
        cancel=_solution_back(partnership, solution, None),
        delete_url=_url("solution-delete", partnership, solution_id=solution.pk),
        source="Every Partnership Needs Direction and Connection",
    )


@route(post=Access.EDIT)
def solution_delete(request: HttpRequest, partnership_id: int, solution_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    if not delete_checked(
        request,
        lambda version: services.solution_delete(
            actor=request.user, solution=solution, expected_version=version
        ),
        done="Solution deleted.",
    ):
        return redirect(_url("solution-edit", partnership, solution_id=solution.pk))
    return redirect(_solution_back(partnership, solution, None))


# --- Action plan -----------------------------------------------------------------------------


@route(get=Access.VIEW, post=Access.EDIT)
def goals(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(
        request.user, partnership_id, _need(request, Access.VIEW, Access.EDIT)
    )
    initial = (
        {"problem_statement": request.GET.get("problem")} if request.GET.get("problem") else {}
    )
    form = GoalForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        goal = save_form(
            form,
            lambda: services.goal_create(
                actor=request.user, partnership=partnership, **form.changes()
            ),
        )
        if goal:
            messages.success(request, f"Goal “{goal}” added. Now set its benchmarks.")
            return redirect(_url("goal", partnership, goal_id=goal.pk))
    today = timezone.localdate()
    rows = [
        {
            "goal": g,
            "benchmarks": [
                (b, selectors.benchmark_progress(b, list(b.results.all())))
                for b in g.benchmarks.all()
            ],
            "steps": [(s, selectors.overdue(s, today)) for s in g.action_items.all()],
        }
        for g in selectors.goals_of(partnership)
    ]
    return _page(request, "planning/goals.html", partnership, {"rows": rows}, form=form)


@route(get=Access.VIEW)
def goal_detail(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    try:
        goal = selectors.goal_detail(partnership, goal_id)
    except (ObjectDoesNotExist, ValueError):
        raise Http404("Not found") from None
    today = timezone.localdate()
    return _page(
        request,
        "planning/goal_detail.html",
        partnership,
        {
            "goal": goal,
            "benchmarks": [
                (b, selectors.benchmark_progress(b, list(b.results.all())))
                for b in goal.benchmarks.all()
            ],
            "steps": [
                (
                    s,
                    selectors.overdue(s, today),
                    [b for b in goal.benchmarks.all() if s in b.action_items.all()],
                )
                for s in goal.action_items.all()
            ],
        },
    )


@route(get=Access.EDIT, post=Access.EDIT)
def goal_edit(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = child_or_404(Goal.objects.filter(partnership=partnership), pk=goal_id)
    form = GoalForm(request.POST or None, partnership=partnership, instance=goal)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.goal_update(
                actor=request.user,
                goal=goal,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect(_url("goal", partnership, goal_id=goal.pk))
    return _form_page(
        request,
        partnership,
        form,
        title=f"Edit goal “{goal}”",
        cancel=_url("goal", partnership, goal_id=goal.pk),
        delete_url=_url("goal-delete", partnership, goal_id=goal.pk),
    )


@route(post=Access.EDIT)
def goal_delete(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = child_or_404(Goal.objects.filter(partnership=partnership), pk=goal_id)
    if not delete_checked(
        request,
        lambda version: services.goal_delete(
            actor=request.user, goal=goal, expected_version=version
        ),
        done=f"Goal “{goal}” deleted; its action steps stay in the action items.",
    ):
        return redirect(_url("goal-edit", partnership, goal_id=goal.pk))
    return redirect(_url("goals", partnership))


@route(get=Access.EDIT, post=Access.EDIT)
def benchmark_create(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = child_or_404(Goal.objects.filter(partnership=partnership), pk=goal_id)
    form = BenchmarkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        benchmark = save_form(
            form, lambda: services.benchmark_create(actor=request.user, goal=goal, **form.changes())
        )
        if benchmark:
            messages.success(request, "Benchmark set. Record results as they come in.")
            return redirect(_url("benchmark", partnership, benchmark_id=benchmark.pk))
    return _form_page(
        request,
        partnership,
        form,
        title=f"A benchmark for “{goal}”",
        intro="A benchmark indicates successful completion of a goal: a measured indicator with a "
        "baseline, a target and results per period, so progress is a chart, not a feeling.",
        source="Step Four: Begin Meeting as Partners and Learn More",
        cancel=_url("goal", partnership, goal_id=goal.pk),
    )


@route(get=Access.VIEW, post=Access.EDIT)
def benchmark_detail(request: HttpRequest, partnership_id: int, benchmark_id: int) -> HttpResponse:
    """The progress chart; POST records a result."""
    partnership = partnership_for(
        request.user, partnership_id, _need(request, Access.VIEW, Access.EDIT)
    )
    benchmark = child_or_404(
        Benchmark.objects.filter(partnership=partnership).select_related(
            "goal__problem_statement__issue"
        ),
        pk=benchmark_id,
    )
    form = ResultForm(request.POST or None, benchmark=benchmark)
    if request.method == "POST" and form.is_valid():
        result = save_form(
            form,
            lambda: services.benchmark_result_record(
                actor=request.user,
                benchmark=benchmark,
                period_end=form.cleaned_data["period_end"],
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
            ),
        )
        if result:
            messages.success(
                request, f"Result for the period ending {result.period_end:%Y-%m-%d} recorded."
            )
            return redirect(_url("benchmark", partnership, benchmark_id=benchmark.pk))
    results = list(benchmark.results.all())
    return _page(
        request,
        "planning/benchmark_detail.html",
        partnership,
        {
            "benchmark": benchmark,
            "results": results,
            "progress": selectors.benchmark_progress(benchmark, results),
            "chart": charts.benchmark_chart(benchmark, results),
            "steps": benchmark.action_items.select_related("owner", "decision"),
            "result_form": form,
        },
        form=form,
    )


@route(get=Access.EDIT, post=Access.EDIT)
def benchmark_edit(request: HttpRequest, partnership_id: int, benchmark_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    benchmark = child_or_404(Benchmark.objects.filter(partnership=partnership), pk=benchmark_id)
    form = BenchmarkForm(request.POST or None, instance=benchmark)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.benchmark_update(
                actor=request.user,
                benchmark=benchmark,
                changes=form.changes(),
                expected_version=form.expected_version,
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect(_url("benchmark", partnership, benchmark_id=benchmark.pk))
    return _form_page(
        request,
        partnership,
        form,
        title=f"Edit benchmark “{benchmark}”",
        cancel=_url("benchmark", partnership, benchmark_id=benchmark.pk),
        delete_url=_url("benchmark-delete", partnership, benchmark_id=benchmark.pk),
    )


@route(post=Access.EDIT)
def benchmark_delete(request: HttpRequest, partnership_id: int, benchmark_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    benchmark = child_or_404(Benchmark.objects.filter(partnership=partnership), pk=benchmark_id)
    if not delete_checked(
        request,
        lambda version: services.benchmark_delete(
            actor=request.user, benchmark=benchmark, expected_version=version
        ),
        done="Benchmark deleted.",
    ):
        return redirect(_url("benchmark-edit", partnership, benchmark_id=benchmark.pk))
    return redirect(_url("goal", partnership, goal_id=benchmark.goal_id))


@route(post=Access.EDIT)
def result_delete(request: HttpRequest, partnership_id: int, result_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    result = child_or_404(
        BenchmarkResult.objects.filter(benchmark__partnership=partnership).select_related(
            "benchmark"
        ),
        pk=result_id,
    )
    delete_checked(
        request,
        lambda version: services.benchmark_result_delete(
            actor=request.user, result=result, expected_version=version
        ),
        done="Result removed.",
    )
    return redirect(_url("benchmark", partnership, benchmark_id=result.benchmark_id))


@route(get=Access.EDIT, post=Access.EDIT)
def step_create(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = child_or_404(
        Goal.objects.filter(partnership=partnership).select_related("partnership"),
        pk=goal_id,
    )
    form = ActionStepForm(request.POST or None, goal=goal)
    if request.method == "POST" and form.is_valid():
        item = save_form(
            form,
            lambda: services.action_step_create(
                actor=request.user,
                goal=goal,
                new_decision=form.cleaned_data.get("new_decision", ""),
                benchmarks=form.cleaned_data["benchmarks"],
                **form.changes(),
            ),
        )
        if item:
            messages.success(request, f"Action step “{item}” added.")
            return redirect(_url("goal", partnership, goal_id=goal.pk) + "#steps")
    return _form_page(
        request,
        partnership,
        form,
        title=f"An action step for “{goal}”",
        intro="Each step has an owner, a due date and a status, and links back to the decision "
        "that created it.",
        cancel=_url("goal", partnership, goal_id=goal.pk),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def step_edit(request: HttpRequest, partnership_id: int, step_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    try:
        item, goal = selectors.step_goal(partnership, step_id)
    except (ObjectDoesNotExist, ValueError):
        raise Http404("Not found") from None
    form = ActionStepForm(request.POST or None, goal=goal, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = save_form(
            form,
            lambda: services.action_step_update(
                actor=request.user,
                goal=goal,
                item=item,
                changes=form.changes(),
                expected_version=form.expected_version,
                benchmarks=form.cleaned_data["benchmarks"],
            ),
        )
        if saved:
            messages.success(request, "Saved.")
            return redirect(_url("goal", partnership, goal_id=goal.pk) + "#steps")
    return _form_page(
        request,
        partnership,
        form,
        title=f"Edit action step “{item}”",
        cancel=_url("goal", partnership, goal_id=goal.pk),
        crumbs=[(str(goal), _url("goal", partnership, goal_id=goal.pk))],
    )


@route(get=Access.VIEW)
def decision_trace(request: HttpRequest, partnership_id: int, decision_id: int) -> HttpResponse:
    """Up the chain from a decision: what it created and which problem it answers."""
    partnership = partnership_for(request.user, partnership_id)
    decision = child_or_404(Decision.objects.filter(partnership=partnership), pk=decision_id)
    return _page(
        request,
        "planning/decision_trace.html",
        partnership,
        {"trace": selectors.decision_trace(decision)},
    )


# --- Exports ----------------------------------------------------------------------------------


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(kind: str) -> Callable[..., HttpResponse]:
    @route(get=Access.VIEW)
    def view(request: HttpRequest, partnership_id: int) -> HttpResponse:
        partnership = partnership_for(request.user, partnership_id)
        content, filename, content_type = exports.EXPORTS[kind](partnership)
        return _download(content, filename, content_type)

    view.__name__ = f"export_{kind}"
    view.__doc__ = f"The partnership plan as {kind.upper()}."
    return view


export_pdf = _export("pdf")
export_docx = _export("docx")
export_xlsx = _export("xlsx")
