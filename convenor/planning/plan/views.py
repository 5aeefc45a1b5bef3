"""Plan pages: the plan at a glance, problem statements with their "why?" chains and
solutions, goals with benchmarks, results and action steps, the walk up from a
decision, and the exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from convenor.lib.forms import save_form
from convenor.lib.htmx import is_htmx
from convenor.meetings.models import Decision
from convenor.partnerships.models import Partnership
from convenor.planning.direction.selectors import direction_of, logic_model
from convenor.planning.issues.selectors import round_results, rounds_of
from convenor.planning.models import (
    Benchmark,
    BenchmarkResult,
    Goal,
    Issue,
    ProblemStatement,
    RoundStatus,
    Solution,
    WhyStep,
)
from convenor.planning.pages import deleted, form_page, need, page, saved, url
from convenor.planning.plan import exports, selectors, services
from convenor.planning.plan.charts import benchmark_chart
from convenor.planning.plan.findings import findings_for
from convenor.planning.plan.forms import (
    ActionStepForm,
    BenchmarkForm,
    GoalForm,
    ProblemStatementForm,
    ResultForm,
    SolutionForm,
    WhyStepForm,
)
from convenor.planning.sources import DIRECTION, STEP_FOUR
from convenor.workspaces.access import child_or_404, partnership_for, route
from convenor.workspaces.models import Access


@route(get=Access.VIEW)
def overview(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    chain = selectors.plan_chain(partnership)
    today = timezone.localdate()
    latest = rounds_of(partnership).filter(status=RoundStatus.CLOSED).first()
    goals = [g for ci in chain.issues for cp in ci.problems for g in cp.goals]
    goals += chain.loose_goals
    steps = [s for g in goals for s in g.action_items.all()]
    return page(
        request,
        "planning/overview.html",
        partnership,
        {
            "chain": chain,
            "direction": direction_of(partnership),
            "latest_round": latest,
            "results": round_results(latest) if latest else None,
            "open_round": rounds_of(partnership).filter(status=RoundStatus.OPEN).first(),
            "progress": [(g, selectors.progress_of(g)) for g in goals],
            "steps_total": len(steps),
            "steps_done": sum(1 for s in steps if s.status == "done"),
            "steps_overdue": sum(1 for s in steps if selectors.overdue(s, today)),
            "findings": findings_for(partnership, chain, today),
            "logic_model": logic_model(partnership),
        },
    )


# --- Problem statements and their "why?" chains ---------------------------------------


@route(get=Access.EDIT, post=Access.EDIT)
def problem_create(request: HttpRequest, partnership_id: int, issue_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    issue = child_or_404(Issue.objects.filter(partnership=partnership), pk=issue_id)
    form = ProblemStatementForm(request.POST or None)
    return saved(
        request,
        form,
        lambda: services.problem_statement_create(
            actor=request.user, issue=issue, **form.changes()
        ),
        then=lambda ps: url("problem", partnership, problem_id=ps.pk),
        done="Problem statement written. Now ask “why?”.",
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Problem statement for “{issue}”",
        intro="For each issue, the partners articulate a problem statement, the impact the "
        "partnership can have on the issue, and general categories of strategies to undertake "
        "toward that impact.",
        source=STEP_FOUR,
        cancel=url("issue", partnership, issue_id=issue.pk),
    )


@route(get=Access.VIEW, post=Access.EDIT)
def problem_detail(request: HttpRequest, partnership_id: int, problem_id: int) -> HttpResponse:
    """The problem statement with its root-cause chain; POST adds a "why?" step."""
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    ps = child_or_404(
        ProblemStatement.objects.filter(partnership=partnership).select_related("issue"),
        pk=problem_id,
    )
    htmx = is_htmx(request)
    form = WhyStepForm(request.POST or None, problem_statement=ps)
    if request.method == "POST" and form.is_valid():
        step = save_form(
            form,
            lambda: services.why_step_add(
                actor=request.user,
                problem_statement=ps,
                because=form.cleaned_data["because"],
                parent=form.cleaned_data["parent"],
                agreed_in=form.cleaned_data["agreed_in"],
            ),
        )
        if step is not None:
            if not htmx:
                messages.success(request, "Added. Ask “why?” again until you reach the root cause.")
                return redirect(url("problem", partnership, problem_id=ps.pk) + "#whys")
            form = WhyStepForm(problem_statement=ps)  # the fragment offers the next "why?"
    context = {
        "ps": ps,
        "whys": selectors.why_flat(list(ps.why_steps.all())),
        "why_form": form,
        "solutions": ps.solutions.select_related("resource", "root_cause"),
        "goals": ps.goals.all(),
    }
    if htmx:
        # htmx swaps only 2xx answers; the errors are in the fragment.
        response = page(request, "planning/_whys.html", partnership, context, form=form)
        response.status_code = 200
        return response
    return page(request, "planning/problem_detail.html", partnership, context, form=form)


@route(get=Access.EDIT, post=Access.EDIT)
def problem_edit(request: HttpRequest, partnership_id: int, problem_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = child_or_404(ProblemStatement.objects.filter(partnership=partnership), pk=problem_id)
    form = ProblemStatementForm(request.POST or None, instance=ps)
    return saved(
        request,
        form,
        lambda: services.problem_statement_update(
            actor=request.user,
            problem_statement=ps,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=url("problem", partnership, problem_id=ps.pk),
    ) or form_page(
        request,
        partnership,
        form,
        title="Edit problem statement",
        cancel=url("problem", partnership, problem_id=ps.pk),
        delete_url=url("problem-delete", partnership, problem_id=ps.pk),
    )


@route(post=Access.EDIT)
def problem_delete(request: HttpRequest, partnership_id: int, problem_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    ps = child_or_404(ProblemStatement.objects.filter(partnership=partnership), pk=problem_id)
    return deleted(
        request,
        lambda version: services.problem_statement_delete(
            actor=request.user, problem_statement=ps, expected_version=version
        ),
        done="Problem statement deleted.",
        then=url("issue", partnership, issue_id=ps.issue_id),
        refused=url("problem-edit", partnership, problem_id=ps.pk),
    )


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
    back = url("problem", partnership, problem_id=step.problem_statement_id) + "#whys"
    return saved(
        request,
        form,
        lambda: services.why_step_update(
            actor=request.user,
            step=step,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=back,
    ) or form_page(
        request,
        partnership,
        form,
        title="Edit “why?” step",
        cancel=back,
        delete_url=url("why-delete", partnership, why_id=step.pk),
    )


@route(post=Access.EDIT)
def why_delete(request: HttpRequest, partnership_id: int, why_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    step = child_or_404(WhyStep.objects.filter(partnership=partnership), pk=why_id)
    return deleted(
        request,
        lambda version: services.why_step_delete(
            actor=request.user, step=step, expected_version=version
        ),
        done="Step deleted; the steps under it moved up.",
        then=url("problem", partnership, problem_id=step.problem_statement_id) + "#whys",
        refused=url("why-edit", partnership, why_id=step.pk),
    )


# --- Solutions ------------------------------------------------------------------------


def _solution_back(partnership: Partnership, problem_id: Any) -> str:
    """Back to the solution's problem statement, or to the issues when it has none."""
    if problem_id:
        return url("problem", partnership, problem_id=problem_id)
    return url("issues", partnership)


@route(get=Access.EDIT, post=Access.EDIT)
def solution_create(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    problem_id = request.GET.get("problem")
    initial = {"problem_statement": problem_id} if problem_id else {}
    form = SolutionForm(request.POST or None, partnership=partnership, initial=initial)
    return saved(
        request,
        form,
        lambda: services.solution_create(
            actor=request.user, partnership=partnership, **form.changes()
        ),
        then=lambda solution: _solution_back(partnership, solution.problem_statement_id),
        done=lambda solution: f"Solution “{solution}” recorded.",
    ) or form_page(
        request,
        partnership,
        form,
        title="A possible solution",
        intro="“Here's the problem. What's the underlying cause of the problem? What is the right "
        "solution?” A solution is chosen only once its problem statement and at least one "
        "“why?” step exist.",
        source=DIRECTION,
        cancel=_solution_back(partnership, problem_id),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def solution_edit(request: HttpRequest, partnership_id: int, solution_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    form = SolutionForm(request.POST or None, partnership=partnership, instance=solution)
    return saved(
        request,
        form,
        lambda: services.solution_update(
            actor=request.user,
            solution=solution,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=lambda s: _solution_back(partnership, s.problem_statement_id),
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Edit solution “{solution}”",
        cancel=_solution_back(partnership, solution.problem_statement_id),
        delete_url=url("solution-delete", partnership, solution_id=solution.pk),
        source=DIRECTION,
    )


@route(post=Access.EDIT)
def solution_delete(request: HttpRequest, partnership_id: int, solution_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    solution = child_or_404(Solution.objects.filter(partnership=partnership), pk=solution_id)
    return deleted(
        request,
        lambda version: services.solution_delete(
            actor=request.user, solution=solution, expected_version=version
        ),
        done="Solution deleted.",
        then=_solution_back(partnership, solution.problem_statement_id),
        refused=url("solution-edit", partnership, solution_id=solution.pk),
    )


# --- Goals, benchmarks, results and action steps --------------------------------------


@route(get=Access.VIEW, post=Access.EDIT)
def goals(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    problem = request.GET.get("problem")
    initial = {"problem_statement": problem} if problem else {}
    form = GoalForm(request.POST or None, partnership=partnership, initial=initial)
    return saved(
        request,
        form,
        lambda: services.goal_create(actor=request.user, partnership=partnership, **form.changes()),
        then=lambda goal: url("goal", partnership, goal_id=goal.pk),
        done=lambda goal: f"Goal “{goal}” added. Now set its benchmarks.",
    ) or page(
        request,
        "planning/goals.html",
        partnership,
        {"rows": selectors.action_plan(partnership, timezone.localdate())},
        form=form,
    )


@route(get=Access.VIEW)
def goal_detail(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id)
    try:
        goal = selectors.goal_detail(partnership, goal_id)
    except (ObjectDoesNotExist, ValueError):
        raise Http404("Not found") from None
    today = timezone.localdate()
    return page(
        request,
        "planning/goal_detail.html",
        partnership,
        {
            "goal": goal,
            "benchmarks": selectors.progress_of(goal),
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
    return saved(
        request,
        form,
        lambda: services.goal_update(
            actor=request.user,
            goal=goal,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=url("goal", partnership, goal_id=goal.pk),
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Edit goal “{goal}”",
        cancel=url("goal", partnership, goal_id=goal.pk),
        delete_url=url("goal-delete", partnership, goal_id=goal.pk),
    )


@route(post=Access.EDIT)
def goal_delete(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = child_or_404(Goal.objects.filter(partnership=partnership), pk=goal_id)
    return deleted(
        request,
        lambda version: services.goal_delete(
            actor=request.user, goal=goal, expected_version=version
        ),
        done=f"Goal “{goal}” deleted; its action steps stay in the action items.",
        then=url("goals", partnership),
        refused=url("goal-edit", partnership, goal_id=goal.pk),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def benchmark_create(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = child_or_404(Goal.objects.filter(partnership=partnership), pk=goal_id)
    form = BenchmarkForm(request.POST or None)
    return saved(
        request,
        form,
        lambda: services.benchmark_create(actor=request.user, goal=goal, **form.changes()),
        then=lambda benchmark: url("benchmark", partnership, benchmark_id=benchmark.pk),
        done="Benchmark set. Record results as they come in.",
    ) or form_page(
        request,
        partnership,
        form,
        title=f"A benchmark for “{goal}”",
        intro="A benchmark indicates successful completion of a goal: a measured indicator with a "
        "baseline, a target and results per period, so progress is a chart, not a feeling.",
        source=STEP_FOUR,
        cancel=url("goal", partnership, goal_id=goal.pk),
    )


@route(get=Access.VIEW, post=Access.EDIT)
def benchmark_detail(request: HttpRequest, partnership_id: int, benchmark_id: int) -> HttpResponse:
    """The progress chart; POST records a result."""
    partnership = partnership_for(
        request.user, partnership_id, need(request, Access.VIEW, Access.EDIT)
    )
    benchmark = child_or_404(
        Benchmark.objects.filter(partnership=partnership).select_related(
            "goal__problem_statement__issue"
        ),
        pk=benchmark_id,
    )
    form = ResultForm(request.POST or None, benchmark=benchmark)
    recorded = saved(
        request,
        form,
        lambda: services.benchmark_result_record(
            actor=request.user,
            benchmark=benchmark,
            period_end=form.cleaned_data["period_end"],
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        ),
        then=url("benchmark", partnership, benchmark_id=benchmark.pk),
        done=lambda result: f"Result for the period ending {result.period_end:%Y-%m-%d} recorded.",
    )
    if recorded is not None:
        return recorded
    results = list(benchmark.results.all())
    return page(
        request,
        "planning/benchmark_detail.html",
        partnership,
        {
            "benchmark": benchmark,
            "results": results,
            "progress": selectors.benchmark_progress(benchmark, results),
            "chart": benchmark_chart(benchmark, results),
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
    return saved(
        request,
        form,
        lambda: services.benchmark_update(
            actor=request.user,
            benchmark=benchmark,
            changes=form.changes(),
            expected_version=form.expected_version,
        ),
        then=url("benchmark", partnership, benchmark_id=benchmark.pk),
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Edit benchmark “{benchmark}”",
        cancel=url("benchmark", partnership, benchmark_id=benchmark.pk),
        delete_url=url("benchmark-delete", partnership, benchmark_id=benchmark.pk),
    )


@route(post=Access.EDIT)
def benchmark_delete(request: HttpRequest, partnership_id: int, benchmark_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    benchmark = child_or_404(Benchmark.objects.filter(partnership=partnership), pk=benchmark_id)
    return deleted(
        request,
        lambda version: services.benchmark_delete(
            actor=request.user, benchmark=benchmark, expected_version=version
        ),
        done="Benchmark deleted.",
        then=url("goal", partnership, goal_id=benchmark.goal_id),
        refused=url("benchmark-edit", partnership, benchmark_id=benchmark.pk),
    )


@route(post=Access.EDIT)
def result_delete(request: HttpRequest, partnership_id: int, result_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    result = child_or_404(
        BenchmarkResult.objects.filter(benchmark__partnership=partnership).select_related(
            "benchmark"
        ),
        pk=result_id,
    )
    return deleted(
        request,
        lambda version: services.benchmark_result_delete(
            actor=request.user, result=result, expected_version=version
        ),
        done="Result removed.",
        then=url("benchmark", partnership, benchmark_id=result.benchmark_id),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def step_create(request: HttpRequest, partnership_id: int, goal_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    goal = child_or_404(
        Goal.objects.filter(partnership=partnership).select_related("partnership"),
        pk=goal_id,
    )
    form = ActionStepForm(request.POST or None, goal=goal)
    return saved(
        request,
        form,
        lambda: services.action_step_create(
            actor=request.user,
            goal=goal,
            new_decision=form.cleaned_data.get("new_decision", ""),
            benchmarks=form.cleaned_data["benchmarks"],
            **form.changes(),
        ),
        then=url("goal", partnership, goal_id=goal.pk) + "#steps",
        done=lambda item: f"Action step “{item}” added.",
    ) or form_page(
        request,
        partnership,
        form,
        title=f"An action step for “{goal}”",
        intro="Each step has an owner, a due date and a status, and links back to the decision "
        "that created it.",
        cancel=url("goal", partnership, goal_id=goal.pk),
    )


@route(get=Access.EDIT, post=Access.EDIT)
def step_edit(request: HttpRequest, partnership_id: int, step_id: int) -> HttpResponse:
    partnership = partnership_for(request.user, partnership_id, Access.EDIT)
    try:
        item, goal = selectors.step_goal(partnership, step_id)
    except (ObjectDoesNotExist, ValueError):
        raise Http404("Not found") from None
    form = ActionStepForm(request.POST or None, goal=goal, instance=item)
    return saved(
        request,
        form,
        lambda: services.action_step_update(
            actor=request.user,
            goal=goal,
            item=item,
            changes=form.changes(),
            expected_version=form.expected_version,
            benchmarks=form.cleaned_data["benchmarks"],
        ),
        then=url("goal", partnership, goal_id=goal.pk) + "#steps",
    ) or form_page(
        request,
        partnership,
        form,
        title=f"Edit action step “{item}”",
        cancel=url("goal", partnership, goal_id=goal.pk),
        crumbs=[(str(goal), url("goal", partnership, goal_id=goal.pk))],
    )


@route(get=Access.VIEW)
def decision_trace(request: HttpRequest, partnership_id: int, decision_id: int) -> HttpResponse:
    """Up the chain from a decision: what it created and which problem it answers."""
    partnership = partnership_for(request.user, partnership_id)
    decision = child_or_404(Decision.objects.filter(partnership=partnership), pk=decision_id)
    return page(
        request,
        "planning/decision_trace.html",
        partnership,
        {"trace": selectors.decision_trace(decision)},
    )


# --- Exports ---------------------------------------------------------------------------


def _export(kind: str) -> Callable[..., HttpResponse]:
    @route(get=Access.VIEW)
    def view(request: HttpRequest, partnership_id: int) -> HttpResponse:
        partnership = partnership_for(request.user, partnership_id)
        content, filename, content_type = exports.EXPORTS[kind](partnership)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    view.__name__ = f"export_{kind}"
    view.__doc__ = f"The partnership plan as {kind.upper()}."
    return view


export_pdf = _export("pdf")
export_docx = _export("docx")
export_xlsx = _export("xlsx")
