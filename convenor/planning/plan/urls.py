from django.urls import path

from convenor.planning.plan import views

urlpatterns = [
    path("", views.overview, name="overview"),
    path("issues/<int:issue_id>/problems/new/", views.problem_create, name="problem-create"),
    path("problems/<int:problem_id>/", views.problem_detail, name="problem"),
    path("problems/<int:problem_id>/edit/", views.problem_edit, name="problem-edit"),
    path("problems/<int:problem_id>/delete/", views.problem_delete, name="problem-delete"),
    path("whys/<int:why_id>/edit/", views.why_edit, name="why-edit"),
    path("whys/<int:why_id>/delete/", views.why_delete, name="why-delete"),
    path("solutions/new/", views.solution_create, name="solution-create"),
    path("solutions/<int:solution_id>/edit/", views.solution_edit, name="solution-edit"),
    path("solutions/<int:solution_id>/delete/", views.solution_delete, name="solution-delete"),
    path("goals/", views.goals, name="goals"),
    path("goals/<int:goal_id>/", views.goal_detail, name="goal"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal-delete"),
    path("goals/<int:goal_id>/benchmarks/new/", views.benchmark_create, name="benchmark-create"),
    path("goals/<int:goal_id>/steps/new/", views.step_create, name="step-create"),
    path("benchmarks/<int:benchmark_id>/", views.benchmark_detail, name="benchmark"),
    path("benchmarks/<int:benchmark_id>/edit/", views.benchmark_edit, name="benchmark-edit"),
    path("benchmarks/<int:benchmark_id>/delete/", views.benchmark_delete, name="benchmark-delete"),
    path("results/<int:result_id>/delete/", views.result_delete, name="result-delete"),
    path("steps/<int:step_id>/edit/", views.step_edit, name="step-edit"),
    path("decisions/<int:decision_id>/", views.decision_trace, name="decision"),
    path("export/plan.pdf", views.export_pdf, name="export-pdf"),
    path("export/plan.docx", views.export_docx, name="export-docx"),
    path("export/action-plan.xlsx", views.export_xlsx, name="export-xlsx"),
]
