from django.urls import path

from convenor.planning.issues import views

urlpatterns = [
    path("issues/", views.issues, name="issues"),
    path("issues/<int:issue_id>/", views.issue_detail, name="issue"),
    path("issues/<int:issue_id>/edit/", views.issue_edit, name="issue-edit"),
    path("issues/<int:issue_id>/delete/", views.issue_delete, name="issue-delete"),
    path("issues/<int:issue_id>/touches/", views.issue_touches, name="issue-touches"),
    path("issues/<int:issue_id>/evidence/", views.evidence_add, name="evidence-add"),
    path(
        "issues/<int:issue_id>/evidence/<int:evidence_id>/delete/",
        views.evidence_delete,
        name="evidence-delete",
    ),
    path("issues/<int:issue_id>/efforts/new/", views.effort_create, name="effort-create"),
    path("efforts/<int:effort_id>/edit/", views.effort_edit, name="effort-edit"),
    path("efforts/<int:effort_id>/delete/", views.effort_delete, name="effort-delete"),
    path("priorities/", views.rounds, name="rounds"),
    path("priorities/compare/", views.rounds_compare, name="rounds-compare"),
    path("priorities/<int:round_id>/", views.round_detail, name="round"),
    path("priorities/<int:round_id>/paper/", views.round_paper, name="round-paper"),
    path("priorities/<int:round_id>/close/", views.round_close, name="round-close"),
    path("priorities/<int:round_id>/consensus/", views.round_consensus, name="round-consensus"),
]
