from django.urls import include, path

from convenor.planning import views

app_name = "planning"

P = "p/<int:partnership_id>/plan/"

urlpatterns = [
    path(P, include("convenor.planning.issues.urls")),
    path(P, include("convenor.planning.direction.urls")),
    path(P, include("convenor.planning.resources.urls")),
    path(P, include("convenor.planning.demand.urls")),
    path(P, views.overview, name="overview"),
    # Problem statements, why? chains, solutions
    path(P + "issues/<int:issue_id>/problems/new/", views.problem_create, name="problem-create"),
    path(P + "problems/<int:problem_id>/", views.problem_detail, name="problem"),
    path(P + "problems/<int:problem_id>/edit/", views.problem_edit, name="problem-edit"),
    path(P + "problems/<int:problem_id>/delete/", views.problem_delete, name="problem-delete"),
    path(P + "whys/<int:why_id>/edit/", views.why_edit, name="why-edit"),
    path(P + "whys/<int:why_id>/delete/", views.why_delete, name="why-delete"),
    path(P + "solutions/new/", views.solution_create, name="solution-create"),
    path(P + "solutions/<int:solution_id>/edit/", views.solution_edit, name="solution-edit"),
    path(P + "solutions/<int:solution_id>/delete/", views.solution_delete, name="solution-delete"),
    # Action plan
    path(P + "goals/", views.goals, name="goals"),
    path(P + "goals/<int:goal_id>/", views.goal_detail, name="goal"),
    path(P + "goals/<int:goal_id>/edit/", views.goal_edit, name="goal-edit"),
    path(P + "goals/<int:goal_id>/delete/", views.goal_delete, name="goal-delete"),
    path(
        P + "goals/<int:goal_id>/benchmarks/new/", views.benchmark_create, name="benchmark-create"
    ),
    path(P + "goals/<int:goal_id>/steps/new/", views.step_create, name="step-create"),
    path(P + "benchmarks/<int:benchmark_id>/", views.benchmark_detail, name="benchmark"),
    path(P + "benchmarks/<int:benchmark_id>/edit/", views.benchmark_edit, name="benchmark-edit"),
    path(
        P + "benchmarks/<int:benchmark_id>/delete/", views.benchmark_delete, name="benchmark-delete"
    ),
    path(P + "results/<int:result_id>/delete/", views.result_delete, name="result-delete"),
    path(P + "steps/<int:step_id>/edit/", views.step_edit, name="step-edit"),
    path(P + "decisions/<int:decision_id>/", views.decision_trace, name="decision"),
    # Exports
    path(P + "export/plan.pdf", views.export_pdf, name="export-pdf"),
    path(P + "export/plan.docx", views.export_docx, name="export-docx"),
    path(P + "export/action-plan.xlsx", views.export_xlsx, name="export-xlsx"),
]
